package io.floe.table;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Capability of formats that keep several snapshots in their metadata and can move between them without a new
 * commit of data (Iceberg): rollback, named references (tags and branches), snapshot expiry and manifest compaction.
 * Spark's Iceberg procedures (CALL system.…) and ALTER TABLE … TAG/BRANCH run on it.
 */
public interface SnapshotManagement {
    /** Makes {@code snapshotId}, an ancestor of the current snapshot, current again. */
    void rollbackTo(long snapshotId);

    /** Makes the newest ancestor committed at or before {@code time} current; returns its id. */
    long rollbackToTime(Instant time);

    /** Makes any snapshot of the table current (it need not be an ancestor). */
    void setCurrentSnapshot(long snapshotId);

    /**
     * Removes snapshots older than {@code olderThan} (keeping at least {@code retainLast}, and the current one) or those
     * listed, then deletes the files only they referenced.
     */
    ExpireResult expireSnapshots(Instant olderThan, int retainLast, List<Long> snapshotIds);

    /** What {@link #expireSnapshots} removed. */
    record ExpireResult(int expiredSnapshots, long deletedDataFiles, long deletedManifests, long deletedManifestLists) {
    }

    /** Rewrites the current snapshot's manifests into fewer; returns {rewritten, added}. */
    long[] rewriteManifests();

    /** Creates (or replaces) a tag or branch at a snapshot (the current one when null). */
    void createRef(String name, boolean branch, Long snapshotId, Duration retain, boolean orReplace, boolean ifNotExists);

    void dropRef(String name, boolean branch, boolean ifExists);

    /** Named references: name → snapshot id. */
    Map<String, Long> refs();

    /** The snapshot a tag or branch points at. @throws FloeException if there is no such reference */
    Snapshot snapshotAtRef(String name);
}
