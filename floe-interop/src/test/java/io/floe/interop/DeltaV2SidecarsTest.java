package io.floe.interop;

import io.floe.Floe;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: Floe's V2 checkpoints keep their add and remove actions in sidecar files (_delta_log/_sidecars/, UUID
 * names, named by the checkpoint's sidecar actions). Spark reads every version of a table Floe checkpointed that
 * way — also once the commits before the checkpoint are gone — and writes on; Floe reads Spark's versions and
 * checkpoints again.
 */
class DeltaV2SidecarsTest extends SparkAndFloe {
    private static List<String> logFiles(String path, String sub) throws Exception {
        Path dir = Path.of(path, "_delta_log", sub);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Path checkpointOf(String path, long version) throws Exception {
        String prefix = String.format("%020d.checkpoint.", version);
        return Path.of(path, "_delta_log", logFiles(path, "").stream().filter(n -> n.startsWith(prefix)).findFirst().orElseThrow());
    }

    private static long count(Path parquet, String where) {
        return spark.read().parquet(parquet.toString()).where(where).count();
    }

    private static void assertSameAt(String path, long from, long to) {
        for (long v = from; v <= to; v++) {
            assertThat(Spark.floeRows(floe.sql("SELECT id, s FROM " + t(path) + " VERSION AS OF " + v))).as("version %d", v)
                    .isEqualTo(Spark.rows(path, v, "id, s"));
        }
    }

    @Test
    @Proves(feature = "v2Checkpoint sidecar files (_delta_log/_sidecars)", mode = Proves.Mode.WRITE)
    void floeWritesSidecarsSparkReadsEveryVersionAndWritesOnFloeReadsBack() throws Exception {
        String p = root.resolve("sidecars").toString();
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.checkpointPolicy' = 'v2',"
                + " 'delta.checkpointInterval' = '3')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1, 'a'), (2, 'b')");
        floe.sql("INSERT INTO " + t(p) + " VALUES (3, 'c')");
        floe.sql("UPDATE " + t(p) + " SET s = 'B' WHERE id = 2"); // version 3: Floe's V2 checkpoint
        floe.sql("INSERT INTO " + t(p) + " VALUES (4, 'd')");

        // the checkpoint holds no file action itself; its sidecars hold them all, live files and tombstones
        Path cp = checkpointOf(p, 3);
        assertThat(cp.getFileName().toString()).matches("00000000000000000003\\.checkpoint\\.[0-9a-f-]{36}\\.parquet");
        assertThat(count(cp, "add IS NOT NULL OR remove IS NOT NULL")).isZero();
        assertThat(count(cp, "checkpointMetadata IS NOT NULL")).isEqualTo(1);
        List<String> sidecars = logFiles(p, "_sidecars");
        assertThat(sidecars).isNotEmpty().allMatch(n -> n.matches("[0-9a-f-]{36}\\.parquet"));
        assertThat(spark.read().parquet(cp.toString()).where("sidecar IS NOT NULL").selectExpr("sidecar.path").collectAsList())
                .extracting(r -> r.getString(0)).containsExactlyInAnyOrderElementsOf(sidecars);
        long adds = 0;
        long removes = 0;
        for (String name : sidecars) {
            Path sc = Path.of(p, "_delta_log", "_sidecars", name);
            adds += count(sc, "add IS NOT NULL");
            removes += count(sc, "remove IS NOT NULL");
        }
        assertThat(adds).isEqualTo(spark.read().format("delta").option("versionAsOf", 3).load(p).inputFiles().length);
        assertThat(removes).isPositive(); // the UPDATE's rewritten file

        // Spark reads every version Floe wrote
        assertSameAt(p, 0, 4);
        // and without the commits before the checkpoint it can only get there through the checkpoint and its sidecars
        for (long v = 0; v < 3; v++) {
            Files.delete(Path.of(p, "_delta_log", String.format("%020d.json", v)));
        }
        assertThat(Spark.rows(p, 3, "id, s")).containsExactly("[1, a]", "[2, B]", "[3, c]");
        assertThat(Spark.rows(p, 4, "id, s")).containsExactly("[1, a]", "[2, B]", "[3, c]", "[4, d]");

        // Spark writes on (its own V2 checkpoint at version 6), Floe reads each version from a fresh session
        spark.sql("INSERT INTO " + t(p) + " VALUES (5, 'e')");
        spark.sql("DELETE FROM " + t(p) + " WHERE id = 1");
        spark.sql("UPDATE " + t(p) + " SET s = 'C' WHERE id = 3");
        assertThat(Spark.latestVersion(p)).isEqualTo(7);
        try (Floe other = Floe.open(root.resolve("wh2").toString())) {
            for (long v = 3; v <= 7; v++) {
                assertThat(Spark.floeRows(other.sql("SELECT id, s FROM " + t(p) + " VERSION AS OF " + v))).as("version %d", v)
                        .isEqualTo(Spark.rows(p, v, "id, s"));
            }
        }

        // Floe writes again up to its next checkpoint (version 9, more sidecars), and Spark reads it
        floe.sql("INSERT INTO " + t(p) + " VALUES (6, 'f')");
        floe.sql("DELETE FROM " + t(p) + " WHERE id = 4");
        assertThat(logFiles(p, "").stream().filter(n -> n.startsWith("00000000000000000009.checkpoint.")).toList())
                .singleElement().asString().doesNotContain(".checkpoint.parquet");
        assertThat(count(checkpointOf(p, 9), "add IS NOT NULL")).isZero();
        assertThat(logFiles(p, "_sidecars").size()).isGreaterThan(sidecars.size());
        assertSameAt(p, 3, 9);
        assertThat(Spark.rows(p, 9, "id, s")).containsExactly("[2, B]", "[3, C]", "[5, e]", "[6, f]");
    }
}
