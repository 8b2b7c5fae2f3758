package io.floe.engine;

import io.floe.delta.DeltaPartitionValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.delta.SchemaJson;
import io.floe.delta.StatsJson;
import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.LocalObjectStore;
import io.floe.table.DataFile;
import io.floe.table.DeletionVector;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.floe.engine.EngineTestSupport.exec;
import static io.floe.engine.EngineTestSupport.localFiles;
import static io.floe.engine.EngineTestSupport.multisetDifference;
import static io.floe.engine.EngineTestSupport.rows;
import static io.floe.engine.EngineTestSupport.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link TableScan} makes of a list of data files: exactly the table's rows, typed and named as the table says. */
class TableScanTest {
    static DuckDbDatabase plane;
    @TempDir
    Path dir;
    Connection c;
    LocalObjectStore store;

    @BeforeAll
    static void start(@TempDir Path tmp) {
        plane = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(tmp.resolve("spill")));
    }

    @AfterAll
    static void stop() {
        plane.close();
    }

    @BeforeEach
    void setUp() {
        c = plane.connection();
        store = new LocalObjectStore(dir.resolve("store"));
    }

    private TableScan scan() {
        return new TableScan(localFiles(store, dir.resolve("fetched")), null);
    }

    /** Writes a Parquet file at a table-relative directory path (as it is on disk) and returns its size. */
    private long parquet(String relative, String query) throws IOException {
        Path p = dir.resolve("store").resolve("t").resolve(relative);
        Files.createDirectories(p.getParent());
        exec(c, "COPY (" + query + ") TO '" + p.toString().replace("'", "''") + "' (FORMAT parquet)");
        return Files.size(p);
    }

    private static DataFile file(String logPath, Map<String, ?> partitionValues) {
        return new DataFile(logPath, partitionValues, 1, 0, null);
    }

    @Test
    void noFilesGiveAnEmptyRelationOfTheTableTypes() {
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true),
                new StructField("st", StructType.of(new StructField("a", PrimitiveType.DATE, true)), true),
                new StructField("d", new DecimalType(38, 18), true));
        String sql = scan().sql(new ScanSpec(schema, List.of("d"), store, "t/"), List.of(), true);
        assertThat(scalar(c, "SELECT count(*) FROM " + sql)).isEqualTo(0L);
        assertThat(rows(c, "DESCRIBE SELECT * FROM " + sql).stream().map(r -> r.get(0) + " " + r.get(1)).toList())
                .containsExactly("id BIGINT", "st STRUCT(a DATE)", "d DECIMAL(38,18)", TableScan.FILE_COLUMN + " VARCHAR");
    }

    @Test
    void partitionValuesFromTheLogBecomeTypedConstants() throws IOException {
        parquet("x/f1.parquet", "SELECT 1::BIGINT AS v");
        parquet("x/f2.parquet", "SELECT 1::BIGINT AS v");
        StructType schema = StructType.of(new StructField("v", PrimitiveType.LONG, true),
                new StructField("d", PrimitiveType.DATE, true), new StructField("ts", PrimitiveType.TIMESTAMP, true),
                new StructField("ntz", PrimitiveType.TIMESTAMP_NTZ, true), new StructField("dec", new DecimalType(10, 2), true),
                new StructField("i", PrimitiveType.INTEGER, true), new StructField("b", PrimitiveType.BOOLEAN, true),
                new StructField("bin", PrimitiveType.BINARY, true), new StructField("s", PrimitiveType.STRING, true));
        List<String> parts = List.of("d", "ts", "ntz", "dec", "i", "b", "bin", "s");
        Map<String, String> a = new HashMap<>(Map.of("d", "2024-02-29", "ts", "2024-01-02 03:04:05", "ntz", "2024-01-02 03:04:05.123456",
                "dec", "1.50", "i", "-7", "b", "true", "bin", "😈", "s", "a/b"));
        Map<String, String> b = new HashMap<>(Map.of("ts", "2024-01-02T03:04:05.123456Z", "i", "", "s", "__HIVE_DEFAULT_PARTITION__"));
        b.put("d", null);
        // as the Delta format reads them from its log
        List<DataFile> files = List.of(file("x/f1.parquet", DeltaPartitionValues.read(a, schema, parts, "x/f1.parquet")),
                file("x/f2.parquet", DeltaPartitionValues.read(b, schema, parts, "x/f2.parquet")));
        String sql = scan().sql(new ScanSpec(schema, parts, store, "t/"), files, false);
        List<List<Object>> r = rows(c, "SELECT v, d, ts, ntz, dec, i, b, decode(bin), s, typeof(ts), typeof(dec) FROM " + sql
                + " ORDER BY ts");
        assertThat(r.get(0)).containsExactly(1L, LocalDate.of(2024, 2, 29), OffsetDateTime.parse("2024-01-02T03:04:05Z"),
                java.sql.Timestamp.valueOf("2024-01-02 03:04:05.123456"), new BigDecimal("1.50"), -7, true, "😈", "a/b",
                "TIMESTAMP WITH TIME ZONE", "DECIMAL(10,2)");
        // missing, null, "" and __HIVE_DEFAULT_PARTITION__ are all null
        assertThat(r.get(1)).containsExactly(1L, null, OffsetDateTime.parse("2024-01-02T03:04:05.123456Z"), null, null, null, null,
                null, null, "TIMESTAMP WITH TIME ZONE", "DECIMAL(10,2)");
    }

    @Test
    void logPathsAreUrlDecodedAndMayNotLeaveTheTable() throws IOException {
        // Spark escapes "/" in a partition value as %2F in the directory name; the log URL-encodes that '%' again
        parquet("letter=%2F/date=1970-01-01 x/f 1.parquet", "SELECT 'slash' AS v");
        parquet("letter=😈/f.parquet", "SELECT 'devil' AS v");
        StructType schema = StructType.of(new StructField("v", PrimitiveType.STRING, true), new StructField("letter", PrimitiveType.STRING, true));
        List<DataFile> files = List.of(file("letter=%252F/date=1970-01-01%20x/f%201.parquet", Map.of("letter", "/")),
                file("letter=😈/f.parquet", Map.of("letter", "😈")));
        String sql = scan().sql(new ScanSpec(schema, List.of("letter"), store, "t/"), files, true);
        assertThat(rows(c, "SELECT v, letter, " + TableScan.FILE_COLUMN + " FROM " + sql + " ORDER BY v")).containsExactly(
                List.of("devil", "😈", "letter=😈/f.parquet"), List.of("slash", "/", "letter=%252F/date=1970-01-01%20x/f%201.parquet"));
        assertThatThrownBy(() -> scan().sql(new ScanSpec(schema, List.of(), store, "t/"), List.of(file("../u/f.parquet", Map.of())), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filesThatPredateAColumnGiveNullForIt() throws IOException {
        parquet("old.parquet", "SELECT 1::INTEGER AS id, {'a': 1} AS st");
        parquet("new.parquet", "SELECT 2::BIGINT AS id, {'a': 2, 'b': 'x'} AS st, 'added' AS extra");
        StructType st = StructType.of(new StructField("a", PrimitiveType.LONG, true), new StructField("b", PrimitiveType.STRING, true));
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true), new StructField("st", st, true),
                new StructField("extra", PrimitiveType.STRING, true));
        String sql = scan().sql(new ScanSpec(schema, List.of(), store, "t/"),
                List.of(file("old.parquet", Map.of()), file("new.parquet", Map.of())), false);
        assertThat(rows(c, "SELECT id, st.a, st.b, extra FROM " + sql + " ORDER BY id")).containsExactly(
                java.util.Arrays.asList(1L, 1L, null, null), List.of(2L, 2L, "x", "added"));
        assertThat(rows(c, "DESCRIBE SELECT * FROM " + sql).stream().map(r -> (String) r.get(1)).toList())
                .containsExactly("BIGINT", "STRUCT(a BIGINT, b VARCHAR)", "VARCHAR");
    }

    @Test
    void planningOpensNoFileTheQueryWillReadAgain() throws IOException {
        // the SQL is built before the files exist: nothing asks their footers for the columns (issue 16: a DESCRIBE
        // over read_parquet opened every footer once more before the query did)
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true),
                new StructField("v", PrimitiveType.STRING, true), new StructField("added", PrimitiveType.INTEGER, true));
        String sql = scan().sql(new ScanSpec(schema, List.of(), store, "t/"),
                List.of(file("a.parquet", Map.of()), file("b.parquet", Map.of())), false);
        parquet("a.parquet", "SELECT range AS id, 'v' || range AS v FROM range(0, 100)");
        parquet("b.parquet", "SELECT range AS id, 'w' || range AS v, 1 AS added FROM range(100, 200)");
        assertThat(rows(c, "SELECT id, v, added FROM " + sql + " WHERE id IN (5, 105) ORDER BY id"))
                .containsExactly(java.util.Arrays.asList(5L, "v5", null), List.of(105L, "w105", 1));
    }

    @Test
    void filtersAndProjectionsStillReachTheParquetScan() throws IOException {
        parquet("p.parquet", "SELECT range AS id, 'v' || range AS v, range * 2 AS w FROM range(1000)");
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true),
                new StructField("v", PrimitiveType.STRING, true), new StructField("w", PrimitiveType.LONG, true),
                new StructField("missing", PrimitiveType.INTEGER, true));
        String sql = scan().sql(new ScanSpec(schema, List.of(), store, "t/"), List.of(file("p.parquet", Map.of())), false);
        String plan = rows(c, "EXPLAIN SELECT count(*) FROM " + sql + " WHERE id = 7").stream()
                .map(r -> String.valueOf(r.get(r.size() - 1))).reduce("", String::concat);
        // the lookup's predicate is evaluated by the Parquet reader (row-group skipping), and only id is read
        assertThat(plan).contains("READ_PARQUET").containsPattern("Filters:[\\s│]*id=7");
        assertThat(plan).doesNotContain("UNION");
        assertThat(scalar(c, "SELECT count(*) FROM " + sql + " WHERE id = 7 AND missing IS NULL")).isEqualTo(1L);
    }

    private static DataFile withStats(String logPath, StructType schema, String statsJson) {
        return new DataFile(logPath, Map.of(), 1, 0, StatsJson.parse(statsJson, schema));
    }

    @Test
    void statisticsThatProveEveryColumnLeaveOutTheEmptyRelationAndTheUnion() throws IOException {
        // issue 16: binding the typed empty relation and read_parquet's union by name cost a point lookup about a third
        // of what DuckDB alone takes; a file whose statistics show a value in each column has every column
        parquet("a.parquet", "SELECT range AS id, 'v' || range AS v FROM range(0, 100)");
        parquet("b.parquet", "SELECT range AS id, 'w' || range AS v FROM range(100, 200)");
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true), new StructField("v", PrimitiveType.STRING, true));
        DataFile a = withStats("a.parquet", schema, "{\"numRecords\":100,\"minValues\":{\"id\":0,\"v\":\"v0\"},"
                + "\"maxValues\":{\"id\":99,\"v\":\"v99\"},\"nullCount\":{\"id\":0,\"v\":0}}");
        DataFile b = withStats("b.parquet", schema, "{\"numRecords\":100,\"nullCount\":{\"id\":0,\"v\":0}}");
        String one = scan().sql(new ScanSpec(schema, List.of(), store, "t/"), List.of(a), false);
        assertThat(one).doesNotContain("UNION").doesNotContain("union_by_name");
        assertThat(rows(c, "SELECT id, v FROM " + one + " WHERE id = 7")).containsExactly(List.of(7L, "v7"));
        String both = scan().sql(new ScanSpec(schema, List.of(), store, "t/"), List.of(a, b), false);
        assertThat(both).doesNotContain("UNION").doesNotContain("union_by_name");
        assertThat(rows(c, "SELECT count(*), sum(id), max(v) FROM " + both)).containsExactly(List.of(200L, java.math.BigInteger.valueOf(19900), "w199"));
    }

    @Test
    void aColumnOneFileProvesIsReadByNameAcrossTheOthers() throws IOException {
        parquet("old.parquet", "SELECT 1::BIGINT AS id");
        parquet("new.parquet", "SELECT 2::BIGINT AS id, 'x' AS added");
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true), new StructField("added", PrimitiveType.STRING, true));
        // the old file predates the column: its statistics cannot have it
        DataFile old = withStats("old.parquet", schema, "{\"numRecords\":1,\"minValues\":{\"id\":1},\"maxValues\":{\"id\":1},\"nullCount\":{\"id\":0}}");
        DataFile added = withStats("new.parquet", schema, "{\"numRecords\":1,\"nullCount\":{\"id\":0,\"added\":0}}");
        for (List<DataFile> order : List.of(List.of(old, added), List.of(added, old))) {
            String sql = scan().sql(new ScanSpec(schema, List.of(), store, "t/"), order, false);
            assertThat(sql).doesNotContain("UNION").contains("union_by_name = true");
            assertThat(rows(c, "SELECT id, added FROM " + sql + " ORDER BY id")).containsExactly(java.util.Arrays.asList(1L, null), List.of(2L, "x"));
        }
    }

    @Test
    void anAllNullColumnProvesNothing() throws IOException {
        // a writer may count a column it left out of the file as all null: only a value proves the column is there
        parquet("f.parquet", "SELECT 1::BIGINT AS id");
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true), new StructField("gone", PrimitiveType.INTEGER, true));
        DataFile f = withStats("f.parquet", schema, "{\"numRecords\":1,\"minValues\":{\"id\":1},\"nullCount\":{\"id\":0,\"gone\":1}}");
        String sql = scan().sql(new ScanSpec(schema, List.of(), store, "t/"), List.of(f), false);
        assertThat(rows(c, "SELECT id, gone FROM " + sql)).containsExactly(java.util.Arrays.asList(1L, null));
    }

    @Test
    void filesOfAWidenedColumnAreStillUnionedByName() throws IOException {
        // before the widening the files hold INT; read without the union, DuckDB would cast the later BIGINT file to the
        // first file's INT and fail on a value that only fits the wider type
        parquet("narrow.parquet", "SELECT 1::INTEGER AS id");
        parquet("wide.parquet", "SELECT 5000000000::BIGINT AS id");
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true,
                Map.of(TableScan.Cover.TYPE_CHANGES, List.of(Map.of("fromType", "integer", "toType", "long")))));
        DataFile narrow = withStats("narrow.parquet", schema, "{\"numRecords\":1,\"nullCount\":{\"id\":0}}");
        DataFile wide = withStats("wide.parquet", schema, "{\"numRecords\":1,\"minValues\":{\"id\":5000000000},\"nullCount\":{\"id\":0}}");
        String sql = scan().sql(new ScanSpec(schema, List.of(), store, "t/"), List.of(narrow, wide), false);
        assertThat(sql).contains("union_by_name = true");
        assertThat(rows(c, "SELECT id FROM " + sql + " ORDER BY id")).containsExactly(List.of(1L), List.of(5000000000L));
    }

    @Test
    void columnNamesMatchTheFilesWhateverTheirCase() throws IOException {
        parquet("upper.parquet", "SELECT 3::BIGINT AS \"ID\", 'x' AS \"Name\"");
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true),
                new StructField("name", PrimitiveType.STRING, true));
        String sql = scan().sql(new ScanSpec(schema, List.of(), store, "t/"), List.of(file("upper.parquet", Map.of())), false);
        assertThat(rows(c, "SELECT id, name FROM " + sql)).containsExactly(List.of(3L, "x"));
    }

    @Test
    void columnMappingRenamesPhysicalColumnsToLogicalOnes() throws IOException {
        parquet("cm.parquet", "SELECT 5 AS \"col-a\", {'col-x': 7, 'col-y': 'q'} AS \"col-b\", [{'col-x': 1, 'col-y': NULL}] AS \"col-c\","
                + " MAP {'k': {'col-x': 3, 'col-y': 'w'}} AS \"col-d\"");
        StructType inner = StructType.of(mapped("x", PrimitiveType.INTEGER, "col-x"), mapped("y", PrimitiveType.STRING, "col-y"));
        StructType schema = StructType.of(mapped("a", PrimitiveType.INTEGER, "col-a"), mapped("b", inner, "col-b"),
                mapped("c", new io.floe.types.ArrayType(inner, true), "col-c"),
                mapped("d", new io.floe.types.MapType(PrimitiveType.STRING, inner, true), "col-d"),
                mapped("e", PrimitiveType.STRING, "col-e"));
        String sql = scan().sql(new ScanSpec(schema, List.of(), store, "t/"), List.of(file("cm.parquet", Map.of())), false);
        assertThat(rows(c, "SELECT a, b.x, b.y, c[1].x, c[1].y, d['k'].x, d['k'].y, e FROM " + sql))
                .containsExactly(java.util.Arrays.asList(5, 7, "q", 1, null, 3, "w", null));
    }

    private static StructField mapped(String name, io.floe.types.DataType t, String physical) {
        return new StructField(name, t, true, Map.of(), 0, physical);
    }

    @Test
    void deletionVectorsAreRefusedUnlessTheScanCanReadThem() throws IOException {
        parquet("dv.parquet", "SELECT range AS id FROM range(10)");
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true));
        DataFile f = file("dv.parquet", Map.of()).withDeletionVector(new DeletionVector("i", "abc", null, 10, 3));
        ScanSpec spec = new ScanSpec(schema, List.of(), store, "t/");
        assertThatThrownBy(() -> scan().sql(spec, List.of(f), false)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("deletion vectors: ").hasMessageContaining("dv.parquet");
        parquet("plain.parquet", "SELECT range AS id FROM range(10)");
        TableScan withDv = new TableScan(localFiles(store, dir.resolve("fetched")), x -> new long[]{0, 4, 9});
        // a vector applies to its own file only
        assertThat(scalar(c, "SELECT count(*) FROM " + withDv.sql(spec, List.of(f, file("plain.parquet", Map.of())), false)))
                .isEqualTo(20L - 3);
        assertThat(rows(c, "SELECT id FROM " + withDv.sql(spec, List.of(f), false) + " ORDER BY id").stream().map(r -> r.get(0)).toList())
                .containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 8L);
    }

    @Test
    void remoteFilesAreReadThroughTheLocalFileCallback() throws IOException {
        InMemoryObjectStore remote = new InMemoryObjectStore();
        Path p = dir.resolve("x.parquet");
        exec(c, "COPY (SELECT 42 AS v) TO '" + p + "' (FORMAT parquet)");
        remote.put("tables/r/part=a b/x.parquet", Files.readAllBytes(p));
        StructType schema = StructType.of(new StructField("v", PrimitiveType.INTEGER, true), new StructField("part", PrimitiveType.STRING, true));
        List<String> fetched = new ArrayList<>();
        TableScan s = new TableScan(key -> {
            fetched.add(key);
            return localFiles(remote, dir.resolve("fetched")).apply(key);
        }, null);
        String sql = s.sql(new ScanSpec(schema, List.of("part"), remote, "tables/r/"), List.of(file("part=a%20b/x.parquet",
                Map.of("part", "a b"))), false);
        assertThat(rows(c, "SELECT v, part FROM " + sql)).containsExactly(List.of(42, "a b"));
        assertThat(fetched).containsExactly("tables/r/part=a b/x.parquet");
    }

    /**
     * The Spark-written tables of the Delta Acceptance Tests: their files read through TableScan (with the
     * log's partition values and the latest schema) equal the expected table content.
     */
    @Test
    void sparkWrittenDatTablesReadBackExactly() throws IOException {
        Path dat = Path.of("/work/shared/conformance/dat");
        Assumptions.assumeTrue(Files.isDirectory(dat), "no DAT tables at " + dat + ": skipped");
        List<Path> cases;
        try (Stream<Path> s = Files.list(dat)) {
            cases = s.filter(p -> Files.isDirectory(p.resolve("delta/_delta_log"))).sorted().toList();
        }
        Assumptions.assumeFalse(cases.isEmpty(), "no DAT cases under " + dat + ": skipped");
        ObjectMapper json = new ObjectMapper();
        for (Path tc : cases) {
            Path copy = dir.resolve("dat").resolve(tc.getFileName().toString());
            copyTree(tc.resolve("delta"), copy); // read a copy: /work/shared is not ours to touch
            Map<String, DataFile> live = new LinkedHashMap<>();
            StructType schema = null;
            List<String> partitions = List.of();
            List<Path> commits;
            try (Stream<Path> s = Files.list(copy.resolve("_delta_log"))) {
                commits = s.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")).sorted().toList();
            }
            for (Path commit : commits) {
                for (String line : Files.readAllLines(commit)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode a = json.readTree(line);
                    if (a.has("metaData")) {
                        schema = SchemaJson.parse(a.get("metaData").get("schemaString").asText());
                        List<String> pc = new ArrayList<>();
                        a.get("metaData").get("partitionColumns").forEach(p -> pc.add(p.asText()));
                        partitions = pc;
                    } else if (a.has("add")) {
                        JsonNode add = a.get("add");
                        Map<String, String> pv = new LinkedHashMap<>();
                        add.get("partitionValues").fields().forEachRemaining(e -> pv.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
                        live.put(add.get("path").asText(), new DataFile(add.get("path").asText(),
                                DeltaPartitionValues.read(pv, schema, partitions, add.get("path").asText()), add.get("size").asLong(),
                                add.get("modificationTime").asLong(), StatsJson.parse(add.path("stats").asText(null), schema)));
                    } else if (a.has("remove")) {
                        live.remove(a.get("remove").get("path").asText());
                    }
                }
            }
            LocalObjectStore datStore = new LocalObjectStore(copy);
            TableScan s = new TableScan(localFiles(datStore, dir.resolve("fetched")), null);
            String sql = s.sql(new ScanSpec(schema, partitions, datStore, ""), new ArrayList<>(live.values()), false);
            List<String> cols = new ArrayList<>();
            for (StructField f : schema.fields()) {
                cols.add("CAST(\"" + f.name() + "\" AS " + TypeMapping.logicalType(f.type()) + ") AS \"" + f.name() + "\"");
            }
            String expected = "(SELECT " + String.join(", ", cols) + " FROM read_parquet('"
                    + tc.resolve("expected/latest/table_content.parquet") + "'))";
            assertThat(multisetDifference(c, expected, sql)).as(tc.getFileName().toString()).isZero();
            assertThat(scalar(c, "SELECT count(*) FROM " + sql)).as(tc.getFileName().toString())
                    .isEqualTo(scalar(c, "SELECT count(*) FROM " + expected));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
