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
        // 2024-03-01 10:00:00 UTC plus 0, 1 or 2 days
        floe.sql("INSERT INTO e SELECT range, timestamp_seconds(1709287200 + (range % 3) * 86400), DATE '2024-03-01',"
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

    /** Transform partitions larger than the target are cut into pieces as they are written; each row lands once, in its partition. */
    @Test
    void largeTransformPartitionsAreCutToTheTargetSize() {
        floe.sql("CREATE TABLE big (id BIGINT, ts TIMESTAMP, h STRING) USING iceberg PARTITIONED BY (days(ts), bucket(2, id))"
                + " TBLPROPERTIES ('write.target-file-size-bytes' = '262144')");
        floe.sql("INSERT INTO big SELECT range, timestamp_seconds(1709287200 + (range % 2) * 86400), md5(CAST(range AS STRING))"
                + " FROM range(200000)");
        List<DataFile> files = floe.table("big").snapshot().files();
        assertThat(files.size()).isGreaterThan(4 * 3); // 4 partitions of ~2 MB each
        assertThat(files).allSatisfy(f -> assertThat(f.size()).isLessThan(2 * 262144));
        assertThat(files.stream().map(DataFile::partitionValues).collect(Collectors.toSet())).hasSize(4);
        assertThat(count("SELECT count(*) FROM big")).isEqualTo(200000);
        assertThat(count("SELECT count(DISTINCT id) FROM big")).isEqualTo(200000);
        assertThat(count("SELECT count(*) FROM big WHERE ts >= TIMESTAMP '2024-03-02 00:00:00'")).isEqualTo(100000);
        assertThat(count("SELECT sum(id) FROM big WHERE h = md5('4242')")).isEqualTo(4242);
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

    private long current(String t) {
        return floe.table(t).snapshot().version();
    }

    @Test
    void rollbackSetCurrentAndTagsThroughCall() {
        floe.sql("CREATE TABLE t (id BIGINT) USING iceberg");
        floe.sql("INSERT INTO t VALUES (1)");
        long first = current("t");
        floe.sql("INSERT INTO t VALUES (2)");
        long second = current("t");
        floe.sql("ALTER TABLE t CREATE TAG v2");
        var r = floe.sql("CALL system.rollback_to_snapshot('default.t', " + first + ")");
        assertThat(r.rows().get(0)).containsExactly(second, first);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(1);
        floe.sql("CALL system.set_current_snapshot(table => 't', ref => 'v2')");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(2);
        floe.sql("CALL system.set_current_snapshot(table => 't', snapshot_id => " + first + ")");
        assertThat(current("t")).isEqualTo(first);
        assertThat(floe.table("t").capability(io.floe.table.SnapshotManagement.class).orElseThrow().refs()).containsKeys("main", "v2");
        floe.sql("ALTER TABLE t DROP TAG v2");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE t DROP TAG v2")).hasMessageContaining("no tag named v2");
        assertThatThrownBy(() -> floe.sql("CALL system.rollback_to_snapshot('t', 42)")).hasMessageContaining("snapshot 42 does not exist");
        assertThatThrownBy(() -> floe.sql("CALL system.no_such_thing('t')")).hasMessageContaining("unknown procedure")
                .hasMessageContaining("line 1:");
    }

    @Test
    void expireSnapshotsDeletesOnlyFilesNoRemainingSnapshotReads() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT) USING iceberg");
        for (int i = 0; i < 4; i++) {
            floe.sql("INSERT OVERWRITE t SELECT range + " + i + " FROM range(10)");
        }
        long last = current("t");
        var r = floe.sql("CALL system.expire_snapshots(table => 't', older_than => TIMESTAMP '" + Instant.now().plusSeconds(60)
                + "', retain_last => 1)");
        assertThat(r.columnNames()).contains("deleted_data_files_count", "deleted_manifest_lists_count");
        assertThat(r.rows().get(0).get(0)).isEqualTo(3L);
        assertThat(floe.table("t").history(0)).hasSize(1);
        assertThat(current("t")).isEqualTo(last);
        assertThat(count("SELECT sum(id) FROM t")).isEqualTo(45 + 30);
        try (var files = Files.list(dir.resolve("wh/t/data"))) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void removeOrphanFilesKeepsEverythingASnapshotReads() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT) USING iceberg");
        floe.sql("INSERT INTO t VALUES (1)");
        Path orphan = dir.resolve("wh/t/data/orphan.parquet");
        Files.writeString(orphan, "x");
        Files.setLastModifiedTime(orphan, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(10 * 86400)));
        var dry = floe.sql("CALL system.remove_orphan_files(table => 't', dry_run => true)");
        assertThat(dry.rows()).hasSize(1);
        assertThat(dry.rows().get(0).get(0).toString()).endsWith("data/orphan.parquet");
        assertThat(orphan).exists();
        floe.sql("CALL system.remove_orphan_files(table => 't')");
        assertThat(orphan).doesNotExist();
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(1);
    }

    @Test
    void rewriteDataFilesAndManifests() {
        floe.sql("CREATE TABLE t (id BIGINT, v DOUBLE) USING iceberg");
        for (int i = 0; i < 5; i++) {
            floe.sql("INSERT INTO t SELECT range + " + (i * 100) + ", random() FROM range(100)");
        }
        var r = floe.sql("CALL system.rewrite_data_files(table => 't', strategy => 'sort', sort_order => 'zorder(id, v)')");
        assertThat(r.rows().get(0).get(0)).isEqualTo(5L);
        assertThat(floe.table("t").snapshot().files()).hasSize(1);
        var m = floe.sql("CALL system.rewrite_manifests('t')");
        assertThat(m.columnNames()).containsExactly("rewritten_manifests_count", "added_manifests_count");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(500);
        assertThatThrownBy(() -> floe.sql("CREATE TABLE d (x INT) USING delta; CALL system.rewrite_manifests('d')"))
                .hasMessageContaining("is an Iceberg procedure");
    }

    @Test
    void partitionEvolutionKeepsOldFilesInTheirSpec() {
        floe.sql("CREATE TABLE t (id BIGINT, ts TIMESTAMP) USING iceberg PARTITIONED BY (days(ts))");
        floe.sql("INSERT INTO t VALUES (1, TIMESTAMP '2024-01-01 10:00:00'), (2, TIMESTAMP '2024-01-02 10:00:00')");
        floe.sql("ALTER TABLE t ADD PARTITION FIELD bucket(4, id)");
        floe.sql("INSERT INTO t VALUES (3, TIMESTAMP '2024-01-03 10:00:00')");
        floe.sql("ALTER TABLE t REPLACE PARTITION FIELD days(ts) WITH months(ts)");
        floe.sql("INSERT INTO t VALUES (4, TIMESTAMP '2024-02-03 10:00:00')");
        floe.sql("ALTER TABLE t DROP PARTITION FIELD bucket(4, id)");
        floe.sql("INSERT INTO t VALUES (5, TIMESTAMP '2024-03-03 10:00:00')");
        List<DataFile> files = floe.table("t").snapshot().files();
        assertThat(files).extracting(f -> f.partitionValues().keySet().toString())
                .contains("[ts_day]", "[ts_day, id_bucket_4]", "[id_bucket_4, ts_month]", "[ts_month]"); // Iceberg names evolved fields so
        assertThat(count("SELECT count(*) FROM t WHERE ts < TIMESTAMP '2024-01-02 12:00:00'")).isEqualTo(2);
        assertThat(count("SELECT sum(id) FROM t")).isEqualTo(15);
        assertThatThrownBy(() -> floe.sql("CREATE TABLE d (x INT) USING delta; ALTER TABLE d ADD PARTITION FIELD x"))
                .hasMessageContaining("only Iceberg tables");
    }

    @Test
    void metadataTablesAndReadingATagByName() {
        floe.sql("CREATE TABLE t (id BIGINT, p STRING) USING iceberg PARTITIONED BY (p)");
        floe.sql("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        floe.sql("ALTER TABLE t CREATE TAG first");
        floe.sql("INSERT INTO t VALUES (3, 'a')");
        assertThat(count("SELECT count(*) FROM t.snapshots")).isEqualTo(2);
        assertThat(floe.sql("SELECT operation FROM t.snapshots ORDER BY committed_at").rows())
                .containsExactly(List.of("append"), List.of("append"));
        assertThat(count("SELECT count(*) FROM t.files")).isEqualTo(3);
        assertThat(count("SELECT sum(record_count) FROM t.files")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM t.history")).isEqualTo(2);
        assertThat(floe.sql("SELECT name, type FROM t.refs ORDER BY name").rows())
                .containsExactly(List.of("first", "TAG"), List.of("main", "BRANCH"));
        assertThat(count("SELECT count(*) FROM t.manifests")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM t.partitions")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM t.metadata_log_entries")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM t VERSION AS OF 'first'")).isEqualTo(2);
        floe.sql("RESTORE TABLE t TO VERSION AS OF 'first'");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(2);
        assertThatThrownBy(() -> floe.sql("SELECT * FROM t VERSION AS OF 'nope'")).hasMessageContaining("no tag or branch named nope");
    }

    @Test
    void planningSkipsManifestsByTheirPartitionSummaries() {
        floe.sql("CREATE TABLE m (id BIGINT, ts TIMESTAMP) USING iceberg PARTITIONED BY (days(ts))");
        for (int day = 0; day < 3; day++) {
            // one commit (so one manifest) per day: 2024-03-01, 03-02, 03-03
            floe.sql("INSERT INTO m SELECT range, timestamp_seconds(" + (1709287200L + day * 86400L) + ") FROM range(10)");
        }
        String plan = floe.sql("EXPLAIN SELECT * FROM m WHERE ts >= TIMESTAMP '2024-03-03 00:00:00'").rows().toString();
        assertThat(plan).contains("files total=3").contains("after_stats_skipping=1").contains("manifests total=3 read=1");
        assertThat(count("SELECT count(*) FROM m WHERE ts >= TIMESTAMP '2024-03-03 00:00:00'")).isEqualTo(10);
        assertThat(count("SELECT count(*) FROM m WHERE NOT (ts < TIMESTAMP '2024-03-02 00:00:00')")).isEqualTo(20);
        assertThat(count("SELECT count(*) FROM m WHERE ts < TIMESTAMP '2024-03-02 00:00:00' OR id = 3")).isEqualTo(12);
    }

    @Test
    void registerExistingDropAndWidenColumns() {
        String loc = dir.resolve("elsewhere/ev").toString();
        floe.sql("CREATE TABLE iceberg.`" + loc + "` (id INT, note STRING, gone STRING) USING iceberg");
        floe.sql("INSERT INTO iceberg.`" + loc + "` VALUES (1, 'a', 'x')");
        floe.sql("CREATE TABLE ev USING ICEBERG LOCATION '" + loc + "'");
        assertThat(floe.table("ev").format()).isEqualTo("iceberg");
        floe.sql("ALTER TABLE ev ALTER COLUMN id TYPE BIGINT");
        floe.sql("ALTER TABLE ev DROP COLUMN gone");
        floe.sql("INSERT INTO ev VALUES (5000000000, 'b')");
        assertThat(floe.sql("SELECT id, note FROM ev ORDER BY id").rows()).containsExactly(List.of(1L, "a"), List.of(5000000000L, "b"));
        assertThat(floe.table("ev").snapshot().schema().fieldNames()).containsExactly("id", "note");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE ev ALTER COLUMN note TYPE INT")).hasMessageContaining("note");
    }

    @Test
    void columnsReorderOnBothFormats() {
        for (String format : List.of("iceberg", "delta")) {
            String t = "r_" + format;
            floe.sql("CREATE TABLE " + t + " (a INT, b STRING, c DOUBLE) USING " + format);
            floe.sql("INSERT INTO " + t + " VALUES (1, 'x', 0.5)");
            floe.sql("ALTER TABLE " + t + " ALTER COLUMN c FIRST");
            floe.sql("ALTER TABLE " + t + " ALTER COLUMN a AFTER b");
            assertThat(floe.table(t).snapshot().schema().fieldNames()).as(format).containsExactly("c", "b", "a");
            floe.sql("INSERT INTO " + t + " VALUES (1.5, 'y', 2)");
            assertThat(floe.sql("SELECT * FROM " + t + " ORDER BY a").rows()).as(format)
                    .containsExactly(List.of(0.5, "x", 1), List.of(1.5, "y", 2));
            assertThatThrownBy(() -> floe.sql("ALTER TABLE " + t + " ALTER COLUMN zz FIRST")).hasMessageContaining("no column zz");
        }
    }
    /** Iceberg's default codec is zstd (write.parquet.compression-codec), as Spark writes Iceberg tables; Delta stays snappy. */
    @Test
    void dataFilesUseTheTablesParquetCodec() throws Exception {
        floe.sql("CREATE TABLE z USING iceberg AS SELECT range AS id FROM range(10)");
        floe.sql("CREATE TABLE g USING iceberg TBLPROPERTIES ('write.parquet.compression-codec' = 'gzip') AS SELECT range AS id FROM range(10)");
        floe.sql("CREATE TABLE d USING delta AS SELECT range AS id FROM range(10)");
        floe.sql("INSERT INTO z VALUES (100)"); // a later write too (the codec the table records at creation)
        floe.sql("DELETE FROM z WHERE id = 3");
        assertThat(codec("z")).isEqualTo("ZSTD");
        assertThat(codec("g")).isEqualTo("GZIP");
        assertThat(codec("d")).isEqualTo("SNAPPY");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE z SET TBLPROPERTIES ('write.parquet.compression-codec' = 'lzo9')"))
                .isInstanceOf(FloeException.class).hasMessageContaining("not a Parquet codec");
    }

    /** The codec of every data file of the table's current snapshot, when they agree. */
    private String codec(String table) throws Exception {
        java.util.Set<String> codecs = new java.util.TreeSet<>();
        for (DataFile f : floe.table(table).snapshot().files()) {
            String file = f.path();
            String local = file.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(file)).toString()
                    : dir.resolve("wh").resolve(table).resolve(file).toString();
            try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('" + local.replace("'", "''") + "')")) {
                while (rs.next()) {
                    codecs.add(rs.getString(1));
                }
            }
        }
        return String.join(",", codecs);
    }
}
