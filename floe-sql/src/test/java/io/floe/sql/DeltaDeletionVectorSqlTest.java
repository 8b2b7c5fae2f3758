package io.floe.sql;

import io.floe.Floe;
import io.floe.delta.DeltaTable;
import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.CommitInfo;
import io.floe.delta.actions.RemoveFile;
import io.floe.table.DataFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Delta deletion vectors through SQL: REORG … APPLY (PURGE), OPTIMIZE's deleted-rows threshold, VACUUM, change data feed. */
class DeltaDeletionVectorSqlTest {
    @TempDir
    Path dir;
    Floe floe;
    Path wh;

    @BeforeEach
    void open() {
        wh = dir.resolve("wh");
        floe = Floe.open(wh.toString());
    }

    @AfterEach
    void close() {
        floe.close();
    }

    private DeltaTable table() {
        return (DeltaTable) floe.table("t");
    }

    private List<DataFile> files() {
        return table().snapshot().files();
    }

    private long count() {
        return ((Number) floe.sql("SELECT count(*) FROM t").rows().get(0).get(0)).longValue();
    }

    private List<Action> lastCommit() {
        DeltaTable t = table();
        return t.log().readVersion(t.snapshot().version()).orElseThrow();
    }

    private List<String> dvFiles() throws Exception {
        try (Stream<Path> s = Files.list(wh.resolve("t"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("deletion_vector_") && n.endsWith(".bin")).sorted().toList();
        }
    }

    private void createWithRows(String extraProps) {
        floe.sql("CREATE TABLE t (id INT, v INT) USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'true'" + extraProps + ")");
        floe.sql("INSERT INTO t SELECT id, id * 10 FROM range(0, 100) AS r(id)");
    }

    @Test
    void reorgPurgeRewritesFilesWithDeletedRowsWithoutThem() {
        createWithRows("");
        floe.sql("DELETE FROM t WHERE id < 3");
        assertThat(files()).singleElement().satisfies(f -> assertThat(f.deletionVector()).isNotNull());
        String before = files().get(0).path();

        floe.sql("REORG TABLE t APPLY (PURGE)");
        assertThat(files()).singleElement().satisfies(f -> {
            assertThat(f.deletionVector()).isNull();
            assertThat(f.path()).isNotEqualTo(before);
            assertThat(f.stats().numRecords()).isEqualTo(97);
        });
        assertThat(count()).isEqualTo(97);
        List<Action> commit = lastCommit();
        assertThat(commit).filteredOn(a -> a instanceof CommitInfo).singleElement()
                .satisfies(a -> assertThat(((CommitInfo) a).operation()).isEqualTo("REORG"));
        assertThat(commit).filteredOn(a -> a instanceof RemoveFile).singleElement()
                .satisfies(a -> assertThat(((RemoveFile) a).dataChange()).isFalse());
        assertThat(commit).filteredOn(a -> a instanceof AddFile).singleElement()
                .satisfies(a -> assertThat(((AddFile) a).dataChange()).isFalse());

        long version = table().snapshot().version();
        assertThat(floe.sql("REORG TABLE t APPLY (PURGE)").message()).contains("no file has deleted rows");
        assertThat(table().snapshot().version()).as("nothing to purge: no commit").isEqualTo(version);
    }

    @Test
    void optimizeRewritesALargeFileOnlyOnceItsDeletedRowsPassFivePercent() {
        createWithRows(", 'delta.targetFileSize' = '1'"); // every file counts as large: only deleted rows can select it
        floe.sql("DELETE FROM t WHERE id = 7");
        String path = files().get(0).path();
        floe.sql("OPTIMIZE t");
        assertThat(files()).singleElement().satisfies(f -> {
            assertThat(f.path()).as("1% deleted: left alone").isEqualTo(path);
            assertThat(f.deletionVector()).isNotNull();
        });
        floe.sql("DELETE FROM t WHERE id BETWEEN 10 AND 14"); // 6% deleted now
        floe.sql("OPTIMIZE t");
        assertThat(files()).singleElement().satisfies(f -> {
            assertThat(f.path()).isNotEqualTo(path);
            assertThat(f.deletionVector()).isNull();
        });
        assertThat(count()).isEqualTo(94);
    }

    @Test
    void vacuumRemovesVectorFilesNoVersionNeedsAndKeepsTheLiveOne() throws Exception {
        createWithRows("");
        floe.sql("DELETE FROM t WHERE id = 1");
        floe.sql("DELETE FROM t WHERE id = 2"); // merged with the first vector into a new file
        List<String> both = dvFiles();
        assertThat(both).hasSize(2);
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        Thread.sleep(5);
        floe.sql("VACUUM t RETAIN 0 HOURS");
        List<String> left = dvFiles();
        assertThat(left).hasSize(1);
        String live = files().get(0).deletionVector().pathOrInlineDv();
        assertThat(io.floe.delta.DeletionVectorPaths.key(table(), live)).endsWith(left.get(0));
        assertThat(count()).isEqualTo(98);

        floe.sql("REORG TABLE t APPLY (PURGE)");
        Thread.sleep(5);
        floe.sql("VACUUM t RETAIN 0 HOURS");
        assertThat(dvFiles()).isEmpty();
        assertThat(count()).isEqualTo(98);
    }

    @Test
    void changeDataFeedOfAFileRemovedAfterAVectorHasOnlyTheRowsItStillHeld() {
        floe.sql("CREATE TABLE t (id INT, v INT) USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'true', "
                + "'delta.enableChangeDataFeed' = 'true')");
        floe.sql("INSERT INTO t SELECT id, id FROM range(0, 10) AS r(id)");
        floe.sql("DELETE FROM t WHERE id < 4");
        long v = table().snapshot().version();
        assertThat(floe.sql("SELECT id, _change_type FROM table_changes('t', " + v + ", " + v + ") ORDER BY id").rows())
                .extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(0, 1, 2, 3);
        floe.sql("DELETE FROM t WHERE id >= 4"); // every live row of the file: it is removed
        long w = table().snapshot().version();
        assertThat(floe.sql("SELECT id, _change_type FROM table_changes('t', " + w + ", " + w + ") ORDER BY id").rows())
                .as("rows the vector had deleted are not deleted again")
                .extracting(r -> ((Number) r.get(0)).intValue()).containsExactly(4, 5, 6, 7, 8, 9);
        assertThat(count()).isZero();
    }

    @Test
    void vectorsSurviveACheckpoint() throws Exception {
        createWithRows(", 'delta.checkpointInterval' = '2'");
        floe.sql("DELETE FROM t WHERE id % 3 = 0"); // version 2: checkpointed
        floe.sql("DELETE FROM t WHERE id % 3 = 1");
        try (Stream<Path> s = Files.list(wh.resolve("t/_delta_log"))) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".checkpoint.parquet"));
        }
        floe.close();
        floe = Floe.open(wh.toString()); // replays from the checkpoint
        assertThat(count()).isEqualTo(33);
        assertThat(files()).singleElement().satisfies(f -> assertThat(f.deletionVector().cardinality()).isEqualTo(67));
        assertThat(((Number) floe.sql("SELECT count(*) FROM t VERSION AS OF 2").rows().get(0).get(0)).longValue()).isEqualTo(66);
    }

    @Test
    void reorgTakesAPartitionWhereAndOnlyPurge() {
        floe.sql("CREATE TABLE t (id INT, p INT) USING delta PARTITIONED BY (p) TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        floe.sql("INSERT INTO t SELECT id, id % 2 FROM range(0, 20) AS r(id)");
        floe.sql("DELETE FROM t WHERE id IN (2, 3)");
        floe.sql("REORG TABLE t WHERE p = 0 APPLY (PURGE)");
        assertThat(files()).filteredOn(f -> f.deletionVector() != null).singleElement()
                .satisfies(f -> assertThat(f.partitionValues().get("p")).isEqualTo(1L));
        assertThat(count()).isEqualTo(18);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> floe.sql("REORG TABLE t APPLY (UPGRADE UNIFORM)"))
                .hasMessageContaining("PURGE");
    }

    @Test
    void reorgPurgesIcebergDeletesToo() {
        for (String version : List.of("2", "3")) {
            floe.sql("CREATE TABLE i" + version + " (id INT) USING iceberg TBLPROPERTIES ('format-version' = '" + version + "', "
                    + "'write.delete.mode' = 'merge-on-read')");
            floe.sql("INSERT INTO i" + version + " SELECT id FROM range(0, 50) AS r(id)");
            floe.sql("DELETE FROM i" + version + " WHERE id < 5");
            var table = floe.table("i" + version);
            assertThat(table.snapshot().files()).anyMatch(f -> f.deletionVector() != null);
            floe.sql("REORG TABLE i" + version + " APPLY (PURGE)");
            assertThat(floe.table("i" + version).snapshot().files()).as("v" + version).allMatch(f -> f.deletionVector() == null);
            assertThat(((Number) floe.sql("SELECT count(*) FROM i" + version).rows().get(0).get(0)).longValue()).isEqualTo(45);
        }
    }
}
