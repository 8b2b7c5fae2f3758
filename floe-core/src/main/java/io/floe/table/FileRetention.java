package io.floe.table;

import java.time.Duration;
import java.util.Set;

/**
 * Capability of formats whose old files VACUUM may delete once no version inside the retention window needs
 * them (Delta: files removed longer ago than delta.deletedFileRetentionDuration, and orphans).
 */
public interface FileRetention {
    /** The table's own retention: VACUUM refuses a shorter one unless the check is disabled. */
    Duration retention(Snapshot snapshot);

    /** The table property that sets {@link #retention}, for messages. */
    default String retentionProperty() {
        return "the table's file retention";
    }

    /** How long old versions stay reachable for time travel (Delta: delta.logRetentionDuration). */
    Duration historyRetention(Snapshot snapshot);

    /** Store keys every version committed after {@code cutoffMillis} (and the current one) may read: never deleted. */
    Set<String> referencedKeys(Snapshot snapshot, long cutoffMillis);

    /** Whether a path below the table root is the format's metadata (or otherwise not data): never deleted by VACUUM. */
    boolean isMetadata(String relativePath);

    /**
     * Before VACUUM looks for unreferenced files: forgets versions older than {@code cutoffMillis} where the format keeps
     * them in its metadata (Iceberg: expires snapshots, keeping the current one, and deletes the files only they read).
     */
    default void expireHistory(long cutoffMillis) {
    }

    /** Records a maintenance step in the table's history where the format does so (Delta: VACUUM START/END commits). */
    void recordMaintenance(Operation op);
}
