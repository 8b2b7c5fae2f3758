package io.floe.engine;

import io.floe.storage.TablePaths;
import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.LocalObjectStore;
import io.floe.storage.ObjectStore;
import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.floe.engine.EngineTestSupport.exec;
import static io.floe.engine.EngineTestSupport.localFiles;
import static io.floe.engine.EngineTestSupport.multisetDifference;
import static io.floe.engine.EngineTestSupport.rows;
import static io.floe.engine.EngineTestSupport.scalar;
import static io.floe.engine.EngineTestSupport.totalRecords;
import static io.floe.engine.EngineTestSupport.mins;
import static io.floe.engine.EngineTestSupport.nulls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data files written like Delta writes them: every type, nulls everywhere, partition values that need
 * escaping, statistics checked against an independent aggregate over each written file, splitting at the
 * target size, and every row read back through {@link TableScan}.
 */
class DataFileWriterTest {
    static DuckDbDatabase plane;
    @TempDir
    Path dir;
    Connection c;

    static final StructType XY = StructType.of(new StructField("x", PrimitiveType.INTEGER, true),
            new StructField("y", PrimitiveType.STRING, true));
    static final StructType SCHEMA = StructType.of(
            new StructField("id", PrimitiveType.INTEGER, false),
            new StructField("b", PrimitiveType.BOOLEAN, true),
            new StructField("t8", PrimitiveType.BYTE, true),
            new StructField("t16", PrimitiveType.SHORT, true),
            new StructField("i64", PrimitiveType.LONG, true),
            new StructField("f32", PrimitiveType.FLOAT, true),
            new StructField("f64", PrimitiveType.DOUBLE, true),
            new StructField("d10", new DecimalType(10, 2), true),
            new StructField("d38", new DecimalType(38, 18), true),
            new StructField("s", PrimitiveType.STRING, true),
            new StructField("bin", PrimitiveType.BINARY, true),
            new StructField("dt", PrimitiveType.DATE, true),
            new StructField("ts", PrimitiveType.TIMESTAMP, true),
            new StructField("ntz", PrimitiveType.TIMESTAMP_NTZ, true),
            new StructField("st", XY, true),
            new StructField("arr", new ArrayType(PrimitiveType.INTEGER, true), true),
            new StructField("mp", new MapType(PrimitiveType.STRING, PrimitiveType.INTEGER, true), true),
            new StructField("ps", PrimitiveType.STRING, true),
            new StructField("pi", PrimitiveType.INTEGER, true));

    /** 3,000 rows of every type with NULLs in every column; ps holds values that need escaping, '' and NULL. */
    static final String SOURCE = """
            SELECT i AS id,
              CASE WHEN i % 11 = 0 THEN NULL ELSE i % 2 = 0 END AS b,
              CASE WHEN i % 13 = 0 THEN NULL ELSE (i % 256 - 128)::TINYINT END AS t8,
              CASE WHEN i % 14 = 0 THEN NULL ELSE ((i * 7) % 65536 - 32768)::SMALLINT END AS t16,
              CASE WHEN i % 15 = 0 THEN NULL ELSE (i - 1000)::BIGINT * 1000000007 END AS i64,
              CASE WHEN i % 16 = 0 THEN NULL ELSE (i / 7.0 - 50)::FLOAT END AS f32,
              CASE WHEN i % 17 = 0 THEN NULL ELSE (i / 3.0 - 100)::DOUBLE END AS f64,
              CASE WHEN i % 18 = 0 THEN NULL ELSE (i * 1.25 - 300)::DECIMAL(10,2) END AS d10,
              CASE WHEN i % 19 = 0 THEN NULL ELSE (i / 7.0 - 40)::DECIMAL(38,18) END AS d38,
              CASE i % 6 WHEN 0 THEN NULL WHEN 1 THEN 'ascii ' || i WHEN 2 THEN 'ünïcødé 😈 ' || i
                WHEN 3 THEN repeat('long', 20) || i WHEN 4 THEN '😈' || repeat('é😈', 30) || i ELSE '' END AS s,
              CASE WHEN i % 9 = 0 THEN NULL ELSE encode('bin' || i) END AS bin,
              CASE WHEN i % 20 = 0 THEN NULL ELSE DATE '2024-01-01' + (i - 500) END AS dt,
              CASE WHEN i % 21 = 0 THEN NULL ELSE TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i::BIGINT * 1234567) END AS ts,
              CASE WHEN i % 22 = 0 THEN NULL ELSE TIMESTAMP '2024-01-01 00:00:00' + to_microseconds(i::BIGINT * 7654321) END AS ntz,
              CASE WHEN i % 23 = 0 THEN NULL ELSE {'x': CASE WHEN i % 5 = 0 THEN NULL ELSE i END, 'y': 'y' || i} END AS st,
              CASE WHEN i % 8 = 0 THEN NULL ELSE [i, NULL, i + 1] END AS arr,
              CASE WHEN i % 10 = 0 THEN NULL ELSE MAP {'k' || i: i, 'z': NULL::INTEGER} END AS mp,
              ['a/b', '%', ' space', 'k=v', '😈', NULL, '', 'NULL', '%2F', 'ä?*:#'][i % 10 + 1] AS ps,
              CASE WHEN i % 7 = 0 THEN NULL ELSE i % 3 END AS pi
            FROM (SELECT range::INTEGER AS i FROM range(0, 3000))""";

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
        exec(c, "CREATE OR REPLACE TEMP TABLE src AS " + SOURCE);
    }

    private DataFileWriter writer() {
        return new DataFileWriter(c, dir.resolve("remote-staging"));
    }

    private static WriteSpec spec(StructType schema, List<String> partitions, ObjectStore store, String prefix) {
        return WriteSpec.of(schema, partitions, new io.floe.table.WriteOptions(WriteSpec.DEFAULT_TARGET_FILE_SIZE, WriteSpec.DEFAULT_NUM_INDEXED_COLS), store, prefix);
    }

    private String scan(WriteSpec spec, List<DataFile> files) {
        return new TableScan(localFiles(spec.store(), dir.resolve("fetched")), null)
                .sql(new ScanSpec(spec.schema(), spec.partitionColumns(), spec.store(), spec.tablePrefix()), files, false);
    }

    @Test
    void partitionedWriteOfEveryTypeReadsBackWithExactStats() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir.resolve("store"));
        WriteSpec spec = spec(SCHEMA, List.of("ps", "pi"), store, "tables/all/");
        List<DataFile> files = writer().write("src", spec);

        assertThat(totalRecords(files)).isEqualTo(3000);
        // every (ps, pi) combination is one file: ''/NULL share the null partition, 'NULL' is a value
        long partitions = ((Number) scalar(c, "SELECT count(DISTINCT (nullif(ps, ''), pi)) FROM src")).longValue();
        assertThat(files).hasSize((int) partitions);
        for (DataFile f : files) {
            assertThat(f.dataChange()).isTrue();
            assertThat(f.partitionValues()).containsOnlyKeys("ps", "pi");
            String ps = (String) f.partitionValues().get("ps");
            Object pi = f.partitionValues().get("pi");
            assertThat(ps).isNotEqualTo("");
            String dirs = "ps=" + (ps == null ? "__HIVE_DEFAULT_PARTITION__" : PartitionValues.escapePathName(ps))
                    + "/pi=" + (pi == null ? "__HIVE_DEFAULT_PARTITION__" : pi) + "/";
            String relative = TablePaths.decode(f.path());
            assertThat(relative).startsWith(dirs).matches(".*/part-\\d{5}-[0-9a-f-]{36}\\.c000\\.snappy\\.parquet");
            Path file = store.localPath("tables/all/" + relative).orElseThrow();
            assertThat(file).exists().hasSize(f.size());
            assertThat(f.modificationTime()).isEqualTo(Files.getLastModifiedTime(file).toMillis());
            // partition columns live in the log only
            assertThat(columns(file)).doesNotContain("ps", "pi").contains("id", "st", "mp");
            assertThat(f.stats()).usingRecursiveComparison().isEqualTo(expectedStats(file, SCHEMA, List.of("ps", "pi")));
            long rowsOfPartition = ((Number) scalar(c, "SELECT count(*) FROM src WHERE nullif(ps, '') IS NOT DISTINCT FROM "
                    + (ps == null ? "NULL" : "'" + ps.replace("'", "''") + "'") + " AND pi IS NOT DISTINCT FROM " + pi)).longValue();
            assertThat(f.stats().numRecords()).isEqualTo(rowsOfPartition);
        }
        // the log's paths are URIs: escaped directory names, then URL-encoded
        Set<String> paths = new HashSet<>();
        files.forEach(f -> paths.add(f.path().substring(0, f.path().indexOf("/pi="))));
        assertThat(paths).containsExactlyInAnyOrder("ps=a%252Fb", "ps=%2525", "ps=%20space", "ps=k%253Dv", "ps=😈",
                "ps=__HIVE_DEFAULT_PARTITION__", "ps=NULL", "ps=%25252F", "ps=ä%253F%252A%253A%2523");
        assertThat(files).anySatisfy(f -> assertThat(f.partitionValues()).containsEntry("ps", "NULL"));
        assertThat(files).anySatisfy(f -> assertThat(f.partitionValues()).containsEntry("ps", null).containsEntry("pi", null));
        assertThat(files).anySatisfy(f -> assertThat(f.partitionValues()).containsEntry("ps", "%2F"));

        // read back: the protocol reads an empty partition value as null
        String expected = "(SELECT * REPLACE (nullif(ps, '') AS ps) FROM src)";
        assertThat(multisetDifference(c, expected, scan(spec, files))).isZero();
        assertThat(stagingLeftovers(dir.resolve("store"))).isEmpty();
    }

    @Test
    void unpartitionedWriteToARemoteStoreUploadsUnderThePrefix() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        WriteSpec spec = spec(SCHEMA, List.of(), store, "tables/trips/");
        List<DataFile> files = writer().write("src", spec);

        assertThat(files).hasSize(1);
        DataFile f = files.get(0);
        assertThat(f.path()).matches("part-00000-[0-9a-f-]{36}\\.c000\\.snappy\\.parquet");
        assertThat(f.partitionValues()).isEmpty();
        assertThat(store.stat("tables/trips/" + f.path())).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(f.size()));
        Path local = localFiles(store, dir.resolve("fetched")).apply("tables/trips/" + f.path());
        assertThat(f.stats()).usingRecursiveComparison().isEqualTo(expectedStats(local, SCHEMA, List.of()));
        assertThat(mins(f.stats(), SCHEMA)).containsKeys("ps", "pi"); // not partition columns here
        assertThat(multisetDifference(c, "src", scan(spec, files))).isZero();
        assertThat(dir.resolve("remote-staging")).isEmptyDirectory();
    }

    @Test
    void partitionValuesOfEveryTypeAreSerializedPerProtocolAndReadBack() {
        exec(c, """
                CREATE OR REPLACE TEMP TABLE typed AS SELECT * FROM (VALUES
                  (1, DATE '2024-02-29', TIMESTAMPTZ '2024-01-02 03:04:05.123456+02', TIMESTAMP '2024-01-02 03:04:05.5',
                      1.5::DECIMAL(10,2), true, 7::BIGINT, -1.25::DOUBLE, 3::TINYINT, encode('😈 x')),
                  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                  (3, DATE '1970-01-01', TIMESTAMPTZ '1970-01-01 00:00:00+00', TIMESTAMP '1999-12-31 23:59:59', -0.01, false,
                      -9223372036854775808, 1e300, -128, encode('a/b')))
                  t(id, d, ts, ntz, dec, bo, l, db, ty, bi)""");
        StructType schema = StructType.of(new StructField("id", PrimitiveType.INTEGER, true),
                new StructField("d", PrimitiveType.DATE, true), new StructField("ts", PrimitiveType.TIMESTAMP, true),
                new StructField("ntz", PrimitiveType.TIMESTAMP_NTZ, true), new StructField("dec", new DecimalType(10, 2), true),
                new StructField("bo", PrimitiveType.BOOLEAN, true), new StructField("l", PrimitiveType.LONG, true),
                new StructField("db", PrimitiveType.DOUBLE, true), new StructField("ty", PrimitiveType.BYTE, true),
                new StructField("bi", PrimitiveType.BINARY, true));
        List<String> parts = List.of("d", "ts", "ntz", "dec", "bo", "l", "db", "ty", "bi");
        LocalObjectStore store = new LocalObjectStore(dir.resolve("store"));
        WriteSpec spec = spec(schema, parts, store, "");
        List<DataFile> files = writer().write("typed", spec);
        assertThat(files).hasSize(3);
        // typed values (their Delta log forms are DeltaPartitionValuesTest's business)
        Map<String, Object> first = files.stream().filter(f -> java.time.LocalDate.parse("2024-02-29").equals(f.partitionValues().get("d")))
                .findFirst().orElseThrow().partitionValues();
        assertThat(first).containsEntry("ts", java.time.Instant.parse("2024-01-02T01:04:05.123456Z")) // adjusted to UTC
                .containsEntry("ntz", java.time.LocalDateTime.parse("2024-01-02T03:04:05.5")).containsEntry("dec", new java.math.BigDecimal("1.50"))
                .containsEntry("bo", true).containsEntry("l", 7L).containsEntry("db", -1.25).containsEntry("ty", 3L);
        assertThat(new String((byte[]) first.get("bi"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("😈 x");
        assertThat(files).anySatisfy(f -> assertThat(f.partitionValues().values()).containsOnlyNulls());
        assertThat(files).anySatisfy(f -> assertThat(TablePaths.decode(f.path())).startsWith(
                "d=1970-01-01/ts=1970-01-01T00%3A00%3A00.000000Z/ntz=1999-12-31 23%3A59%3A59.000000/dec=-0.01/bo=false/"
                        + "l=-9223372036854775808/db=1e+300/ty=-128/bi=a%2Fb/"));
        assertThat(multisetDifference(c, "typed", scan(spec, files))).isZero();
    }

    @Test
    void outputLargerThanTheTargetIsSplit() {
        exec(c, "CREATE OR REPLACE TEMP TABLE big AS SELECT range AS id, md5(range::VARCHAR) AS h, range % 2 AS p FROM range(120000)");
        StructType schema = idHashP(PrimitiveType.LONG);
        InMemoryObjectStore store = new InMemoryObjectStore();
        long target = 256 * 1024;

        List<DataFile> unpartitioned = writer().write("big", spec(schema, List.of(), store, "u/").withTargetFileSize(target));
        assertThat(unpartitioned.size()).isGreaterThan(3);
        assertThat(totalRecords(unpartitioned)).isEqualTo(120000);
        assertThat(unpartitioned).allSatisfy(f -> assertThat(f.size()).isLessThan(2 * target));

        List<DataFile> partitioned = writer().write("(SELECT * FROM big ORDER BY id)",
                spec(schema, List.of("p"), store, "p/").withTargetFileSize(target).withPreserveOrder(true));
        assertThat(partitioned.size()).isGreaterThan(6);
        assertThat(totalRecords(partitioned)).isEqualTo(120000);
        assertThat(partitioned).allSatisfy(f -> assertThat(f.size()).isLessThan(2 * target));
        // each piece holds a range of its partition's (ordered) rows
        for (Long p : List.of(0L, 1L)) {
            assertNoOverlap(schema, partitioned.stream().filter(f -> p.equals(f.partitionValues().get("p"))).toList());
        }

        List<DataFile> unordered = writer().write("big", spec(schema, List.of("p"), store, "q/").withTargetFileSize(target));
        assertThat(unordered.size()).isGreaterThan(6);
        assertThat(totalRecords(unordered)).isEqualTo(120000);
        assertThat(unordered).allSatisfy(f -> assertThat(f.size()).isLessThan(2 * target));

        List<DataFile> ordered = writer().write("(SELECT * FROM big ORDER BY id)",
                spec(schema, List.of(), store, "o/").withTargetFileSize(target).withPreserveOrder(true));
        assertThat(ordered.size()).isGreaterThan(3);
        assertThat(totalRecords(ordered)).isEqualTo(120000);
        assertNoOverlap(schema, ordered);

        WriteSpec s = spec(schema, List.of("p"), store, "p/");
        assertThat(multisetDifference(c, "big", scan(s, partitioned))).isZero();
    }

    @Test
    void largePartitionsAreCutWhileWrittenAndSmallOnesKeepOneFile() {
        // partition 0 is ~40 times the target, partitions 1..20 a few hundred rows each
        exec(c, "CREATE OR REPLACE TEMP TABLE skew AS SELECT range AS id, md5(range::VARCHAR) AS h, CASE WHEN range < 200000 THEN 0"
                + " ELSE range % 20 + 1 END AS p FROM range(204000)");
        long target = 256 * 1024;
        WriteSpec s = byP(PrimitiveType.LONG, "k/", target);
        List<DataFile> files = writer().write("skew", s);
        List<DataFile> large = files.stream().filter(f -> Long.valueOf(0).equals(f.partitionValues().get("p"))).toList();
        assertThat(large.size()).isGreaterThan(20);
        // pieces cut by one estimate: none far from the target
        assertThat(large).allSatisfy(f -> assertThat(f.size()).isBetween(target / 3, target / 2 * 3));
        assertThat(files.size() - large.size()).isEqualTo(20);
        assertThat(multisetDifference(c, "skew", scan(s, files))).isZero();
    }

    @Test
    void aPieceTheSampleMisjudgedIsSplitAfterTheWrite() {
        // the first rows (the sample) are small, the rest ~10 times larger: the estimate (a few pieces) is far too low
        exec(c, "CREATE OR REPLACE TEMP TABLE misjudged AS SELECT range AS id, CASE WHEN range < " + DataFileWriter.SAMPLE_ROWS
                + " THEN md5(random()::VARCHAR) ELSE " + String.join(" || ", java.util.Collections.nCopies(10, "md5(random()::VARCHAR)"))
                + " END AS h, 1 AS p FROM range(60000)");
        long target = 1024 * 1024;
        WriteSpec s = byP(PrimitiveType.INTEGER, "m/", target);
        List<DataFile> files = writer().write("misjudged", s);
        assertThat(files.size()).isGreaterThan(4);
        assertThat(files).allSatisfy(f -> assertThat(f.size()).isLessThan(2 * target));
        assertThat(multisetDifference(c, "misjudged", scan(s, files))).isZero();
    }

    /** The schema of the split tests' rows: id, a hash, a partition column of type {@code p}. */
    private static StructType idHashP(DataType p) {
        return StructType.of(new StructField("id", PrimitiveType.LONG, true), new StructField("h", PrimitiveType.STRING, true),
                new StructField("p", p, true));
    }

    /** A spec of idHashP rows partitioned by p into an in-memory store. */
    private static WriteSpec byP(DataType p, String prefix, long target) {
        return spec(idHashP(p), List.of("p"), new InMemoryObjectStore(), prefix).withTargetFileSize(target);
    }

    private static void assertNoOverlap(StructType schema, List<DataFile> files) {
        List<DataFile> byMin = new ArrayList<>(files);
        byMin.sort(Comparator.comparingLong(f -> ((Number) f.stats().min(schema, List.of("id"))).longValue()));
        for (int i = 1; i < byMin.size(); i++) {
            long prevMax = ((Number) byMin.get(i - 1).stats().max(schema, List.of("id"))).longValue();
            long min = ((Number) byMin.get(i).stats().min(schema, List.of("id"))).longValue();
            assertThat(min).isGreaterThan(prevMax);
        }
    }

    @Test
    void columnMappingWritesPhysicalNamesEverywhereAndReadsLogicalOnes() throws Exception {
        StructType inner = StructType.of(mapped("x", PrimitiveType.INTEGER, "col-inner-x"), mapped("y", PrimitiveType.STRING, "col-inner-y"));
        StructType schema = StructType.of(mapped("id", PrimitiveType.INTEGER, "col-1"), mapped("st", inner, "col-2"),
                mapped("arr", new ArrayType(inner, true), "col-3"), mapped("s", PrimitiveType.STRING, "col-4"),
                mapped("ps", PrimitiveType.STRING, "col-5"));
        exec(c, "CREATE OR REPLACE TEMP TABLE cm AS SELECT i AS id, CASE WHEN i % 3 = 0 THEN NULL ELSE {'x': i, 'y': 'y' || i} END AS st,"
                + " [{'x': i, 'y': NULL}, NULL] AS arr, 's' || i AS s, CASE WHEN i % 2 = 0 THEN 'a' END AS ps FROM range(0, 50) r(i)");
        exec(c, "CREATE OR REPLACE TEMP TABLE cm AS SELECT id::INTEGER AS id, st::STRUCT(x INTEGER, y VARCHAR) AS st,"
                + " arr::STRUCT(x INTEGER, y VARCHAR)[] AS arr, s, ps FROM cm");
        LocalObjectStore store = new LocalObjectStore(dir.resolve("store"));
        WriteSpec spec = spec(schema, List.of("ps"), store, "cm/");
        List<DataFile> files = writer().write("cm", spec);
        assertThat(files).hasSize(2);
        for (DataFile f : files) {
            assertThat(TablePaths.decode(f.path())).startsWith("col-5=");
            assertThat(f.partitionValues()).containsOnlyKeys("ps"); // keyed by column name; the directory by physical name
            Path file = store.localPath("cm/" + TablePaths.decode(f.path())).orElseThrow();
            assertThat(columns(file)).containsExactly("col-1", "col-2", "col-3", "col-4");
            assertThat(String.valueOf(rows(c, "SELECT typeof(\"col-2\") FROM read_parquet('" + file + "', hive_partitioning = false) LIMIT 1").get(0).get(0)))
                    .contains("col-inner-x").contains("col-inner-y");
            assertThat(mins(f.stats(), schema)).containsOnlyKeys("col-1", "col-2", "col-4");
            assertThat(nulls(f.stats(), schema)).containsOnlyKeys("col-1", "col-2", "col-3", "col-4");
            assertThat(f.stats()).usingRecursiveComparison().isEqualTo(expectedStats(file, schema, List.of("ps")));
        }
        assertThat(multisetDifference(c, "cm", scan(spec, files))).isZero();
        assertThat(rows(c, "DESCRIBE SELECT * FROM " + scan(spec, files)).stream().map(r -> r.get(0) + " " + r.get(1)).toList())
                .containsExactly("id INTEGER", "st STRUCT(x INTEGER, y VARCHAR)", "arr STRUCT(x INTEGER, y VARCHAR)[]", "s VARCHAR",
                        "ps VARCHAR");
    }

    private static StructField mapped(String name, DataType t, String physical) {
        return new StructField(name, t, true, Map.of(), 0, physical); // ids are assigned by position
    }

    @Test
    void numIndexedColsCountsLeafColumnsDepthFirst() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        WriteSpec base = spec(SCHEMA, List.of(), store, "");
        // id, b, t8, t16, …, ps, pi (not partition columns here): the 15th and 16th leaves are st.x and st.y
        FileStats three = writer().write("(SELECT * FROM src WHERE id BETWEEN 1 AND 10)", base.withNumIndexedCols(3)).get(0).stats();
        assertThat(nulls(three, SCHEMA)).containsOnlyKeys("id", "b", "t8");
        assertThat(mins(three, SCHEMA)).containsOnlyKeys("id", "t8");
        FileStats fifteen = writer().write("(SELECT * FROM src WHERE id < 10)", base.withNumIndexedCols(15)).get(0).stats();
        assertThat(nulls(fifteen, SCHEMA)).containsKey("st").doesNotContainKeys("arr", "mp");
        assertThat(nulls(fifteen, SCHEMA).get("st")).isEqualTo(Map.of("x", fifteen.nullCount(SCHEMA, List.of("st", "x"))));
        FileStats none = writer().write("(SELECT * FROM src WHERE id < 10)", base.withNumIndexedCols(0)).get(0).stats();
        assertThat(none.numRecords()).isPositive();
        assertThat(none.nullCounts()).isEmpty();
        FileStats all = writer().write("(SELECT * FROM src WHERE id < 10)", base.withNumIndexedCols(-1)).get(0).stats();
        assertThat(nulls(all, SCHEMA)).containsKeys("arr", "mp", "st");
    }

    @Test
    void nanAndInfinityGiveNoBoundThatWouldBeWrong() {
        exec(c, "CREATE OR REPLACE TEMP TABLE odd AS SELECT * FROM (VALUES (1.5::DOUBLE, 2.5::FLOAT), ('nan'::DOUBLE, '-inf'::FLOAT),"
                + " (-3.0, 1.0)) t(d, f)");
        StructType schema = StructType.of(new StructField("d", PrimitiveType.DOUBLE, true), new StructField("f", PrimitiveType.FLOAT, true));
        FileStats s = writer().write("odd", spec(schema, List.of(), new InMemoryObjectStore(), "")).get(0).stats();
        assertThat(s.min(schema, List.of("d"))).isEqualTo(-3.0);
        assertThat(s.max(schema, List.of("d"))).isNull(); // NaN sorts above every number: no upper bound
        assertThat(s.min(schema, List.of("f"))).isNull(); // -Infinity has no JSON form
        assertThat(s.max(schema, List.of("f"))).isEqualTo(2.5);
        assertThat(s.nullCount(schema, List.of("d"))).isZero();
    }

    @Test
    void emptySourceWritesNoFiles() {
        LocalObjectStore store = new LocalObjectStore(dir.resolve("store"));
        assertThat(writer().write("(SELECT * FROM src WHERE false)", spec(SCHEMA, List.of(), store, "e/"))).isEmpty();
        assertThat(writer().write("(SELECT * FROM src WHERE false)", spec(SCHEMA, List.of("ps"), store, "e/"))).isEmpty();
        assertThat(stagingLeftovers(dir.resolve("store"))).isEmpty();
    }

    @Test
    void changeDataGoesUnderChangeDataWithoutStats() {
        LocalObjectStore store = new LocalObjectStore(dir.resolve("store"));
        StructType schema = SCHEMA.add(new StructField("_change_type", PrimitiveType.STRING, true));
        List<DataFile> files = writer().write("(SELECT *, 'insert' AS _change_type FROM src WHERE id < 100)",
                spec(schema, List.of("pi"), store, "t/").asChangeData("_change_data/"));
        assertThat(files).isNotEmpty().allSatisfy(f -> {
            assertThat(f.path()).startsWith("_change_data/pi=").contains("/cdc-00");
            assertThat(f.dataChange()).isFalse();
            assertThat(f.stats().nullCounts()).isEmpty();
        });
    }

    @Test
    void specRejectsWhatDeltaForbids() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        StructType one = StructType.of(new StructField("p", PrimitiveType.STRING, true));
        assertThatThrownBy(() -> spec(one, List.of("p"), store, "")).hasMessageContaining("at least one column");
        assertThatThrownBy(() -> spec(SCHEMA, List.of("nope"), store, "")).hasMessageContaining("nope");
        assertThatThrownBy(() -> spec(SCHEMA, List.of(), store, "no-slash")).hasMessageContaining("'/'");
    }

    // ------------------------------------------------------------------ helpers

    private List<String> columns(Path parquet) {
        return rows(c, "DESCRIBE SELECT * FROM read_parquet('" + parquet + "', hive_partitioning = false)").stream().map(r -> (String) r.get(0)).toList();
    }

    private static List<Path> stagingLeftovers(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(DataFileWriter.STAGING_PREFIX)).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A leaf column of the data files (physical path) and its type. */
    private record Col(List<String> path, DataType type) {
        String sql() {
            return String.join(".", path.stream().map(p -> "\"" + p + "\"").toList());
        }
    }

    private static void leaves(List<String> prefix, DataType t, List<Col> out) {
        if (t instanceof StructType s) {
            for (StructField f : s.fields()) {
                List<String> p = new ArrayList<>(prefix);
                p.add(f.physicalName());
                leaves(p, f.type(), out);
            }
        } else {
            out.add(new Col(prefix, t));
        }
    }

    /** Delta's statistics of a Parquet file, computed independently: one aggregate per column, bounds per the protocol's rules. */
    private FileStats expectedStats(Path file, StructType schema, List<String> partitions) {
        List<Col> cols = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (!partitions.contains(f.name())) {
                leaves(List.of(f.physicalName()), f.type(), cols);
            }
        }
        String from = " FROM read_parquet('" + file + "', hive_partitioning = false)";
        long n = ((Number) scalar(c, "SELECT count(*)" + from)).longValue();
        Map<String, Object> min = new LinkedHashMap<>();
        Map<String, Object> max = new LinkedHashMap<>();
        Map<String, Object> nulls = new LinkedHashMap<>();
        for (Col col : cols) {
            String x = col.sql();
            put(nulls, col.path(), ((Number) scalar(c, "SELECT count(*) - count(" + x + ")" + from)).longValue());
            String lo;
            String hi;
            DataType t = col.type();
            if (t == PrimitiveType.TIMESTAMP || t == PrimitiveType.TIMESTAMP_NTZ) {
                String utc = t == PrimitiveType.TIMESTAMP ? "timezone('UTC', %s(" + x + "))" : "%s(" + x + ")";
                String z = t == PrimitiveType.TIMESTAMP ? " || 'Z'" : "";
                lo = "strftime(date_trunc('millisecond', " + utc.formatted("min") + "), '%Y-%m-%dT%H:%M:%S.%g')" + z;
                String m = utc.formatted("max");
                hi = "strftime(CASE WHEN date_trunc('millisecond', " + m + ") = " + m + " THEN " + m + " ELSE date_trunc('millisecond', "
                        + m + ") + INTERVAL 1 MILLISECOND END, '%Y-%m-%dT%H:%M:%S.%g')" + z;
            } else if (t == PrimitiveType.DATE) {
                lo = "strftime(min(" + x + "), '%Y-%m-%d')";
                hi = "strftime(max(" + x + "), '%Y-%m-%d')";
            } else if (t instanceof DecimalType || t instanceof PrimitiveType p && p != PrimitiveType.BOOLEAN && p != PrimitiveType.BINARY) {
                lo = "min(" + x + ")";
                hi = "max(" + x + ")";
            } else {
                continue; // no bounds for boolean, binary, arrays, maps
            }
            List<Object> r = rows(c, "SELECT " + lo + ", " + hi + from).get(0);
            if (r.get(0) != null) {
                put(min, col.path(), javaValue(r.get(0), t, false));
                put(max, col.path(), javaValue(r.get(1), t, true));
            }
        }
        return FileStats.fromColumnPaths(schema, n, min, max, nulls, true);
    }

    private static Object javaValue(Object v, DataType t, boolean upper) {
        if (t == PrimitiveType.STRING) {
            String s = (String) v;
            int[] cps = s.codePoints().toArray();
            if (cps.length <= 32) {
                return s;
            }
            int[] prefix = java.util.Arrays.copyOf(cps, 32);
            if (upper) {
                prefix[31]++; // none of the test strings ends its prefix at U+10FFFF
            }
            return new String(prefix, 0, 32);
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigDecimal || v instanceof Long || v instanceof Double || v instanceof String) {
            return v;
        }
        throw new AssertionError("unexpected " + v.getClass() + " for " + t);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, Object value) {
        Map<String, Object> m = root;
        for (int i = 0; i < path.size() - 1; i++) {
            m = (Map<String, Object>) m.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
        }
        m.put(path.get(path.size() - 1), value);
    }
}
