package io.floe.table;

/**
 * A commit lost a race to a concurrent commit whose changes conflict with what this transaction
 * read or wrote. Nothing of this transaction became visible; the caller may re-run the operation.
 * Subclasses name the kind of conflict; {@link #winningVersion()} names the commit that won.
 */
public abstract class ConcurrentModificationException extends FloeException {
    private final String table;
    private final long winningVersion;

    protected ConcurrentModificationException(String table, long winningVersion, String what) {
        super(what + " (table " + table + ", conflicting commit version " + winningVersion
                + "); nothing was committed, re-run the operation");
        this.table = table;
        this.winningVersion = winningVersion;
    }

    public String table() {
        return table;
    }

    public long winningVersion() {
        return winningVersion;
    }
}
