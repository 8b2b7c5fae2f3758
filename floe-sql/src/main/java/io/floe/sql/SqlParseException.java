package io.floe.sql;

import io.floe.table.FloeException;

/** A syntax error, naming line:column and showing the line with a caret under the offending spot. */
public final class SqlParseException extends FloeException {
    private final int line;
    private final int column;

    public SqlParseException(String script, int line, int column, String message) {
        super("line " + line + ":" + column + ": " + message + excerpt(script, line, column));
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    private static String excerpt(String script, int line, int column) {
        if (script == null) {
            return "";
        }
        String[] lines = script.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return "";
        }
        String l = lines[line - 1].replace('\t', ' ');
        return "\n  " + l + "\n  " + " ".repeat(Math.max(0, column - 1)) + "^";
    }
}
