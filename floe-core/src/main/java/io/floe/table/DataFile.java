package io.floe.table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A data file of a table version, format-neutral.
 *
 * @param path             as the format records it: relative to the table root (URL-encoded, as Delta
 *                         writes it) or an absolute URI
 * @param partitionValues  partition field name (the column's name for identity partitioning) → its value, typed as
 *                         {@link io.floe.table.expr.Literal} types values (Long for integral types, Double, BigDecimal,
 *                         Boolean, String, byte[], LocalDate, Instant for timestamps, LocalDateTime without zone); null
 *                         for a null value. Formats convert their own serialization (Delta's strings) at the edge.
 * @param size             bytes
 * @param modificationTime millis since the epoch
 * @param dataChange       false for rearrangements (OPTIMIZE) that change no rows
 * @param stats            column statistics, or null when the writer recorded none
 * @param deletionVector   rows of the file that are deleted, or null
 * @param tags             free-form tags (Delta add.tags), never null
 */
public record DataFile(String path, Map<String, Object> partitionValues, long size, long modificationTime,
                       boolean dataChange, FileStats stats, DeletionVector deletionVector, Map<String, String> tags) {
    public DataFile {
        Objects.requireNonNull(path, "path");
        // partition values may hold nulls, so no Map.copyOf
        // empty maps shared, not copied: two objects fewer per unpartitioned, untagged file (a 1M-file snapshot holds 1M)
        partitionValues = partitionValues == null || partitionValues.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues));
        tags = tags == null || tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public DataFile(String path, Map<String, ?> partitionValues, long size, long modificationTime, FileStats stats) {
        this(path, partitionValues == null ? null : new LinkedHashMap<String, Object>(partitionValues), size, modificationTime, true,
                stats, null, Map.of());
    }

    public DataFile withDataChange(boolean dc) {
        return new DataFile(path, partitionValues, size, modificationTime, dc, stats, deletionVector, tags);
    }

    public DataFile withDeletionVector(DeletionVector dv) {
        return new DataFile(path, partitionValues, size, modificationTime, dataChange, stats, dv, tags);
    }

    /** Rows in the file after its deletion vector, if the stats know the count. */
    public Long liveRecords() {
        if (stats == null || stats.numRecords() == null) {
            return null;
        }
        return stats.numRecords() - (deletionVector == null ? 0 : deletionVector.cardinality());
    }

    /** Identity within a snapshot: the path plus the deletion vector's id (Delta's reconciliation key). */
    public String key() {
        return deletionVector == null ? path : path + "#" + deletionVector.uniqueId();
    }
}
