package io.floe.table;

/** A table (or catalog name) already exists where a new one was to be created. */
public final class TableAlreadyExistsException extends FloeException {
    public TableAlreadyExistsException(String message) {
        super(message);
    }
}
