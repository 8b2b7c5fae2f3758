package io.floe.table;

import io.floe.storage.ObjectStore;

import java.time.Instant;

/** A format-neutral table handle: snapshots, transactions, and where its files live. */
public interface Table {
    String name();

    /** Root URI, ending with '/'. */
    String location();

    /** The store holding the table's files and the table root as a key prefix in it ("" or ending with '/'). */
    ObjectStore store();

    String rootKey();

    Snapshot snapshot();

    Snapshot snapshotAt(long version);

    Snapshot snapshotAsOf(Instant time);

    Transaction newTransaction();

    /** The store key of a data file path as the table records it (resolves relative/encoded/absolute forms safely). */
    String resolveKey(String filePath);

    /** The path to record for a file at this table-relative location (encoded as the format wants). */
    String relativePath(String tableRelativePath);
}
