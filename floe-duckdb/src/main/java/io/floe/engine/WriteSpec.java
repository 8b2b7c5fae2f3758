package io.floe.engine;

import io.floe.storage.ObjectStore;
import io.floe.table.DataLayout;
import io.floe.table.PartitionSpec;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link DataFileWriter} writes and where.
 *
 * @param schema           the table's schema; the rows carry its logical column names, files get the physical ones
 * @param partitionColumns partition columns in the table's order (their values go to the log, not the files)
 * @param targetFileSize   bytes per file to aim at (delta.targetFileSize); larger outputs are split
 * @param numIndexedCols   leaf columns that get statistics (delta.dataSkippingNumIndexedCols; -1 = all)
 * @param store            where the files go
 * @param tablePrefix      the table root as a key prefix in the store: "" or ending with '/'
 * @param subdirectory     below the table root: "" for data files, "_change_data/" for change data
 * @param filePrefix       file names start with it: "part-" or "cdc-"
 * @param dataChange       the DataFiles' dataChange flag (false for OPTIMIZE's rewrites)
 * @param preserveOrder    the rows come in a meaningful order (ORDER BY, Z-order) that files should keep, so that
 *                         their value ranges do not overlap. Costs one more pass: over unpartitioned output larger
 *                         than the target (written as one ordered file, then cut), and over all partitioned output
 *                         (DuckDB's partitioned writes interleave its threads' chunks, so rows carry an ordinal).
 * @param partitioning     how rows are split into partitions: identity fields over {@code partitionColumns} (Delta), or
 *                         the table's spec with transforms (Iceberg)
 * @param layout           where files go and whether they keep the partition source columns and carry field ids
 * @param compression      the Parquet codec (snappy, zstd, gzip, lz4, brotli, uncompressed)
 * @param hiddenColumns    columns written after the schema's that are not part of it (Delta's materialized row ids): the
 *                         rows carry them by {@link StructField#name()}, the files get {@link StructField#physicalName()};
 *                         no statistics
 */
public record WriteSpec(StructType schema, List<String> partitionColumns, long targetFileSize, int numIndexedCols,
                        ObjectStore store, String tablePrefix, String subdirectory, String filePrefix, boolean dataChange,
                        boolean preserveOrder, PartitionSpec partitioning, DataLayout layout, String compression,
                        List<StructField> hiddenColumns) {
    public WriteSpec(StructType schema, List<String> partitionColumns, long targetFileSize, int numIndexedCols,
                     ObjectStore store, String tablePrefix, String subdirectory, String filePrefix, boolean dataChange,
                     boolean preserveOrder, PartitionSpec partitioning, DataLayout layout, String compression) {
        this(schema, partitionColumns, targetFileSize, numIndexedCols, store, tablePrefix, subdirectory, filePrefix, dataChange,
                preserveOrder, partitioning, layout, compression, List.of());
    }

    public static final long DEFAULT_TARGET_FILE_SIZE = io.floe.table.WriteOptions.DEFAULT_TARGET_FILE_SIZE;
    public static final int DEFAULT_NUM_INDEXED_COLS = 32;

    public WriteSpec {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(store, "store");
        partitionColumns = List.copyOf(partitionColumns);
        hiddenColumns = hiddenColumns == null ? List.of() : List.copyOf(hiddenColumns);
        layout = layout == null ? DataLayout.DELTA : layout;
        compression = io.floe.table.WriteOptions.codec(compression);
        partitioning = partitioning == null ? PartitionSpec.identity(partitionColumns) : partitioning;
        tablePrefix = tablePrefix == null ? "" : tablePrefix;
        subdirectory = subdirectory == null ? "" : subdirectory;
        if (!tablePrefix.isEmpty() && !tablePrefix.endsWith("/") || !subdirectory.isEmpty() && !subdirectory.endsWith("/")) {
            throw new IllegalArgumentException("table prefix and subdirectory must be empty or end with '/': '" + tablePrefix
                    + "', '" + subdirectory + "'");
        }
        if (targetFileSize <= 0) {
            throw new IllegalArgumentException("target file size must be positive: " + targetFileSize);
        }
        for (String p : partitionColumns) {
            if (schema.field(p).isEmpty()) {
                throw new IllegalArgumentException("partition column " + p + " is not in the schema " + schema.simpleString());
            }
        }
        for (PartitionSpec.PartitionField f : partitioning.fields()) {
            if (schema.field(f.sourceColumn()).isEmpty()) {
                throw new IllegalArgumentException("partition source column " + f.sourceColumn() + " is not in the schema " + schema.simpleString());
            }
        }
        if (!layout.partitionSourcesInFiles() && !schema.fields().isEmpty() && partitionColumns.size() >= schema.fields().size()) {
            throw new IllegalArgumentException("a table needs at least one column that is not a partition column");
        }
    }

    /** A data-file write with the sizing and statistics settings the table's format read from its properties. */
    public static WriteSpec of(StructType schema, List<String> partitionColumns, io.floe.table.WriteOptions options,
                               ObjectStore store, String tablePrefix) {
        return new WriteSpec(schema, partitionColumns, options.targetFileSize(), options.numIndexedColumns(), store, tablePrefix, "",
                "part-", true, false, null, null, options.compression());
    }

    /** A data-file write laid out as the table's format wants: its partition spec (transforms too) and {@link DataLayout}. */
    public static WriteSpec of(StructType schema, PartitionSpec partitioning, DataLayout layout, io.floe.table.WriteOptions options,
                               ObjectStore store, String tablePrefix) {
        return new WriteSpec(schema, layout.partitionSourcesInFiles() ? List.of() : partitioning.identityColumns(),
                options.targetFileSize(), options.numIndexedColumns(), store, tablePrefix, layout.dataDirectory(), "part-", true, false,
                partitioning, layout, options.compression());
    }

    /** The same write as change data: under {@code directory}, named cdc-…, dataChange false, no column statistics. */
    public WriteSpec asChangeData(String directory) {
        return new WriteSpec(schema, partitionColumns, targetFileSize, 0, store, tablePrefix, directory, "cdc-", false,
                preserveOrder, partitioning, layout, compression, hiddenColumns);
    }

    public WriteSpec withDataChange(boolean dc) {
        return new WriteSpec(schema, partitionColumns, targetFileSize, numIndexedCols, store, tablePrefix, subdirectory, filePrefix, dc,
                preserveOrder, partitioning, layout, compression, hiddenColumns);
    }

    public WriteSpec withTargetFileSize(long bytes) {
        return new WriteSpec(schema, partitionColumns, bytes, numIndexedCols, store, tablePrefix, subdirectory, filePrefix, dataChange,
                preserveOrder, partitioning, layout, compression, hiddenColumns);
    }

    public WriteSpec withNumIndexedCols(int n) {
        return new WriteSpec(schema, partitionColumns, targetFileSize, n, store, tablePrefix, subdirectory, filePrefix, dataChange,
                preserveOrder, partitioning, layout, compression, hiddenColumns);
    }

    public WriteSpec withPreserveOrder(boolean p) {
        return new WriteSpec(schema, partitionColumns, targetFileSize, numIndexedCols, store, tablePrefix, subdirectory, filePrefix,
                dataChange, p, partitioning, layout, compression, hiddenColumns);
    }

    /** The same write with {@code hidden} columns after the schema's (see {@link #hiddenColumns()}). */
    public WriteSpec withHiddenColumns(List<StructField> hidden) {
        return new WriteSpec(schema, partitionColumns, targetFileSize, numIndexedCols, store, tablePrefix, subdirectory, filePrefix,
                dataChange, preserveOrder, partitioning, layout, compression, hidden);
    }

    /** The schema's identity partition fields whose values stay out of the files, in partition-column order. */
    List<StructField> partitionFields() {
        return partitionColumns.stream().map(p -> schema.field(p).orElseThrow()).toList();
    }

    /** Whether rows are split by partition fields with transforms (or kept in the files), not by plain columns. */
    boolean partitionsByTransform() {
        return layout.partitionSourcesInFiles() && !partitioning.isUnpartitioned();
    }

    /** The schema's other fields, in schema order: the columns of the data files. */
    List<StructField> dataFields() {
        return schema.fields().stream()
                .filter(f -> partitionColumns.stream().noneMatch(p -> p.equalsIgnoreCase(f.name()))).toList();
    }

}
