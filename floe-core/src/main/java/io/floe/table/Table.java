package io.floe.table;

import io.floe.storage.ObjectStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A format-neutral table handle: snapshots, transactions, history, and where its files live. Operations and SQL are
 * written against this; what only some formats have is reached through {@link #capability(Class)}.
 */
public interface Table {
    String name();

    /** The format's name: "delta", "iceberg". */
    String format();

    /** Root URI, ending with '/'. */
    String location();

    /** The store holding the table's files and the table root as a key prefix in it ("" or ending with '/'). */
    ObjectStore store();

    String rootKey();

    /** Whether the table exists (has a committed first version). */
    boolean exists();

    /** The latest snapshot. @throws TableNotFoundException if the table does not exist */
    Snapshot snapshot();

    Snapshot snapshotAt(long version);

    Snapshot snapshotAsOf(Instant time);

    /** A transaction on the latest snapshot. */
    Transaction newTransaction();

    /** The transaction whose commit creates the table with {@code definition} (plus whatever files it adds). */
    Transaction newCreateTransaction(TableDefinition definition);

    /** The newest commits first; {@code limit} ≤ 0 for all. */
    List<HistoryEntry> history(int limit);

    /** How data files of this table should be written, from its properties. */
    WriteOptions writeOptions(java.util.Map<String, String> properties);

    /** How the data plane lays out and matches this table's data files. */
    default DataLayout dataLayout() {
        return DataLayout.DELTA;
    }

    /** The store key of a data file path as the table records it (resolves relative/encoded/absolute forms safely). */
    String resolveKey(String filePath);

    /** The path to record for a file at this table-relative location (encoded as the format wants). */
    String relativePath(String tableRelativePath);

    /** A feature only some formats have (change data feed, tombstone retention, deletion vectors), if this one has it. */
    default <C> Optional<C> capability(Class<C> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /** Starts an append of data files written elsewhere (the Java API's write; SQL's INSERT commits the same way). */
    default WriteFiles newAppend() {
        return new WriteFiles(this, false);
    }

    /** Starts an overwrite: the new files replace every file, or those {@link WriteFiles#replaceWhere} selects. */
    default WriteFiles newOverwrite() {
        return new WriteFiles(this, true);
    }

    /** Creates the table, partitioned by columns (identity partitioning). */
    default CommitResult create(io.floe.types.StructType schema, List<String> partitionColumns,
                                java.util.Map<String, String> properties, String description) {
        return create(new TableDefinition(schema, PartitionSpec.identity(partitionColumns), properties, description));
    }

    /** Creates the table. */
    default CommitResult create(TableDefinition definition) {
        return newCreateTransaction(definition).commit(Operation.create(definition, false));
    }
}
