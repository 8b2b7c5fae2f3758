package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.RemoveFile;
import io.floe.dataplane.DataPlane;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.floe.types.PrimitiveType.BOOLEAN;
import static io.floe.types.PrimitiveType.INTEGER;
import static io.floe.types.PrimitiveType.LONG;
import static io.floe.types.PrimitiveType.STRING;

/** Writes Parquet checkpoints (classic, or V2 with sidecar files; the schemas Delta readers expect) through the data plane. */
final class Checkpoints {
    private static final MapType STRING_MAP = new MapType(STRING, STRING, true);
    private static final StructType DV = struct(f("storageType", STRING), f("pathOrInlineDv", STRING),
            f("offset", INTEGER), f("sizeInBytes", INTEGER), f("cardinality", LONG));

    static final StructType SCHEMA = struct(
            f("txn", struct(f("appId", STRING), f("version", LONG), f("lastUpdated", LONG))),
            f("add", struct(f("path", STRING), f("partitionValues", STRING_MAP), f("size", LONG),
                    f("modificationTime", LONG), f("dataChange", BOOLEAN), f("stats", STRING), f("tags", STRING_MAP),
                    f("deletionVector", DV), f("baseRowId", LONG), f("defaultRowCommitVersion", LONG),
                    f("clusteringProvider", STRING))),
            f("remove", struct(f("path", STRING), f("deletionTimestamp", LONG), f("dataChange", BOOLEAN),
                    f("extendedFileMetadata", BOOLEAN), f("partitionValues", STRING_MAP), f("size", LONG),
                    f("tags", STRING_MAP), f("deletionVector", DV), f("baseRowId", LONG), f("defaultRowCommitVersion", LONG))),
            f("metaData", struct(f("id", STRING), f("name", STRING), f("description", STRING),
                    f("format", struct(f("provider", STRING), f("options", STRING_MAP))), f("schemaString", STRING),
                    f("partitionColumns", new ArrayType(STRING, true)), f("configuration", STRING_MAP), f("createdTime", LONG))),
            f("protocol", struct(f("minReaderVersion", INTEGER), f("minWriterVersion", INTEGER),
                    f("readerFeatures", new ArrayType(STRING, true)), f("writerFeatures", new ArrayType(STRING, true)))),
            f("domainMetadata", struct(f("domain", STRING), f("configuration", STRING), f("removed", BOOLEAN))));

    /**
     * A V2-spec checkpoint: the classic columns plus checkpointMetadata (exactly one row) and sidecar (the files that hold
     * its add and remove actions). Only UUID-named checkpoints use it, so a classic checkpoint never has a
     * checkpointMetadata column that a reader could take for a V2 one.
     */
    static final StructType V2_SCHEMA;

    static {
        List<StructField> fields = new ArrayList<>(SCHEMA.fields());
        fields.add(f("checkpointMetadata", struct(f("version", LONG), f("tags", STRING_MAP))));
        fields.add(f("sidecar", struct(f("path", STRING), f("sizeInBytes", LONG), f("modificationTime", LONG), f("tags", STRING_MAP))));
        V2_SCHEMA = new StructType(fields);
    }

    private Checkpoints() {
    }

    /** Whether the table asks for V2 checkpoints (delta.checkpointPolicy = v2). */
    static boolean v2(java.util.Map<String, String> config) {
        return "v2".equals(config.get(POLICY));
    }

    static final String POLICY = "delta.checkpointPolicy";

    /** The key of a UUID-named (V2) checkpoint of a version. */
    static String v2Key(String logPrefix, long version) {
        return logPrefix + String.format("%020d.checkpoint.%s.parquet", version, java.util.UUID.randomUUID());
    }

    private static StructField f(String name, DataType t) {
        return new StructField(name, t, true);
    }

    private static StructType struct(StructField... fs) {
        return StructType.of(fs);
    }

    /** Where a V2 checkpoint's sidecar files go, under {@code _delta_log/}. */
    static final String SIDECARS = "_sidecars/";

    private static void writeParquet(DeltaLog log, List<Action> actions, StructType schema, Path json, Path parquet,
                                     List<DataPlane.ParsedJson> parsed) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            for (Action a : actions) {
                w.write(DeltaJson.actionLine(a));
                w.write('\n');
            }
        }
        log.dataPlane().writeParquetFromJson(json, schema, parquet, parsed);
    }

    /** The name of the typed copy of add.stats in a checkpoint (the protocol's; Spark's writeStatsAsStruct). */
    static final String STATS_PARSED = "stats_parsed";

    /** The table property that asks for the typed copy (true) or refuses it (false), as Spark reads it. */
    static final String WRITE_STATS_AS_STRUCT = "delta.checkpoint.writeStatsAsStruct";

    /**
     * Checkpoints of at least this many files get the typed copy when the table does not say: the copy costs a fixed
     * ~1-2 ms per statistic at every checkpoint (DuckDB plans two expressions per leaf: 10 → 30 ms for a two-column
     * table's checkpoint of 150 files), and pays back only where the file list is large enough for parsing its texts to
     * matter (a million files: 1.6-1.8 → 1.3 s per cold load).
     */
    static final int STATS_AS_STRUCT_MIN_FILES = 10_000;

    /** Whether a checkpoint of {@code files} adds of a table with {@code config} holds the typed copy. */
    static boolean writesStatsAsStruct(java.util.Map<String, String> config, long files) {
        String v = config.get(WRITE_STATS_AS_STRUCT);
        if (v != null) {
            return Boolean.parseBoolean(v.trim());
        }
        return files >= STATS_AS_STRUCT_MIN_FILES;
    }

    /**
     * add.stats_parsed for a table of {@code schema}: numRecords, minValues and maxValues of the leaf columns whose
     * bounds a writer records (by physical name, nested as the columns), nullCount of every primitive leaf, tightBounds.
     * Readers that plan from it (the Delta kernels, and Floe's own file list) skip parsing each file's stats text.
     * Decimal bounds are left out (a JSON number's digits beyond the scale would be rounded into a bound). Empty when the
     * table has no schema.
     */
    static List<DataPlane.ParsedJson> statsParsed(StructType schema) {
        if (schema == null) {
            return List.of();
        }
        List<StructField> fields = new ArrayList<>();
        fields.add(f("numRecords", LONG));
        StructType bounds = leaves(schema, true);
        if (bounds != null) {
            fields.add(f("minValues", bounds));
            fields.add(f("maxValues", bounds));
        }
        StructType counts = leaves(schema, false);
        if (counts != null) {
            fields.add(f("nullCount", counts));
        }
        fields.add(f("tightBounds", BOOLEAN));
        return List.of(new DataPlane.ParsedJson("add", "stats", STATS_PARSED, StructType.of(fields.toArray(StructField[]::new))));
    }

    /** The schema's leaves by physical name, typed (bounds) or as counts; null when there are none (no empty structs). */
    private static StructType leaves(StructType schema, boolean bounds) {
        List<StructField> out = new ArrayList<>();
        for (StructField field : schema.fields()) {
            DataType t = field.type();
            if (t instanceof StructType st) {
                StructType child = leaves(st, bounds);
                if (child != null) {
                    out.add(f(field.physicalName(), child));
                }
            } else if (t instanceof PrimitiveType p && (!bounds || p != PrimitiveType.BINARY)) {
                out.add(f(field.physicalName(), bounds ? p : LONG));
            } else if (!bounds && t instanceof io.floe.types.DecimalType) {
                out.add(f(field.physicalName(), LONG));
            }
        }
        return out.isEmpty() ? null : StructType.of(out.toArray(StructField[]::new));
    }

    /** The actions a checkpoint of this snapshot holds: state only, tombstones still within their retention. */
    static List<Action> actions(DeltaSnapshot s, long nowMillis) {
        List<Action> out = new ArrayList<>();
        out.add(s.protocol());
        out.add(s.metadata());
        out.addAll(s.transactions().values());
        out.addAll(s.domains().values());
        for (AddFile a : s.addFiles()) {
            out.add(new AddFile(a.path(), a.partitionValues(), a.size(), a.modificationTime(), false, a.stats(), a.tags(),
                    a.deletionVector(), a.baseRowId(), a.defaultRowCommitVersion(), a.clusteringProvider()));
        }
        long minTs = nowMillis - DeltaConfig.deletedFileRetention(s.metadata()).toMillis();
        for (RemoveFile r : s.tombstones()) {
            if (r.deletionTimestamp() == null || r.deletionTimestamp() > minTs) {
                out.add(new RemoveFile(r.path(), r.deletionTimestamp(), false, r.extendedFileMetadata(), r.partitionValues(),
                        r.size(), null, r.tags(), r.deletionVector(), r.baseRowId(), r.defaultRowCommitVersion()));
            }
        }
        return out;
    }

    /** The columns of a sidecar file: file actions only (the V2 spec allows add and remove there). */
    static final StructType SIDECAR_SCHEMA = new StructType(SCHEMA.fields().stream()
            .filter(f -> f.name().equals("add") || f.name().equals("remove")).toList());

    /** File actions per sidecar file of a V2 checkpoint: a large table's checkpoint is spread over several. */
    static final int ACTIONS_PER_SIDECAR = 1_000_000;

    static void write(DeltaLog log, DeltaSnapshot s, String key, boolean v2) {
        write(log, s, key, v2, ACTIONS_PER_SIDECAR);
    }

    /**
     * Writes the checkpoint at {@code key}. A V2 one holds its checkpointMetadata and the non-file actions, and puts every
     * add and remove in sidecar files under {@code _delta_log/_sidecars/} (UUID-named, at most {@code actionsPerSidecar}
     * actions each) that its sidecar actions name, as Spark writes them; the sidecars are written first, so a checkpoint
     * never names a missing one.
     */
    static void write(DeltaLog log, DeltaSnapshot s, String key, boolean v2, int actionsPerSidecar) {
        long now = System.currentTimeMillis();
        List<Action> actions = actions(s, now);
        List<DataPlane.ParsedJson> parsed = writesStatsAsStruct(s.metadata().configuration(), s.fileCount())
                ? statsParsed(s.schema()) : List.of();
        int total = actions.size();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("floe-checkpoint-");
            if (v2) {
                List<Action> fileActions = actions.stream().filter(a -> a instanceof AddFile || a instanceof RemoveFile).toList();
                actions = new ArrayList<>(actions.stream().filter(a -> !(a instanceof AddFile || a instanceof RemoveFile)).toList());
                actions.add(0, new io.floe.delta.actions.CheckpointMetadata(s.version(), java.util.Map.of()));
                for (int from = 0; from < fileActions.size(); from += actionsPerSidecar) {
                    List<Action> part = fileActions.subList(from, Math.min(fileActions.size(), from + actionsPerSidecar));
                    Path sidecar = dir.resolve("sidecar-" + from + ".parquet");
                    writeParquet(log, part, SIDECAR_SCHEMA, dir.resolve("sidecar-" + from + ".json"), sidecar, parsed);
                    String name = java.util.UUID.randomUUID() + ".parquet";
                    log.store().putFile(log.logPrefix() + SIDECARS + name, sidecar);
                    actions.add(new io.floe.delta.actions.Sidecar(name, Files.size(sidecar), now, java.util.Map.of()));
                }
            }
            Path parquet = dir.resolve("checkpoint.parquet");
            writeParquet(log, actions, v2 ? V2_SCHEMA : SCHEMA, dir.resolve("actions.json"), parquet, v2 ? List.of() : parsed);
            log.store().putFile(key, parquet);
            long numAdds = s.addFiles().size();
            String last = "{\"version\":" + s.version() + ",\"size\":" + total + ",\"sizeInBytes\":"
                    + Files.size(parquet) + ",\"numOfAddFiles\":" + numAdds + "}";
            log.store().put(log.logPrefix() + "_last_checkpoint", last.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + key + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
