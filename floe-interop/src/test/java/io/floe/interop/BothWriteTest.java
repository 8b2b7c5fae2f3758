package io.floe.interop;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Spark and Floe take turns writing one table; both read the same rows at every version. */
class BothWriteTest extends SparkAndFloe {
    @Test
    @Proves(feature = "alternating writers: appends, MERGE, OPTIMIZE, VACUUM by Spark and Floe", mode = Proves.Mode.READ)
    @Proves(feature = "alternating writers: appends, MERGE, OPTIMIZE, VACUUM by Spark and Floe", mode = Proves.Mode.WRITE)
    void takingTurns() {
        String p = path("shared");
        String t = "delta.`" + p + "`";
        spark("CREATE TABLE " + t + " (id BIGINT, p STRING, v BIGINT) USING DELTA PARTITIONED BY (p)"
                + " TBLPROPERTIES ('delta.checkpointInterval' = '4')");
        floe.sql("INSERT INTO " + t + " SELECT range, 'p' || (range % 2), 0 FROM range(20)");
        spark("INSERT INTO " + t + " SELECT id, concat('p', CAST(id % 2 AS STRING)), 1 FROM range(20, 40)");
        floe.sql("MERGE INTO " + t + " AS x USING (SELECT range AS id, 'p0' AS p, 5 AS v FROM range(0, 50, 2)) s ON x.id = s.id"
                + " WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT *");
        spark("MERGE INTO " + t + " AS x USING (SELECT id, 'p1' AS p, 7L AS v FROM range(1, 60, 2)) s ON x.id = s.id"
                + " WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT *");
        floe.sql("DELETE FROM " + t + " WHERE id % 5 = 0");
        spark("OPTIMIZE " + t);
        floe.sql("INSERT INTO " + t + " VALUES (100, 'p0', 9)");
        floe.sql("OPTIMIZE " + t + " ZORDER BY (id)");
        spark("UPDATE " + t + " SET v = v + 1 WHERE id < 10");
        assertSameAtEveryVersion(p, "id, p, v");
        spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
        spark("VACUUM " + t + " RETAIN 0 HOURS");
        floe.sql("INSERT INTO " + t + " VALUES (101, 'p1', 1)");
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        floe.sql("VACUUM " + t + " RETAIN 0 HOURS");
        long latest = Spark.latestVersion(p);
        assertThat(Spark.rows(p, latest, "id, p, v")).isEqualTo(Spark.floeRows(floe.sql("SELECT id, p, v FROM " + t)));
        assertThat(((Number) floe.sql("SELECT count(*) FROM " + t).scalar()).longValue())
                .isEqualTo(spark.sql("SELECT count(*) FROM " + t).collectAsList().get(0).getLong(0));
    }
}
