package io.floe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.floe.engine.EngineTestSupport.exec;
import static io.floe.engine.EngineTestSupport.rows;
import static io.floe.engine.EngineTestSupport.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkpoint Parquet written from JSON and read back as JSON, and the database's life cycle. */
class DuckDbDatabaseTest {
    @TempDir
    Path dir;
    static final ObjectMapper JSON = new ObjectMapper();

    private static StructField f(String name, DataType t) {
        return new StructField(name, t, true);
    }

    static final MapType STRING_MAP = new MapType(PrimitiveType.STRING, PrimitiveType.STRING, true);
    static final StructType DV = StructType.of(f("storageType", PrimitiveType.STRING), f("pathOrInlineDv", PrimitiveType.STRING),
            f("offset", PrimitiveType.INTEGER), f("sizeInBytes", PrimitiveType.INTEGER), f("cardinality", PrimitiveType.LONG));
    /** The classic checkpoint schema of the Delta protocol (the parts Floe writes). */
    static final StructType CHECKPOINT = StructType.of(
            f("txn", StructType.of(f("appId", PrimitiveType.STRING), f("version", PrimitiveType.LONG), f("lastUpdated", PrimitiveType.LONG))),
            f("add", StructType.of(f("path", PrimitiveType.STRING), f("partitionValues", STRING_MAP), f("size", PrimitiveType.LONG),
                    f("modificationTime", PrimitiveType.LONG), f("dataChange", PrimitiveType.BOOLEAN), f("stats", PrimitiveType.STRING),
                    f("tags", STRING_MAP), f("deletionVector", DV), f("baseRowId", PrimitiveType.LONG),
                    f("defaultRowCommitVersion", PrimitiveType.LONG))),
            f("remove", StructType.of(f("path", PrimitiveType.STRING), f("deletionTimestamp", PrimitiveType.LONG),
                    f("dataChange", PrimitiveType.BOOLEAN), f("extendedFileMetadata", PrimitiveType.BOOLEAN),
                    f("partitionValues", STRING_MAP), f("size", PrimitiveType.LONG), f("deletionVector", DV))),
            f("metaData", StructType.of(f("id", PrimitiveType.STRING), f("name", PrimitiveType.STRING),
                    f("description", PrimitiveType.STRING),
                    f("format", StructType.of(f("provider", PrimitiveType.STRING), f("options", STRING_MAP))),
                    f("schemaString", PrimitiveType.STRING), f("partitionColumns", new ArrayType(PrimitiveType.STRING, true)),
                    f("configuration", STRING_MAP), f("createdTime", PrimitiveType.LONG))),
            f("protocol", StructType.of(f("minReaderVersion", PrimitiveType.INTEGER), f("minWriterVersion", PrimitiveType.INTEGER),
                    f("readerFeatures", new ArrayType(PrimitiveType.STRING, true)),
                    f("writerFeatures", new ArrayType(PrimitiveType.STRING, true)))));

    static final List<String> ACTIONS = List.of(
            "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"deletionVectors\"],"
                    + "\"writerFeatures\":[\"deletionVectors\",\"timestampNtz\"]}}",
            "{\"metaData\":{\"id\":\"5c2a\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":"
                    + "\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[]}\",\"partitionColumns\":[\"letter\",\"day\"],"
                    + "\"configuration\":{\"delta.checkpointInterval\":\"10\",\"delta.enableDeletionVectors\":\"true\"},\"createdTime\":1700000000000}}",
            "{\"txn\":{\"appId\":\"stream-1\",\"version\":42,\"lastUpdated\":1700000000001}}",
            "{\"add\":{\"path\":\"letter=a%252Fb/day=__HIVE_DEFAULT_PARTITION__/part-00000-1.c000.snappy.parquet\","
                    + "\"partitionValues\":{\"letter\":\"a/b\",\"day\":null},\"size\":1234,\"modificationTime\":1700000000002,"
                    + "\"dataChange\":false,\"stats\":\"{\\\"numRecords\\\":3,\\\"minValues\\\":{\\\"id\\\":1},\\\"nullCount\\\":{\\\"id\\\":0}}\","
                    + "\"tags\":{\"ZCUBE\":\"x\"},\"deletionVector\":{\"storageType\":\"u\",\"pathOrInlineDv\":\"ab^-aqEH.-t@S}K{vb[*k^\","
                    + "\"offset\":4,\"sizeInBytes\":40,\"cardinality\":6}}}",
            "{\"add\":{\"path\":\"letter=😈/day=2024-01-01/part-00001-2.c000.snappy.parquet\",\"partitionValues\":{\"letter\":\"😈\","
                    + "\"day\":\"2024-01-01\"},\"size\":9007199254740993,\"modificationTime\":1,\"dataChange\":false,\"stats\":null}}",
            "{\"remove\":{\"path\":\"old.parquet\",\"deletionTimestamp\":1700000000003,\"dataChange\":true,"
                    + "\"extendedFileMetadata\":true,\"partitionValues\":{},\"size\":10}}");

    @Test
    void checkpointRoundTripsExactly() throws Exception {
        try (DuckDbDatabase plane = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(dir.resolve("spill")))) {
            Path ndjson = dir.resolve("cp.json");
            Files.write(ndjson, ACTIONS);
            Path parquet = dir.resolve("00000000000000000010.checkpoint.parquet");
            plane.writeParquetFromJson(ndjson, CHECKPOINT, parquet);

            List<String> out = new ArrayList<>();
            plane.readParquetAsJson(parquet, CHECKPOINT.fieldNames(), out::add);
            assertThat(out).hasSize(ACTIONS.size());
            for (int i = 0; i < out.size(); i++) {
                JsonNode got = JSON.readTree(out.get(i));
                assertThat(got.size()).isEqualTo(CHECKPOINT.fields().size()); // every requested column, null where absent
                assertThat(withoutStructNulls(got, CHECKPOINT)).as(out.get(i))
                        .isEqualTo(withoutStructNulls(JSON.readTree(ACTIONS.get(i)), CHECKPOINT));
            }
            // a null value in a map stays a key with null
            assertThat(JSON.readTree(out.get(3)).get("add").get("partitionValues").has("day")).isTrue();

            // standard Parquet types, so that Spark reads it: maps as MAP, longs as INT64, names exactly as given
            Connection c = plane.connection();
            List<List<Object>> schema = rows(c, "SELECT name, type, converted_type FROM parquet_schema('" + parquet + "')");
            assertThat(schema).contains(List.of("size", "INT64", "INT_64"), List.of("minReaderVersion", "INT32", "INT_32"));
            assertThat(schema.stream().filter(r -> "MAP".equals(r.get(2))).map(r -> r.get(0)).toList())
                    .containsExactlyInAnyOrder("partitionValues", "tags", "options", "configuration", "partitionValues");
            assertThat(schema.stream().map(r -> (String) r.get(0)).toList()).contains("metaData", "deletionVector", "pathOrInlineDv");

            // only the requested columns, in the requested order, and none the file lacks
            List<String> some = new ArrayList<>();
            plane.readParquetAsJson(parquet, List.of("remove", "nope", "txn"), some::add);
            assertThat(some).hasSize(ACTIONS.size()).allSatisfy(r -> assertThat(r).startsWith("{\"remove\":"));
            assertThat(JSON.readTree(some.get(2)).get("txn").get("version").asLong()).isEqualTo(42);
            List<String> none = new ArrayList<>();
            plane.readParquetAsJson(parquet, List.of("nope"), none::add);
            assertThat(none).isEmpty();
        }
    }

    /**
     * Rows with a value in the requested columns, read from only the row groups whose footer says they may hold one: the
     * same rows as reading every row group.
     */
    @Test
    void nonNullRowsAreReadFromTheRowGroupsThatHaveThem() throws Exception {
        try (DuckDbDatabase plane = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(dir.resolve("spill")))) {
            Path parquet = dir.resolve("sparse.parquet");
            try (var st = plane.connection().createStatement()) {
                st.execute("COPY (SELECT CASE WHEN i IN (5, 250000, 399999) THEN {'a': i, 'b': 'x'} END AS m, "
                        + "CASE WHEN i = 7 THEN i END AS k, i AS n FROM range(400000) t(i)) TO '" + parquet + "' (FORMAT parquet, ROW_GROUP_SIZE 100000)");
            }
            // row groups of ~100,000 rows (DuckDB rounds them to its vector size): the second has no m
            List<long[]> m1 = plane.rowGroupsWithValues(parquet, List.of("m"));
            assertThat(m1).hasSize(2);
            assertThat(m1.get(0)[0]).isZero();
            assertThat(m1.get(0)[1]).isBetween(5L, 149_999L);
            assertThat(m1.get(1)[0]).isBetween(150_001L, 250_000L);
            assertThat(m1.get(1)[1]).isEqualTo(399_999L);
            List<long[]> k1 = plane.rowGroupsWithValues(parquet, List.of("k"));
            assertThat(k1).hasSize(1);
            assertThat(k1.get(0)).containsExactly(0L, m1.get(0)[1]);
            assertThat(plane.rowGroupsWithValues(parquet, List.of("n"))).as("every row group: no filter").isNull();
            List<String> m = new ArrayList<>();
            long bytes = DuckDbDatabase.footerPruningBytes;
            DuckDbDatabase.footerPruningBytes = 0; // the file is small: its row groups are read by their footer all the same
            try {
                plane.readParquetAsJson(parquet, List.of("m"), true, m::add);
            } finally {
                DuckDbDatabase.footerPruningBytes = bytes;
            }
            assertThat(m).containsExactly("{\"m\":{\"a\":5,\"b\":\"x\"}}", "{\"m\":{\"a\":250000,\"b\":\"x\"}}",
                    "{\"m\":{\"a\":399999,\"b\":\"x\"}}");
            List<String> mk = new ArrayList<>();
            plane.readParquetAsJson(parquet, List.of("k", "m"), true, mk::add);
            assertThat(mk).hasSize(4);
        }
    }

    /** Drops struct fields whose value is null (an absent JSON field reads back as null); map entries are kept as they are. */
    private static JsonNode withoutStructNulls(JsonNode n, DataType t) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (t instanceof StructType s) {
            ObjectNode o = JSON.createObjectNode();
            for (StructField f : s.fields()) {
                JsonNode v = withoutStructNulls(n.get(f.name()), f.type());
                if (v != null) {
                    o.set(f.name(), v);
                }
            }
            return o;
        }
        return n;
    }

    @Test
    void emptyJsonGivesAnEmptyCheckpointWithTheSchema() throws Exception {
        try (DuckDbDatabase plane = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(dir.resolve("spill")))) {
            Path ndjson = Files.writeString(dir.resolve("empty.json"), "");
            Path parquet = dir.resolve("empty.parquet");
            plane.writeParquetFromJson(ndjson, CHECKPOINT, parquet);
            assertThat(scalar(plane.connection(), "SELECT count(*) FROM read_parquet('" + parquet + "')")).isEqualTo(0L);
            assertThat(rows(plane.connection(), "DESCRIBE SELECT * FROM read_parquet('" + parquet + "')").stream().map(r -> r.get(0)).toList())
                    .containsExactly("txn", "add", "remove", "metaData", "protocol");
        }
    }

    @Test
    void binaryColumnsReadAsBase64() throws Exception {
        try (DuckDbDatabase plane = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(dir.resolve("spill")))) {
            Path parquet = dir.resolve("b.parquet");
            exec(plane.connection(), "COPY (SELECT '\\x00\\xFF'::BLOB AS b, MAP {'k': 1} AS m) TO '" + parquet + "' (FORMAT parquet)");
            List<String> out = new ArrayList<>();
            plane.readParquetAsJson(parquet, List.of("b", "m"), out::add);
            assertThat(out).containsExactly("{\"b\":\"AP8=\",\"m\":{\"k\":1}}");
        }
    }

    @Test
    void settingsApplyAndNothingIsFetchedAtRunTime() {
        Path tmp = dir.resolve("spill-here");
        try (DuckDbDatabase plane = new DuckDbDatabase(new DuckDbDatabase.Settings(1, "256MB", tmp))) {
            Connection c = plane.connection();
            assertThat(scalar(c, "SELECT current_setting('threads')")).isEqualTo(1L);
            assertThat(String.valueOf(scalar(c, "SELECT current_setting('memory_limit')"))).contains("MiB");
            assertThat(scalar(c, "SELECT current_setting('temp_directory')")).isEqualTo(tmp.toString());
            assertThat(scalar(c, "SELECT current_setting('autoinstall_known_extensions')")).isEqualTo(false);
            assertThat(scalar(c, "SELECT current_setting('autoload_known_extensions')")).isEqualTo(false);
            assertThat(scalar(c, "SELECT current_setting('TimeZone')")).isEqualTo("UTC");
        }
        assertThat(tmp).isDirectory();
    }

    @Test
    void eachThreadHasItsOwnConnectionAndCloseEndsThemAll() throws Exception {
        DuckDbDatabase plane = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(dir.resolve("spill")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long n = t;
                results.add(pool.submit(() -> {
                    Connection c = plane.connection();
                    assertThat(plane.connection()).isSameAs(c);
                    // the same temp table name on every thread: each sees its own
                    exec(c, "CREATE OR REPLACE TEMP TABLE mine AS SELECT range AS v FROM range(" + (n + 1) * 1000 + ")");
                    Thread.sleep(20);
                    return ((Number) scalar(c, "SELECT count(*) FROM mine")).longValue();
                }));
            }
            for (int t = 0; t < 8; t++) {
                assertThat(results.get(t).get()).isEqualTo((t + 1) * 1000L);
            }
        } finally {
            pool.shutdownNow();
        }
        plane.close();
        plane.close(); // twice is fine
        assertThatThrownBy(plane::connection).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void theDatabaseStartsAtTheFirstConnectionAndABadSettingFailsThereWithNothingLeftOpen() {
        DuckDbDatabase plane = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(dir.resolve("spill")));
        assertThat(plane.started()).isFalse();
        plane.close(); // never started: nothing to close
        assertThatThrownBy(plane::connection).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(plane.started()).isFalse();

        try (DuckDbDatabase bad = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(dir.resolve("spill")).withMemoryLimit("lots"))) {
            assertThat(bad.started()).as("settings apply when it starts").isFalse();
            assertThatThrownBy(bad::connection).isInstanceOf(io.floe.table.FloeException.class).hasMessageContaining("cannot start DuckDB");
            assertThat(bad.started()).isFalse();
            assertThatThrownBy(bad::connection).as("and again on the next try").hasMessageContaining("cannot start DuckDB");
        }
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> new DuckDbDatabase.Settings(-1, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Map.of("threads", DuckDbDatabase.Settings.defaults(dir).withThreads(3).threads())).containsEntry("threads", 3);
    }

    /** The typed copy of a JSON text: each value only when it is exactly of its leaf's type, else null; never rounded. */
    @Test
    void aJsonTextIsWrittenParsedWhereItsValuesAreExactlyOfTheirTypes() throws Exception {
        StructType bounds = StructType.of(f("i", PrimitiveType.INTEGER), f("l", PrimitiveType.LONG), f("d", PrimitiveType.DOUBLE),
                f("s", PrimitiveType.STRING), f("b", PrimitiveType.BOOLEAN), f("day", PrimitiveType.DATE),
                f("ts", PrimitiveType.TIMESTAMP), f("ntz", PrimitiveType.TIMESTAMP_NTZ), f("n", StructType.of(f("x", PrimitiveType.SHORT))));
        StructType parsedType = StructType.of(f("numRecords", PrimitiveType.LONG), f("minValues", bounds));
        StructType schema = StructType.of(f("add", StructType.of(f("path", PrimitiveType.STRING), f("stats", PrimitiveType.STRING))));
        List<String> texts = List.of(
                "{\"numRecords\":3,\"minValues\":{\"i\":-7,\"l\":9007199254740993,\"d\":2.5,\"s\":\"a\\\"b\",\"b\":true,"
                        + "\"day\":\"2024-02-29\",\"ts\":\"2024-01-01T00:00:00.123Z\",\"ntz\":\"2024-01-01T01:02:03.5\",\"n\":{\"x\":2}}}",
                // wrong JSON types, rounding, out of range, a zone missing or extra, NaN: all null, never a changed value
                "{\"numRecords\":1.5,\"minValues\":{\"i\":12345678901,\"l\":1.5,\"d\":\"2\",\"s\":5,\"b\":1,"
                        + "\"day\":\"x\",\"ts\":\"2024-01-01T00:00:00\",\"ntz\":\"2024-01-01T00:00:00Z\",\"n\":{\"x\":true}}}",
                "{\"numRecords\":2,\"minValues\":{\"d\":NaN,\"l\":1e3,\"ts\":\"2024-01-01T08:00:00+08:00\"}}",
                "{\"numRecords\":2,\"minValues\":{\"i\":null,\"ts\":\"2024-01-01T08:00:00+08:00\",\"n\":{\"x\":1,\"x\":2}}}",
                "{\"numRecords\":2,\"numRecords\":3}",
                "{\"numRecords\":2,\"minValues\":{\"i\":null,\"ts\":\"2024-01-01T08:00:00+08:00\",\"n\":5}}",
                "{\"numRecords\":4}",
                "not json");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode add = JSON.createObjectNode().put("path", "f" + i).put("stats", texts.get(i));
            lines.add(JSON.writeValueAsString(JSON.createObjectNode().set("add", add)));
        }
        lines.add("{\"add\":{\"path\":\"f8\"}}");
        lines.add("{\"other\":1}");
        try (DuckDbDatabase plane = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(dir.resolve("spill")))) {
            Path ndjson = dir.resolve("p.json");
            Files.write(ndjson, lines);
            Path parquet = dir.resolve("p.parquet");
            plane.writeParquetFromJson(ndjson, schema, parquet,
                    List.of(new io.floe.dataplane.DataPlane.ParsedJson("add", "stats", "parsed", parsedType)));
            Connection c = plane.connection();
            exec(c, "SET TimeZone = 'America/Los_Angeles'"); // the values read back do not depend on the session's zone
            List<List<Object>> got = rows(c, "SELECT add.path, CAST(add.parsed.numRecords AS VARCHAR), CAST(add.parsed.minValues AS VARCHAR), "
                    + "epoch_us(add.parsed.minValues.ts), CAST(add.parsed.minValues.ntz AS VARCHAR), add.stats IS NOT NULL FROM read_parquet('"
                    + parquet + "') ORDER BY add.path NULLS LAST");
            assertThat(got.get(0)).containsExactly("f0", "3", "{'i': -7, 'l': 9007199254740993, 'd': 2.5, 's': 'a\"b', 'b': true, "
                    + "'day': 2024-02-29, 'ts': '2023-12-31 16:00:00.123-08', 'ntz': '2024-01-01 01:02:03.5', 'n': {'x': 2}}",
                    1704067200123000L, "2024-01-01 01:02:03.5", true);
            // any value not exactly of its type: no parsed field at all (it would say less than the text)
            assertThat(got.get(1)).containsExactly("f1", null, null, null, null, true);
            assertThat(got.get(2).subList(0, 4)).containsExactly("f2", null, null, null);
            assertThat(got.get(3).subList(0, 3)).containsExactly("f3", null, null); // a key twice: no one reading
            assertThat(got.get(4).subList(0, 3)).containsExactly("f4", null, null);
            assertThat(got.get(5).subList(0, 4)).containsExactly("f5", "2", "{'i': NULL, 'l': NULL, 'd': NULL, 's': NULL, 'b': NULL, "
                    + "'day': NULL, 'ts': '2023-12-31 16:00:00-08', 'ntz': NULL, 'n': {'x': NULL}}", 1704067200000000L);
            assertThat(got.get(6).subList(0, 3)).containsExactly("f6", "4", null);
            assertThat(got.get(7).subList(0, 3)).containsExactly("f7", null, null); // not JSON: no parsed value at all
            assertThat(got.get(8).subList(0, 3)).containsExactly("f8", null, null);
            assertThat(got.get(9).get(0)).isNull(); // a row without the column keeps it null
            assertThat(scalar(c, "SELECT count(*) FROM read_parquet('" + parquet + "') WHERE add IS NULL")).isEqualTo(1L);
            // the column's own fields are unchanged, the parsed one is added at the end of the struct
            List<List<Object>> names = rows(c, "SELECT name FROM parquet_schema('" + parquet + "')");
            assertThat(names.stream().map(r -> r.get(0)).toList().subList(0, 5)).containsExactly("duckdb_schema", "add", "path", "stats", "parsed");
        }
    }
}
