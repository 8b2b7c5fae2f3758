package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.DeletionVectorDescriptor;
import io.floe.delta.actions.RemoveFile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A checkpoint's add and remove actions from typed Parquet columns ({@link io.floe.dataplane.DataPlane#readParquetColumns}),
 * bound exactly as {@link DeltaJson#parseRow} binds the same row as JSON. A checkpoint of a million files is a million
 * such rows: rendering each as JSON text and parsing it again was most of a cold snapshot load.
 */
final class TypedCheckpointRows {
    /** The checkpoint's other columns, still read as JSON: a handful of rows (metaData, protocol, txn, …). */
    static final List<String> OTHER_COLUMNS = List.of("txn", "metaData", "protocol", "domainMetadata", "checkpointMetadata",
            "sidecar");

    static final List<String> FILE_ACTIONS = List.of("add", "remove");

    private static final List<String> ADD = List.of("path", "partitionValues", "size", "modificationTime", "dataChange",
            "stats", "tags", "deletionVector", "baseRowId", "defaultRowCommitVersion", "clusteringProvider");
    private static final List<String> REMOVE = List.of("path", "deletionTimestamp", "dataChange", "extendedFileMetadata",
            "partitionValues", "size", "stats", "tags", "deletionVector", "baseRowId", "defaultRowCommitVersion");

    /** add.path, …, remove.path, …: the columns {@link #accept} expects, in its order. */
    static final List<String> COLUMNS = java.util.stream.Stream.concat(ADD.stream().map(c -> "add." + c),
            REMOVE.stream().map(c -> "remove." + c)).toList();

    private static final int R = ADD.size(); // where remove's columns start

    private final Consumer<Action> out;

    TypedCheckpointRows(Consumer<Action> out) {
        this.out = out;
    }

    /** One row: add then remove, as the JSON path orders a row's actions. */
    void accept(Object[] v) {
        boolean add = present(v, 0, R);
        boolean remove = present(v, R, v.length);
        if (!add && !remove) {
            // only rows with an add or remove come here: one whose fields are all null has no path
            throw new IllegalArgumentException("checkpoint row with an add or remove action without 'path'");
        }
        if (add) {
            out.accept(DeltaJson.requireFields("add", new AddFile((String) v[0], stringMap(v[1]), primitiveLong(v[2]),
                    primitiveLong(v[3]), Boolean.TRUE.equals(v[4]), (String) v[5], stringMap(v[6]), deletionVector(v[7]),
                    boxedLong(v[8]), boxedLong(v[9]), (String) v[10])));
        }
        if (remove) {
            out.accept(DeltaJson.requireFields("remove", new RemoveFile((String) v[R], boxedLong(v[R + 1]),
                    Boolean.TRUE.equals(v[R + 2]), (Boolean) v[R + 3], stringMap(v[R + 4]), boxedLong(v[R + 5]),
                    (String) v[R + 6], stringMap(v[R + 7]), deletionVector(v[R + 8]), boxedLong(v[R + 9]),
                    boxedLong(v[R + 10]))));
        }
    }

    /** Whether the row has this action: the struct's own nullness is not among the columns, its fields' is. */
    private static boolean present(Object[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (v[i] != null) {
                return true;
            }
        }
        return false;
    }

    private static long primitiveLong(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static Long boxedLong(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    /** As the JSON path binds a map: insertion order, values as text, an empty one the shared empty map. */
    private static Map<String, String> stringMap(Object o) {
        if (o == null) {
            return null;
        }
        Map<?, ?> m = (Map<?, ?>) o;
        if (m.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>(m.size() * 2);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            copy.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
        }
        return copy;
    }

    private static DeletionVectorDescriptor deletionVector(Object o) {
        if (o == null) {
            return null;
        }
        Map<?, ?> m = (Map<?, ?>) o;
        Object offset = m.get("offset");
        return new DeletionVectorDescriptor((String) m.get("storageType"), (String) m.get("pathOrInlineDv"),
                offset == null ? null : ((Number) offset).intValue(), (int) primitiveLong(m.get("sizeInBytes")),
                primitiveLong(m.get("cardinality")));
    }
}
