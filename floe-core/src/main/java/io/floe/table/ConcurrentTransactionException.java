package io.floe.table;

/** Conflict: the same application transaction (txn appId) committed concurrently. */
public final class ConcurrentTransactionException extends ConcurrentModificationException {
    public ConcurrentTransactionException(String table, long winningVersion, String detail) {
        super(table, winningVersion, "the same application transaction (txn appId) committed concurrently: " + detail);
    }
}
