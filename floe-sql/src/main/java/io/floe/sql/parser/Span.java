package io.floe.sql.parser;

/**
 * A stretch of the source text: offsets [start, end) into the string given to the parser (the whole script,
 * not just one statement), and the 1-based line:column where it starts.
 */
public record Span(int start, int end, int line, int column) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    /** From the start of {@code first} to the end of {@code last}. */
    public static Span between(Span first, Span last) {
        return new Span(first.start, Math.max(first.end, last.end), first.line, first.column);
    }

    public int length() {
        return end - start;
    }

    /** The text this span covers in {@code source}. */
    public String text(String source) {
        return source.substring(start, end);
    }

    /** "line:column", as error messages write positions. */
    public String position() {
        return line + ":" + column;
    }

    @Override
    public String toString() {
        return position() + "[" + start + "," + end + ")";
    }
}
