package io.floe.sql.parser;

import java.util.ArrayList;
import java.util.List;

/** Splitting a script into statements. */
public final class Statements {
    private Statements() {
    }

    /**
     * Splits {@code script} on the ';' that are outside strings, quoted identifiers and comments, keeping where each
     * statement starts so that errors in the third statement name the script's line. Statements that are empty or
     * only comments are dropped. Never fails: an unterminated string or comment runs to the end of the script, and
     * parsing that statement reports it.
     */
    public static List<StatementText> split(String script) {
        List<StatementText> out = new ArrayList<>();
        int n = script.length();
        int i = 0;
        int line = 1;
        int col = 1;
        // the current statement: its first token (-1 while none) and where its last non-blank character ends
        int first = -1;
        int firstLine = 0;
        int firstCol = 0;
        int lastEnd = -1;
        while (i < n) {
            char c = script.charAt(i);
            int tokenStart = i;
            int tokenEnd;
            boolean blank = false;
            boolean separator = false;
            if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                while (j < n) {
                    if (c == '\'' && script.charAt(j) == '\\' && j + 1 < n
                            && (script.charAt(j + 1) == '\'' || script.charAt(j + 1) == '\\')) {
                        j += 2; // Spark's \' and \\ inside a string, as the lexer reads them
                        continue;
                    }
                    if (script.charAt(j) == c) {
                        if (j + 1 < n && script.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                tokenEnd = Math.min(n, j + 1);
            } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int j = i;
                while (j < n && script.charAt(j) != '\n' && script.charAt(j) != '\r') {
                    j++;
                }
                tokenEnd = j;
                blank = true;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int close = script.indexOf("*/", i + 2);
                if (close < 0) {
                    tokenEnd = n; // unterminated: kept as (part of) a statement, whose parse reports it
                } else {
                    tokenEnd = close + 2;
                    blank = true;
                }
            } else if (Character.isWhitespace(c)) {
                tokenEnd = i + 1;
                blank = true;
            } else if (c == ';') {
                tokenEnd = i + 1;
                separator = true;
            } else {
                tokenEnd = i + 1;
            }
            if (separator) {
                if (first >= 0) {
                    out.add(new StatementText(script.substring(first, lastEnd), first, lastEnd, firstLine, firstCol));
                }
                first = -1;
            } else if (!blank) {
                if (first < 0) {
                    first = tokenStart;
                    firstLine = line;
                    firstCol = col;
                }
                lastEnd = tokenEnd;
            }
            // advance, counting lines
            for (int k = i; k < tokenEnd; k++) {
                char ch = script.charAt(k);
                if (ch == '\n' || (ch == '\r' && (k + 1 >= n || script.charAt(k + 1) != '\n'))) {
                    line++;
                    col = 1;
                } else if (ch != '\r') {
                    col++;
                }
            }
            i = tokenEnd;
        }
        if (first >= 0) {
            out.add(new StatementText(script.substring(first, lastEnd), first, lastEnd, firstLine, firstCol));
        }
        return out;
    }
}
