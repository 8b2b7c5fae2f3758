package io.floe.engine;

import io.floe.storage.TablePaths;
import io.floe.storage.ObjectStore;
import io.floe.table.DataFile;
import io.floe.types.StructType;

import java.util.List;
import java.util.Objects;

/**
 * What {@link TableScan} reads: rows of {@code schema} (logical names and types) from data files of the
 * table at {@code tablePrefix} in {@code store}, partitioned by {@code partitionColumns} (whose values are not in the
 * files). With {@code byFieldId}, top-level columns are matched to the files' columns by Parquet field id (Iceberg),
 * so renamed and re-added columns read right; else by physical name.
 */
public record ScanSpec(StructType schema, List<String> partitionColumns, ObjectStore store, String tablePrefix, boolean byFieldId,
                       java.util.function.UnaryOperator<String> pathToKey) {
    public ScanSpec(StructType schema, List<String> partitionColumns, ObjectStore store, String tablePrefix) {
        this(schema, partitionColumns, store, tablePrefix, false, null);
    }

    public ScanSpec {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(store, "store");
        partitionColumns = List.copyOf(partitionColumns);
        tablePrefix = tablePrefix == null ? "" : tablePrefix;
    }

    /** The store key of a data file: its log path URL-decoded and resolved against the table root, never outside it. */
    public String keyOf(DataFile f) {
        if (pathToKey != null) {
            return pathToKey.apply(f.path()); // the format's own rule (Iceberg records absolute, unencoded paths)
        }
        return TablePaths.resolveKey(store.uri(), tablePrefix, f.path());
    }
}
