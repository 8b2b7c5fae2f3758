package io.floe.sql;

import io.floe.Floe;
import io.floe.QueryResult;
import io.floe.engine.DuckDbDataPlane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code SELECT count(*) FROM t} is answered from the table's metadata ({@link MetadataOnlyQuery}) — the same
 * number the data plane counts, without starting it — and everything else (a filter, a view, a path of files, a file
 * whose record count the log lacks, the setting off) is counted by the data plane as before.
 */
class MetadataOnlyQueryTest {
    @TempDir
    Path dir;

    private static boolean started(Floe floe) {
        return ((DuckDbDataPlane) floe.warehouse().dataPlane()).database().started();
    }

    private String wh() {
        return dir.resolve("wh").toString();
    }

    /**
     * A table with deleted rows and three versions; returns the version of its first 100 rows. Delta marks the deleted
     * rows (deletion vectors, read by Floe itself); Iceberg rewrites the files (a v2 position delete file is Parquet,
     * which the data plane reads to learn its positions: MergeOnReadPropertyTest counts those).
     */
    private String build(String format) {
        try (Floe floe = Floe.open(wh())) {
            String props = format.equals("delta") ? "TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')"
                    : "TBLPROPERTIES ('format-version' = '2')";
            floe.sql("CREATE TABLE t (id BIGINT, s STRING) USING " + format + " " + props);
            floe.sql("INSERT INTO t SELECT range, CAST(range AS STRING) FROM range(100)");
            long first = floe.table("t").snapshot().version();
            floe.sql("INSERT INTO t SELECT range, NULL FROM range(100, 150)");
            floe.sql("DELETE FROM t WHERE id % 10 = 3");
            if (format.equals("delta")) {
                assertThat(floe.table("t").snapshot().files()).anySatisfy(f -> assertThat(f.deletionVector()).isNotNull());
            }
            return String.valueOf(first);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"delta", "iceberg"})
    void aPlainCountIsTheDataPlanesCountWithoutStartingIt(String format) {
        String first = build(format);
        try (Floe floe = Floe.open(wh())) {
            QueryResult r = floe.sql("SELECT count(*) FROM t");
            assertThat(r.columnNames()).containsExactly("count(*)");
            assertThat(r.columnTypes()).containsExactly("BIGINT");
            assertThat(r.scalar()).isEqualTo(135L);
            assertThat(floe.sql("select COUNT(1) AS n from t AS x").columnNames()).containsExactly("n");
            assertThat(floe.sql("SELECT count(1) FROM t").scalar()).isEqualTo(135L);
            assertThat(floe.sql("SELECT count('x') c FROM t").scalar()).isEqualTo(135L);
            assertThat(floe.sql("SELECT count(*) FROM t VERSION AS OF " + first).scalar()).isEqualTo(100L);
            assertThat(floe.sql("EXPLAIN SELECT count(*) FROM t").rows()).singleElement().asString()
                    .contains("count t@v").contains("from metadata").contains("read=0");
            assertThat(started(floe)).as("no data file read, DuckDB not started").isFalse();
            assertThat(floe.sql("EXPLAIN SELECT count(*) FROM t WHERE id > 3").rows()).singleElement().asString().contains("scan t@v");

            // the data plane's own counts agree
            assertThat(floe.sql("SELECT count(*) FROM t WHERE true").scalar()).isEqualTo(135L);
            assertThat(started(floe)).isTrue();
            assertThat(floe.sql("SELECT count(*) FROM t VERSION AS OF " + first + " WHERE id >= 0").scalar()).isEqualTo(100L);
            // counts of columns, distinct counts and more than a count are the data plane's
            assertThat(floe.sql("SELECT count(s) FROM t").scalar()).isEqualTo(135L - 45);
            assertThat(floe.sql("SELECT count(DISTINCT 1) FROM t").scalar()).isEqualTo(1L);
            assertThat(floe.sql("SELECT count(NULL) FROM t").scalar()).isEqualTo(0L);
            assertThat(floe.sql("SELECT count(*), 1 FROM t").rows()).containsExactly(List.of(135L, 1));
            assertThat(floe.sql("SELECT count(*) FROM t GROUP BY id % 2 ORDER BY 1").rows()).containsExactly(List.of(60L), List.of(75L));
            assertThat(floe.sql("SELECT count(*) FROM t LIMIT 0").rows()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"delta", "iceberg"})
    void minAndMaxOfIntegerColumnsAreTheFilesBoundsAndTheDataPlanesAnswer(String format) {
        try (Floe floe = Floe.open(wh())) {
            floe.sql("CREATE TABLE m (b TINYINT, s SMALLINT, i INT, l BIGINT, n INT, name STRING, d DOUBLE) USING " + format);
            floe.sql("INSERT INTO m SELECT CAST(range % 100 AS TINYINT), CAST(range - 500 AS SMALLINT), CAST(range * 3 AS INT), "
                    + "range * 1000000000000, NULL, 'x' || range, range / 2 FROM range(1000)");
            floe.sql("INSERT INTO m VALUES (-7, NULL, NULL, -9, NULL, NULL, NULL)"); // a file of (almost) nulls: no bounds for most
            floe.sql("INSERT INTO m SELECT NULL, 7, range, NULL, NULL, 'y', 1.5 FROM range(3)");
        }
        String all = "SELECT min(b), max(b), min(s), max(s), min(i), max(i) AS top, min(l), max(m.l), count(*), max(n) FROM m";
        try (Floe floe = Floe.open(wh())) {
            QueryResult r = floe.sql(all);
            assertThat(started(floe)).as("answered from the files' bounds").isFalse();
            assertThat(floe.sql("EXPLAIN " + all).rows()).singleElement().asString()
                    .contains("min, max, count m@v").contains("from metadata").contains("column bounds");
            QueryResult plane = floe.sql(all + " WHERE true");
            assertThat(r.columnNames()).isEqualTo(plane.columnNames()).contains("top", "max(m.l)");
            assertThat(r.columnTypes()).isEqualTo(plane.columnTypes());
            assertThat(r.rows()).isEqualTo(plane.rows());
            // (Iceberg has no TINYINT or SMALLINT: INT there, in both answers); n: nulls only
            assertThat(r.rows().get(0)).hasToString("[-7, 99, -500, 499, 0, 2997, -9, 999000000000000, 1004, null]");
        }
        try (Floe floe = Floe.open(wh())) {
            // strings, doubles and expressions are not answered from bounds (truncated, NaN, computed): the data plane's
            assertThat(floe.sql("SELECT max(name) FROM m").scalar()).isEqualTo("y");
            assertThat(started(floe)).isTrue();
            assertThat(floe.sql("SELECT max(d) FROM m").scalar()).isEqualTo(499.5);
            assertThat(floe.sql("SELECT max(i + 1) FROM m").scalar()).isEqualTo(2998);
            assertThat(floe.sql("EXPLAIN SELECT max(name) FROM m").rows()).singleElement().asString().contains("scan m@v");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"'delta.enableDeletionVectors' = 'true'", "'format-version' = '2', 'write.delete.mode' = 'merge-on-read'",
            "'format-version' = '3', 'write.delete.mode' = 'merge-on-read'"})
    void minAndMaxOfATableWithDeletedRowsAreTheDataPlanes(String props) throws Exception {
        String format = props.contains("delta") ? "delta" : "iceberg";
        try (Floe floe = Floe.open(wh())) {
            floe.sql("CREATE TABLE t (id BIGINT) USING " + format + " TBLPROPERTIES (" + props + ")");
            floe.sql("INSERT INTO t SELECT range FROM range(150)");
            // rows marked deleted (deletion vectors, position delete files): a deleted row held each bound
            floe.sql("DELETE FROM t WHERE id = 149 OR id = 0");
            assertThat(floe.table("t").snapshot().files()).allSatisfy(f -> assertThat(f.deletionVector()).isNotNull());
        }
        if (format.equals("delta")) {
            // the bounds of a file with a deletion vector are wide (tightBounds false); a writer that says otherwise is not
            // believed either: the file's rows less its deleted ones are what a bound must hold
            Path commit = dir.resolve("wh/t/_delta_log/00000000000000000002.json");
            String text = Files.readString(commit);
            String tight = text.replace("\\\"tightBounds\\\":false", "\\\"tightBounds\\\":true");
            assertThat(tight).isNotEqualTo(text);
            Files.writeString(commit, tight);
        }
        try (Floe floe = Floe.open(wh())) {
            assertThat(floe.sql("SELECT min(id), max(id), count(*) FROM t").rows()).containsExactly(List.of(1L, 148L, 148L));
            assertThat(started(floe)).isTrue();
        }
        try (Floe floe = Floe.open(wh())) {
            floe.sql("OPTIMIZE t"); // rewritten without the deleted rows: the bounds tell again
        }
        try (Floe floe = Floe.open(wh())) {
            assertThat(floe.sql("SELECT min(id), max(id) FROM t").rows()).containsExactly(List.of(1L, 148L));
            assertThat(started(floe)).isFalse();
            floe.sql("SET " + MetadataOnlyQuery.ENABLED + " = false");
            assertThat(floe.sql("SELECT max(id) FROM t").scalar()).isEqualTo(148L);
            assertThat(started(floe)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"USING delta PARTITIONED BY (p) TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')",
            "USING iceberg PARTITIONED BY (p) TBLPROPERTIES ('format-version' = '2', 'write.delete.mode' = 'merge-on-read')"})
    void minAndMaxOfAPartitionColumnAreItsFilesPartitionValuesDeletesOrNot(String ddl) {
        try (Floe floe = Floe.open(wh())) {
            floe.sql("CREATE TABLE t (id BIGINT, p INT) " + ddl);
            floe.sql("INSERT INTO t SELECT range, CAST(range % 5 AS INT) FROM range(100)");
            floe.sql("INSERT INTO t VALUES (100, NULL), (101, 9)");
            floe.sql("DELETE FROM t WHERE id = 101 OR id = 0"); // p = 9 keeps no live row; p = 0 keeps 19
        }
        try (Floe floe = Floe.open(wh())) {
            QueryResult r = floe.sql("SELECT min(p), max(p) FROM t");
            assertThat(r.rows()).containsExactly(List.of(0, 4));
            assertThat(floe.sql("EXPLAIN SELECT min(p), max(p) FROM t").rows()).singleElement().asString()
                    .as("from the partition values, though rows are deleted").contains("min, max t@v").contains("from metadata");
            if (ddl.contains("delta")) {
                // (Iceberg's v2 position delete files are Parquet, which the data plane reads for their counts)
                assertThat(started(floe)).isFalse();
            }
            assertThat(r.columnTypes()).isEqualTo(floe.sql("SELECT min(p), max(p) FROM t WHERE true").columnTypes());
            assertThat(floe.sql("SELECT max(id) FROM t").scalar()).as("not a partition column: read").isEqualTo(100L);
        }
    }

    @Test
    void aPartitionColumnsBoundsComeFromFilesWithLiveRowsAndAreUnknownWhereAFileDoesNotSay() {
        io.floe.table.PartitionSpec spec = io.floe.table.PartitionSpec.identity(List.of("p"));
        java.util.function.BiFunction<Map<String, Object>, io.floe.table.DeletionVector, io.floe.table.DataFile> file = (pv, dv) ->
                new io.floe.table.DataFile("f", pv, 1, 0, true, new io.floe.table.FileStats(2L, Map.of(), Map.of(), Map.of(), null), dv, Map.of());
        Map<String, Object> nullP = new java.util.HashMap<>();
        nullP.put("p", null);
        io.floe.table.DataFile three = file.apply(Map.of("p", "3"), null);
        io.floe.table.DataFile fiveOfTwoLeft = file.apply(Map.of("P", 5L), new io.floe.table.DeletionVector("u", "x", 1, 10, 1));
        io.floe.table.DataFile nineAllDeleted = file.apply(Map.of("p", "9"), new io.floe.table.DeletionVector("u", "y", 1, 10, 2));
        assertThat(new MetadataOnlyQuery.Bounds(List.of(three, fiveOfTwoLeft, nineAllDeleted, file.apply(nullP, null)), spec).of("p", 2))
                .containsExactly(3, 5);
        assertThat(new MetadataOnlyQuery.Bounds(List.of(file.apply(nullP, null)), spec).of("p", 2)).isEmpty();
        // unknown: a file without the value (another partitioning), a value not an integer, a file whose live rows are unknown
        assertThat(new MetadataOnlyQuery.Bounds(List.of(three, file.apply(Map.of("q", "1"), null)), spec).of("p", 2)).isNull();
        assertThat(new MetadataOnlyQuery.Bounds(List.of(three, file.apply(Map.of("p", "x"), null)), spec).of("p", 2)).isNull();
        io.floe.table.DataFile noCount = new io.floe.table.DataFile("g", Map.of("p", "1"), 1, 0, true, null, null, Map.of());
        assertThat(new MetadataOnlyQuery.Bounds(List.of(three, noCount), spec).of("p", 2)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"delta", "iceberg"})
    void viewsPathsAndTheSettingOffAreCountedByTheDataPlane(String format) {
        build(format);
        try (Floe floe = Floe.open(wh())) {
            floe.sql("CREATE TEMPORARY VIEW v AS SELECT * FROM t WHERE id < 10");
            assertThat(floe.sql("SELECT count(*) FROM v").scalar()).isEqualTo(9L);
            floe.sql("CREATE TEMPORARY VIEW t AS SELECT 1 AS one"); // a view shadows the table of its name
            assertThat(floe.sql("SELECT count(*) FROM t").scalar()).isEqualTo(1L);
        }
        try (Floe floe = Floe.open(wh())) {
            floe.sql("SET " + MetadataOnlyQuery.ENABLED + " = false");
            assertThat(floe.sql("SELECT count(*) FROM t").scalar()).isEqualTo(135L);
            assertThat(started(floe)).as("the setting off: DuckDB counts").isTrue();
        }
    }

    @Test
    void aDeltaFileWithoutARecordCountIsCountedByTheDataPlane() throws Exception {
        try (Floe floe = Floe.open(wh())) {
            floe.sql("CREATE TABLE t (id BIGINT) USING delta");
            floe.sql("INSERT INTO t SELECT range FROM range(10)");
            floe.sql("INSERT INTO t SELECT range FROM range(5)");
        }
        // another writer's add without statistics (the protocol makes them optional)
        Path commit = dir.resolve("wh/t/_delta_log/00000000000000000002.json");
        String text = Files.readString(commit);
        String stripped = text.replaceAll(",\"stats\":\"(\\\\.|[^\"\\\\])*\"", "");
        assertThat(stripped).isNotEqualTo(text).doesNotContain("numRecords");
        Files.writeString(commit, stripped);
        try (Floe floe = Floe.open(wh())) {
            assertThat(floe.sql("SELECT count(*) FROM t").scalar()).isEqualTo(15L);
            assertThat(started(floe)).as("one file's count unknown: the data plane counts").isTrue();
        }
    }

    @Test
    void aPathOfParquetFilesIsCountedByTheDataPlane() throws Exception {
        try (Floe floe = Floe.open(wh())) {
            floe.sql("CREATE TABLE t (id BIGINT) USING delta");
            floe.sql("INSERT INTO t SELECT range FROM range(10)");
            floe.sql("DELETE FROM t WHERE id < 3"); // copy-on-write: the first file stays on disk, out of the log
            Path data = dir.resolve("wh/t");
            long files;
            try (Stream<Path> s = Files.walk(data)) {
                files = s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
            }
            assertThat(files).isEqualTo(2);
            assertThat(floe.sql("SELECT count(*) FROM t").scalar()).isEqualTo(7L);
            assertThat(floe.sql("SELECT count(*) FROM parquet.`" + data + "`").scalar()).as("every file there, no log").isEqualTo(17L);
        }
    }
}
