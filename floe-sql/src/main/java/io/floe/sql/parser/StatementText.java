package io.floe.sql.parser;

/**
 * One statement of a script, as {@link Statements#split} found it.
 *
 * @param text   the statement's text, without the ';' that ends it and without surrounding whitespace or comments
 * @param start  offset of the statement's first token in the script
 * @param end    offset after its last character
 * @param line   line of its first token in the script (1-based)
 * @param column column of its first token (1-based)
 */
public record StatementText(String text, int start, int end, int line, int column) {
    public Span span() {
        return new Span(start, end, line, column);
    }
}
