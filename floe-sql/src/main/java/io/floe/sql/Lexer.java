package io.floe.sql;

import java.util.ArrayList;
import java.util.List;

/** Splits SQL text into tokens, skipping whitespace and comments, tracking line:column. */
public final class Lexer {
    private static final String[] SYMBOLS = {"<=>", "<>", "!=", "<=", ">=", "==", "||", "::", "->", "=>",
            "(", ")", ",", ";", ".", "=", "<", ">", "+", "-", "*", "/", "%", "[", "]", "{", "}", ":", "?", "$", "&", "|", "^", "~", "!", "@"};

    private Lexer() {
    }

    public static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        int lineStart = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int col = i - lineStart + 1;
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new SqlParseException(sql, line, col, "unterminated /* comment");
                }
                for (int k = i; k < end; k++) {
                    if (sql.charAt(k) == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                i = end + 2;
                continue;
            }
            int start = i;
            if (c == '\'' || c == '"' || c == '`') {
                StringBuilder v = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == c) {
                        if (i + 1 < n && sql.charAt(i + 1) == c) {
                            v.append(c);
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && c == '\'' && i + 1 < n && (sql.charAt(i + 1) == '\'' || sql.charAt(i + 1) == '\\')) {
                        v.append(sql.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (d == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                    v.append(d);
                    i++;
                }
                if (!closed) {
                    throw new SqlParseException(sql, lineOf(sql, start), start - lineStartOf(sql, start) + 1,
                            "unterminated " + (c == '\'' ? "string literal" : "quoted identifier"));
                }
                out.add(new Token(c == '\'' ? Token.Kind.STRING : Token.Kind.QUOTED, sql.substring(start, i), v.toString(),
                        start, i, lineOf(sql, start), col));
                continue;
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_'
                        || ((sql.charAt(i) == '+' || sql.charAt(i) == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')))) {
                    i++;
                }
                out.add(new Token(Token.Kind.NUMBER, sql.substring(start, i), sql.substring(start, i), start, i, line, col));
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Token.Kind.WORD, sql.substring(start, i), sql.substring(start, i), start, i, line, col));
                continue;
            }
            String sym = null;
            for (String s : SYMBOLS) {
                if (sql.startsWith(s, i)) {
                    sym = s;
                    break;
                }
            }
            if (sym == null) {
                throw new SqlParseException(sql, line, col, "unexpected character '" + c + "'");
            }
            i += sym.length();
            out.add(new Token(Token.Kind.SYMBOL, sym, sym, start, i, line, col));
        }
        int col = n - lineStart + 1;
        out.add(new Token(Token.Kind.EOF, "", "", n, n, line, col));
        return out;
    }

    private static int lineOf(String s, int offset) {
        int l = 1;
        for (int k = 0; k < offset; k++) {
            if (s.charAt(k) == '\n') {
                l++;
            }
        }
        return l;
    }

    private static int lineStartOf(String s, int offset) {
        int k = offset;
        while (k > 0 && s.charAt(k - 1) != '\n') {
            k--;
        }
        return k;
    }
}
