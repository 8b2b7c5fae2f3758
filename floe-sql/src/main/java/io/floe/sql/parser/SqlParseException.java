package io.floe.sql.parser;

import io.floe.table.FloeException;

/**
 * A syntax error. The message reads {@code line L:C: <what was expected and found>}, followed by the offending
 * source line and a caret under the position.
 */
public final class SqlParseException extends FloeException {
    private final int line;
    private final int column;
    private final int offset;
    private final String reason;

    public SqlParseException(String source, int offset, int line, int column, String reason) {
        super("line " + line + ":" + column + ": " + reason + excerpt(source, offset, column));
        this.line = line;
        this.column = column;
        this.offset = offset;
        this.reason = reason;
    }

    public SqlParseException(String source, Span at, String reason) {
        this(source, at.start(), at.line(), at.column(), reason);
    }

    /** 1-based line of the error in the source given to the parser. */
    public int line() {
        return line;
    }

    /** 1-based column of the error. */
    public int column() {
        return column;
    }

    /** Offset of the error in the source. */
    public int offset() {
        return offset;
    }

    /** What went wrong, without the position and excerpt. */
    public String reason() {
        return reason;
    }

    private static String excerpt(String source, int offset, int column) {
        if (source == null || offset < 0 || offset > source.length()) {
            return "";
        }
        int from = offset;
        while (from > 0 && source.charAt(from - 1) != '\n' && source.charAt(from - 1) != '\r') {
            from--;
        }
        int to = offset;
        while (to < source.length() && source.charAt(to) != '\n' && source.charAt(to) != '\r') {
            to++;
        }
        String line = source.substring(from, to);
        // keep tabs in the caret line so that it lines up however the terminal expands them
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < Math.min(column - 1, line.length()); i++) {
            caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        return "\n  " + line + "\n  " + caret + "^";
    }
}
