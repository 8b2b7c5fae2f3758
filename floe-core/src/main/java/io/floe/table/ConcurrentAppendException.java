package io.floe.table;

/** Conflict: files were added to data this transaction read. */
public final class ConcurrentAppendException extends ConcurrentModificationException {
    public ConcurrentAppendException(String table, long winningVersion, String detail) {
        super(table, winningVersion, "files were added to data this transaction read: " + detail);
    }
}
