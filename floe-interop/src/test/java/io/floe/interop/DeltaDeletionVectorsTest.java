package io.floe.interop;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deletion vectors Floe writes (issue 13): Spark reads every version of a table Floe changed with DELETE (twice from one
 * file, so a vector is merged with an older one), UPDATE and MERGE in merge-on-read; Floe deletes more from a file
 * Spark gave a vector; REORG … APPLY (PURGE) and VACUUM leave a table Spark reads the same.
 */
class DeltaDeletionVectorsTest extends SparkAndFloe {
    /**
     * Floe's rows equal Spark's at every version, and so do Spark's count(*) (which it may answer from stats) and Floe's
     * (which it answers from the log: MetadataOnlyQuery), and their min(id) and max(id).
     */
    private static void assertSameRowsAndCountAtEveryVersion(String path, String columns) {
        assertSameAtEveryVersion(path, columns, (v, sparkRows) -> {
            long sparkCount = spark("SELECT count(*) FROM " + t(path) + " VERSION AS OF " + v).get(0).getLong(0);
            assertThat(sparkCount).as("Spark's count(*) at version %d", v).isEqualTo(sparkRows.size());
            assertThat(floe.sql("SELECT count(*) FROM " + t(path) + " VERSION AS OF " + v).scalar()).as("Floe's count(*) at version %d", v)
                    .isEqualTo((long) sparkRows.size());
            // min and max: from the files' bounds where no file has deleted rows, else read
            Row bounds = spark("SELECT min(id), max(id) FROM " + t(path) + " VERSION AS OF " + v).get(0);
            assertThat(floe.sql("SELECT min(id), max(id) FROM " + t(path) + " VERSION AS OF " + v).rows().get(0))
                    .as("Floe's min/max at version %d", v).isEqualTo(java.util.Arrays.asList(bounds.isNullAt(0) ? null : bounds.getLong(0),
                            bounds.isNullAt(1) ? null : bounds.getLong(1)));
        });
    }

    /** The add actions of a version's commit that carry a deletion vector. */
    private static List<String> addsWithVectors(String path, long version) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(path, "_delta_log", String.format("%020d.json", version)))) {
            if (line.startsWith("{\"add\"") && line.contains("\"deletionVector\"")) {
                out.add(line);
            }
        }
        return out;
    }

    private static long vectorFiles(String path) throws Exception {
        try (Stream<Path> s = Files.list(Path.of(path))) {
            return s.filter(p -> p.getFileName().toString().startsWith("deletion_vector_")).count();
        }
    }

    private static Row detail(String path) {
        return spark("DESCRIBE DETAIL " + t(path)).get(0);
    }

    @Test
    @Proves(feature = "deletionVectors (written by DELETE, UPDATE, MERGE; merged with older vectors)", mode = Proves.Mode.WRITE)
    void sparkReadsEveryVersionOfFloesDeletionVectors() throws Exception {
        String p = path("floe_dv");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, v STRING) USING DELTA TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        floe.sql("INSERT INTO " + t(p) + " SELECT id, CAST(id AS VARCHAR) FROM range(1000) AS r(id)");
        floe.sql("DELETE FROM " + t(p) + " WHERE id % 10 = 3");
        assertThat(addsWithVectors(p, 2)).hasSize(1);
        floe.sql("DELETE FROM " + t(p) + " WHERE id % 10 = 4"); // same file: merged with the first vector
        assertThat(addsWithVectors(p, 3)).singleElement().satisfies(l -> assertThat(l).contains("\"cardinality\":200"));
        floe.sql("UPDATE " + t(p) + " SET v = 'u' WHERE id < 50");
        floe.sql("MERGE INTO " + t(p) + " AS t USING (SELECT * FROM (VALUES (100, 'm'), (101, 'd'), (5000, 'new')) AS x(id, v)) AS s"
                + " ON t.id = s.id WHEN MATCHED AND s.v = 'd' THEN DELETE WHEN MATCHED THEN UPDATE SET v = s.v"
                + " WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)");
        assertThat(addsWithVectors(p, 5)).isNotEmpty();
        assertSameRowsAndCountAtEveryVersion(p, "id, v");

        Row d = detail(p);
        assertThat(d.<Integer>getAs("minReaderVersion")).isEqualTo(3);
        assertThat(d.<Integer>getAs("minWriterVersion")).isEqualTo(7);
        assertThat(d.<scala.collection.Seq<String>>getAs("tableFeatures").contains("deletionVectors")).isTrue();

        // Spark deletes more from the file Floe's vectors mark: its vector takes Floe's in
        spark("DELETE FROM " + t(p) + " WHERE id % 10 = 5");
        floe.sql("DELETE FROM " + t(p) + " WHERE id % 10 = 6");
        assertSameRowsAndCountAtEveryVersion(p, "id, v");
    }

    @Test
    @Proves(feature = "deletionVectors (Floe deletes more from a file Spark gave a vector)", mode = Proves.Mode.WRITE)
    void floeDeletesMoreFromAFileSparkGaveAVector() throws Exception {
        String p = path("spark_dv");
        spark("CREATE TABLE " + t(p) + " (id BIGINT, v STRING) USING DELTA TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        spark("INSERT INTO " + t(p) + " SELECT id, CAST(id AS STRING) FROM range(500) ORDER BY id");
        spark("DELETE FROM " + t(p) + " WHERE id % 7 = 0");
        long sparkVersion = Spark.latestVersion(p);
        assertThat(addsWithVectors(p, sparkVersion)).isNotEmpty();
        floe.sql("DELETE FROM " + t(p) + " WHERE id % 7 = 1");
        long floeVersion = Spark.latestVersion(p);
        assertThat(addsWithVectors(p, floeVersion)).as("Floe's delete is a vector too").isNotEmpty();
        assertSameRowsAndCountAtEveryVersion(p, "id, v");
        assertThat(spark("SELECT count(*) FROM " + t(p)).get(0).getLong(0)).isEqualTo(500 - 72 - 72);
    }

    @Test
    @Proves(feature = "REORG TABLE … APPLY (PURGE)", mode = Proves.Mode.WRITE)
    void reorgPurgeAndVacuumLeaveATableSparkReads() throws Exception {
        String p = path("reorg");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, part STRING) USING DELTA PARTITIONED BY (part)"
                + " TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        floe.sql("INSERT INTO " + t(p) + " SELECT id, CASE WHEN id % 2 = 0 THEN 'a' ELSE 'b' END FROM range(200) AS r(id)");
        floe.sql("DELETE FROM " + t(p) + " WHERE id % 5 = 0");
        floe.sql("DELETE FROM " + t(p) + " WHERE id % 5 = 1");
        assertThat(vectorFiles(p)).isEqualTo(2);
        floe.sql("REORG TABLE " + t(p) + " APPLY (PURGE)");
        long reorg = Spark.latestVersion(p);
        assertThat(addsWithVectors(p, reorg)).isEmpty();
        Row h = spark("DESCRIBE HISTORY " + t(p) + " LIMIT 1").get(0);
        assertThat(h.<String>getAs("operation")).isEqualTo("REORG");
        assertSameRowsAndCountAtEveryVersion(p, "id, part");

        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        Thread.sleep(5);
        floe.sql("VACUUM " + t(p) + " RETAIN 0 HOURS");
        assertThat(vectorFiles(p)).as("no version needs them any more").isZero();
        assertThat(Spark.rows(p, Spark.latestVersion(p), "id, part"))
                .isEqualTo(Spark.floeRows(floe.sql("SELECT id, part FROM " + t(p))));
        assertThat(detail(p).<Long>getAs("numFiles")).isEqualTo(2L);
        assertThat(spark("SELECT count(*) FROM " + t(p)).get(0).getLong(0)).isEqualTo(120);
    }

    @Test
    @Proves(feature = "deletionVectors (Spark's REORG purges Floe's vectors)", mode = Proves.Mode.READ)
    void floeReadsAfterSparkPurgesFloesVectors() throws Exception {
        String p = path("spark_reorg");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT) USING DELTA TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        floe.sql("INSERT INTO " + t(p) + " SELECT id FROM range(300) AS r(id)");
        floe.sql("DELETE FROM " + t(p) + " WHERE id < 100");
        spark("REORG TABLE " + t(p) + " APPLY (PURGE)");
        assertThat(addsWithVectors(p, Spark.latestVersion(p))).isEmpty();
        assertSameRowsAndCountAtEveryVersion(p, "id");
    }
}
