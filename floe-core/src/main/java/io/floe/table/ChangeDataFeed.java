package io.floe.table;

import java.util.List;

/**
 * Capability of formats with a change data feed (Delta's CDF): row-level operations record the rows they change
 * in change files, and {@code table_changes} reads them back per version. Reached through
 * {@link Table#capability(Class)}.
 */
public interface ChangeDataFeed {
    /** The column of change rows saying what happened to the row. */
    String CHANGE_TYPE_COLUMN = "_change_type";
    String INSERT = "insert";
    String DELETE = "delete";
    String PREIMAGE = "update_preimage";
    String POSTIMAGE = "update_postimage";

    /** Whether writes to this snapshot's table must record change data. */
    boolean enabled(Snapshot snapshot);

    /** The directory (below the table root, ending with '/') change files are written to. */
    String changeFileDirectory();

    /** Adds written change files to the transaction's commit. */
    void addChangeFiles(Transaction txn, List<DataFile> files);

    /** What version {@code version} changed. @throws FloeException if its commit was cleaned up */
    VersionChanges changesOf(long version);

    /**
     * The changes of one commit: its change files if it wrote any (then they are the whole truth), else the data
     * files it added and removed with dataChange = true.
     */
    record VersionChanges(long version, long timestamp, List<DataFile> changeFiles, List<DataFile> added, List<DataFile> removed) {
    }
}
