package io.floe.table;

/** Conflict: a file this transaction read was removed. */
public final class ConcurrentDeleteReadException extends ConcurrentModificationException {
    public ConcurrentDeleteReadException(String table, long winningVersion, String detail) {
        super(table, winningVersion, "a file this transaction read was removed: " + detail);
    }
}
