package io.floe.table;

/**
 * The commit request may or may not have landed (e.g. a timeout after sending). Its data files are
 * NOT cleaned up: a later read of the table decides whether the commit exists.
 */
public final class CommitStateUnknownException extends FloeException {
    private final long attemptedVersion;

    public CommitStateUnknownException(String table, long attemptedVersion, Throwable cause) {
        super("commit of version " + attemptedVersion + " to table " + table
                + " has an unknown outcome; reload the table to see whether it landed (its files were kept)", cause);
        this.attemptedVersion = attemptedVersion;
    }

    public long attemptedVersion() {
        return attemptedVersion;
    }
}
