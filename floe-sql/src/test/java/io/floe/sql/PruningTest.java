package io.floe.sql;

import io.floe.storage.TablePaths;
import io.floe.Floe;
import io.floe.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Partition pruning and statistics skipping decide which files a query reads, from the log alone. */
class PruningTest {
    @TempDir
    static Path dir;
    static Floe floe;

    @BeforeAll
    static void setUp() {
        floe = Floe.open(dir.resolve("wh").toString());
        // 100 files: 10 days x 10 appends, each append a disjoint id range
        floe.sql("CREATE TABLE events (id BIGINT, day DATE, v DOUBLE) USING DELTA PARTITIONED BY (day)");
        StringBuilder script = new StringBuilder();
        for (int d = 0; d < 10; d++) {
            for (int k = 0; k < 10; k++) {
                long base = (d * 10L + k) * 1000;
                script.append("INSERT INTO events SELECT range + ").append(base).append(", DATE '2024-03-01' + ").append(d)
                        .append(", random() FROM range(1000);\n");
            }
        }
        floe.sql(script.toString());
    }

    @AfterAll
    static void tearDown() {
        floe.close();
    }

    @Test
    void oneDayOneIdReadsOneFileAndAnswersLikeDuckDb() {
        var files = floe.table("events").snapshot().files();
        assertThat(files).hasSize(100);
        String q = "SELECT count(*), sum(v) FROM events WHERE day = '2024-03-04' AND id = 34567";
        List<SqlSession.ScanInfo> scans = floe.session().explainScans(q);
        assertThat(scans).hasSize(1);
        assertThat(scans.get(0).total()).isEqualTo(100);
        assertThat(scans.get(0).afterPartitionPruning()).isEqualTo(10);
        assertThat(scans.get(0).afterStatsSkipping()).isLessThanOrEqualTo(2);
        // the same query by DuckDB over every file of the table
        String all = String.join(", ", files.stream().map(f -> "'" + dir.resolve("wh/events").resolve(
                TablePaths.decode(f.path())) + "'").toList());
        QueryResult plain = floe.sql("SELECT count(*), sum(v) FROM read_parquet([" + all + "], hive_partitioning = true)"
                + " WHERE day = DATE '2024-03-04' AND id = 34567");
        assertThat(floe.sql(q).rows()).isEqualTo(plain.rows());
        assertThat(floe.sql(q).rows().get(0).get(0)).isEqualTo(1L);
    }

    @Test
    void conservativeWhereStatisticsCannotDecide() {
        // functions, ORs across columns, NULL tests: never skip a file that may match
        assertThat(count("SELECT count(*) FROM events WHERE id + 0 = 5")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM events WHERE id = 5 OR v > 2")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM events WHERE id IS NULL")).isZero();
        assertThat(count("SELECT count(*) FROM events WHERE NOT (id < 99990)")).isEqualTo(10);
        assertThat(count("SELECT count(*) FROM events WHERE id IN (1, 50000, 99999)")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM events WHERE id BETWEEN 500 AND 1499")).isEqualTo(1000);
        assertThat(floe.session().explainScans("SELECT * FROM events WHERE id BETWEEN 500 AND 1499").get(0).afterStatsSkipping())
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM events WHERE day >= '2024-03-09'")).isEqualTo(20000);
        assertThat(floe.session().explainScans("SELECT * FROM events e WHERE e.day >= '2024-03-09'").get(0).afterPartitionPruning())
                .isEqualTo(20);
    }

    @Test
    void zOrderMakesPointLookupsReadOneFile() {
        floe.sql("CREATE TABLE big USING DELTA TBLPROPERTIES ('delta.targetFileSize' = '100000')"
                + " AS SELECT (hash(range) % 1000000)::BIGINT AS id, range % 1000 AS k FROM range(300000)");
        int before = floe.session().explainScans("SELECT * FROM big WHERE id = 4242").get(0).afterStatsSkipping();
        floe.sql("OPTIMIZE big ZORDER BY (id)");
        var scan = floe.session().explainScans("SELECT * FROM big WHERE id = 4242").get(0);
        assertThat(scan.total()).isGreaterThan(10);
        assertThat(scan.afterStatsSkipping()).isLessThanOrEqualTo(2).isLessThan(before);
    }

    @Test
    void mergeReadsOnlyTheTargetFilesTheSourceKeysCanMatch() {
        floe.sql("CREATE TABLE m USING DELTA AS SELECT * FROM events");
        for (int k = 0; k < 4; k++) {
            floe.sql("INSERT INTO m SELECT range + " + (k * 1000) + " + 200000, DATE '2024-04-01', 1.0 FROM range(1000)");
        }
        // source keys within one appended file's id range: the other files cannot hold a match
        floe.sql("MERGE INTO m t USING (SELECT range + 201100 AS id FROM range(10)) s ON t.id = s.id AND t.day = DATE '2024-04-01'"
                + " WHEN MATCHED THEN UPDATE SET v = 2.0");
        var metrics = floe.table("m").history(1).get(0).operationMetrics();
        assertThat(metrics).containsEntry("numTargetRowsUpdated", "10");
        assertThat(Long.parseLong(metrics.get("numTargetFilesBeforeSkipping"))).isGreaterThan(4);
        assertThat(metrics).containsEntry("numTargetFilesAfterSkipping", "1");
        // a source whose keys are all NULL matches nothing: no file is even read
        floe.sql("MERGE INTO m t USING (SELECT NULL::BIGINT AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE"
                + " WHEN NOT MATCHED THEN INSERT (id, day, v) VALUES (-1, DATE '2024-04-02', 0.0)");
        assertThat(floe.table("m").history(1).get(0).operationMetrics()).containsEntry("numTargetFilesAfterSkipping", "0")
                .containsEntry("numTargetRowsInserted", "1");
    }

    private static long count(String sql) {
        return ((Number) floe.sql(sql).scalar()).longValue();
    }
}
