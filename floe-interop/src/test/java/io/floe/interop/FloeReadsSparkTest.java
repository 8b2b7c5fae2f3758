package io.floe.interop;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tables Spark + delta-spark write read back exactly in Floe at every version. */
class FloeReadsSparkTest extends SparkAndFloe {
    private static void sql(String s) {
        spark.sql(s).collectAsList();
    }

    private static boolean logHas(String path, String glob) throws Exception {
        try (Stream<Path> s = Files.list(Path.of(path, "_delta_log"))) {
            var m = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
            return s.anyMatch(p -> m.matches(p.getFileName()));
        }
    }

    @Test
    @Proves(feature = "partition values with escapes, nulls, unicode", mode = Proves.Mode.READ)
    @Proves(feature = "classic checkpoints", mode = Proves.Mode.READ)
    void partitionedWithEscapesAndClassicCheckpoints() throws Exception {
        String p = path("parts");
        sql("CREATE TABLE delta.`" + p + "` (id BIGINT, k STRING, d DATE, v DOUBLE) USING DELTA PARTITIONED BY (k, d)"
                + " TBLPROPERTIES ('delta.checkpointInterval' = '2')");
        sql("INSERT INTO delta.`" + p + "` VALUES (1, 'a/b', DATE '2024-01-01', 1.0), (2, NULL, NULL, 2.0), (3, '%20 é😈', DATE '2024-01-02', 3.0)");
        sql("INSERT INTO delta.`" + p + "` VALUES (4, 'a/b', DATE '2024-01-01', 4.0)");
        sql("DELETE FROM delta.`" + p + "` WHERE id = 1");
        sql("UPDATE delta.`" + p + "` SET v = -v WHERE k IS NULL");
        sql("INSERT INTO delta.`" + p + "` VALUES (5, 'z', DATE '2024-03-01', 5.0)");
        assertThat(logHas(p, "*.checkpoint.parquet")).isTrue();
        assertSameAtEveryVersion(p, "id, k, d, v");
        assertThat(((Number) floe.sql("SELECT count(*) FROM delta.`" + p + "` WHERE k = 'a/b'").scalar()).longValue()).isEqualTo(1);
    }

    /**
     * A checkpoint whose statistics are only typed structs (add.stats_parsed, no stats text): Floe reads the same rows,
     * and its planning skips files by those statistics.
     */
    @Test
    @Proves(feature = "checkpoint statistics as structs (stats_parsed)", mode = Proves.Mode.READ)
    void checkpointStatisticsAsStructsOnly() throws Exception {
        String p = path("structstats");
        sql("CREATE TABLE delta.`" + p + "` (id BIGINT, d DATE, s STRING, x DOUBLE) USING DELTA TBLPROPERTIES ("
                + "'delta.checkpointInterval' = '3', 'delta.checkpoint.writeStatsAsStruct' = 'true',"
                + " 'delta.checkpoint.writeStatsAsJson' = 'false')");
        for (int i = 0; i < 4; i++) {
            sql("INSERT INTO delta.`" + p + "` VALUES (" + (10 * i) + ", DATE '2024-01-0" + (i + 1) + "', 'v" + i + "', " + i + ".5)");
        }
        assertThat(logHas(p, "*.checkpoint.parquet")).isTrue();
        assertSameAtEveryVersion(p, "id, d, s, x");
        for (String where : List.of("id = 20", "d = DATE '2024-01-03'", "s = 'v2'", "x < 1.0")) {
            // (a floating point column's upper bounds are never used: NaN is above every number and not in statistics)
            var scan = floe.session().explainScans("SELECT * FROM delta.`" + p + "` WHERE " + where).get(0);
            assertThat(scan.total()).as(where).isEqualTo(4);
            assertThat(scan.afterStatsSkipping()).as(where).isEqualTo(1);
            assertThat(((Number) floe.sql("SELECT count(*) FROM delta.`" + p + "` WHERE " + where).scalar()).longValue())
                    .as(where).isEqualTo(1);
        }
    }

    @Test
    @Proves(feature = "partitioned tables, every primitive/decimal/date/timestamp/nested type", mode = Proves.Mode.READ)
    @Proves(feature = "timestampNtz", mode = Proves.Mode.READ)
    void everyTypeAndTimestampNtz() {
        String p = path("types");
        sql("CREATE TABLE delta.`" + p + "` (b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT, f32 FLOAT, f64 DOUBLE,"
                + " d1 DECIMAL(10,2), d2 DECIMAL(38,18), s STRING, bin BINARY, dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ,"
                + " st STRUCT<a: INT, b: STRING>, arr ARRAY<INT>, m MAP<STRING, INT>) USING DELTA");
        sql("INSERT INTO delta.`" + p + "` VALUES (true, 1, 2, 3, 4, 1.5, 2.25, 12.34, 1.000000000000000001, 'x', X'0102',"
                + " DATE '2024-02-29', TIMESTAMP '2024-01-01 10:11:12.123456', TIMESTAMP_NTZ '2024-01-01 10:11:12.5',"
                + " named_struct('a', 1, 'b', 'y'), array(1, 2, NULL), map('k', 1)),"
                + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        assertSameAtEveryVersion(p, "b, i8, i16, i32, i64, f32, f64, d1, d2, s, bin, dt, ts, ntz, st, arr, m");
    }

    @Test
    @Proves(feature = "multi-part checkpoints", mode = Proves.Mode.READ)
    @Proves(feature = "v2Checkpoint", mode = Proves.Mode.READ)
    void multiPartAndV2Checkpoints() throws Exception {
        String multi = path("multipart");
        spark.conf().set("spark.databricks.delta.checkpoint.partSize", "2");
        try {
            sql("CREATE TABLE delta.`" + multi + "` (id BIGINT) USING DELTA TBLPROPERTIES ('delta.checkpointInterval' = '3')");
            for (int i = 0; i < 4; i++) {
                sql("INSERT INTO delta.`" + multi + "` VALUES (" + i + "), (" + (i + 100) + ")");
            }
        } finally {
            spark.conf().unset("spark.databricks.delta.checkpoint.partSize");
        }
        assertThat(logHas(multi, "*.checkpoint.0000000001.*.parquet")).as("multi-part checkpoint written").isTrue();
        assertSameAtEveryVersion(multi, "id");

        String v2 = path("v2");
        sql("CREATE TABLE delta.`" + v2 + "` (id BIGINT) USING DELTA TBLPROPERTIES ('delta.checkpointPolicy' = 'v2',"
                + " 'delta.checkpointInterval' = '2')");
        for (int i = 0; i < 4; i++) {
            sql("INSERT INTO delta.`" + v2 + "` VALUES (" + i + ")");
        }
        assertThat(logHas(v2, "*.checkpoint.*-*-*-*-*.*")).as("V2 checkpoint written").isTrue();
        assertSameAtEveryVersion(v2, "id");
    }

    @Test
    @Proves(feature = "deletionVectors", mode = Proves.Mode.READ)
    @Proves(feature = "deletionVectors (Floe changes a table Spark gave vectors)", mode = Proves.Mode.WRITE)
    void deletionVectors() {
        String p = path("dv");
        sql("CREATE TABLE delta.`" + p + "` (id BIGINT, v STRING) USING DELTA TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        sql("INSERT INTO delta.`" + p + "` SELECT id, CAST(id AS STRING) FROM range(1000)");
        sql("DELETE FROM delta.`" + p + "` WHERE id % 10 = 3");
        sql("UPDATE delta.`" + p + "` SET v = 'u' WHERE id < 5");
        assertSameAtEveryVersion(p, "id, v");
        // Floe changes a table Spark gave deletion vectors: its DELETE merges new rows into the files' vectors
        floe.sql("DELETE FROM delta.`" + p + "` WHERE id >= 900");
        assertThat(Spark.rows(p, Spark.latestVersion(p), "id, v"))
                .isEqualTo(Spark.floeRows(floe.sql("SELECT id, v FROM delta.`" + p + "`")));
    }

    @Test
    @Proves(feature = "columnMapping (name and id modes)", mode = Proves.Mode.READ)
    void columnMappingNameAndId() {
        for (String mode : List.of("name", "id")) {
            String p = path("cm_" + mode);
            sql("CREATE TABLE delta.`" + p + "` (id BIGINT, name STRING, part STRING) USING DELTA PARTITIONED BY (part)"
                    + " TBLPROPERTIES ('delta.columnMapping.mode' = '" + mode + "')");
            sql("INSERT INTO delta.`" + p + "` VALUES (1, 'a', 'x'), (2, 'b', 'y')");
            sql("ALTER TABLE delta.`" + p + "` RENAME COLUMN name TO label");
            sql("ALTER TABLE delta.`" + p + "` ADD COLUMNS (extra INT)");
            sql("INSERT INTO delta.`" + p + "` VALUES (3, 'c', 'x', 7)");
            sql("ALTER TABLE delta.`" + p + "` DROP COLUMN extra");
            assertSameAtEveryVersion(p, "*");
        }
    }

    @Test
    @Proves(feature = "schema evolution (mergeSchema)", mode = Proves.Mode.READ)
    @Proves(feature = "changeDataFeed", mode = Proves.Mode.READ)
    @Proves(feature = "checkConstraints", mode = Proves.Mode.READ)
    void schemaEvolutionChangeFeedAndConstraints() {
        String p = path("evo");
        sql("CREATE TABLE delta.`" + p + "` (id BIGINT, a STRING) USING DELTA TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
        sql("INSERT INTO delta.`" + p + "` VALUES (1, 'x'), (2, 'y')");
        spark.range(3, 5).selectExpr("id", "'z' AS a", "id * 10 AS b").write().format("delta").mode("append")
                .option("mergeSchema", "true").save(p);
        sql("UPDATE delta.`" + p + "` SET a = 'Y' WHERE id = 2");
        sql("DELETE FROM delta.`" + p + "` WHERE id = 1");
        sql("ALTER TABLE delta.`" + p + "` ADD CONSTRAINT pos CHECK (id > 0)");
        assertSameAtEveryVersion(p, "*");
        List<String> sparkChanges = new java.util.ArrayList<>();
        for (var r : spark.sql("SELECT id, a, _change_type, _commit_version FROM table_changes_by_path('" + p + "', 1, 4)").collectAsList()) {
            sparkChanges.add(Spark.canonical(java.util.Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3))));
        }
        sparkChanges.sort(null);
        assertThat(Spark.floeRows(floe.sql("SELECT id, a, _change_type, _commit_version FROM table_changes('delta.`" + p + "`', 1, 4)")))
                .isEqualTo(sparkChanges);
        // Floe enforces Spark's constraint
        assertThatThrownBy(() -> floe.sql("INSERT INTO delta.`" + p + "` VALUES (-1, 'bad', 0)")).hasMessageContaining("pos");
        floe.sql("INSERT INTO delta.`" + p + "` VALUES (7, 'ok', 70)");
        assertThat(Spark.rows(p, Spark.latestVersion(p), "id, a, b")).contains("[7, ok, 70]");
    }
}
