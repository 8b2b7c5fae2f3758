package io.floe.delta;

import io.floe.delta.actions.AddFile;
import io.floe.storage.LocalObjectStore;
import io.floe.table.DataFile;
import io.floe.types.ArrayType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a lazy snapshot's file list takes each add's statistics from DuckDB's json_transform of the checkpoint's
 * stats text ({@link TypedStats}) when DuckDB's rendering of those values is the text itself, and parses the text in
 * Java otherwise. Both must give the DataFiles the eager read (every action bound and every text parsed by
 * {@link StatsJson}) gives: a table with every column type, column mapping or not, partition values, tags, deletion
 * vectors and row ids, and stats texts written by hand in regular and irregular forms.
 */
class TypedCheckpointStatsTest {
    static final DuckDbCheckpointPlane PLANE = LazySnapshotTest.PLANE;

    static final StructType ALL_TYPES = StructType.of(
            new StructField("b", PrimitiveType.BYTE, true),
            new StructField("s", PrimitiveType.SHORT, true),
            new StructField("i", PrimitiveType.INTEGER, true),
            new StructField("l", PrimitiveType.LONG, true),
            new StructField("f", PrimitiveType.FLOAT, true),
            new StructField("d", PrimitiveType.DOUBLE, true),
            new StructField("dec", new DecimalType(10, 2), true),
            new StructField("str", PrimitiveType.STRING, true),
            new StructField("dt", PrimitiveType.DATE, true),
            new StructField("ts", PrimitiveType.TIMESTAMP, true),
            new StructField("tsn", PrimitiveType.TIMESTAMP_NTZ, true),
            new StructField("bool", PrimitiveType.BOOLEAN, true),
            new StructField("bin", PrimitiveType.BINARY, true),
            new StructField("st", StructType.of(
                    new StructField("a", PrimitiveType.LONG, true),
                    new StructField("inner", StructType.of(new StructField("x", PrimitiveType.STRING, true)), true)), true),
            new StructField("p", PrimitiveType.STRING, true));

    /** The physical names of a table's columns, to write stats texts with. */
    record Names(Map<String, String> byPath) {
        String n(String path) {
            return byPath.get(path);
        }
    }

    static Names names(StructType schema) {
        Map<String, String> m = new HashMap<>();
        collect(schema, "", m);
        return new Names(m);
    }

    private static void collect(StructType st, String prefix, Map<String, String> out) {
        for (StructField f : st.fields()) {
            out.put(prefix + f.name(), f.physicalName());
            if (f.type() instanceof StructType child) {
                collect(child, prefix + f.name() + ".", out);
            }
        }
    }

    /** Stats texts a writer writes (the typed path takes them) and odd ones (Java parses them), by physical names. */
    static List<String> statsTexts(Names c) {
        String all = "\"" + c.n("b") + "\":1,\"" + c.n("s") + "\":-2,\"" + c.n("i") + "\":3,\"" + c.n("l") + "\":9007199254740993,\""
                + c.n("f") + "\":1.5,\"" + c.n("d") + "\":-0.25,\"" + c.n("dec") + "\":12.5,\"" + c.n("str") + "\":\"é, ü\",\""
                + c.n("dt") + "\":\"2024-01-02\",\"" + c.n("ts") + "\":\"2024-01-02T03:04:05.123Z\",\"" + c.n("tsn")
                + "\":\"2024-01-02T03:04:05.123\",\"" + c.n("bool") + "\":true,\"" + c.n("bin") + "\":\"AQI=\",\"" + c.n("st")
                + "\":{\"" + c.n("st.a") + "\":7,\"" + c.n("st.inner") + "\":{\"" + c.n("st.inner.x") + "\":\"x\"}}";
        String counts = "\"" + c.n("b") + "\":0,\"" + c.n("s") + "\":1,\"" + c.n("i") + "\":0,\"" + c.n("l") + "\":0,\"" + c.n("f")
                + "\":0,\"" + c.n("d") + "\":0,\"" + c.n("dec") + "\":0,\"" + c.n("str") + "\":2,\"" + c.n("dt") + "\":0,\""
                + c.n("ts") + "\":0,\"" + c.n("tsn") + "\":0,\"" + c.n("bool") + "\":0,\"" + c.n("bin") + "\":0,\"" + c.n("st")
                + "\":{\"" + c.n("st.a") + "\":0,\"" + c.n("st.inner") + "\":{\"" + c.n("st.inner.x") + "\":3}},\"" + c.n("p") + "\":0";
        String l = c.n("l");
        String i = c.n("i");
        String d = c.n("d");
        String str = c.n("str");
        List<String> out = new ArrayList<>();
        // regular: as Floe and Spark write them
        out.add("{\"numRecords\":10,\"minValues\":{" + all + "},\"maxValues\":{" + all + "},\"nullCount\":{" + counts
                + "},\"tightBounds\":true}");
        out.add("{\"numRecords\":3,\"minValues\":{\"" + l + "\":-5},\"maxValues\":{\"" + l + "\":5},\"nullCount\":{" + counts + "}}");
        out.add("{\"numRecords\":0,\"minValues\":{},\"maxValues\":{},\"nullCount\":{}}");
        out.add("{\"numRecords\":4}");
        out.add("{\"numRecords\":4,\"tightBounds\":false}");
        out.add("{\"minValues\":{\"" + c.n("st") + "\":{\"" + c.n("st.inner") + "\":{\"" + c.n("st.inner.x") + "\":\"a b\"}}}}");
        // irregular: other number forms, escapes, keys, types, malformed text
        out.add("{\"numRecords\":10,\"minValues\":{\"" + l + "\":1e3},\"maxValues\":{\"" + l + "\":1000}}");
        out.add("{\"numRecords\":10,\"minValues\":{\"" + i + "\":5.5},\"maxValues\":{\"" + i + "\":\"6\"}}");
        out.add("{\"numRecords\":10,\"minValues\":{\"" + d + "\":1},\"maxValues\":{\"" + d + "\":1.0E10}}");
        out.add("{\"numRecords\":10,\"minValues\":{\"" + str + "\":\"a\\\"b\\\\c\"},\"maxValues\":{\"" + str + "\":\"\\u00e9\"}}");
        out.add("{\"numRecords\":10,\"minValues\":{\"" + l + "\":1,\"" + l + "\":2}}");
        out.add("{\"numRecords\":10,\"numRecords\":11}");
        out.add("{\"numRecords\":10,\"other\":{\"x\":1},\"minValues\":{\"" + l + "\":1,\"nope\":2}}");
        out.add("{\"numRecords\":10,\"minValues\":{\"" + l + "\":null},\"maxValues\":null}");
        out.add("{\"numRecords\":99999999999999999999}");
        out.add("{\"numRecords\":10,\"minValues\":5,\"maxValues\":{\"" + l + "\":[1,2]}}");
        out.add("{\"numRecords\":10,\"minValues\":{\"" + c.n("st") + "\":5,\"" + c.n("bool") + "\":\"true\"}}");
        out.add("{\"numRecords\":10,\"nullCount\":{\"" + l + "\":1.5,\"" + i + "\":\"2\"}}");
        out.add("{\"maxValues\":{\"" + l + "\":2},\"numRecords\":1}");
        out.add(" {\"numRecords\":10}");
        out.add("{\"numRecords\":");
        out.add("");
        out.add(null);
        return out;
    }

    /** Writes one commit of add actions carrying {@code texts} (and partition values, tags, vectors, row ids). */
    static void commitAdds(Path dir, long version, List<String> texts, Names c) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < texts.size(); k++) {
            Map<String, Object> add = new java.util.LinkedHashMap<>();
            add.put("path", "f-" + version + "-" + k + ".parquet");
            Map<String, String> pv = new java.util.LinkedHashMap<>();
            pv.put(c.n("p"), k % 3 == 0 ? null : "v" + k % 2);
            add.put("partitionValues", pv);
            add.put("size", 100 + k);
            add.put("modificationTime", 1000 + k);
            add.put("dataChange", k % 2 == 0);
            if (texts.get(k) != null) {
                add.put("stats", texts.get(k));
            }
            if (k % 4 == 1) {
                add.put("tags", Map.of("k", "v" + k));
            } else if (k % 4 == 2) {
                add.put("tags", Map.of());
            }
            if (k % 5 == 3) {
                add.put("deletionVector", Map.of("storageType", "u", "pathOrInlineDv", "ab^-aqEH.-t@S}K{vb[*k^" + k,
                        "sizeInBytes", 34, "cardinality", 2));
            }
            if (k % 3 == 1) {
                add.put("baseRowId", 50L * k);
                add.put("defaultRowCommitVersion", version);
            }
            if (k % 6 == 5) {
                add.put("clusteringProvider", "liquid");
            }
            b.append(DeltaJson.MAPPER.writeValueAsString(Map.of("add", add))).append('\n');
        }
        Files.writeString(dir.resolve("_delta_log").resolve(String.format("%020d.json", version)), b.toString());
    }

    static LazySnapshotTest.Built create(StructType schema, boolean mapped) {
        return create(schema, mapped, PLANE);
    }

    /** A table whose log runs its checkpoint queries on {@code plane}. */
    static LazySnapshotTest.Built create(StructType schema, boolean mapped, io.floe.dataplane.DataPlane plane) {
        Path dir = LazySnapshotTest.tempDir();
        LocalObjectStore store = new LocalObjectStore(dir);
        DeltaLog log = new DeltaLog(store, "", plane);
        DeltaTable t = new DeltaTable("t", log);
        Map<String, String> props = new HashMap<>();
        props.put("delta.checkpointInterval", "1000");
        props.put("delta.enableDeletionVectors", "true");
        props.put("delta.checkpoint.writeStatsAsStruct", "true"); // the typed copy however few the files (a plane that can write it)
        if (mapped) {
            props.put("delta.columnMapping.mode", "name");
        }
        t.create(schema, List.of("p"), props, null);
        return new LazySnapshotTest.Built(dir, store, log, t);
    }

    /** The eager snapshot's files, and the lazy one's: equal. Returns the lazy snapshot. */
    static DeltaSnapshot assertLazyEqualsEager(LazySnapshotTest.Built b) {
        return assertLazyEqualsEager(b, PLANE);
    }

    static DeltaSnapshot assertLazyEqualsEager(LazySnapshotTest.Built b, io.floe.dataplane.DataPlane plane) {
        DeltaLog eagerLog = new DeltaLog(b.store(), "", plane);
        eagerLog.readCheckpointsEagerly();
        DeltaSnapshot eager = eagerLog.update();
        assertThat(eager.filesMaterialized()).isTrue();
        DeltaSnapshot lazy = new DeltaLog(b.store(), "", plane).update();
        assertThat(lazy.filesMaterialized()).isFalse();
        List<DataFile> files = lazy.files();
        assertThat(files).isInstanceOf(io.floe.table.ColumnarFiles.class); // held by column, a DataFile made per get
        assertThat(files).hasSize(eager.files().size());
        for (int k = 0; k < files.size(); k++) {
            assertThat(files.get(k)).as("file %s", eager.files().get(k).path()).isEqualTo(eager.files().get(k));
        }
        assertThat(lazy.filesMaterialized()).isFalse(); // streamed, not read into the maps
        return lazy;
    }

    /** How many adds of the checkpoint the typed read hands on with their statistics already taken apart. */
    static long typedAdds(DeltaSnapshot s) throws Exception {
        long[] n = {0};
        s.fileState().checkpoint().readAdds(s.schema(), a -> {
            if (TypedStats.Row.PLACEHOLDER.equals(a.stats()) && StatsJson.parse(a.stats(), s.schema()).numRecords() != null) {
                n[0]++;
            }
        });
        return n[0];
    }

    @Test
    void typedAndParsedStatisticsGiveTheEagerFilesForEveryColumnType() throws Exception {
        for (boolean mapped : List.of(false, true)) {
            LazySnapshotTest.Built b = create(ALL_TYPES, mapped);
            try {
                Names c = names(b.log().update().schema());
                List<String> texts = statsTexts(c);
                commitAdds(b.dir(), 1, texts, c);
                b.log().checkpoint(b.log().update());
                commitAdds(b.dir(), 2, texts.subList(0, 3), c); // a tail, read from JSON
                DeltaSnapshot lazy = assertLazyEqualsEager(b);
                // the five regular texts with a numRecords went through the typed values, the others were parsed
                assertThat(typedAdds(lazy)).as("mapped %s", mapped).isEqualTo(5);
            } finally {
                LazySnapshotTest.delete(b.dir());
            }
        }
    }

    /**
     * Texts with a value or null at every leaf (what a writer writes when it writes nulls, and DuckDB's to_json of the
     * typed values) take the typed values too; ones that differ from that rendering in any way are parsed in Java.
     */
    @Test
    void textsWithEveryLeafSpelledOutIncludingNullsAreTyped() throws Exception {
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true),
                new StructField("x", PrimitiveType.DOUBLE, true),
                new StructField("st", StructType.of(new StructField("t", PrimitiveType.STRING, true)), true),
                new StructField("p", PrimitiveType.STRING, true));
        for (boolean mapped : List.of(false, true)) {
            LazySnapshotTest.Built b = create(schema, mapped);
            try {
                Names c = names(b.log().update().schema());
                String id = c.n("id");
                String x = c.n("x");
                String st = c.n("st");
                String t = c.n("st.t");
                String p = c.n("p");
                java.util.function.BiFunction<String, String, String> leaves = (v, w) -> "{\"" + id + "\":" + v + ",\"" + x + "\":" + w
                        + ",\"" + st + "\":{\"" + t + "\":\"a/b\"},\"" + p + "\":null}";
                String counts = "{\"" + id + "\":0,\"" + x + "\":1,\"" + st + "\":{\"" + t + "\":0},\"" + p + "\":4}";
                List<String> texts = List.of(
                        // typed: every leaf spelled out, nulls included
                        "{\"numRecords\":4,\"minValues\":" + leaves.apply("1", "-0.5") + ",\"maxValues\":" + leaves.apply("9", "2.0")
                                + ",\"nullCount\":" + counts + ",\"tightBounds\":true}",
                        "{\"numRecords\":4,\"minValues\":" + leaves.apply("null", "null") + ",\"maxValues\":" + leaves.apply("-3", "1.25")
                                + ",\"nullCount\":" + counts + ",\"tightBounds\":null}",
                        "{\"numRecords\":4,\"minValues\":null,\"maxValues\":" + leaves.apply("5", "1.5")
                                + ",\"nullCount\":" + counts + ",\"tightBounds\":false}",
                        // parsed: an integer in the double column, a double in the long one, spaces, another key order
                        "{\"numRecords\":4,\"minValues\":" + leaves.apply("1", "2") + ",\"maxValues\":" + leaves.apply("9", "2.0")
                                + ",\"nullCount\":" + counts + ",\"tightBounds\":true}",
                        "{\"numRecords\":4,\"minValues\":" + leaves.apply("1.0", "2.5") + ",\"maxValues\":" + leaves.apply("9", "2.0")
                                + ",\"nullCount\":" + counts + ",\"tightBounds\":true}",
                        "{\"numRecords\": 4,\"minValues\":" + leaves.apply("1", "2.5") + ",\"maxValues\":" + leaves.apply("9", "2.0")
                                + ",\"nullCount\":" + counts + ",\"tightBounds\":true}",
                        "{\"minValues\":" + leaves.apply("1", "2.5") + ",\"numRecords\":4,\"maxValues\":" + leaves.apply("9", "2.0")
                                + ",\"nullCount\":" + counts + ",\"tightBounds\":true}",
                        // DuckDB reads these as doubles, Jackson refuses the text (no statistics): parsed in Java
                        "{\"numRecords\":4,\"minValues\":" + leaves.apply("1", "NaN") + ",\"maxValues\":" + leaves.apply("9", "2.0")
                                + ",\"nullCount\":" + counts + ",\"tightBounds\":true}",
                        "{\"numRecords\":4,\"minValues\":" + leaves.apply("1", "-0.5") + ",\"maxValues\":" + leaves.apply("9", "Infinity")
                                + ",\"nullCount\":" + counts + ",\"tightBounds\":true}",
                        "{\"numRecords\":4,\"minValues\":{\"" + id + "\":1,\"" + x + "\":nan}}",
                        "{\"numRecords\":4,\"maxValues\":{\"" + x + "\":inf}}");
                commitAdds(b.dir(), 1, texts, c);
                b.log().checkpoint(b.log().update());
                DeltaSnapshot lazy = assertLazyEqualsEager(b);
                assertThat(typedAdds(lazy)).as("mapped %s", mapped).isEqualTo(3);
            } finally {
                LazySnapshotTest.delete(b.dir());
            }
        }
    }

    @Test
    void aSchemaWithoutATypedFormParsesEveryText() throws Exception {
        StructType withArray = StructType.of(ALL_TYPES.fields().toArray(StructField[]::new))
                .add(new StructField("arr", new ArrayType(PrimitiveType.LONG, true), true));
        assertThat(TypedStats.of(withArray)).isNull();
        LazySnapshotTest.Built b = create(withArray, false);
        try {
            Names c = names(b.log().update().schema());
            commitAdds(b.dir(), 1, statsTexts(c), c);
            b.log().checkpoint(b.log().update());
            DeltaSnapshot lazy = assertLazyEqualsEager(b);
            assertThat(typedAdds(lazy)).isZero();
        } finally {
            LazySnapshotTest.delete(b.dir());
        }
    }

    @Test
    void valuesReadForAnotherSchemaAreParsedFromTheirRendering() {
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true),
                new StructField("s", StructType.of(new StructField("t", PrimitiveType.STRING, true)), true),
                new StructField("x", PrimitiveType.DOUBLE, true));
        TypedStats typed = TypedStats.of(schema);
        TypedStats.Row row = new TypedStats.Row(typed);
        row.numRecords = 3L;
        row.tightBounds = true;
        row.min[0] = 1L;
        row.max[0] = 9L;
        row.min[1] = "a\"b";
        row.max[2] = 1.0E10;
        row.nullCounts[0] = 0L;
        row.nullCounts[1] = 2L;
        row.json = new String(TypedStats.Row.PLACEHOLDER);
        StructType other = schema.add(new StructField("y", PrimitiveType.LONG, true)); // a column added after the checkpoint
        String text = "{\"numRecords\":3,\"minValues\":{\"id\":1,\"s\":{\"t\":\"a\\\"b\"}},\"maxValues\":{\"id\":9,\"x\":1.0E10},"
                + "\"nullCount\":{\"id\":0,\"s\":{\"t\":2}},\"tightBounds\":true}";
        assertThat(row.render()).isEqualTo(text);
        StatsJson.offer(row);
        try {
            assertThat(StatsJson.parse(row.json, schema)).isEqualTo(StatsJson.parseByTree(text, schema));
            assertThat(StatsJson.parse(row.json, other)).isEqualTo(StatsJson.parseByTree(text, other));
            // another String with the same text is not this row's
            assertThat(StatsJson.parse(new String(TypedStats.Row.PLACEHOLDER), schema).numRecords()).isNull();
        } finally {
            StatsJson.forget();
        }
    }
}
