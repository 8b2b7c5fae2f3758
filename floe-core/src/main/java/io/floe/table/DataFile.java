package io.floe.table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A data file of a table version, format-neutral. Immutable; equal when every part is (as a record would be).
 *
 * <p>A file list held by column (a large snapshot's) makes its DataFiles {@linkplain #lazy lazily}: the path and the
 * statistics are made from the columns when first asked for, so a caller that reads a million files' sizes or partition
 * values does not make a million path Strings and statistics objects it never looks at.
 *
 * <p>The parts:
 * <ul>
 * <li>{@code path}: as the format records it: relative to the table root (URL-encoded, as Delta writes it) or an absolute
 * URI</li>
 * <li>{@code partitionValues}: partition field name (the column's name for identity partitioning) → its value, typed as
 * {@link io.floe.table.expr.Literal} types values (Long for integral types, Double, BigDecimal, Boolean, String, byte[],
 * LocalDate, Instant for timestamps, LocalDateTime without zone); null for a null value. Formats convert their own
 * serialization (Delta's strings) at the edge.</li>
 * <li>{@code size}: bytes; {@code modificationTime}: millis since the epoch</li>
 * <li>{@code dataChange}: false for rearrangements (OPTIMIZE) that change no rows</li>
 * <li>{@code stats}: column statistics, or null when the writer recorded none</li>
 * <li>{@code deletionVector}: rows of the file that are deleted, or null</li>
 * <li>{@code tags}: free-form tags (Delta add.tags), never null</li>
 * </ul>
 */
public final class DataFile {
    /** Where a lazily made DataFile gets its path and statistics: the file list that holds them by column. */
    public interface Source {
        /** The path of the list's file {@code file}. */
        String path(int file);

        /** The statistics of the list's file {@code file}, or null when it has none. */
        FileStats stats(int file);
    }

    /** {@link #stats} before a lazy file's statistics were asked for (null means "none recorded"). */
    private static final FileStats UNREAD = new FileStats(null, null, null, null, null);

    /** Made at the first {@link #path()} when null. Set by a data race at worst: Strings are immutable. */
    private String path;
    /** {@link #UNREAD} until a lazy file's statistics are asked for (FileStats is immutable, as a String). */
    private FileStats stats;
    private final Source source;
    private final int index;
    private final Map<String, Object> partitionValues;
    private final long size;
    private final long modificationTime;
    private final boolean dataChange;
    private final DeletionVector deletionVector;
    private final Map<String, String> tags;

    public DataFile(String path, Map<String, Object> partitionValues, long size, long modificationTime,
                    boolean dataChange, FileStats stats, DeletionVector deletionVector, Map<String, String> tags) {
        // partition values may hold nulls, so no Map.copyOf
        // empty maps shared, not copied: two objects fewer per unpartitioned, untagged file (a 1M-file snapshot holds 1M)
        this(Objects.requireNonNull(path, "path"), null, 0,
                partitionValues == null || partitionValues.isEmpty() ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues)),
                size, modificationTime, dataChange, stats, deletionVector,
                tags == null || tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags)));
    }

    public DataFile(String path, Map<String, ?> partitionValues, long size, long modificationTime, FileStats stats) {
        this(path, partitionValues == null ? null : new LinkedHashMap<String, Object>(partitionValues), size, modificationTime, true,
                stats, null, Map.of());
    }

    private DataFile(String path, Source source, int index, Map<String, Object> partitionValues, long size, long modificationTime,
                     boolean dataChange, FileStats stats, DeletionVector deletionVector, Map<String, String> tags) {
        this.path = path;
        this.source = source;
        this.index = index;
        this.partitionValues = partitionValues;
        this.size = size;
        this.modificationTime = modificationTime;
        this.dataChange = dataChange;
        this.stats = stats;
        this.deletionVector = deletionVector;
        this.tags = tags;
    }

    /**
     * File {@code index} of {@code source}, whose path and statistics are asked of the source when first needed. The
     * maps are kept as given (null for empty): pass unmodifiable ones nobody changes, as a column-held list keeps them.
     */
    public static DataFile lazy(Source source, int index, Map<String, Object> partitionValues, long size, long modificationTime,
                                boolean dataChange, DeletionVector deletionVector, Map<String, String> tags) {
        return new DataFile(null, Objects.requireNonNull(source, "source"), index, partitionValues == null ? Map.of() : partitionValues,
                size, modificationTime, dataChange, UNREAD, deletionVector, tags == null ? Map.of() : tags);
    }

    public String path() {
        String p = path;
        if (p == null) {
            p = Objects.requireNonNull(source.path(index), "path");
            path = p;
        }
        return p;
    }

    public Map<String, Object> partitionValues() {
        return partitionValues;
    }

    /**
     * The key under which {@link #partitionValues()} holds {@code column}'s value, matched as Spark resolves names
     * (exactly, else ignoring case); null when the file has no value for it (its value may be null where it has one).
     */
    public String partitionKey(String column) {
        if (partitionValues.containsKey(column)) {
            return column;
        }
        for (String k : partitionValues.keySet()) {
            if (k.equalsIgnoreCase(column)) {
                return k;
            }
        }
        return null;
    }

    public long size() {
        return size;
    }

    public long modificationTime() {
        return modificationTime;
    }

    public boolean dataChange() {
        return dataChange;
    }

    public FileStats stats() {
        FileStats s = stats;
        if (s == UNREAD) {
            s = source.stats(index);
            stats = s;
        }
        return s;
    }

    public DeletionVector deletionVector() {
        return deletionVector;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public DataFile withDataChange(boolean dc) {
        return new DataFile(path, source, index, partitionValues, size, modificationTime, dc, stats, deletionVector, tags);
    }

    public DataFile withDeletionVector(DeletionVector dv) {
        return new DataFile(path, source, index, partitionValues, size, modificationTime, dataChange, stats, dv, tags);
    }

    /** Rows in the file after its deletion vector, if the stats know the count. */
    public Long liveRecords() {
        FileStats s = stats();
        if (s == null || s.numRecords() == null) {
            return null;
        }
        return s.numRecords() - (deletionVector == null ? 0 : deletionVector.cardinality());
    }

    /** Identity within a snapshot: the path plus the deletion vector's id (Delta's reconciliation key). */
    public String key() {
        return deletionVector == null ? path() : path() + "#" + deletionVector.uniqueId();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof DataFile f && size == f.size && modificationTime == f.modificationTime
                && dataChange == f.dataChange && path().equals(f.path()) && partitionValues.equals(f.partitionValues)
                && Objects.equals(deletionVector, f.deletionVector) && tags.equals(f.tags) && Objects.equals(stats(), f.stats());
    }

    @Override
    public int hashCode() {
        int h = path().hashCode();
        h = 31 * h + partitionValues.hashCode();
        h = 31 * h + Long.hashCode(size);
        h = 31 * h + Long.hashCode(modificationTime);
        h = 31 * h + Boolean.hashCode(dataChange);
        h = 31 * h + Objects.hashCode(stats());
        h = 31 * h + Objects.hashCode(deletionVector);
        return 31 * h + tags.hashCode();
    }

    @Override
    public String toString() {
        return "DataFile[path=" + path() + ", partitionValues=" + partitionValues + ", size=" + size + ", modificationTime="
                + modificationTime + ", dataChange=" + dataChange + ", stats=" + stats() + ", deletionVector=" + deletionVector
                + ", tags=" + tags + "]";
    }
}
