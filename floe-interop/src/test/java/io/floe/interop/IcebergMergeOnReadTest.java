package io.floe.interop;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Iceberg merge-on-read between Floe and real Spark with Iceberg's Spark runtime (issue 13): Spark reads every snapshot
 * of tables where Floe wrote position delete files (v2) and deletion vectors (v3) exactly, time travel included; Floe
 * reads Spark's position deletes and deletion vectors, deletes more rows of the same data files (merging with
 * Spark's deletes) and Spark reads the result.
 */
class IcebergMergeOnReadTest extends SparkAndFloeOnIceberg {
    private static final String MOR = "'write.delete.mode' = 'merge-on-read', 'write.update.mode' = 'merge-on-read',"
            + " 'write.merge.mode' = 'merge-on-read'";

    /**
     * Every snapshot (time travel by id) and the current state read the same in Spark and Floe, and Floe's count(*)
     * (answered from the manifests and delete files: MetadataOnlyQuery) is Spark's, and so are its min(id) and max(id)
     * (from the manifests' bounds where no file has deletes); returns how many snapshots.
     */
    private static int assertSameAtEverySnapshot(String name, String columns) {
        Spark.session().sql("REFRESH TABLE ice.db." + name);
        List<Long> ids = snapshots(name);
        for (long id : ids) {
            assertThat(Spark.floeRows(floe.sql("SELECT " + columns + " FROM " + floeName(name) + " VERSION AS OF " + id)))
                    .as("%s at snapshot %d", name, id)
                    .isEqualTo(sparkRows("SELECT " + columns + " FROM ice.db." + name + " VERSION AS OF " + id));
            assertThat(floe.sql("SELECT count(*) FROM " + floeName(name) + " VERSION AS OF " + id).scalar()).as("%s count at %d", name, id)
                    .isEqualTo(sparkLong("SELECT count(*) FROM ice.db." + name + " VERSION AS OF " + id));
            assertThat(Spark.floeRows(floe.sql("SELECT min(id), max(id) FROM " + floeName(name) + " VERSION AS OF " + id)))
                    .as("%s min/max at %d", name, id)
                    .isEqualTo(sparkRows("SELECT min(id), max(id) FROM ice.db." + name + " VERSION AS OF " + id));
        }
        assertThat(Spark.floeRows(floe.sql("SELECT " + columns + " FROM " + floeName(name))))
                .isEqualTo(sparkRows("SELECT " + columns + " FROM ice.db." + name));
        return ids.size();
    }

    private static long sparkLong(String sql) {
        return Spark.session().sql(sql).collectAsList().get(0).getLong(0);
    }

    /** Live delete files per data file, as Spark's delete_files metadata table lists them: at most one each. */
    private static void assertOneDeleteFilePerDataFile(String name, String format) {
        Spark.session().sql("REFRESH TABLE ice.db." + name);
        List<Row> rows = Spark.session().sql("SELECT file_format, referenced_data_file FROM ice.db." + name + ".delete_files").collectAsList();
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(r -> assertThat(r.getString(0)).isEqualTo(format));
        assertThat(rows.stream().map(r -> r.getString(1)).distinct().count()).as("one per data file").isEqualTo(rows.size());
    }

    @Test
    @Proves(feature = "merge-on-read v2 position delete files (DELETE twice on a file, UPDATE, MERGE by Floe)", mode = Proves.Mode.WRITE)
    @Proves(feature = "merge-on-read v3 deletion vectors (DELETE twice on a file, UPDATE, MERGE by Floe; upgrade from v2)", mode = Proves.Mode.WRITE)
    void sparkReadsEverySnapshotOfFloesRowDeletes() {
        for (String v : List.of("2", "3")) {
            String t = "f_mor_v" + v;
            String n = floeName(t);
            floe.sql("CREATE TABLE " + n + " (id BIGINT, p STRING, v STRING) USING ICEBERG PARTITIONED BY (p)"
                    + " TBLPROPERTIES ('format-version' = '" + v + "', " + MOR + ")");
            floe.sql("INSERT INTO " + n + " SELECT range, 'p' || (range % 2), 'a' FROM range(100)");
            floe.sql("DELETE FROM " + n + " WHERE id % 10 = 3");
            floe.sql("DELETE FROM " + n + " WHERE id % 10 = 4"); // the same two data files again: merged with the first deletes
            assertOneDeleteFilePerDataFile(t, v.equals("2") ? "PARQUET" : "PUFFIN");
            floe.sql("UPDATE " + n + " SET v = 'u' WHERE id < 20");
            floe.sql("MERGE INTO " + n + " t USING (SELECT range AS id, 'p' || (range % 2) AS p, 'm' AS v FROM range(90, 110)) s"
                    + " ON t.id = s.id WHEN MATCHED AND s.id % 3 = 0 THEN DELETE WHEN MATCHED THEN UPDATE SET v = s.v"
                    + " WHEN NOT MATCHED THEN INSERT *");
            assertThat(sparkLong("SELECT count(*) FROM ice.db." + t + ".data_files")).as("merge-on-read kept the files")
                    .isLessThanOrEqualTo(8);
            assertOneDeleteFilePerDataFile(t, v.equals("2") ? "PARQUET" : "PUFFIN");
            assertThat(assertSameAtEverySnapshot(t, "id, p, v")).isEqualTo(5);
            // 100 - 20 (x3, x4) - MERGE deletes of 90, 96, 99 + MERGE inserts of 93, 94 (deleted before) and 100..109
            assertThat(sparkLong("SELECT count(*) FROM ice.db." + t)).isEqualTo(89);
        }
        // a v2 table with position delete files upgraded to v3: the next delete folds them into one vector per file
        String t = "f_mor_v2";
        floe.sql("ALTER TABLE " + floeName(t) + " SET TBLPROPERTIES ('format-version' = '3')");
        floe.sql("DELETE FROM " + floeName(t) + " WHERE id % 10 = 5");
        Spark.session().sql("REFRESH TABLE ice.db." + t);
        assertThat(sparkLong("SELECT count(*) FROM ice.db." + t + ".delete_files WHERE file_format = 'PUFFIN'")).isPositive();
        assertSameAtEverySnapshot(t, "id, p, v");
        assertThat(sparkLong("SELECT count(*) FROM ice.db." + t)).isEqualTo(89 - 11); // 5, 15, …, 95 and 105
    }

    @Test
    @Proves(feature = "merge-on-read v3 deletion vectors (Spark's DELETE, UPDATE, MERGE)", mode = Proves.Mode.READ)
    @Proves(feature = "merge-on-read v2 position delete files (DELETE twice on a file, UPDATE, MERGE by Floe)", mode = Proves.Mode.READ)
    void floeReadsSparksDeletesAndDeletesMoreFromTheSameFiles() {
        var s = Spark.session();
        for (String v : List.of("2", "3")) {
            String t = "s_mor_v" + v;
            s.sql("CREATE TABLE ice.db." + t + " (id BIGINT, v STRING) USING iceberg"
                    + " TBLPROPERTIES ('format-version' = '" + v + "', " + MOR + ")");
            s.sql("INSERT INTO ice.db." + t + " SELECT id, 'a' FROM range(100)");
            s.sql("DELETE FROM ice.db." + t + " WHERE id % 10 = 3");
            s.sql("UPDATE ice.db." + t + " SET v = 'b' WHERE id < 20");
            s.sql("MERGE INTO ice.db." + t + " t USING (SELECT id, 'm' AS v FROM range(90, 110)) u ON t.id = u.id"
                    + " WHEN MATCHED THEN UPDATE SET v = u.v WHEN NOT MATCHED THEN INSERT *");
            assertThat(s.sql("SELECT file_format FROM ice.db." + t + ".delete_files").collectAsList())
                    .isNotEmpty().allSatisfy(r -> assertThat(r.getString(0)).isEqualTo(v.equals("2") ? "PARQUET" : "PUFFIN"));
            assertSameAtEverySnapshot(t, "id, v");
            // Floe deletes more rows of the file Spark already deleted from: merged with Spark's deletes
            floe.sql("DELETE FROM " + floeName(t) + " WHERE id % 10 = 6");
            floe.sql("UPDATE " + floeName(t) + " SET v = 'floe' WHERE id % 10 = 8");
            assertSameAtEverySnapshot(t, "id, v");
            // 100 - 10 (x3) + 11 (93 again, 100..109) - 11 (x6 of 0..109)
            assertThat(sparkLong("SELECT count(*) FROM ice.db." + t)).isEqualTo(90);
            if (v.equals("3")) {
                assertOneDeleteFilePerDataFile(t, "PUFFIN");
            }
            // and Spark deletes after Floe, and Floe reads that
            s.sql("DELETE FROM ice.db." + t + " WHERE id % 10 = 1");
            assertSameAtEverySnapshot(t, "id, v");
        }
    }

    /** Commits an equality delete file on {@code column} with these values, written by Iceberg's own Parquet writer (as Flink does). */
    private static void commitEqualityDeletes(String name, String column, Object... values) throws Exception {
        org.apache.iceberg.Table table = org.apache.iceberg.spark.Spark3Util.loadIcebergTable(Spark.session(), "ice.db." + name);
        org.apache.iceberg.Schema rowSchema = table.schema().select(column);
        org.apache.iceberg.io.OutputFile out = table.io().newOutputFile(table.location() + "/data/eq-" + column + "-"
                + java.util.UUID.randomUUID() + ".parquet");
        org.apache.iceberg.deletes.EqualityDeleteWriter<org.apache.iceberg.data.Record> w = org.apache.iceberg.parquet.Parquet.writeDeletes(out)
                .forTable(table).rowSchema(rowSchema).createWriterFunc(org.apache.iceberg.data.parquet.GenericParquetWriter::create)
                .overwrite().equalityFieldIds(rowSchema.findField(column).fieldId()).buildEqualityWriter();
        try (w) {
            for (Object v : values) {
                org.apache.iceberg.data.Record r = org.apache.iceberg.data.GenericRecord.create(rowSchema);
                r.setField(column, v);
                w.write(r);
            }
        }
        table.newRowDelta().addDeletes(w.toDeleteFile()).commit();
    }

    @Test
    @Proves(feature = "equality delete files (Iceberg's own writer, as Flink writes them)", mode = Proves.Mode.READ)
    void floeAppliesEqualityDeletesAsSparkDoes() throws Exception {
        var s = Spark.session();
        String t = "s_eq";
        s.sql("CREATE TABLE ice.db." + t + " (id BIGINT, v STRING) USING iceberg TBLPROPERTIES ('format-version' = '2', " + MOR + ")");
        s.sql("INSERT INTO ice.db." + t + " SELECT id, 'a' FROM range(50)");
        s.sql("INSERT INTO ice.db." + t + " SELECT id, NULL FROM range(50, 60)");
        commitEqualityDeletes(t, "id", 3L, 20L, 21L, 999L);
        commitEqualityDeletes(t, "v", (Object) null); // null matches null: ids 50..59
        s.sql("INSERT INTO ice.db." + t + " VALUES (3, NULL)"); // newer than both deletes: stays
        assertSameAtEverySnapshot(t, "id, v");
        assertThat(sparkLong("SELECT count(*) FROM ice.db." + t)).isEqualTo(50 - 3 + 1);
        // Floe's merge-on-read delete on files with equality deletes: its position deletes hold what they deleted too
        floe.sql("DELETE FROM " + floeName(t) + " WHERE id % 10 = 5");
        assertSameAtEverySnapshot(t, "id, v");
        assertThat(sparkLong("SELECT count(*) FROM ice.db." + t)).isEqualTo(48 - 5);
    }
}
