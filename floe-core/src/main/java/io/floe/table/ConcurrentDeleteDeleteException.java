package io.floe.table;

/** Conflict: a file this transaction removes was already removed. */
public final class ConcurrentDeleteDeleteException extends ConcurrentModificationException {
    public ConcurrentDeleteDeleteException(String table, long winningVersion, String detail) {
        super(table, winningVersion, "a file this transaction removes was already removed: " + detail);
    }
}
