package io.floe.table;

/** A table's log or metadata is unreadable or inconsistent; the message names the file and version. */
public final class CorruptTableException extends FloeException {
    public CorruptTableException(String message) {
        super(message);
    }

    public CorruptTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
