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
}
