package io.floe.interop;

import io.floe.Floe;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Delta table features Floe writes (issue 17): Spark reads what Floe wrote with each one exactly, Spark writes
 * after Floe, Floe reads and writes after Spark, and the feature's own promises (timestamps, row ids, type changes,
 * dropped columns, checkpoints) look the same from both sides.
 */
class DeltaWriterFeaturesTest extends SparkAndFloe {
    /** Floe sees the versions Spark does, and its rows equal Spark's at every one. */
    private static void assertSameHistoryAndRows(String path, String columns) {
        long latest = Spark.latestVersion(path);
        assertThat(floeHistory(path).keySet()).as("versions Floe sees").contains(latest).allMatch(v -> v <= latest);
        assertSameAtEveryVersion(path, columns);
    }

    /** version → timestamp (millis) as Spark's DESCRIBE HISTORY shows it. */
    private static Map<Long, Long> sparkHistory(String path) {
        Map<Long, Long> out = new TreeMap<>();
        for (Row r : spark("DESCRIBE HISTORY " + t(path))) {
            Object ts = r.getAs("timestamp");
            out.put(r.<Long>getAs("version"), ts instanceof Instant i ? i.toEpochMilli() : ((java.sql.Timestamp) ts).getTime());
        }
        return out;
    }

    private static Map<Long, Long> floeHistory(String path) {
        Map<Long, Long> out = new TreeMap<>();
        for (List<Object> r : floe.sql("DESCRIBE HISTORY " + t(path)).rows()) {
            out.put(((Number) r.get(0)).longValue(), ((java.time.OffsetDateTime) r.get(1)).toInstant().toEpochMilli());
        }
        return out;
    }

    private static String logLine(String path, long version, String action) throws Exception {
        for (String line : Files.readAllLines(Path.of(path, "_delta_log", String.format("%020d.json", version)))) {
            if (line.startsWith("{\"" + action + "\"")) {
                return line;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ in-commit timestamps

    @Test
    @Proves(feature = "inCommitTimestamp", mode = Proves.Mode.WRITE)
    void inCommitTimestampsFromCreationBothWritersHistoryAndTimeTravelAgree() throws Exception {
        String p = path("ict");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.enableInCommitTimestamps' = 'true',"
                + " 'delta.checkpointInterval' = '2')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1, 'a'), (2, 'b')");
        spark("INSERT INTO " + t(p) + " VALUES (3, 'c')");
        floe.sql("UPDATE " + t(p) + " SET s = 'B' WHERE id = 2");
        spark("DELETE FROM " + t(p) + " WHERE id = 1");
        floe.sql("INSERT INTO " + t(p) + " VALUES (4, 'd')");
        assertSameHistoryAndRows(p, "id, s");
        for (long v = 0; v <= 5; v++) {
            assertThat(logLine(p, v, "commitInfo")).as("version %d", v).contains("\"inCommitTimestamp\":");
        }
        Map<Long, Long> sparkTimes = sparkHistory(p);
        assertThat(floeHistory(p)).isEqualTo(sparkTimes);
        // every version's own timestamp travels to it on both sides
        for (var e : sparkTimes.entrySet()) {
            String at = Instant.ofEpochMilli(e.getValue()).toString();
            List<String> sparkRows = new ArrayList<>();
            for (Row r : spark.read().format("delta").option("timestampAsOf", at).load(p).selectExpr("id", "s").collectAsList()) {
                sparkRows.add(Spark.canonical(List.of(r.get(0), r.get(1))));
            }
            sparkRows.sort(null);
            assertThat(Spark.floeRows(floe.sql("SELECT id, s FROM " + t(p) + " TIMESTAMP AS OF '" + at + "'")))
                    .as("TIMESTAMP AS OF %s (version %d)", at, e.getKey()).isEqualTo(sparkRows);
        }
    }

    @Test
    @Proves(feature = "inCommitTimestamp (turned on by ALTER TABLE)", mode = Proves.Mode.WRITE)
    void inCommitTimestampsTurnedOnLaterRecordTheirEnablement() throws Exception {
        String p = path("ict_later");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT) USING DELTA");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1)");
        floe.sql("ALTER TABLE " + t(p) + " SET TBLPROPERTIES ('delta.enableInCommitTimestamps' = 'true')");
        spark("INSERT INTO " + t(p) + " VALUES (2)");
        floe.sql("INSERT INTO " + t(p) + " VALUES (3)");
        assertSameHistoryAndRows(p, "id");
        Map<String, String> props = new TreeMap<>();
        for (Row r : spark("SHOW TBLPROPERTIES " + t(p))) {
            props.put(r.getString(0), r.getString(1));
        }
        assertThat(props).containsEntry("delta.inCommitTimestampEnablementVersion", "2")
                .containsEntry("delta.feature.inCommitTimestamp", "supported");
        Map<Long, Long> sparkTimes = sparkHistory(p);
        assertThat(props.get("delta.inCommitTimestampEnablementTimestamp")).isEqualTo(String.valueOf(sparkTimes.get(2L)));
        assertThat(floeHistory(p)).isEqualTo(sparkTimes);
    }

    @Test
    @Proves(feature = "inCommitTimestamp", mode = Proves.Mode.READ)
    void sparkCreatedInCommitTimestampTableTakesFloeWrites() {
        String p = path("ict_spark");
        spark("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.enableInCommitTimestamps' = 'true')");
        spark("INSERT INTO " + t(p) + " VALUES (1, 'a')");
        floe.sql("MERGE INTO " + t(p) + " x USING (SELECT 1 AS id, 'A' AS s UNION ALL SELECT 2, 'b') s ON x.id = s.id"
                + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
        spark("INSERT INTO " + t(p) + " VALUES (3, 'c')");
        assertSameHistoryAndRows(p, "id, s");
        assertThat(floeHistory(p)).isEqualTo(sparkHistory(p));
    }

    // ------------------------------------------------------------------ row tracking

    /** id → [row_id, row_commit_version] as Spark reads them at a version. */
    private static Map<Long, List<Long>> sparkRowIds(String path, long version) {
        Map<Long, List<Long>> out = new TreeMap<>();
        for (Row r : spark.read().format("delta").option("versionAsOf", version).load(path)
                .selectExpr("id", "_metadata.row_id", "_metadata.row_commit_version").collectAsList()) {
            out.put(r.getLong(0), List.of(r.getLong(1), r.getLong(2)));
        }
        return out;
    }

    private static void assertRowIdsUnique(Map<Long, List<Long>> ids) {
        assertThat(ids.values().stream().map(l -> l.get(0)).distinct().count()).as("row ids are unique: %s", ids).isEqualTo(ids.size());
    }

    @Test
    @Proves(feature = "rowTracking (row ids and commit versions on new files)", mode = Proves.Mode.WRITE)
    void rowTrackingFloeCreatedSparkReadsRowIdsAndBothKeepWriting() throws Exception {
        String p = path("rt");
        // checkpoints every 2 versions: Spark reads row ids and the high-water mark from Floe's checkpoints too
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.enableRowTracking' = 'true',"
                + " 'delta.checkpointInterval' = '2')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        spark("INSERT INTO " + t(p) + " VALUES (4, 'd'), (5, 'e')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (6, 'f'), (7, 'g')");
        Map<Long, List<Long>> v3 = sparkRowIds(p, 3);
        assertRowIdsUnique(v3);
        assertThat(v3.values().stream().map(l -> l.get(0)).sorted().toList()).isEqualTo(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L));
        assertThat(v3.get(1L).get(1)).isEqualTo(1L);
        assertThat(v3.get(4L).get(1)).isEqualTo(2L);
        assertThat(v3.get(7L).get(1)).isEqualTo(3L);
        spark("UPDATE " + t(p) + " SET s = 'A' WHERE id = 1"); // Spark keeps row 1's id
        assertThat(sparkRowIds(p, 4).get(1L).get(0)).isEqualTo(v3.get(1L).get(0));
        floe.sql("UPDATE " + t(p) + " SET s = 'B' WHERE id = 2"); // Floe keeps the rewritten rows' ids too, and says so
        assertThat(logLine(p, 5, "commitInfo")).contains("\"delta.rowTracking.preserved\":\"true\"");
        assertRowIdsUnique(sparkRowIds(p, 5));
        assertThat(sparkRowIds(p, 5).get(2L).get(0)).isEqualTo(v3.get(2L).get(0));
        floe.sql("OPTIMIZE " + t(p)); // version 6: a Floe checkpoint
        assertThat(Files.exists(Path.of(p, "_delta_log", "00000000000000000006.checkpoint.parquet"))).isTrue();
        spark("INSERT INTO " + t(p) + " VALUES (8, 'h')");
        Map<Long, List<Long>> last = sparkRowIds(p, Spark.latestVersion(p));
        assertRowIdsUnique(last);
        assertThat(last.get(8L).get(0)).isGreaterThan(6L); // above every id ever assigned
        assertSameHistoryAndRows(p, "id, s");
    }

    @Test
    @Proves(feature = "rowTracking", mode = Proves.Mode.READ)
    void rowTrackingSparkCreatedTakesFloeWritesAndTurnedOnByFloeBackfills() {
        String p = path("rt_spark");
        spark("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.enableRowTracking' = 'true')");
        spark("INSERT INTO " + t(p) + " VALUES (1, 'a'), (2, 'b')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (3, 'c')");
        floe.sql("MERGE INTO " + t(p) + " x USING (SELECT 1 AS id, 'A' AS s) s ON x.id = s.id WHEN MATCHED THEN UPDATE SET *");
        spark("INSERT INTO " + t(p) + " VALUES (4, 'd')");
        assertSameHistoryAndRows(p, "id, s");
        for (long v = 1; v <= Spark.latestVersion(p); v++) {
            assertRowIdsUnique(sparkRowIds(p, v));
        }

        String q = path("rt_later");
        floe.sql("CREATE TABLE " + t(q) + " (id BIGINT) USING DELTA");
        floe.sql("INSERT INTO " + t(q) + " VALUES (1), (2)");
        floe.sql("INSERT INTO " + t(q) + " VALUES (3)");
        floe.sql("ALTER TABLE " + t(q) + " SET TBLPROPERTIES ('delta.enableRowTracking' = 'true')");
        spark("INSERT INTO " + t(q) + " VALUES (4)");
        Map<Long, List<Long>> ids = sparkRowIds(q, 4);
        assertRowIdsUnique(ids);
        assertThat(ids.get(1L).get(1)).isEqualTo(3L); // backfilled by the commit that turned it on
        assertThat(ids.get(4L).get(1)).isEqualTo(4L);
        assertSameHistoryAndRows(q, "id");
    }

    /** id → [row_id, row_commit_version] as Floe reads them at a version. */
    private static Map<Long, List<Long>> floeRowIds(String path, long version) {
        Map<Long, List<Long>> out = new TreeMap<>();
        for (List<Object> r : floe.sql("SELECT id, _metadata.row_id, _metadata.row_commit_version FROM " + t(path) + " VERSION AS OF "
                + version).rows()) {
            out.put(((Number) r.get(0)).longValue(), List.of(((Number) r.get(1)).longValue(), ((Number) r.get(2)).longValue()));
        }
        return out;
    }

    /** Spark and Floe read the same row ids and row commit versions at every version (and the same rows). */
    private static void assertSameRowIdsAtEveryVersion(String path) {
        long latest = Spark.latestVersion(path);
        for (long v = 0; v <= latest; v++) {
            Map<Long, List<Long>> spark = sparkRowIds(path, v);
            assertRowIdsUnique(spark);
            assertThat(floeRowIds(path, v)).as("%s: row ids at version %d", path, v).isEqualTo(spark);
        }
        assertSameHistoryAndRows(path, "id, s");
    }

    /** The rows of {@code before} that {@code after} still has keep their row ids. */
    private static void assertIdsKept(Map<Long, List<Long>> before, Map<Long, List<Long>> after) {
        for (var e : after.entrySet()) {
            if (before.containsKey(e.getKey())) {
                assertThat(e.getValue().get(0)).as("row id of %s", e.getKey()).isEqualTo(before.get(e.getKey()).get(0));
            }
        }
    }

    @Test
    @Proves(feature = "rowTracking (row ids kept by UPDATE, MERGE and DELETE: materialized row id columns)", mode = Proves.Mode.WRITE)
    @Proves(feature = "rowTracking (_metadata.row_id and row_commit_version in queries)", mode = Proves.Mode.READ)
    void sparkCreatedRowTrackingTableKeepsRowIdsThroughFloeUpdateMergeDeleteAndSparkAgrees() throws Exception {
        String p = path("rt_keep_spark");
        spark("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.enableRowTracking' = 'true')");
        spark("INSERT INTO " + t(p) + " SELECT id, CAST(id AS STRING) FROM range(0, 20)");
        spark("INSERT INTO " + t(p) + " SELECT id, CAST(id AS STRING) FROM range(20, 30)");
        Map<Long, List<Long>> start = sparkRowIds(p, 2);
        floe.sql("UPDATE " + t(p) + " SET s = 'u' WHERE id % 5 = 0"); // version 3
        floe.sql("MERGE INTO " + t(p) + " x USING (SELECT * FROM (VALUES (1, 'm'), (2, 'm'), (100, 'new')) AS v(id, s)) AS y "
                + "ON x.id = y.id WHEN MATCHED AND y.id = 2 THEN DELETE WHEN MATCHED THEN UPDATE SET s = y.s "
                + "WHEN NOT MATCHED THEN INSERT *"); // version 4
        floe.sql("DELETE FROM " + t(p) + " WHERE id IN (3, 21)"); // version 5
        for (long v = 3; v <= 5; v++) {
            assertThat(logLine(p, v, "commitInfo")).contains("\"delta.rowTracking.preserved\":\"true\"");
        }
        Map<Long, List<Long>> afterFloe = sparkRowIds(p, 5);
        assertIdsKept(start, afterFloe);
        assertThat(afterFloe.get(5L).get(1)).isEqualTo(3L); // updated by version 3
        assertThat(afterFloe.get(1L).get(1)).isEqualTo(4L); // updated by the MERGE
        assertThat(afterFloe.get(7L)).isEqualTo(start.get(7L)); // copied: id and version kept
        assertThat(afterFloe.get(100L).get(0)).isGreaterThan(29L); // inserted: a new id
        // Spark writes on top of Floe's materialized columns; Floe reads what Spark kept
        spark("UPDATE " + t(p) + " SET s = 'spark' WHERE id IN (1, 6)");
        spark("MERGE INTO " + t(p) + " x USING (SELECT 7L AS id, 'sm' AS s) y ON x.id = y.id WHEN MATCHED THEN UPDATE SET *");
        spark("DELETE FROM " + t(p) + " WHERE id = 8");
        floe.sql("UPDATE " + t(p) + " SET s = 'again' WHERE id = 1");
        assertIdsKept(start, sparkRowIds(p, Spark.latestVersion(p)));
        assertSameRowIdsAtEveryVersion(p);
    }

    @Test
    @Proves(feature = "rowTracking (row ids kept by UPDATE, MERGE and DELETE: materialized row id columns)", mode = Proves.Mode.READ)
    void floeCreatedRowTrackingTableKeepsRowIdsThroughSparkAndFloeRewritesWithDeletionVectors() throws Exception {
        String p = path("rt_keep_floe");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.enableRowTracking' = 'true',"
                + " 'delta.enableDeletionVectors' = 'true')");
        assertThat(logLine(p, 0, "metaData")).contains("\"delta.rowTracking.materializedRowIdColumnName\":\"_row-id-col-")
                .contains("\"delta.rowTracking.materializedRowCommitVersionColumnName\":\"_row-commit-version-col-");
        floe.sql("INSERT INTO " + t(p) + " SELECT id, 'x' FROM range(0, 12) AS r(id)");
        Map<Long, List<Long>> start = floeRowIds(p, 1);
        spark("UPDATE " + t(p) + " SET s = 'spark' WHERE id IN (0, 1)");
        floe.sql("UPDATE " + t(p) + " SET s = 'floe' WHERE id IN (1, 2)"); // row 1: an id Spark materialized
        floe.sql("MERGE INTO " + t(p) + " x USING (SELECT 3 AS id, 'm' AS s UNION ALL SELECT 50, 'n') AS y ON x.id = y.id "
                + "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
        floe.sql("DELETE FROM " + t(p) + " WHERE id = 4");
        spark("DELETE FROM " + t(p) + " WHERE id = 5");
        spark("MERGE INTO " + t(p) + " x USING (SELECT 2L AS id, 'sm' AS s) y ON x.id = y.id WHEN MATCHED THEN UPDATE SET *");
        floe.sql("OPTIMIZE " + t(p));
        Map<Long, List<Long>> last = floeRowIds(p, Spark.latestVersion(p));
        assertIdsKept(start, floeRowIds(p, Spark.latestVersion(p) - 1));
        assertRowIdsUnique(last);
        assertSameRowIdsAtEveryVersion(p);
    }

    @Test
    @Proves(feature = "rowTracking (row ids kept by UPDATE, MERGE and DELETE: materialized row id columns)", mode = Proves.Mode.WRITE)
    void rowIdsKeptUnderColumnMappingIdModeAgreeWithSpark() throws Exception {
        String p = path("rt_keep_id_mapped");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.enableRowTracking' = 'true',"
                + " 'delta.columnMapping.mode' = 'id')");
        floe.sql("INSERT INTO " + t(p) + " SELECT id, 'x' FROM range(0, 8) AS r(id)");
        Map<Long, List<Long>> start = floeRowIds(p, 1);
        floe.sql("UPDATE " + t(p) + " SET s = 'floe' WHERE id < 3");
        spark("UPDATE " + t(p) + " SET s = 'spark' WHERE id IN (2, 5)");
        floe.sql("DELETE FROM " + t(p) + " WHERE id = 7");
        assertIdsKept(start, sparkRowIds(p, Spark.latestVersion(p)));
        assertSameRowIdsAtEveryVersion(p);
    }

    // ------------------------------------------------------------------ type widening and DROP COLUMN

    @Test
    @Proves(feature = "typeWidening (ALTER COLUMN … TYPE)", mode = Proves.Mode.WRITE)
    void typeWideningByFloeThenSparkBothReadEveryVersion() throws Exception {
        String p = path("widen");
        floe.sql("CREATE TABLE " + t(p) + " (id INT, f FLOAT, d DECIMAL(5, 2), b TINYINT) USING DELTA"
                + " TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1, 1.5, 123.45, 1), (2147483647, -2.25, -999.99, -128)");
        floe.sql("ALTER TABLE " + t(p) + " ALTER COLUMN id TYPE BIGINT");
        floe.sql("ALTER TABLE " + t(p) + " ALTER COLUMN f TYPE DOUBLE");
        floe.sql("ALTER TABLE " + t(p) + " ALTER COLUMN d TYPE DECIMAL(10, 4)");
        floe.sql("INSERT INTO " + t(p) + " VALUES (9000000000, 1e300, 123456.7891, 2)");
        spark("INSERT INTO " + t(p) + " VALUES (9000000001, 2.5, 1.0001, 3)");
        spark("ALTER TABLE " + t(p) + " ALTER COLUMN b TYPE INT");
        floe.sql("INSERT INTO " + t(p) + " VALUES (5, 5.5, 5.5, 100000)");
        floe.sql("UPDATE " + t(p) + " SET b = b + 1000 WHERE id = 1");
        assertSameHistoryAndRows(p, "id, f, d, b");
        assertThat(logLine(p, 2, "metaData")).contains("delta.typeChanges").contains("\\\"fromType\\\":\\\"integer\\\"");
        assertThat(spark("DESCRIBE " + t(p)).stream().map(r -> r.getString(1)).toList())
                .containsExactly("bigint", "double", "decimal(10,4)", "int");
    }

    @Test
    @Proves(feature = "typeWidening", mode = Proves.Mode.READ)
    void sparkWidenedTableTakesFloeWrites() {
        String p = path("widen_spark");
        spark("CREATE TABLE " + t(p) + " (id INT, s SMALLINT) USING DELTA TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
        spark("INSERT INTO " + t(p) + " VALUES (1, 1), (2, 2)");
        spark("ALTER TABLE " + t(p) + " ALTER COLUMN id TYPE BIGINT");
        floe.sql("INSERT INTO " + t(p) + " VALUES (5000000000, 3)");
        floe.sql("ALTER TABLE " + t(p) + " ALTER COLUMN s TYPE INT");
        spark("INSERT INTO " + t(p) + " VALUES (6000000000, 70000)");
        floe.sql("MERGE INTO " + t(p) + " x USING (SELECT 1 AS id, 40000 AS s) y ON x.id = y.id WHEN MATCHED THEN UPDATE SET *");
        assertSameHistoryAndRows(p, "id, s");
    }

    @Test
    @Proves(feature = "columnMapping mode 'id' (Parquet field ids in Floe's files)", mode = Proves.Mode.WRITE)
    void idMappedTableByFloeIsReadAndWrittenBySpark() {
        String p = path("idmode");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, name STRING, st STRUCT<x: INT, y: STRING>, p STRING) USING DELTA"
                + " PARTITIONED BY (p) TBLPROPERTIES ('delta.columnMapping.mode' = 'id')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1, 'a', named_struct('x', 1, 'y', 'u'), 'p1'), (2, 'b', NULL, 'p2')");
        floe.sql("ALTER TABLE " + t(p) + " RENAME COLUMN name TO label");
        spark("INSERT INTO " + t(p) + " VALUES (3, 'c', named_struct('x', 3, 'y', 'w'), 'p1')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (4, 'd', named_struct('x', 4, 'y', 'v'), 'p2')");
        spark("UPDATE " + t(p) + " SET label = 'e' WHERE id = 1");
        assertThat(Spark.rows(p, Spark.latestVersion(p), "id, label, st, p"))
                .isEqualTo(Spark.floeRows(floe.sql("SELECT id, label, st, p FROM " + t(p))));
        assertSameHistoryAndRows(p, "id, st, p");
    }

    @Test
    @Proves(feature = "DROP COLUMN (column mapping name mode)", mode = Proves.Mode.WRITE)
    void dropColumnByFloeAndBySparkOnOneTable() {
        String p = path("drop");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, a STRING, b DOUBLE, c STRING, p STRING) USING DELTA PARTITIONED BY (p)");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1, 'x', 1.0, 'c1', 'p1'), (2, 'y', 2.0, 'c2', 'p2')");
        floe.sql("ALTER TABLE " + t(p) + " SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
        floe.sql("ALTER TABLE " + t(p) + " DROP COLUMN a");
        spark("INSERT INTO " + t(p) + " VALUES (3, 3.0, 'c3', 'p1')");
        spark("ALTER TABLE " + t(p) + " DROP COLUMN b");
        floe.sql("ALTER TABLE " + t(p) + " ADD COLUMNS (a INT)");
        floe.sql("INSERT INTO " + t(p) + " VALUES (4, 'c4', 'p2', 40)");
        spark("UPDATE " + t(p) + " SET a = 10 WHERE id = 1");
        assertThat(spark("SELECT * FROM " + t(p)).get(0).schema().fieldNames()).containsExactly("id", "c", "p", "a");
        assertThat(Spark.rows(p, Spark.latestVersion(p), "id, c, p, a"))
                .isEqualTo(Spark.floeRows(floe.sql("SELECT id, c, p, a FROM " + t(p))));
        assertSameHistoryAndRows(p, "id, p");
        assertThat(Spark.rows(p, 1, "id, a, b")).isEqualTo(Spark.floeRows(floe.sql("SELECT id, a, b FROM " + t(p) + " VERSION AS OF 1")));
    }

    @Test
    @Proves(feature = "DROP COLUMN (column mapping name mode)", mode = Proves.Mode.READ)
    void structColumnsUnderNameMappingSurviveSparkSchemaChangesAndDrops() {
        String p = path("nested_map");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, st STRUCT<a: INT, b: STRING>, x STRING) USING DELTA"
                + " TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1, {'a': 1, 'b': 'x'}, 'x1')");
        spark("ALTER TABLE " + t(p) + " ADD COLUMNS (c STRING)");
        spark("INSERT INTO " + t(p) + " VALUES (2, named_struct('a', 2, 'b', 'y'), 'x2', 'c2')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (3, {'a': 3, 'b': 'z'}, 'x3', 'c3')");
        spark("ALTER TABLE " + t(p) + " DROP COLUMN st.b");
        floe.sql("ALTER TABLE " + t(p) + " DROP COLUMN x");
        floe.sql("INSERT INTO " + t(p) + " VALUES (4, {'a': 4}, 'c4')");
        spark("INSERT INTO " + t(p) + " VALUES (5, named_struct('a', 5), 'c5')");
        assertSameHistoryAndRows(p, "id");
        assertThat(Spark.rows(p, Spark.latestVersion(p), "id, st.a, c"))
                .isEqualTo(Spark.floeRows(floe.sql("SELECT id, st.a, c FROM " + t(p))));
        assertThat(Spark.rows(p, 3, "id, st.a, st.b, x, c"))
                .isEqualTo(Spark.floeRows(floe.sql("SELECT id, st.a, st.b, x, c FROM " + t(p) + " VERSION AS OF 3")));
    }

    // ------------------------------------------------------------------ V2 checkpoints

    private static List<String> checkpoints(String path) throws Exception {
        try (var files = Files.list(Path.of(path, "_delta_log"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".checkpoint.")).sorted().toList();
        }
    }

    @Test
    @Proves(feature = "v2Checkpoint (UUID-named, delta.checkpointPolicy = v2)", mode = Proves.Mode.WRITE)
    void v2CheckpointsWrittenByFloeAreWhatSparkReadsAndTheReverse() throws Exception {
        String p = path("v2cp");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.checkpointPolicy' = 'v2',"
                + " 'delta.checkpointInterval' = '2')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1, 'a'), (2, 'b')");
        floe.sql("UPDATE " + t(p) + " SET s = 'B' WHERE id = 2");
        List<String> cps = checkpoints(p);
        assertThat(cps).hasSize(1);
        assertThat(cps.get(0)).matches("00000000000000000002\\.checkpoint\\.[0-9a-f-]{36}\\.parquet");
        // without the commits before it (as log cleanup leaves a table), Spark can only read version 2 from Floe's checkpoint
        for (long v = 0; v < 2; v++) {
            Files.delete(Path.of(p, "_delta_log", String.format("%020d.json", v)));
        }
        assertThat(Spark.rows(p, 2, "id, s")).containsExactly("[1, a]", "[2, B]");
        spark("INSERT INTO " + t(p) + " VALUES (3, 'c')");
        spark("INSERT INTO " + t(p) + " VALUES (4, 'd')"); // version 4: Spark's own V2 checkpoint
        assertThat(checkpoints(p).stream().filter(n -> n.startsWith("00000000000000000004.checkpoint.")).toList()).isNotEmpty();
        // a fresh Floe session starts from Spark's checkpoint (the early commits are gone)
        try (Floe other = Floe.open(root.resolve("wh2").toString())) {
            assertThat(Spark.floeRows(other.sql("SELECT id, s FROM " + t(p)))).isEqualTo(Spark.rows(p, 4, "id, s"));
        }
        floe.sql("DELETE FROM " + t(p) + " WHERE id = 1");
        floe.sql("INSERT INTO " + t(p) + " VALUES (5, 'e')"); // version 6: Floe's V2 checkpoint again
        assertThat(checkpoints(p).stream().filter(n -> n.startsWith("00000000000000000006.checkpoint.")).toList())
                .singleElement().asString().doesNotContain(".checkpoint.parquet");
        for (long v = 2; v <= 6; v++) {
            assertThat(Spark.floeRows(floe.sql("SELECT id, s FROM " + t(p) + " VERSION AS OF " + v))).as("version %d", v)
                    .isEqualTo(Spark.rows(p, v, "id, s"));
        }
    }
}
