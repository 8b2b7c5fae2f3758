package io.floe.table;

/** Conflict: the table's protocol changed. */
public final class ProtocolChangedException extends ConcurrentModificationException {
    public ProtocolChangedException(String table, long winningVersion, String detail) {
        super(table, winningVersion, "the table's protocol changed: " + detail);
    }
}
