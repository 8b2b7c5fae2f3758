package io.floe.table;

/** Base of Floe's table-level errors. Messages name the table and, where it matters, the version and file. */
public class FloeException extends RuntimeException {
    public FloeException(String message) {
        super(message);
    }

    public FloeException(String message, Throwable cause) {
        super(message, cause);
    }
}
