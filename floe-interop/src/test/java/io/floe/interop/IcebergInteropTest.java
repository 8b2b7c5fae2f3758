package io.floe.interop;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Iceberg tables between Floe and real Spark with Iceberg's Spark runtime: Spark reads every snapshot Floe wrote
 * exactly, Floe reads every snapshot Spark wrote exactly, and both take turns writing one table. Tables live in the
 * warehouse of Spark's path catalog {@code ice}, so Spark names them {@code ice.db.t} and Floe by path.
 */
class IcebergInteropTest extends SparkAndFloeOnIceberg {
    private static List<String> sparkRows(String name, long snapshot, String columns) {
        return sparkRows("SELECT " + columns + " FROM ice.db." + name + " VERSION AS OF " + snapshot);
    }

    private static List<String> floeRows(String name, long snapshot, String columns) {
        return Spark.floeRows(floe.sql("SELECT " + columns + " FROM " + floeName(name) + " VERSION AS OF " + snapshot));
    }

    /** Every snapshot reads the same in Spark and in Floe; returns how many there were. */
    private static int assertSameAtEverySnapshot(String name, String columns) {
        Spark.session().sql("REFRESH TABLE ice.db." + name);
        List<Long> ids = snapshots(name);
        assertThat(ids).isNotEmpty();
        for (long id : ids) {
            assertThat(floeRows(name, id, columns)).as("%s at snapshot %d", name, id).isEqualTo(sparkRows(name, id, columns));
        }
        return ids.size();
    }

    @Test
    @Proves(feature = "every primitive/decimal/date/timestamp/nested type, unpartitioned and identity-partitioned", mode = Proves.Mode.WRITE)
    void sparkReadsEveryTypeFloeWrote() {
        String cols = "b, i32, i64, f32, f64, d1, d2, s, bin, dt, ts, ntz, st";
        for (String t : List.of("f_types_flat", "f_types_part")) {
            floe.sql("CREATE TABLE " + floeName(t) + " (b BOOLEAN, i32 INT, i64 BIGINT, f32 FLOAT, f64 DOUBLE,"
                    + " d1 DECIMAL(10,2), d2 DECIMAL(38,18), s STRING, bin BINARY, dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ,"
                    + " st STRUCT<a: INT, b: STRING>) USING ICEBERG" + (t.endsWith("part") ? " PARTITIONED BY (s)" : ""));
            floe.sql("INSERT INTO " + floeName(t) + " VALUES (true, 3, 4, 1.5, 2.25, 12.34, 1.000000000000000001, 'a b/c=d%',"
                    + " X'0102', DATE '2024-02-29', TIMESTAMP '2024-01-01 10:11:12.123456', TIMESTAMP_NTZ '2024-05-06 07:08:09',"
                    + " named_struct('a', 1, 'b', 'x')),"
                    + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                    + " (false, -3, -4, -1.5, 1e300, -0.01, 0, '😈', X'', DATE '1970-01-01', TIMESTAMP '1999-12-31 23:59:59',"
                    + " NULL, named_struct('a', NULL, 'b', NULL))");
            floe.sql("INSERT INTO " + floeName(t) + " SELECT * FROM " + floeName(t) + " WHERE i32 > 0");
            assertThat(assertSameAtEverySnapshot(t, cols)).isEqualTo(2);
        }
    }

    @Test
    @Proves(feature = "hidden partitioning: years, months, days, hours, bucket, truncate", mode = Proves.Mode.WRITE)
    void sparkPrunesAndReadsFloesPartitionTransforms() {
        String t = "f_transforms";
        floe.sql("CREATE TABLE " + floeName(t) + " (id BIGINT, s STRING, ts TIMESTAMP, d DATE) USING ICEBERG"
                + " PARTITIONED BY (bucket(8, id), truncate(3, s), hours(ts), months(d))");
        // 2024-03-01 00:30:00 UTC plus 0–4 hours; 2023-11-15 plus 0, 31, 62 or 93 days
        floe.sql("INSERT INTO " + floeName(t) + " SELECT range, 'key' || (range % 7), timestamp_seconds(1709253000 + (range % 5) * 3600),"
                + " date_add(DATE '2023-11-15', CAST(range % 4 * 31 AS INT)) FROM range(200)");
        assertSameAtEverySnapshot(t, "id, s, ts, d");
        // Spark computes the same partition for each row as Floe put it in: its own bucket/truncate/hours/months
        // of each row's values equal the partition tuple of the file the row is in
        long mismatched = Spark.session().sql("SELECT count(*) FROM (SELECT id, s, ts, d, _partition FROM ice.db." + t + ")"
                + " WHERE _partition.id_bucket <> ice.system.bucket(8, id) OR _partition.s_trunc <> ice.system.truncate(3, s)").collectAsList()
                .get(0).getLong(0);
        assertThat(mismatched).isZero();
        Spark.session().sql("SELECT id FROM ice.db." + t + " WHERE id = 42").collectAsList();
        long onePartition = Spark.session().sql("SELECT count(DISTINCT file_path) FROM ice.db." + t + ".files"
                + " WHERE partition.id_bucket = ice.system.bucket(8, 42L)").collectAsList().get(0).getLong(0);
        assertThat(onePartition).isPositive();
    }

    @Test
    @Proves(feature = "INSERT OVERWRITE, MERGE / UPDATE / DELETE (copy-on-write), OPTIMIZE, RESTORE, ADD/RENAME COLUMN", mode = Proves.Mode.WRITE)
    void sparkReadsEverySnapshotOfFloesRowLevelChanges() {
        String t = "f_ops";
        String n = floeName(t);
        floe.sql("CREATE TABLE " + n + " (id BIGINT, p STRING, v DOUBLE) USING ICEBERG PARTITIONED BY (p)");
        floe.sql("INSERT INTO " + n + " SELECT range, 'p' || (range % 3), range * 1.0 FROM range(100)");
        long restoreTo = floe.warehouse().tableAt(icebergPath(t), "iceberg").snapshot().version();
        floe.sql("INSERT OVERWRITE " + n + " SELECT * FROM " + n + " WHERE id < 80");
        floe.sql("MERGE INTO " + n + " t USING (SELECT range * 3 AS id, 'p0' AS p, -1.0 AS v FROM range(40)) s ON t.id = s.id"
                + " WHEN MATCHED AND s.id > 60 THEN DELETE WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT *");
        floe.sql("UPDATE " + n + " SET v = v + 100 WHERE p = 'p1'");
        floe.sql("DELETE FROM " + n + " WHERE id % 7 = 0");
        floe.sql("OPTIMIZE " + n);
        floe.sql("ALTER TABLE " + n + " RENAME COLUMN v TO value");
        floe.sql("ALTER TABLE " + n + " ADD COLUMNS (note STRING)");
        floe.sql("INSERT INTO " + n + " VALUES (1000, 'p9', 1.0, 'new')");
        assertSameAtEverySnapshot(t, "*");
        floe.sql("RESTORE TABLE " + n + " TO VERSION AS OF " + restoreTo);
        assertSameAtEverySnapshot(t, "*");
        assertThat(Spark.session().sql("SELECT count(*) FROM ice.db." + t).collectAsList().get(0).getLong(0)).isEqualTo(100);
    }

    @Test
    @Proves(feature = "CONVERT TO ICEBERG of a partitioned Delta table (files shared, name mapping)", mode = Proves.Mode.WRITE)
    void sparkReadsAConvertedDeltaTableAsIcebergAndAsDelta() {
        String t = "converted";
        String delta = "delta.`" + icebergPath(t) + "`";
        floe.sql("CREATE TABLE " + delta + " (id BIGINT, p STRING, v DOUBLE) USING DELTA PARTITIONED BY (p)");
        floe.sql("INSERT INTO " + delta + " SELECT range, 'p' || (range % 3), range * 0.5 FROM range(60)");
        floe.sql("DELETE FROM " + delta + " WHERE id % 7 = 0");
        floe.sql("CONVERT TO ICEBERG " + delta);
        List<String> floeRows = Spark.floeRows(floe.sql("SELECT id, p, v FROM " + delta));
        assertThat(sparkRows(t, snapshots(t).get(snapshots(t).size() - 1), "id, p, v")).isEqualTo(floeRows);
        List<String> asDelta = new ArrayList<>();
        for (Row r : Spark.session().read().format("delta").load(icebergPath(t)).selectExpr("id", "p", "v").collectAsList()) {
            asDelta.add(Spark.canonical(List.of(r.get(0), r.get(1), r.get(2))));
        }
        asDelta.sort(null);
        assertThat(asDelta).isEqualTo(floeRows);
    }

    @Test
    @Proves(feature = "CONVERT TO DELTA of an Iceberg table Spark wrote (files shared, column mapping by id)", mode = Proves.Mode.READ)
    void sparkReadsAnIcebergTableConvertedToDelta() {
        var s = Spark.session();
        String t = "to_delta";
        s.sql("CREATE TABLE ice.db." + t + " (id BIGINT, name STRING, p STRING) USING iceberg PARTITIONED BY (p)");
        s.sql("INSERT INTO ice.db." + t + " VALUES (1, 'a', 'x'), (2, 'b', 'y')");
        s.sql("ALTER TABLE ice.db." + t + " RENAME COLUMN name TO label");
        s.sql("INSERT INTO ice.db." + t + " VALUES (3, 'c', 'x')");
        floe.sql("CONVERT TO DELTA " + floeName(t));
        List<String> asIceberg = sparkRows(t, snapshots(t).get(snapshots(t).size() - 1), "id, label, p");
        List<String> asDelta = new ArrayList<>();
        for (Row r : s.read().format("delta").load(icebergPath(t)).selectExpr("id", "label", "p").collectAsList()) {
            asDelta.add(Spark.canonical(List.of(r.get(0), r.get(1), r.get(2))));
        }
        asDelta.sort(null);
        assertThat(asDelta).isEqualTo(asIceberg);
        assertThat(Spark.floeRows(floe.sql("SELECT id, label, p FROM delta.`" + icebergPath(t) + "`"))).isEqualTo(asIceberg);
    }

    @Test
    @Proves(feature = "arrays and maps (list element and map key/value field ids)", mode = Proves.Mode.WRITE)
    void sparkReadsFloesArraysAndMaps() {
        String t = "f_nested";
        floe.sql("CREATE TABLE " + floeName(t) + " (id INT, arr ARRAY<INT>, m MAP<STRING, INT>, sa ARRAY<STRUCT<x: INT, y: STRING>>)"
                + " USING ICEBERG");
        floe.sql("INSERT INTO " + floeName(t) + " VALUES (1, array(1, 2, NULL), map('k', 1), array(named_struct('x', 1, 'y', 'a'))),"
                + " (2, array(), map(), array()), (3, NULL, NULL, NULL)");
        assertSameAtEverySnapshot(t, "id, arr, m, sa");
    }

    @Test
    @Proves(feature = "partition evolution, rollback, expire_snapshots, rewrite_data_files, rewrite_manifests, tags", mode = Proves.Mode.WRITE)
    void sparkReadsAfterFloesEvolutionAndMaintenance() {
        String t = "f_maint";
        String n = floeName(t);
        floe.sql("CREATE TABLE " + n + " (id BIGINT, ts TIMESTAMP) USING ICEBERG PARTITIONED BY (days(ts))");
        floe.sql("INSERT INTO " + n + " SELECT range, timestamp_seconds(1704067200 + (range % 4) * 86400) FROM range(40)");
        floe.sql("ALTER TABLE " + n + " ADD PARTITION FIELD bucket(4, id)");
        floe.sql("INSERT INTO " + n + " SELECT range, TIMESTAMP '2024-02-01 00:00:00' FROM range(40, 60)");
        long beforeBad = floe.warehouse().tableAt(icebergPath(t), "iceberg").snapshot().version();
        floe.sql("ALTER TABLE " + n + " CREATE TAG good");
        floe.sql("DELETE FROM " + n + " WHERE id < 50");
        floe.sql("CALL system.rollback_to_snapshot('" + n + "', " + beforeBad + ")");
        floe.sql("CALL system.rewrite_data_files(table => '" + n + "', strategy => 'sort', sort_order => 'zorder(id)')");
        floe.sql("CALL system.rewrite_manifests('" + n + "')");
        assertSameAtEverySnapshot(t, "id, ts");
        Spark.session().sql("REFRESH TABLE ice.db." + t);
        assertThat(Spark.session().sql("SELECT count(*) FROM ice.db." + t + " VERSION AS OF 'good'").collectAsList().get(0).getLong(0))
                .isEqualTo(60);
        assertThat(Spark.session().sql("SELECT count(*) FROM ice.db." + t).collectAsList().get(0).getLong(0)).isEqualTo(60);
        floe.sql("ALTER TABLE " + n + " DROP TAG good");
        floe.sql("CALL system.expire_snapshots(table => '" + n + "', older_than => TIMESTAMP '2999-01-01 00:00:00', retain_last => 1)");
        assertThat(assertSameAtEverySnapshot(t, "id, ts")).isEqualTo(1);
    }

    @Test
    @Proves(feature = "every primitive/decimal/date/timestamp/nested type, unpartitioned and identity-partitioned", mode = Proves.Mode.READ)
    @Proves(feature = "hidden partitioning: years, months, days, hours, bucket, truncate", mode = Proves.Mode.READ)
    @Proves(feature = "schema evolution: add, drop, rename, widen; partition evolution", mode = Proves.Mode.READ)
    void floeReadsEverySnapshotSparkWrote() {
        var s = Spark.session();
        String t = "s_evolving";
        s.sql("CREATE TABLE ice.db." + t + " (id BIGINT, i INT, f FLOAT, s STRING, ts TIMESTAMP, d DATE, dec DECIMAL(9,2),"
                + " st STRUCT<a: INT, b: STRING>) USING iceberg PARTITIONED BY (days(ts), bucket(4, id))");
        s.sql("INSERT INTO ice.db." + t + " SELECT id, CAST(id AS INT), CAST(id / 3 AS FLOAT), concat('v', id),"
                + " TIMESTAMP '2024-03-01 10:00:00' + make_interval(0, 0, 0, CAST(id % 3 AS INT)), DATE '2024-01-01' + CAST(id AS INT),"
                + " CAST(id / 7 AS DECIMAL(9,2)), named_struct('a', CAST(id AS INT), 'b', 'x') FROM range(50)");
        s.sql("ALTER TABLE ice.db." + t + " ADD COLUMN extra STRING");
        s.sql("ALTER TABLE ice.db." + t + " RENAME COLUMN s TO label");
        s.sql("ALTER TABLE ice.db." + t + " ALTER COLUMN i TYPE BIGINT");
        s.sql("ALTER TABLE ice.db." + t + " ALTER COLUMN f TYPE DOUBLE");
        s.sql("INSERT INTO ice.db." + t + " SELECT id, id, 0.5, 'w', TIMESTAMP '2024-04-01 00:00:00', DATE '2024-04-01', 1.25,"
                + " named_struct('a', 1, 'b', 'y'), 'e' FROM range(50, 60)");
        s.sql("ALTER TABLE ice.db." + t + " ADD PARTITION FIELD truncate(2, label)");
        s.sql("ALTER TABLE ice.db." + t + " DROP PARTITION FIELD bucket(4, id)");
        s.sql("INSERT INTO ice.db." + t + " SELECT id, id, 1.0, 'zz' || id, TIMESTAMP '2024-05-01 00:00:00', DATE '2024-05-01', 2.5,"
                + " named_struct('a', 2, 'b', 'z'), NULL FROM range(60, 70)");
        s.sql("DELETE FROM ice.db." + t + " WHERE id % 10 = 0"); // copy-on-write: the table default
        s.sql("UPDATE ice.db." + t + " SET extra = 'u' WHERE id < 5");
        s.sql("ALTER TABLE ice.db." + t + " DROP COLUMN dec");
        // each snapshot is read with its own schema (as Spark does), so compare whole rows
        assertThat(assertSameAtEverySnapshot(t, "*")).isGreaterThanOrEqualTo(5);
        // a filter on the source column of a transform is answered right across both partition specs
        assertThat(((Number) floe.sql("SELECT count(*) FROM " + floeName(t) + " WHERE ts >= TIMESTAMP '2024-04-01 00:00:00'")
                .scalar()).longValue()).isEqualTo(s.sql("SELECT count(*) FROM ice.db." + t + " WHERE ts >= TIMESTAMP '2024-04-01 00:00:00'")
                .collectAsList().get(0).getLong(0));
    }

    @Test
    @Proves(feature = "alternating writers: appends, MERGE, DELETE, OPTIMIZE by Spark and Floe", mode = Proves.Mode.READ)
    @Proves(feature = "alternating writers: appends, MERGE, DELETE, OPTIMIZE by Spark and Floe", mode = Proves.Mode.WRITE)
    void takingTurnsOnOneTable() {
        var s = Spark.session();
        String t = "turns";
        String n = floeName(t);
        s.sql("CREATE TABLE ice.db." + t + " (id BIGINT, v STRING) USING iceberg PARTITIONED BY (bucket(2, id))");
        s.sql("INSERT INTO ice.db." + t + " SELECT id, 'spark' FROM range(20)");
        floe.sql("INSERT INTO " + n + " SELECT range + 20, 'floe' FROM range(20)");
        s.sql("REFRESH TABLE ice.db." + t);
        s.sql("MERGE INTO ice.db." + t + " t USING (SELECT id, 'spark-merge' AS v FROM range(10, 30)) u ON t.id = u.id"
                + " WHEN MATCHED THEN UPDATE SET v = u.v");
        floe.sql("DELETE FROM " + n + " WHERE id % 4 = 0");
        s.sql("REFRESH TABLE ice.db." + t);
        s.sql("INSERT INTO ice.db." + t + " VALUES (100, 'spark')");
        floe.sql("MERGE INTO " + n + " t USING (SELECT 100 AS id, 'floe-merge' AS v UNION ALL SELECT 101, 'floe-new') u ON t.id = u.id"
                + " WHEN MATCHED THEN UPDATE SET v = u.v WHEN NOT MATCHED THEN INSERT *");
        floe.sql("OPTIMIZE " + n);
        s.sql("REFRESH TABLE ice.db." + t);
        s.sql("CALL ice.system.rewrite_data_files(table => 'db." + t + "')");
        assertSameAtEverySnapshot(t, "id, v");
        assertThat(Spark.floeRows(floe.sql("SELECT id, v FROM " + n + " WHERE id >= 100")))
                .containsExactly("[100, floe-merge]", "[101, floe-new]");
    }

    @Test
    @Proves(feature = "merge-on-read position deletes (DELETE, UPDATE, MERGE by Spark)", mode = Proves.Mode.READ)
    void floeAppliesSparksPositionDeletes() {
        var s = Spark.session();
        String t = "s_mor";
        s.sql("CREATE TABLE ice.db." + t + " (id BIGINT, v STRING) USING iceberg PARTITIONED BY (bucket(2, id))"
                + " TBLPROPERTIES ('format-version' = '2', 'write.delete.mode' = 'merge-on-read',"
                + " 'write.update.mode' = 'merge-on-read', 'write.merge.mode' = 'merge-on-read')");
        s.sql("INSERT INTO ice.db." + t + " SELECT id, 'a' FROM range(100)");
        s.sql("DELETE FROM ice.db." + t + " WHERE id % 10 = 3");
        s.sql("UPDATE ice.db." + t + " SET v = 'b' WHERE id < 20");
        s.sql("MERGE INTO ice.db." + t + " t USING (SELECT id, 'm' AS v FROM range(90, 110)) u ON t.id = u.id"
                + " WHEN MATCHED THEN UPDATE SET v = u.v WHEN NOT MATCHED THEN INSERT *");
        assertThat(s.sql("SELECT count(*) FROM ice.db." + t + ".delete_files").collectAsList().get(0).getLong(0)).isPositive();
        assertSameAtEverySnapshot(t, "id, v");
        floe.sql("VACUUM " + floeName(t)); // delete files count as referenced: nothing a snapshot reads goes
        assertSameAtEverySnapshot(t, "id, v");
        // the table is merge-on-read: Floe adds its own deletes to the files Spark gave deletes, and Spark reads the result
        floe.sql("DELETE FROM " + floeName(t) + " WHERE id % 10 = 5");
        floe.sql("UPDATE " + floeName(t) + " SET v = 'floe' WHERE id > 95");
        assertSameAtEverySnapshot(t, "id, v");
        // 100 - 10 deleted by Spark, + 11 inserted by the MERGE (93 again, and 100..109), - 11 deleted by Floe
        assertThat(s.sql("SELECT count(*) FROM ice.db." + t).collectAsList().get(0).getLong(0)).isEqualTo(90);
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
