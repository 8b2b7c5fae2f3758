package io.floe.sql;

import io.floe.Floe;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Iceberg tables through SQL: what only Iceberg has (hidden partitioning, snapshot ids), beyond the shared suite. */
class IcebergSqlTest {
    @TempDir
    Path dir;
    Floe floe;

    @BeforeEach
    void open() {
        floe = Floe.open(dir.resolve("wh").toString());
    }

    @AfterEach
    void close() {
        floe.close();
    }

    private long count(String sql) {
        return ((Number) floe.sql(sql).scalar()).longValue();
    }

    @Test
    void tableIsLaidOutAsIcebergWithPutIfAbsentMetadataVersions() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT, s STRING) USING iceberg");
        floe.sql("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        Path root = dir.resolve("wh/t");
        assertThat(root.resolve("metadata/v1.metadata.json")).exists();
        assertThat(root.resolve("metadata/v2.metadata.json")).exists();
        assertThat(Files.readString(root.resolve("metadata/version-hint.text")).trim()).isEqualTo("2");
        try (var files = Files.list(root.resolve("data"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isEqualTo(1);
        }
        String json = Files.readString(root.resolve("metadata/v2.metadata.json"));
        assertThat(json).contains("\"format-version\":2").contains("\"table-uuid\"").contains("\"main\"");
    }

    @Test
    void deleteByPartitionValueRemovesWholeFiles() {
        floe.sql("CREATE TABLE t USING iceberg PARTITIONED BY (p) AS SELECT range AS id, range % 4 AS p FROM range(100)");
        assertThat(floe.table("t").snapshot().files()).hasSize(4);
        assertThat(floe.sql("DELETE FROM t WHERE p = 3").rows().get(0).get(0)).isEqualTo(25L);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(75);
        assertThat(floe.table("t").snapshot().files()).hasSize(3);
    }

    @Test
    void hiddenPartitioningWritesTransformedPartitionsAndPrunesBySourceColumn() {
        floe.sql("CREATE TABLE e (id BIGINT, ts TIMESTAMP, d DATE, s STRING) USING iceberg"
                + " PARTITIONED BY (days(ts), bucket(4, id), truncate(2, s))");
        floe.sql("INSERT INTO e SELECT range, TIMESTAMP '2024-03-01 10:00:00' + INTERVAL (range % 3) DAY, DATE '2024-03-01',"
                + " 'k' || (range % 5) FROM range(60)");
        List<DataFile> files = floe.table("e").snapshot().files();
        for (DataFile f : files) {
            assertThat(f.partitionValues()).containsOnlyKeys("ts_day", "id_bucket", "s_trunc");
            assertThat(f.path()).contains("/data/ts_day=2024-03-0");
        }
        Set<Object> days = files.stream().map(f -> f.partitionValues().get("ts_day")).collect(Collectors.toSet());
        // Iceberg's day transform yields a date
        assertThat(days).containsExactlyInAnyOrder(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-02"), LocalDate.parse("2024-03-03"));
        assertThat(count("SELECT count(*) FROM e WHERE ts >= TIMESTAMP '2024-03-03 00:00:00'")).isEqualTo(20);
        String plan = floe.sql("EXPLAIN SELECT * FROM e WHERE ts >= TIMESTAMP '2024-03-03 00:00:00'").rows().toString();
        long kept = files.stream().filter(f -> f.partitionValues().get("ts_day").equals(LocalDate.parse("2024-03-03"))).count();
        assertThat(plan).contains("files total=" + files.size()).contains("after_stats_skipping=" + kept);
        assertThat(count("SELECT count(*) FROM e WHERE s = 'k3'")).isEqualTo(12);
    }

    @Test
    void transformsOnDeltaTablesAreRefusedWithPosition() {
        assertThatThrownBy(() -> floe.sql("CREATE TABLE d (id BIGINT, ts TIMESTAMP) USING delta PARTITIONED BY (days(ts))"))
                .hasMessageContaining("line 1:").hasMessageContaining("USING ICEBERG");
    }

    @Test
    void schemaEvolutionReadsOldFilesByFieldId() {
        floe.sql("CREATE TABLE t (id BIGINT, name STRING) USING iceberg");
        floe.sql("INSERT INTO t VALUES (1, 'a')");
        floe.sql("ALTER TABLE t RENAME COLUMN name TO label");
        floe.sql("ALTER TABLE t ADD COLUMNS (score DOUBLE)");
        floe.sql("INSERT INTO t VALUES (2, 'b', 0.5)");
        List<List<Object>> rows = floe.sql("SELECT id, label, score FROM t ORDER BY id").rows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly(1L, "a", null);
        assertThat(rows.get(1)).containsExactly(2L, "b", 0.5);
    }

    @Test
    void timeTravelBySnapshotIdAndTimestamp() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT) USING iceberg");
        floe.sql("INSERT INTO t VALUES (1)");
        long first = floe.table("t").snapshot().version();
        Thread.sleep(5);
        Instant between = Instant.now();
        Thread.sleep(5);
        floe.sql("INSERT INTO t VALUES (2)");
        assertThat(count("SELECT count(*) FROM t VERSION AS OF " + first)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM t TIMESTAMP AS OF '" + between + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(2);
        assertThatThrownBy(() -> floe.sql("SELECT * FROM t VERSION AS OF 12345")).isInstanceOf(FloeException.class)
                .hasMessageContaining("snapshot 12345 does not exist");
    }

    @Test
    void concurrentWritersEachLandOnce() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT, w INT) USING iceberg");
        int writers = 4;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int wid = w;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        floe.sql("INSERT INTO t VALUES (" + (wid * 100 + i) + ", " + wid + ")");
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(DISTINCT id) FROM t")).isEqualTo(writers * each);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(writers * each);
        assertThat(floe.table("t").history(0)).hasSize(writers * each);
    }

    @Test
    void insertOverwriteIsStaticByDefaultAndDynamicWhenAsked() {
        floe.sql("CREATE TABLE t (id BIGINT, p STRING) USING iceberg PARTITIONED BY (p)");
        floe.sql("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        floe.sql("SET spark.sql.sources.partitionOverwriteMode = dynamic");
        floe.sql("INSERT OVERWRITE t VALUES (3, 'a')");
        assertThat(floe.sql("SELECT id, p FROM t ORDER BY id").rows()).containsExactly(List.of(2L, "b"), List.of(3L, "a"));
        floe.sql("SET spark.sql.sources.partitionOverwriteMode = static");
        floe.sql("INSERT OVERWRITE t VALUES (4, 'c')");
        assertThat(floe.sql("SELECT id, p FROM t ORDER BY id").rows()).containsExactly(List.of(4L, "c"));
    }
}
