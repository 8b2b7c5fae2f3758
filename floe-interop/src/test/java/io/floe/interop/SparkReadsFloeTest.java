package io.floe.interop;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tables Floe writes read back in real Spark + delta-spark exactly as in Floe, at every version. */
class SparkReadsFloeTest extends SparkAndFloe {
    /** The directory of the warehouse's table {@code table}. */
    private static String location(String table) {
        return floe.table(table).location().replaceFirst("^file:", "").replaceFirst("^//", "");
    }

    /** Every version of the table reads the same in Spark and in Floe. */
    private static void assertSameAtEveryVersionOf(String table, String columns) {
        String p = location(table);
        long latest = floe.table(table).snapshot().version();
        for (long v = 0; v <= latest; v++) {
            List<String> spark = Spark.rows(p, v, columns);
            List<String> mine = Spark.floeRows(floe.sql("SELECT " + columns + " FROM " + table + " VERSION AS OF " + v));
            assertThat(spark).as("%s at version %d", table, v).isEqualTo(mine);
        }
    }

    private static List<String> sparkHistory(String table) {
        List<String> ops = new ArrayList<>();
        for (Row r : Spark.session().sql("DESCRIBE HISTORY delta.`" + location(table) + "`").collectAsList()) {
            ops.add(r.getAs("operation"));
        }
        return ops;
    }

    @Test
    @Proves(feature = "partitioned tables, every primitive/decimal/date/timestamp/nested type", mode = Proves.Mode.WRITE)
    void everyTypePartitionedAndNot() {
        String cols = "b, i8, i16, i32, i64, f32, f64, d1, d2, s, bin, dt, ts, st, arr, m";
        for (String t : List.of("types_flat", "types_part")) {
            floe.sql("CREATE TABLE " + t + " (b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT, f32 FLOAT, f64 DOUBLE,"
                    + " d1 DECIMAL(10,2), d2 DECIMAL(38,18), s STRING, bin BINARY, dt DATE, ts TIMESTAMP,"
                    + " st STRUCT<a: INT, b: STRING>, arr ARRAY<INT>, m MAP<STRING, INT>) USING DELTA"
                    + (t.endsWith("part") ? " PARTITIONED BY (s)" : ""));
            floe.sql("INSERT INTO " + t + " VALUES (true, 1, 2, 3, 4, 1.5, 2.25, 12.34, 1.000000000000000001, 'a b/c=d%', X'0102',"
                    + " DATE '2024-02-29', TIMESTAMP '2024-01-01 10:11:12.123456', named_struct('a', 1, 'b', 'x'), array(1, 2, NULL),"
                    + " map('k', 1)),"
                    + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                    + " (false, -1, -2, -3, -4, -1.5, 1e300, -0.01, 0, '😈', X'', DATE '1970-01-01', TIMESTAMP '1999-12-31 23:59:59',"
                    + " named_struct('a', NULL, 'b', NULL), CAST(array() AS ARRAY<INT>), CAST(map() AS MAP<STRING, INT>))");
            assertSameAtEveryVersionOf(t, cols);
        }
    }

    /**
     * Floe's checkpoints hold the statistics typed as well (add.stats_parsed; asked for here, by default from 10,000
     * files): Spark reads the struct with the table's
     * own types (a reader that plans from it gets what the text says), and reads the table at every version.
     */
    @Test
    @Proves(feature = "checkpoint statistics as structs (stats_parsed)", mode = Proves.Mode.WRITE)
    void checkpointStatisticsAsStructs() {
        floe.sql("CREATE TABLE structstats (id BIGINT, i INT, d DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, s STRING, x DOUBLE,"
                + " st STRUCT<a: SMALLINT>) USING DELTA TBLPROPERTIES ('delta.checkpointInterval' = '2',"
                + " 'delta.checkpoint.writeStatsAsStruct' = 'true')");
        for (int k = 0; k < 3; k++) {
            floe.sql("INSERT INTO structstats VALUES (" + k + ", " + (k - 1) + ", DATE '2024-01-0" + (k + 1) + "', TIMESTAMP '2024-01-01 10:11:1"
                    + k + ".123456', TIMESTAMP_NTZ '2024-01-01 10:11:12.5', 's" + k + "', " + k + ".25, named_struct('a', " + k + "))");
        }
        assertSameAtEveryVersionOf("structstats", "id, i, d, ts, ntz, s, x, st");
        String log = location("structstats") + "/_delta_log/00000000000000000002.checkpoint.parquet";
        List<Row> rows = Spark.session().read().parquet(log).where("add IS NOT NULL")
                .selectExpr("add.stats_parsed.numRecords AS n", "add.stats_parsed.minValues.id AS id",
                        "add.stats_parsed.minValues.i AS i", "add.stats_parsed.minValues.d AS d", "add.stats_parsed.minValues.ts AS ts",
                        "add.stats_parsed.maxValues.ts AS tsMax", "add.stats_parsed.minValues.ntz AS ntz",
                        "add.stats_parsed.minValues.s AS s", "add.stats_parsed.maxValues.x AS x",
                        "add.stats_parsed.minValues.st.a AS a", "add.stats_parsed.nullCount.id AS nulls")
                .orderBy("id").collectAsList();
        var types = Spark.session().read().parquet(log).selectExpr("add.stats_parsed.minValues.*").schema();
        assertThat(types.apply("id").dataType().typeName()).isEqualTo("long");
        assertThat(types.apply("i").dataType().typeName()).isEqualTo("integer");
        assertThat(types.apply("d").dataType().typeName()).isEqualTo("date");
        assertThat(types.apply("ts").dataType().typeName()).isEqualTo("timestamp");
        assertThat(types.apply("ntz").dataType().typeName()).isEqualTo("timestamp_ntz");
        assertThat(rows).hasSize(2);
        Row first = rows.get(0);
        assertThat(first.<Long>getAs("n")).isEqualTo(1L);
        assertThat(first.<Long>getAs("id")).isEqualTo(0L);
        assertThat(first.<Integer>getAs("i")).isEqualTo(-1);
        assertThat(first.getAs("d").toString()).isEqualTo("2024-01-01");
        // the statistics' millisecond bounds: the lower one truncated, the upper one rounded up
        assertThat(instant(first.getAs("ts"))).isEqualTo(java.time.Instant.parse("2024-01-01T10:11:10.123Z"));
        assertThat(instant(first.getAs("tsMax"))).isEqualTo(java.time.Instant.parse("2024-01-01T10:11:10.124Z"));
        assertThat(first.getAs("ntz").toString()).isEqualTo("2024-01-01T10:11:12.500");
        assertThat(first.<String>getAs("s")).isEqualTo("s0");
        assertThat(first.<Double>getAs("x")).isEqualTo(0.25);
        assertThat(first.<Short>getAs("a")).isEqualTo((short) 0);
        assertThat(first.<Long>getAs("nulls")).isEqualTo(0L);
    }

    private static java.time.Instant instant(Object sparkTimestamp) {
        return sparkTimestamp instanceof java.time.Instant i ? i : ((java.sql.Timestamp) sparkTimestamp).toInstant();
    }

    @Test
    @Proves(feature = "timestampNtz", mode = Proves.Mode.WRITE)
    void timestampNtz() {
        floe.sql("CREATE TABLE ntz (id INT, t TIMESTAMP_NTZ) USING DELTA");
        floe.sql("INSERT INTO ntz VALUES (1, TIMESTAMP '2024-05-06 07:08:09.123456'), (2, NULL)");
        assertSameAtEveryVersionOf("ntz", "id, t");
    }

    @Test
    @Proves(feature = "MERGE / UPDATE / DELETE / OPTIMIZE / RESTORE / VACUUM, Spark history", mode = Proves.Mode.WRITE)
    void rowLevelOperationsMaintenanceAndHistory() {
        floe.sql("CREATE TABLE ops (id BIGINT, p STRING, v DOUBLE) USING DELTA PARTITIONED BY (p)"
                + " TBLPROPERTIES ('delta.checkpointInterval' = '3')");
        floe.sql("INSERT INTO ops SELECT range, 'p' || (range % 3), range * 1.0 FROM range(100)");
        floe.sql("INSERT INTO ops SELECT range, 'p' || (range % 3), range * 1.0 FROM range(100, 150)");
        floe.sql("INSERT OVERWRITE ops SELECT * FROM ops WHERE id < 120");
        floe.sql("MERGE INTO ops t USING (SELECT range * 3 AS id, 'p0' AS p, -1.0 AS v FROM range(60)) s ON t.id = s.id"
                + " WHEN MATCHED AND s.id > 100 THEN DELETE WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT *");
        floe.sql("UPDATE ops SET v = v + 100 WHERE p = 'p1'");
        floe.sql("DELETE FROM ops WHERE id % 7 = 0");
        floe.sql("INSERT INTO ops SELECT range, 'p' || (range % 3), 0.0 FROM range(200, 230)");
        floe.sql("OPTIMIZE ops");
        floe.sql("OPTIMIZE ops ZORDER BY (id, v)");
        floe.sql("RESTORE TABLE ops TO VERSION AS OF 5");
        floe.sql("ALTER TABLE ops ADD COLUMNS (note STRING)");
        floe.sql("INSERT INTO ops VALUES (1000, 'p9', 1.0, 'new')");
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        floe.sql("VACUUM ops RETAIN 0 HOURS");
        assertThat(Spark.latestVersion(location("ops"))).isEqualTo(floe.table("ops").snapshot().version());
        long latest = floe.table("ops").snapshot().version();
        String p = location("ops");
        // after VACUUM only the current version's files exist: compare it, and every version before the vacuum from
        // the history both sides agree on
        assertThat(Spark.rows(p, latest, "id, p, v, note"))
                .isEqualTo(Spark.floeRows(floe.sql("SELECT id, p, v, note FROM ops")));
        assertThat(sparkHistory("ops")).contains("CREATE TABLE", "WRITE", "MERGE", "UPDATE", "DELETE", "OPTIMIZE", "RESTORE",
                "ADD COLUMNS", "VACUUM START", "VACUUM END");
        assertThat(Spark.session().sql("SELECT count(*) FROM delta.`" + p + "`").collectAsList().get(0).getLong(0))
                .isEqualTo(((Number) floe.sql("SELECT count(*) FROM ops").scalar()).longValue());
    }

    @Test
    @Proves(feature = "classic checkpoints", mode = Proves.Mode.WRITE)
    @Proves(feature = "ZORDER BY", mode = Proves.Mode.WRITE)
    void everyVersionOfRowLevelChangesBeforeVacuum() {
        floe.sql("CREATE TABLE hist (id BIGINT, p STRING, v DOUBLE) USING DELTA PARTITIONED BY (p)"
                + " TBLPROPERTIES ('delta.checkpointInterval' = '2')");
        floe.sql("INSERT INTO hist SELECT range, 'p' || (range % 3), range * 1.0 FROM range(50)");
        floe.sql("MERGE INTO hist t USING (SELECT range * 2 AS id, 'p1' AS p, 0.5 AS v FROM range(40)) s ON t.id = s.id"
                + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
        floe.sql("UPDATE hist SET v = -v WHERE id < 10");
        floe.sql("DELETE FROM hist WHERE p = 'p2'");
        floe.sql("OPTIMIZE hist ZORDER BY (id)");
        floe.sql("RESTORE TABLE hist TO VERSION AS OF 2");
        assertSameAtEveryVersionOf("hist", "id, p, v");
    }

    @Test
    @Proves(feature = "columnMapping (name mode, RENAME COLUMN)", mode = Proves.Mode.WRITE)
    @Proves(feature = "checkConstraints", mode = Proves.Mode.WRITE)
    void renamedColumnsAndConstraints() {
        floe.sql("CREATE TABLE evo (id BIGINT, name STRING) USING DELTA");
        floe.sql("INSERT INTO evo VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        floe.sql("ALTER TABLE evo RENAME COLUMN name TO label");
        floe.sql("ALTER TABLE evo ADD CONSTRAINT positive CHECK (id > 0)");
        floe.sql("UPDATE evo SET label = 'B' WHERE id = 2");
        floe.sql("INSERT INTO evo VALUES (4, 'd')");
        assertSameAtEveryVersionOf("evo", "*"); // the column's name changes along the versions
        // Spark enforces the constraint Floe added
        String p = location("evo");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                Spark.session().sql("INSERT INTO delta.`" + p + "` VALUES (-5, 'x')").collectAsList()).hasMessageContaining("positive");
    }

    @Test
    @Proves(feature = "changeDataFeed", mode = Proves.Mode.WRITE)
    void changeDataFeedMatchesSparks() {
        floe.sql("CREATE TABLE cdf (id BIGINT, label STRING) USING DELTA TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
        floe.sql("INSERT INTO cdf VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        floe.sql("UPDATE cdf SET label = 'B' WHERE id = 2");
        floe.sql("DELETE FROM cdf WHERE id = 3");
        floe.sql("MERGE INTO cdf t USING (SELECT 1 AS id, 'A' AS label UNION ALL SELECT 9, 'z') s ON t.id = s.id"
                + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
        floe.sql("INSERT INTO cdf VALUES (4, 'd')");
        assertSameAtEveryVersionOf("cdf", "id, label");
        String p = location("cdf");
        List<String> spark = new ArrayList<>();
        for (Row r : Spark.session().sql("SELECT id, label, _change_type, _commit_version FROM table_changes_by_path('" + p + "', 1)")
                .collectAsList()) {
            spark.add(Spark.canonical(List.of(r.get(0), r.get(1) == null ? "null" : r.get(1), r.get(2), r.get(3))));
        }
        spark.sort(null);
        List<String> mine = Spark.floeRows(floe.sql("SELECT id, label, _change_type, _commit_version FROM table_changes('cdf', 1)"));
        assertThat(spark).isEqualTo(mine);
    }
}
