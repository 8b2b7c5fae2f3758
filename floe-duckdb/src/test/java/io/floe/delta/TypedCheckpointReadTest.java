package io.floe.delta;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.CheckpointMetadata;
import io.floe.delta.actions.DeletionVectorDescriptor;
import io.floe.delta.actions.DomainMetadata;
import io.floe.delta.actions.Metadata;
import io.floe.delta.actions.Protocol;
import io.floe.delta.actions.RemoveFile;
import io.floe.delta.actions.SetTransaction;
import io.floe.delta.actions.Sidecar;
import io.floe.engine.DuckDbDataPlane;
import io.floe.types.MapType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.floe.types.PrimitiveType.BOOLEAN;
import static io.floe.types.PrimitiveType.INTEGER;
import static io.floe.types.PrimitiveType.LONG;
import static io.floe.types.PrimitiveType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Parquet checkpoint read through typed columns gives exactly the actions the JSON path gives (and the ones written):
 * deletion vectors, partition values with nulls and special characters, tags, row tracking, column-mapped names, the
 * V2 columns and sidecar files, and a checkpoint shaped as Spark writes it (parsed stats columns, optional columns absent).
 */
class TypedCheckpointReadTest {
    static DuckDbDataPlane engine;

    @BeforeAll
    static void start() {
        engine = new DuckDbDataPlane();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static final String STATS = "{\"numRecords\":3,\"minValues\":{\"col-5f0a\":1,\"s\":\"a\\\"b\\u00e9\"},"
            + "\"maxValues\":{\"col-5f0a\":9,\"s\":\"z\"},\"nullCount\":{\"col-5f0a\":0,\"s\":1},\"tightBounds\":false}";

    /** File actions covering every field, null and absent. */
    static List<Action> fileActions() {
        List<Action> out = new ArrayList<>();
        out.add(new AddFile("p=a%20b%2Fc%3Dd%25e/q=__HIVE_DEFAULT_PARTITION__/part-0.parquet",
                map("col-5f0a", "a b/c=d%e", "q", null, "r", "日本 ü", "e", ""), 1234, 1_700_000_000_000L, false, STATS,
                map("INSERTION_TIME", "1700000000000000", "k", "v w"),
                new DeletionVectorDescriptor("u", "ab^-aqEH.-t@S}K{vb[*k^", 1, 36, 2), 100L, 3L, "liquid"));
        out.add(new AddFile("part-1.parquet", Map.of(), 10, 0, true, null, null,
                new DeletionVectorDescriptor("i", "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", null, 40, 6), null, null,
                null));
        out.add(new AddFile("part-2.parquet", map("q", null), 11, 5, false, "{\"numRecords\":0}", Map.of(), null, 0L, 0L, null));
        out.add(new RemoveFile("p=x/part-3.parquet", 1_700_000_000_001L, true, true, map("col-5f0a", "x", "q", null), 99L,
                null, map("t", "1"), new DeletionVectorDescriptor("p", "s3://b/dv.bin", 7, 20, 1), 7L, 2L));
        out.add(new RemoveFile("part-4.parquet", null, false, null, null, null, null, null, null, null, null));
        for (int i = 0; i < 5000; i++) { // several DuckDB vectors' worth of rows
            out.add(new AddFile("bulk/part-" + i + ".parquet", map("col-5f0a", i % 7 == 0 ? null : "v" + i), i, i, false,
                    "{\"numRecords\":" + i + "}", null, null, (long) i, 1L, null));
        }
        return out;
    }

    static List<Action> otherActions() {
        return List.of(
                new Protocol(3, 7, List.of("deletionVectors", "columnMapping"), List.of("deletionVectors", "columnMapping",
                        "rowTracking", "domainMetadata")),
                new Metadata("id-1", null, null, Metadata.Format.PARQUET,
                        "{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}",
                        List.of("col-5f0a", "q"), map("delta.columnMapping.mode", "name", "delta.enableRowTracking", "true"), 1L),
                new SetTransaction("app", 25, 1_700_000_000_000L),
                new DomainMetadata("delta.rowTracking", "{\"rowIdHighWaterMark\":5099}", false));
    }

    private Path write(Path dir, String name, List<String> jsonLines, StructType schema) throws Exception {
        Path json = dir.resolve(name + ".json");
        Files.writeString(json, String.join("\n", jsonLines) + "\n", StandardCharsets.UTF_8);
        Path parquet = dir.resolve(name + ".parquet");
        engine.writeParquetFromJson(json, schema, parquet);
        return parquet;
    }

    private static List<String> lines(List<Action> actions) {
        return actions.stream().map(DeltaJson::actionLine).toList();
    }

    /** Both reads of a checkpoint file; asserts they agree (the typed one lists the other rows first) and returns it. */
    private static List<Action> readBothWays(Path parquet) {
        List<Action> typed = new ArrayList<>();
        DeltaLog.readCheckpointParquet(engine, parquet, typed);
        List<Action> json = new ArrayList<>();
        DeltaLog.readCheckpointParquetAsJson(engine, parquet, json);
        List<Action> expected = new ArrayList<>(json.stream().filter(a -> !isFile(a)).toList());
        expected.addAll(json.stream().filter(TypedCheckpointReadTest::isFile).toList());
        assertThat(typed).isEqualTo(expected);
        return typed;
    }

    private static boolean isFile(Action a) {
        return a instanceof AddFile || a instanceof RemoveFile;
    }

    @Test
    void classicCheckpointGivesTheActionsWritten(@TempDir Path dir) throws Exception {
        List<Action> written = new ArrayList<>(otherActions());
        // the file actions among the others, as a checkpoint may order them
        written.addAll(2, fileActions());
        Path parquet = write(dir, "classic", lines(written), Checkpoints.SCHEMA);
        List<Action> read = readBothWays(parquet);
        List<Action> expected = new ArrayList<>(otherActions());
        // a classic checkpoint has no remove.stats column: nothing to lose here, the fixtures have none
        expected.addAll(fileActions());
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void v2CheckpointAndSidecar(@TempDir Path dir) throws Exception {
        List<Action> top = new ArrayList<>();
        top.add(new CheckpointMetadata(25, Map.of()));
        top.addAll(otherActions());
        top.add(new Sidecar("3a0d65cd-4056-49b8-937b-95f9e3ee90e5.parquet", 1000, 5, Map.of()));
        assertThat(readBothWays(write(dir, "v2", lines(top), Checkpoints.V2_SCHEMA))).isEqualTo(top);
        assertThat(readBothWays(write(dir, "sidecar", lines(fileActions()), Checkpoints.SIDECAR_SCHEMA))).isEqualTo(fileActions());
    }

    @Test
    void emptyCheckpointAndOneWithoutFileColumns(@TempDir Path dir) throws Exception {
        assertThat(readBothWays(write(dir, "nofiles", lines(otherActions()), Checkpoints.SCHEMA))).isEqualTo(otherActions());
        StructType noFileColumns = new StructType(Checkpoints.SCHEMA.fields().stream()
                .filter(f -> !f.name().equals("add") && !f.name().equals("remove")).toList());
        assertThat(readBothWays(write(dir, "nocols", lines(otherActions()), noFileColumns))).isEqualTo(otherActions());
    }

    private static StructField f(String name, io.floe.types.DataType t) {
        return new StructField(name, t, true);
    }

    /**
     * As Spark writes one: stats_parsed and partitionValues_parsed beside the JSON stats, remove with its stats, and no
     * tags, deletionVector, row tracking or clusteringProvider columns at all (an older writer): absent reads as null.
     */
    @Test
    void sparkShapedCheckpoint(@TempDir Path dir) throws Exception {
        MapType strings = new MapType(STRING, STRING, true);
        StructType statsParsed = StructType.of(f("numRecords", LONG), f("minValues", StructType.of(f("id", LONG))),
                f("maxValues", StructType.of(f("id", LONG))), f("nullCount", StructType.of(f("id", LONG))));
        StructType schema = StructType.of(
                f("txn", StructType.of(f("appId", STRING), f("version", LONG), f("lastUpdated", LONG))),
                f("add", StructType.of(f("path", STRING), f("partitionValues", strings), f("size", LONG),
                        f("modificationTime", LONG), f("dataChange", BOOLEAN), f("stats", STRING),
                        f("partitionValues_parsed", StructType.of(f("p", INTEGER))), f("stats_parsed", statsParsed))),
                f("remove", StructType.of(f("path", STRING), f("deletionTimestamp", LONG), f("dataChange", BOOLEAN),
                        f("extendedFileMetadata", BOOLEAN), f("partitionValues", strings), f("size", LONG), f("stats", STRING))),
                Checkpoints.SCHEMA.fields().stream().filter(x -> x.name().equals("metaData")).findFirst().orElseThrow(),
                Checkpoints.SCHEMA.fields().stream().filter(x -> x.name().equals("protocol")).findFirst().orElseThrow());
        List<String> lines = new ArrayList<>();
        lines.add(DeltaJson.actionLine(otherActions().get(0)));
        lines.add(DeltaJson.actionLine(otherActions().get(1)));
        List<Action> files = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            AddFile a = new AddFile("p=" + i + "/f" + i + ".parquet", map("p", i == 5 ? null : String.valueOf(i)), 100 + i, i,
                    false, "{\"numRecords\":1,\"minValues\":{\"id\":" + i + "}}", null, null, null, null, null);
            files.add(a);
            ObjectNode n = (ObjectNode) DeltaJson.MAPPER.readTree(DeltaJson.actionLine(a));
            ObjectNode add = (ObjectNode) n.get("add");
            add.putObject("partitionValues_parsed").put("p", i);
            add.putObject("stats_parsed").put("numRecords", 1).putObject("minValues").put("id", i);
            lines.add(n.toString());
        }
        RemoveFile r = new RemoveFile("p=1/old.parquet", 3L, false, true, map("p", "1"), 5L, "{\"numRecords\":2}", null, null,
                null, null);
        files.add(r);
        lines.add(DeltaJson.actionLine(r));
        List<Action> read = readBothWays(write(dir, "spark", lines, schema));
        List<Action> expected = new ArrayList<>(otherActions().subList(0, 2));
        expected.addAll(files);
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void addWithoutPathIsRefusedAsTheJsonPathRefusesIt(@TempDir Path dir) throws Exception {
        Path parquet = write(dir, "nopath", List.of("{\"add\":{\"size\":5,\"dataChange\":false}}"), Checkpoints.SCHEMA);
        List<Action> out = new ArrayList<>();
        assertThatThrownBy(() -> DeltaLog.readCheckpointParquet(engine, parquet, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'add' action without 'path'");
        assertThatThrownBy(() -> DeltaLog.readCheckpointParquetAsJson(engine, parquet, new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'add' action without 'path'");
    }

    /** The data plane's typed read: dotted paths, absent ones as null, the row filter, maps and structs as maps. */
    @Test
    void readParquetColumnsContract(@TempDir Path dir) throws Exception {
        Path parquet = write(dir, "contract", lines(fileActions().subList(0, 4)), Checkpoints.SCHEMA);
        List<Object[]> rows = new ArrayList<>();
        engine.readParquetColumns(parquet, List.of("add.path", "add.nope", "nope.x", "add.deletionVector", "add.tags", "add.size"),
                List.of("add", "absent"), v -> rows.add(v.clone()));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)[0]).isEqualTo(((AddFile) fileActions().get(0)).path());
        assertThat(rows.get(0)[1]).isNull();
        assertThat(rows.get(0)[2]).isNull();
        Map<String, Object> dv = new HashMap<>(Map.of("storageType", "u", "pathOrInlineDv", "ab^-aqEH.-t@S}K{vb[*k^", "offset", 1,
                "sizeInBytes", 36, "cardinality", 2L));
        assertThat(rows.get(0)[3]).isEqualTo(dv);
        assertThat(rows.get(0)[4]).isEqualTo(map("INSERTION_TIME", "1700000000000000", "k", "v w"));
        assertThat(rows.get(0)[5]).isEqualTo(1234L);
        assertThat(rows.get(1)[4]).isNull();
        List<Object[]> none = new ArrayList<>();
        engine.readParquetColumns(parquet, List.of("add.path"), List.of("absent"), none::add);
        assertThat(none).isEmpty();
    }
}
