package io.floe.sql;

import java.util.Locale;

/**
 * A lexical token with its place in the script: offsets into the text, and line:column (1-based) for
 * error messages.
 */
public record Token(Kind kind, String text, String value, int start, int end, int line, int column) {
    public enum Kind { WORD, QUOTED, STRING, NUMBER, SYMBOL, EOF }

    /** A keyword or plain identifier, compared case-insensitively. */
    public boolean is(String word) {
        return kind == Kind.WORD && value.equalsIgnoreCase(word);
    }

    public boolean isSymbol(String s) {
        return kind == Kind.SYMBOL && value.equals(s);
    }

    /** An identifier: a plain word or a `quoted` / "quoted" name. */
    public boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED;
    }

    public String upper() {
        return value.toUpperCase(Locale.ROOT);
    }

    public String position() {
        return "line " + line + ":" + column;
    }
}
