package io.floe.delta;

import io.floe.storage.TablePaths;
import io.floe.delta.actions.Protocol;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.CorruptTableException;
import io.floe.table.DataFile;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.table.TableAlreadyExistsException;
import io.floe.table.TableNotFoundException;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeltaLogTest {
    InMemoryObjectStore store;
    DeltaTable table;

    @BeforeEach
    void setUp() {
        store = new InMemoryObjectStore();
        table = new DeltaTable("t", new DeltaLog(store, "t/", null));
        table.create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.checkpointInterval", "1000000"), "test");
    }

    @Test
    void createWritesProtocolAndMetadata() {
        DeltaSnapshot s = table.snapshot();
        assertThat(s.version()).isZero();
        assertThat(s.protocol()).isEqualTo(new Protocol(1, 2));
        assertThat(s.schema()).isEqualTo(TableFixtures.SIMPLE.withFieldIds()); // positional ids without column mapping
        assertThat(s.partitionColumns()).containsExactly("part");
        assertThat(s.files()).isEmpty();
        assertThatThrownBy(() -> table.create(TableFixtures.SIMPLE, List.of(), Map.of(), null))
                .isInstanceOf(TableAlreadyExistsException.class);
    }

    @Test
    void appendsAndOverwritesReplayAtEveryVersion() {
        DataFile a = TableFixtures.file("x", 0, 9);
        DataFile b = TableFixtures.file("y", 10, 19);
        DataFile c = TableFixtures.file("x", 20, 29);
        assertThat(table.newAppend().addFile(a).commit().version()).isEqualTo(1);
        assertThat(table.newAppend().addFile(b).commit().version()).isEqualTo(2);
        assertThat(table.newOverwrite().addFile(c).commit().version()).isEqualTo(3);

        assertThat(paths(table.snapshotAt(1).files())).containsExactly(a.path());
        assertThat(paths(table.snapshotAt(2).files())).containsExactlyInAnyOrder(a.path(), b.path());
        assertThat(paths(table.snapshot().files())).containsExactly(c.path());
        assertThat(table.snapshot().tombstones()).hasSize(2);
        assertThat(table.snapshot().numRecords()).isEqualTo(10);
        DataFile back = table.snapshotAt(1).files().get(0);
        assertThat(back.stats()).isEqualTo(a.stats());
        assertThat(back.partitionValues()).isEqualTo(Map.of("part", "x"));
    }

    @Test
    void replaceWherePartitionOverwritesOnlyMatchingFiles() {
        DataFile a = TableFixtures.file("x", 0, 9);
        DataFile b = TableFixtures.file("y", 10, 19);
        table.newAppend().addFile(a).addFile(b).commit();
        DataFile c = TableFixtures.file("x", 20, 29);
        table.newOverwrite().replaceWhere(f -> "x".equals(f.partitionValues().get("part")), "part = 'x'").addFile(c).commit();
        assertThat(paths(table.snapshot().files())).containsExactlyInAnyOrder(b.path(), c.path());
    }

    @Test
    void historyListsOperationsNewestFirst() {
        table.newAppend().addFile(TableFixtures.file("x", 0, 9)).commit();
        table.newOverwrite().addFile(TableFixtures.file("x", 0, 9)).commit();
        var h = table.log().history(0);
        assertThat(h).extracting(DeltaLog.HistoryEntry::version).containsExactly(2L, 1L, 0L);
        assertThat(h.get(0).commitInfo().operation()).isEqualTo("WRITE");
        assertThat(h.get(0).commitInfo().operationParameters()).containsEntry("mode", "Overwrite");
        assertThat(h.get(1).commitInfo().operationMetrics()).containsEntry("numOutputRows", "10");
        assertThat(h.get(2).commitInfo().operation()).isEqualTo("CREATE TABLE");
        assertThat(table.history(1)).hasSize(1);
    }

    @Test
    void timeTravelByTimestamp() throws Exception {
        table.newAppend().addFile(TableFixtures.file("x", 0, 9)).commit();
        Thread.sleep(5);
        long between = System.currentTimeMillis();
        Thread.sleep(5);
        table.newAppend().addFile(TableFixtures.file("x", 0, 9)).commit();
        assertThat(table.snapshotAsOf(Instant.ofEpochMilli(between)).version()).isEqualTo(1);
        assertThat(table.snapshotAsOf(Instant.now()).version()).isEqualTo(2);
        assertThatThrownBy(() -> table.snapshotAsOf(Instant.ofEpochMilli(0)))
                .isInstanceOf(TableNotFoundException.class).hasMessageContaining("before the earliest");
        assertThatThrownBy(() -> table.snapshotAt(7)).isInstanceOf(TableNotFoundException.class)
                .hasMessageContaining("no version 7").hasMessageContaining("latest is 2");
    }

    @Test
    void malformedCommitNamesFileAndVersion() {
        table.newAppend().addFile(TableFixtures.file("x", 0, 9)).commit();
        store.put("t/_delta_log/00000000000000000002.json", "{\"add\":{\"path\":".getBytes(StandardCharsets.UTF_8));
        DeltaTable fresh = new DeltaTable("t", new DeltaLog(store, "t/", null));
        assertThatThrownBy(fresh::snapshot).isInstanceOf(CorruptTableException.class)
                .hasMessageContaining("00000000000000000002.json").hasMessageContaining("version 2");
        // earlier versions stay readable
        assertThat(fresh.snapshotAt(1).files()).hasSize(1);
    }

    /** Issue 15: a malformed schema string names the table and the version that carries it. */
    @Test
    void malformedSchemaStringNamesTableAndVersion() {
        table.newAppend().addFile(TableFixtures.file("x", 0, 9)).commit();
        store.put("t/_delta_log/00000000000000000002.json", ("{\"metaData\":{\"id\":\"m\",\"format\":{\"provider\":\"parquet\","
                + "\"options\":{}},\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[\",\"partitionColumns\":[],"
                + "\"configuration\":{}}}\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new DeltaLog(store, "t/", null).update()).isInstanceOf(CorruptTableException.class)
                .hasMessageContaining("version 2").hasMessageContaining("schemaString").hasMessageContaining("t/");
        assertThat(new DeltaTable("t", new DeltaLog(store, "t/", null)).snapshotAt(1).files()).hasSize(1);
    }

    @Test
    void anAddWithoutPathIsNamedNotANullPointer() {
        table.newAppend().addFile(TableFixtures.file("x", 0, 9)).commit();
        store.put("t/_delta_log/00000000000000000002.json",
                "{\"add\":{\"size\":1,\"modificationTime\":1,\"dataChange\":true}}\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new DeltaLog(store, "t/", null).update()).isInstanceOf(CorruptTableException.class)
                .hasMessageContaining("00000000000000000002.json").hasMessageContaining("'add' action without 'path'")
                .hasMessageNotContaining("NullPointer");
    }

    @Test
    void truncatedCommitIsReported() {
        table.newAppend().addFile(TableFixtures.file("x", 0, 9)).commit();
        byte[] good = store.get("t/_delta_log/00000000000000000001.json");
        store.put("t/_delta_log/00000000000000000002.json", java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> new DeltaLog(store, "t/", null).update()).isInstanceOf(CorruptTableException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void gapInTheLogNamesTheMissingVersion() {
        table.newAppend().addFile(TableFixtures.file("x", 0, 9)).commit();
        table.newAppend().addFile(TableFixtures.file("x", 0, 9)).commit();
        store.delete(List.of("t/_delta_log/00000000000000000001.json"));
        assertThatThrownBy(() -> new DeltaLog(store, "t/", null).update()).isInstanceOf(CorruptTableException.class)
                .hasMessageContaining("00000000000000000001.json").hasMessageContaining("version 1");
    }

    @Test
    void unknownReaderFeatureIsRefusedByName() {
        String line = "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"futureFeature\"],\"writerFeatures\":[\"futureFeature\"]}}\n";
        store.put("t/_delta_log/00000000000000000001.json", line.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new DeltaLog(store, "t/", null).update())
                .isInstanceOf(ProtocolNotSupportedException.class).hasMessageContaining("futureFeature");
    }

    @Test
    void unknownWriterFeatureIsRefusedOnWrite() {
        String line = "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,\"writerFeatures\":[\"clustering\"]}}\n";
        store.put("t/_delta_log/00000000000000000001.json", line.getBytes(StandardCharsets.UTF_8));
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", null));
        assertThat(t.snapshot().version()).isEqualTo(1); // still readable
        assertThatThrownBy(() -> t.newAppend().addFile(TableFixtures.file("x", 0, 1)).commit())
                .isInstanceOf(ProtocolNotSupportedException.class).hasMessageContaining("clustering");
        assertThat(t.snapshot().version()).isEqualTo(1);
    }

    @Test
    void constraintsBlockWritersThatDoNotEnforceThem() {
        DeltaTable t = new DeltaTable("c", new DeltaLog(store, "c/", null));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.constraints.positive", "id > 0"), null);
        assertThatThrownBy(() -> t.newAppend().addFile(TableFixtures.file(null, 1, 2)).commit())
                .isInstanceOf(ProtocolNotSupportedException.class).hasMessageContaining("checkConstraints");
    }

    @Test
    void idempotentWritesApplyOnce() {
        assertThat(table.newAppend().addFile(TableFixtures.file("x", 0, 9)).idempotent("app", 5).commit()).isNotNull();
        assertThat(table.newAppend().addFile(TableFixtures.file("x", 0, 9)).idempotent("app", 5).commit()).isNull();
        assertThat(table.newAppend().addFile(TableFixtures.file("x", 0, 9)).idempotent("app", 4).commit()).isNull();
        assertThat(table.newAppend().addFile(TableFixtures.file("x", 0, 9)).idempotent("app", 6).commit()).isNotNull();
        assertThat(table.snapshot().files()).hasSize(2);
        assertThat(table.snapshot().transactionVersion("app")).contains(6L);
    }

    @Test
    void incrementalUpdateSeesCommitsOfOtherWriters() {
        DeltaTable other = new DeltaTable("t", new DeltaLog(store, "t/", null));
        assertThat(other.snapshot().version()).isZero();
        table.newAppend().addFile(TableFixtures.file("x", 0, 9)).commit();
        assertThat(other.snapshot().version()).isEqualTo(1);
        assertThat(other.snapshot().files()).hasSize(1);
    }

    @Test
    void hiddenChecksumFilesDoNotHideTheLog() {
        for (int i = 0; i < 40; i++) {
            store.put(String.format("t/_delta_log/.%020d.json.crc", i), new byte[]{1});
        }
        assertThat(new DeltaLog(store, "t/", null).exists()).isTrue();
    }

    @Test
    void missingTableIsNotFound() {
        assertThatThrownBy(() -> new DeltaLog(store, "nope/", null).update()).isInstanceOf(TableNotFoundException.class);
    }

    @Test
    void pathsAreResolvedInsideTheTable() {
        assertThat(TablePaths.resolveKey("file:/w/", "t/", "a%20b/part-1.parquet")).isEqualTo("t/a b/part-1.parquet");
        assertThat(TablePaths.resolveKey("file:/w/", "t/", "letter=%252F/x.parquet")).isEqualTo("t/letter=%2F/x.parquet");
        assertThat(TablePaths.resolveKey("file:/w/", "t/", "file:///w/t/x.parquet")).isEqualTo("t/x.parquet");
        assertThatThrownBy(() -> TablePaths.resolveKey("file:/w/", "t/", "../u/x.parquet")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TablePaths.resolveKey("file:/w/", "t/", "file:/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TablePaths.encode("letter=%2F/date=1970-01-01/data=😈/a b.parquet"))
                .isEqualTo("letter=%252F/date=1970-01-01/data=😈/a%20b.parquet");
    }

    private static List<String> paths(List<DataFile> files) {
        return files.stream().map(DataFile::path).toList();
    }
}
