package io.floe.table;

/** No table at this name or location (or the requested version does not exist). */
public final class TableNotFoundException extends FloeException {
    public TableNotFoundException(String message) {
        super(message);
    }
}
