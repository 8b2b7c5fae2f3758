package io.floe.sql.parser;

import java.util.List;

/**
 * A position in a token list, bounded to [pos, end): what the parsers read through. Beyond {@code end} it shows
 * an EOF token placed where the next real token starts, so that errors point at it.
 */
final class TokenCursor {
    final String source;
    final List<Token> tokens;
    private final int end;
    private int pos;

    TokenCursor(String source, List<Token> tokens) {
        this(source, tokens, 0, tokens.size() - 1);
    }

    /** A cursor over tokens [from, to); {@code to} must not pass the list's final EOF. */
    TokenCursor(String source, List<Token> tokens, int from, int to) {
        this.source = source;
        this.tokens = tokens;
        this.pos = from;
        this.end = to;
    }

    int pos() {
        return pos;
    }

    void reset(int p) {
        pos = p;
    }

    int end() {
        return end;
    }

    boolean atEnd() {
        return pos >= end;
    }

    Token peek() {
        return peek(0);
    }

    Token peek(int ahead) {
        int i = pos + ahead;
        if (i < end) {
            return tokens.get(i);
        }
        Token next = tokens.get(Math.min(end, tokens.size() - 1));
        return next.isEof() ? next : new Token(TokenKind.EOF, "", "", next.start(), next.start(), next.line(), next.column());
    }

    /** The token at absolute index {@code i} (which must be below the list's size). */
    Token at(int i) {
        return tokens.get(i);
    }

    Token next() {
        Token t = peek();
        if (pos < end) {
            pos++;
        }
        return t;
    }

    /** The last token consumed. */
    Token previous() {
        return tokens.get(Math.max(0, pos - 1));
    }

    boolean atWord(String word) {
        return peek().isWord(word);
    }

    boolean atWord(String... words) {
        Token t = peek();
        for (String w : words) {
            if (t.isWord(w)) {
                return true;
            }
        }
        return false;
    }

    boolean atSymbol(String symbol) {
        return peek().isSymbol(symbol);
    }

    boolean acceptWord(String word) {
        if (atWord(word)) {
            pos++;
            return true;
        }
        return false;
    }

    boolean acceptSymbol(String symbol) {
        if (atSymbol(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    Token expectWord(String word) {
        if (!atWord(word)) {
            throw expected(word);
        }
        return next();
    }

    /** Expects the words in sequence, e.g. "AS", "OF". */
    void expectWords(String... words) {
        for (String w : words) {
            expectWord(w);
        }
    }

    Token expectSymbol(String symbol) {
        if (!atSymbol(symbol)) {
            throw expected("'" + symbol + "'");
        }
        return next();
    }

    /** An identifier (bare or quoted); {@code what} names it in the error. */
    String identifier(String what) {
        Token t = peek();
        if (!t.isIdentifier()) {
            throw expected(what);
        }
        pos++;
        return t.value();
    }

    /** A string literal (double-quoted text counts too: Spark reads "…" as a string in these positions). */
    String string(String what) {
        Token t = peek();
        if (t.kind() != TokenKind.STRING && !(t.kind() == TokenKind.QUOTED_IDENTIFIER && t.text().startsWith("\""))) {
            throw expected(what);
        }
        pos++;
        return t.value();
    }

    boolean atString() {
        Token t = peek();
        return t.kind() == TokenKind.STRING;
    }

    /** A non-negative integer literal. */
    long integer(String what) {
        Token t = peek();
        if (t.kind() != TokenKind.NUMBER || !t.text().matches("\\d+[lL]?")) {
            throw expected(what);
        }
        pos++;
        try {
            return Long.parseLong(t.text().replaceAll("[lL]$", ""));
        } catch (NumberFormatException e) {
            throw error(t, what + " (too large: " + t.text() + ")");
        }
    }

    /** An error "expected X but found Y" at the current token. */
    SqlParseException expected(String what) {
        Token t = peek();
        return error(t, "expected " + what + " but found " + t.describe());
    }

    SqlParseException error(Token at, String reason) {
        return new SqlParseException(source, at.span(), reason);
    }

    SqlParseException error(Span at, String reason) {
        return new SqlParseException(source, at, reason);
    }

    /** The span from token index {@code from} to the last consumed token. */
    Span spanFrom(int from) {
        Token first = tokens.get(from);
        if (pos <= from) {
            return new Span(first.start(), first.start(), first.line(), first.column());
        }
        Token last = tokens.get(pos - 1);
        return new Span(first.start(), last.end(), first.line(), first.column());
    }

    /** Index of the ')' that closes the '(' at {@code open} (absolute index), or -1 if it is not closed before end. */
    int matchingParen(int open) {
        int depth = 0;
        for (int i = open; i < end; i++) {
            Token t = tokens.get(i);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}
