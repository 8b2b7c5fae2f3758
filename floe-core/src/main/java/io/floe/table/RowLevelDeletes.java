package io.floe.table;

/**
 * Capability of formats that can mark rows of a data file deleted without rewriting the file (merge-on-read):
 * Delta's deletion vectors, Iceberg's position delete files and v3 deletion vectors. DELETE, UPDATE and MERGE ask it
 * whether the table wants merge-on-read for them; when it does they call {@link Transaction#deleteRows} for each
 * touched file instead of rewriting it (UPDATE and MERGE then append the changed rows as new files).
 */
public interface RowLevelDeletes {
    /** The row-level commands whose mode a table can set. */
    enum Command { DELETE, UPDATE, MERGE }

    /**
     * Whether {@code command} marks rows deleted rather than rewriting files on this table at {@code snapshot}
     * (Delta: {@code delta.enableDeletionVectors}; Iceberg: {@code write.delete.mode}, {@code write.update.mode},
     * {@code write.merge.mode} = {@code merge-on-read}).
     */
    boolean mergeOnRead(Snapshot snapshot, Command command);
}
