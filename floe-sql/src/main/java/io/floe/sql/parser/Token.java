package io.floe.sql.parser;

import java.util.Locale;

/**
 * A lexical token with its place in the source.
 *
 * @param text  the token as written (quotes included)
 * @param value the decoded value: a string's content, a quoted identifier's name, else the text
 * @param start offset of the first character in the source
 * @param end   offset after the last character
 */
public record Token(TokenKind kind, String text, String value, int start, int end, int line, int column) {

    public Span span() {
        return new Span(start, end, line, column);
    }

    /** Whether this is the bare word {@code word} (case-insensitive); quoted identifiers are never keywords. */
    public boolean isWord(String word) {
        return kind == TokenKind.WORD && text.equalsIgnoreCase(word);
    }

    public boolean isSymbol(String symbol) {
        return kind == TokenKind.SYMBOL && text.equals(symbol);
    }

    /** A bare or quoted identifier. */
    public boolean isIdentifier() {
        return kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER;
    }

    public boolean isEof() {
        return kind == TokenKind.EOF;
    }

    /** The word in upper case, for keyword checks. */
    public String upper() {
        return text.toUpperCase(Locale.ROOT);
    }

    /** How error messages name this token. */
    public String describe() {
        return switch (kind) {
            case EOF -> "end of statement";
            case STRING -> "string " + abbreviate(text);
            case NUMBER -> "number " + text;
            default -> "'" + abbreviate(text) + "'";
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
