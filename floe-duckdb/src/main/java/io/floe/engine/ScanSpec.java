package io.floe.engine;

import io.floe.storage.TablePaths;
import io.floe.storage.ObjectStore;
import io.floe.table.DataFile;
import io.floe.types.StructType;

import java.util.List;
import java.util.Objects;

/**
 * What {@link TableScan} reads: rows of {@code schema} (logical names and types) from data files of the
 * table at {@code tablePrefix} in {@code store}, partitioned by {@code partitionColumns}.
 */
public record ScanSpec(StructType schema, List<String> partitionColumns, ObjectStore store, String tablePrefix) {
    public ScanSpec {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(store, "store");
        partitionColumns = List.copyOf(partitionColumns);
        tablePrefix = tablePrefix == null ? "" : tablePrefix;
    }

    /** The store key of a data file: its log path URL-decoded and resolved against the table root, never outside it. */
    public String keyOf(DataFile f) {
        return TablePaths.resolveKey(store.uri(), tablePrefix, f.path());
    }
}
