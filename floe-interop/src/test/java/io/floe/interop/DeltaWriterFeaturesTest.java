package io.floe.interop;

import io.floe.Floe;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
class DeltaWriterFeaturesTest {
    static SparkSession spark;
    static Floe floe;
    static Path root;

    @BeforeAll
    static void open() throws Exception {
        spark = Spark.session();
        root = Spark.tempDir("floe-interop-features-");
        floe = Floe.open(root.resolve("wh").toString());
    }

    @AfterAll
    static void close() {
        floe.close();
    }

    private static String path(String name) {
        return root.resolve(name).toString();
    }

    private static String t(String path) {
        return "delta.`" + path + "`";
    }

    private static List<Row> spark(String sql) {
        return spark.sql(sql).collectAsList();
    }

    /** Floe's rows equal Spark's at every version of the table. */
    private static void assertSameAtEveryVersion(String path, String columns) {
        long latest = Spark.latestVersion(path);
        assertThat(floeHistory(path).keySet()).as("versions Floe sees").contains(latest).allMatch(v -> v <= latest);
        for (long v = 0; v <= latest; v++) {
            List<String> sparkRows = Spark.rows(path, v, columns);
            List<String> mine = Spark.floeRows(floe.sql("SELECT " + columns + " FROM " + t(path) + " VERSION AS OF " + v));
            assertThat(mine).as("%s at version %d", path, v).isEqualTo(sparkRows);
        }
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
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.enableInCommitTimestamps' = 'true')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1, 'a'), (2, 'b')");
        spark("INSERT INTO " + t(p) + " VALUES (3, 'c')");
        floe.sql("UPDATE " + t(p) + " SET s = 'B' WHERE id = 2");
        spark("DELETE FROM " + t(p) + " WHERE id = 1");
        floe.sql("INSERT INTO " + t(p) + " VALUES (4, 'd')");
        assertSameAtEveryVersion(p, "id, s");
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
        assertSameAtEveryVersion(p, "id");
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
        assertSameAtEveryVersion(p, "id, s");
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
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.enableRowTracking' = 'true')");
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
        floe.sql("UPDATE " + t(p) + " SET s = 'B' WHERE id = 2"); // Floe: fresh ids for the rewritten file, said in the log
        assertThat(logLine(p, 5, "commitInfo")).contains("\"delta.rowTracking.preserved\":\"false\"");
        assertRowIdsUnique(sparkRowIds(p, 5));
        floe.sql("OPTIMIZE " + t(p));
        spark("INSERT INTO " + t(p) + " VALUES (8, 'h')");
        Map<Long, List<Long>> last = sparkRowIds(p, Spark.latestVersion(p));
        assertRowIdsUnique(last);
        assertThat(last.get(8L).get(0)).isGreaterThan(6L); // above every id ever assigned
        assertSameAtEveryVersion(p, "id, s");
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
        assertSameAtEveryVersion(p, "id, s");
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
        assertSameAtEveryVersion(q, "id");
    }
}
