package io.floe.sql.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits SQL text into {@link Token}s, skipping whitespace and comments ({@code -- …} to the end of the line,
 * {@code /* … *}{@code /}). Strings use single quotes with '' for a quote; backslash escapes are decoded as Spark decodes
 * them ({@code \'}, {@code \\}, {@code \t}, {@code \u0057}, …; see {@link #unescape(String)}). DuckDB has no backslash
 * escapes, which is why text for DuckDB is re-rendered from the decoded tokens ({@link SourceText}), never passed on
 * as written.
 */
public final class Lexer {
    private static final Set<String> NUMBER_SUFFIXES = Set.of("L", "S", "Y", "D", "F", "BD");
    // longest first
    private static final String[] SYMBOLS = {"<=>", "<>", "<=", ">=", "!=", "==", "||", "::", "->", "=>", ":=",
            "(", ")", ",", ";", ".", "=", "<", ">", "+", "-", "*", "/", "%", "[", "]", "{", "}", ":", "?", "@", "&", "|",
            "^", "~", "!", "$"};

    private final String source;
    private final int end;
    private int pos;
    private int line;
    private int column;

    private Lexer(String source, int start, int end, int line, int column) {
        this.source = source;
        this.pos = start;
        this.end = end;
        this.line = line;
        this.column = column;
    }

    /** Tokens of the whole text, ending with an EOF token. */
    public static List<Token> tokenize(String source) {
        return tokenize(source, 0, source.length(), 1, 1);
    }

    /**
     * Tokens of {@code source[start, end)}, which begins at {@code line:column} of the source; positions in the tokens
     * are those in the whole source. Ends with an EOF token.
     *
     * @throws SqlParseException for an unterminated string, quoted identifier or comment, or a character SQL has no use for
     */
    public static List<Token> tokenize(String source, int start, int end, int line, int column) {
        return new Lexer(source, start, end, line, column).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= end) {
                out.add(new Token(TokenKind.EOF, "", "", end, end, line, column));
                return out;
            }
            out.add(next());
        }
    }

    private char at(int i) {
        return i < end ? source.charAt(i) : '\0';
    }

    /** Moves past [pos, to), keeping line and column. */
    private void advanceTo(int to) {
        while (pos < to) {
            char c = source.charAt(pos++);
            if (c == '\n' || (c == '\r' && at(pos) != '\n')) {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++;
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < end) {
            char c = source.charAt(pos);
            if (Character.isWhitespace(c)) {
                advanceTo(pos + 1);
            } else if (c == '-' && at(pos + 1) == '-') {
                int e = pos;
                while (e < end && source.charAt(e) != '\n' && source.charAt(e) != '\r') {
                    e++;
                }
                advanceTo(e);
            } else if (c == '/' && at(pos + 1) == '*') {
                int close = source.indexOf("*/", pos + 2);
                if (close < 0 || close + 2 > end) {
                    throw new SqlParseException(source, pos, line, column, "unterminated comment: '/*' has no closing '*/'");
                }
                advanceTo(close + 2);
            } else {
                return;
            }
        }
    }

    private Token next() {
        int start = pos;
        int l = line;
        int col = column;
        char c = source.charAt(pos);
        if (c == '\'') {
            return quoted('\'', TokenKind.STRING, "string literal", start, l, col);
        }
        if (c == '`') {
            return quoted('`', TokenKind.QUOTED_IDENTIFIER, "quoted identifier", start, l, col);
        }
        if (c == '"') {
            return quoted('"', TokenKind.QUOTED_IDENTIFIER, "quoted identifier", start, l, col);
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(at(pos + 1)))) {
            return number(start, l, col);
        }
        if (isWordChar(c)) {
            int e = pos;
            while (e < end && isWordChar(source.charAt(e))) {
                e++;
            }
            advanceTo(e);
            String text = source.substring(start, e);
            return new Token(TokenKind.WORD, text, text, start, e, l, col);
        }
        for (String s : SYMBOLS) {
            if (source.startsWith(s, pos) && pos + s.length() <= end) {
                advanceTo(pos + s.length());
                return new Token(TokenKind.SYMBOL, s, s, start, pos, l, col);
            }
        }
        throw new SqlParseException(source, start, l, col, "unexpected character '" + new String(Character.toChars(source.codePointAt(pos))) + "'");
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** A quoted token; a doubled quote character stands for one. */
    private Token quoted(char q, TokenKind kind, String what, int start, int l, int col) {
        StringBuilder value = new StringBuilder();
        int i = pos + 1;
        while (true) {
            if (i >= end) {
                throw new SqlParseException(source, start, l, col, "unterminated " + what + ": " + q + " opened here is never closed");
            }
            char c = source.charAt(i);
            if (c == q) {
                if (at(i + 1) == q) {
                    value.append(q);
                    i += 2;
                    continue;
                }
                break;
            }
            if (c == '\\' && q == '\'' && i + 1 < end) {
                i = unescape(source, i, end, value);
                continue;
            }
            value.append(c);
            i++;
        }
        advanceTo(i + 1);
        String text = source.substring(start, pos);
        if (kind == TokenKind.QUOTED_IDENTIFIER && q == '`' && value.isEmpty()) { // "" is Spark's empty string
            throw new SqlParseException(source, start, l, col, "empty quoted identifier " + text);
        }
        return new Token(kind, text, value.toString(), start, pos, l, col);
    }

    /**
     * Decodes Spark's escape at {@code s[i]} (a backslash) into {@code out}; returns the offset after it. As Spark:
     * {@code \b \n \r \t \Z \0}, octal {@code \ooo}, {@code \\uXXXX}; {@code \%} and {@code \_} stay as written (LIKE reads
     * them); a backslash before any other character is dropped.
     */
    public static int unescape(String s, int i, int end, StringBuilder out) {
        char n = s.charAt(i + 1);
        if (n == 'u' && i + 6 <= end && s.substring(i + 2, i + 6).matches("[0-9a-fA-F]{4}")) {
            out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
            return i + 6;
        }
        if (n >= '0' && n <= '3' && i + 4 <= end && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
            out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
            return i + 4;
        }
        switch (n) {
            case '0' -> out.append('\u0000');
            case 'b' -> out.append('\b');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'Z' -> out.append('\u001A');
            // \% and \_ stay for LIKE to read
            case '%', '_' -> out.append('\\').append(n);
            // any other character stands for itself, as in Spark ('\d' is 'd'; write 'C:\\dir' or 'C:/dir' for a path)
            default -> out.append(n);
        }
        return i + 2;
    }

    /** A string's content with Spark's escapes decoded (see {@link #unescape(String, int, int, StringBuilder)}). */
    public static String unescape(String raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '\\' && i + 1 < raw.length()) {
                i = unescape(raw, i, raw.length(), out) - 1;
            } else {
                out.append(raw.charAt(i));
            }
        }
        return out.toString();
    }

    /**
     * 12, 1.5, .5, 1e-3 and Spark's suffixed forms (10L, 1.5BD, …). A run of digits followed by letters that are
     * no suffix is a word: Spark allows identifiers such as {@code 2024_sales}.
     */
    private Token number(int start, int l, int col) {
        int i = pos;
        boolean fraction = false;
        boolean exponent = false;
        while (Character.isDigit(at(i))) {
            i++;
        }
        if (at(i) == '.' && (Character.isDigit(at(i + 1)) || (!isWordChar(at(i + 1)) && at(i + 1) != '.'))) {
            fraction = true;
            i++;
            while (Character.isDigit(at(i))) {
                i++;
            }
        }
        if ((at(i) == 'e' || at(i) == 'E')
                && (Character.isDigit(at(i + 1)) || ((at(i + 1) == '+' || at(i + 1) == '-') && Character.isDigit(at(i + 2))))) {
            exponent = true;
            i += 2;
            while (Character.isDigit(at(i))) {
                i++;
            }
        }
        int numberEnd = i;
        while (i < end && isWordChar(source.charAt(i))) {
            i++;
        }
        String suffix = source.substring(numberEnd, i).toUpperCase(Locale.ROOT);
        if (!suffix.isEmpty() && !NUMBER_SUFFIXES.contains(suffix)) {
            if (!fraction && !exponent) {
                advanceTo(i);
                String text = source.substring(start, i);
                return new Token(TokenKind.WORD, text, text, start, i, l, col);
            }
            throw new SqlParseException(source, start, l, col, "malformed number '" + source.substring(start, i) + "'");
        }
        advanceTo(i);
        String text = source.substring(start, i);
        return new Token(TokenKind.NUMBER, text, text, start, i, l, col);
    }
}
