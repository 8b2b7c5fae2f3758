package io.floe.iceberg;

import io.floe.table.ConcurrentModificationException;

/**
 * Conflict of merge-on-read writers: a concurrent commit deleted rows of, rewrote or removed a data file whose rows this
 * transaction deletes (or rewrites). Committing anyway could bring a deleted row back, so nothing was committed.
 */
public final class ConcurrentRowDeletesException extends ConcurrentModificationException {
    private final String dataFile;

    ConcurrentRowDeletesException(String table, long winningVersion, String dataFile, String what) {
        super(table, winningVersion, "data file " + dataFile + " " + what);
        this.dataFile = dataFile;
    }

    /** The data file both commits changed. */
    public String dataFile() {
        return dataFile;
    }
}
