package io.floe.delta;

import io.floe.testing.JsonLinesDataPlane;
import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.LocalObjectStore;
import io.floe.table.CorruptTableException;
import io.floe.table.DataFile;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Classic checkpoints written through the data plane SPI (a JSON-lines stand-in here), and replay from them. */
class CheckpointTest {
    static JsonLinesDataPlane engine;

    @BeforeAll
    static void start() {
        engine = new JsonLinesDataPlane();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Set<String> paths(DeltaSnapshot s) {
        return s.files().stream().map(DataFile::path).collect(Collectors.toSet());
    }

    @Test
    void twentyFiveCommitsCheckpointAtTenAndTwenty() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of("part"), Map.of(), null);
        List<Set<String>> expected = new ArrayList<>();
        expected.add(Set.of());
        for (int i = 1; i <= 25; i++) {
            if (i % 7 == 0) {
                t.newOverwrite().addFile(TableFixtures.file("p" + (i % 3), i, i)).commit();
            } else {
                t.newAppend().addFile(TableFixtures.file(i % 5 == 0 ? null : "p" + (i % 3), i, i)).idempotent("app", i).commit();
            }
            expected.add(paths(t.snapshot()));
        }
        assertThat(store.stat("t/_delta_log/00000000000000000010.checkpoint.parquet")).isPresent();
        assertThat(store.stat("t/_delta_log/00000000000000000020.checkpoint.parquet")).isPresent();
        assertThat(new String(store.get("t/_delta_log/_last_checkpoint"), StandardCharsets.UTF_8)).contains("\"version\":20");

        DeltaSnapshot fresh = new DeltaLog(store, "t/", engine).update();
        assertThat(fresh.checkpointVersion()).isEqualTo(20);
        assertThat(fresh.version()).isEqualTo(25);
        assertThat(paths(fresh)).isEqualTo(expected.get(25));
        assertThat(fresh.transactionVersion("app")).contains(25L);
        assertThat(fresh.files()).allSatisfy(f -> assertThat(f.stats()).isNotNull());
        DeltaSnapshot v20 = new DeltaLog(store, "t/", engine).snapshotAt(20);
        assertThat(v20.tombstones()).isNotEmpty(); // removes within retention survive the checkpoint

        // Without the JSON commits the checkpoint covers, latest and v20 still read back exactly.
        List<String> covered = new ArrayList<>();
        for (int v = 0; v <= 20; v++) {
            covered.add(String.format("t/_delta_log/%020d.json", v));
        }
        for (int v : new int[]{0, 5}) {
            assertThat(paths(new DeltaLog(store, "t/", engine).snapshotAt(v))).isEqualTo(expected.get(v));
        }
        store.delete(covered);
        DeltaLog log = new DeltaLog(store, "t/", engine);
        assertThat(paths(log.update())).isEqualTo(expected.get(25));
        assertThat(paths(log.snapshotAt(20))).isEqualTo(expected.get(20));
        assertThat(paths(log.snapshotAt(23))).isEqualTo(expected.get(23));
        assertThat(log.update().schema()).isEqualTo(TableFixtures.SIMPLE.withFieldIds()); // positional ids without column mapping
    }

    @Test
    void versionsBeforeTheCheckpointStayReadableWithTheirJson(@TempDir Path dir) {
        DeltaTable t = new DeltaTable("t", new DeltaLog(new LocalObjectStore(dir), "", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "3"), null);
        for (int i = 1; i <= 7; i++) {
            t.newAppend().addFile(TableFixtures.file(null, i, i)).commit();
        }
        DeltaLog log = new DeltaLog(new LocalObjectStore(dir), "", engine);
        assertThat(log.snapshotAt(2).files()).hasSize(2);
        assertThat(log.snapshotAt(6).checkpointVersion()).isEqualTo(6);
        assertThat(log.update().files()).hasSize(7);
    }

    @Test
    void staleOrCorruptLastCheckpointHintIsIgnored() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "2"), null);
        for (int i = 1; i <= 5; i++) {
            t.newAppend().addFile(TableFixtures.file(null, i, i)).commit();
        }
        store.put("_delta_log/_last_checkpoint", "{garbage".getBytes(StandardCharsets.UTF_8));
        assertThat(new DeltaLog(store, "", engine).update().files()).hasSize(5);
        store.put("_delta_log/_last_checkpoint", "{\"version\":99}".getBytes(StandardCharsets.UTF_8));
        assertThat(new DeltaLog(store, "", engine).update().files()).hasSize(5);
    }

    @Test
    void missingCheckpointPartIsNamedOrSkipped() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "2"), null);
        for (int i = 1; i <= 4; i++) {
            t.newAppend().addFile(TableFixtures.file(null, i, i)).commit();
        }
        // A multi-part checkpoint with a part missing is incomplete: replay falls back to the older one.
        byte[] cp = store.get("_delta_log/00000000000000000004.checkpoint.parquet");
        store.delete(List.of("_delta_log/00000000000000000004.checkpoint.parquet"));
        store.put("_delta_log/00000000000000000004.checkpoint.0000000001.0000000002.parquet", cp);
        assertThat(new DeltaLog(store, "", engine).update().files()).hasSize(4);
        // If the JSON the fallback needs is gone too, the error names what is missing.
        store.delete(List.of("_delta_log/00000000000000000003.json"));
        assertThatThrownBy(() -> new DeltaLog(store, "", engine).update()).isInstanceOf(CorruptTableException.class)
                .hasMessageContaining("00000000000000000003.json");
        // A checkpoint file that is not Parquet is named too.
        store.put("_delta_log/00000000000000000004.checkpoint.parquet", "not parquet".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new DeltaLog(store, "", engine).update()).isInstanceOf(CorruptTableException.class)
                .hasMessageContaining("00000000000000000004.checkpoint.parquet");
    }

    @Test
    void aCorruptCheckpointFallsBackToTheCommitsWhileTheyExist() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "2"), null);
        for (int i = 1; i <= 5; i++) {
            t.newAppend().addFile(TableFixtures.file(null, i, i)).commit();
        }
        Set<String> expected = paths(t.snapshot());
        // the newest checkpoint (4) is garbage: the older one (2) plus commits 3..5 still read the table
        store.put("_delta_log/00000000000000000004.checkpoint.parquet", "not parquet".getBytes(StandardCharsets.UTF_8));
        DeltaSnapshot s = new DeltaLog(store, "", engine).update();
        assertThat(s.version()).isEqualTo(5);
        assertThat(paths(s)).isEqualTo(expected);
        // both checkpoints garbage: the commits alone
        store.put("_delta_log/00000000000000000002.checkpoint.parquet", "not parquet".getBytes(StandardCharsets.UTF_8));
        assertThat(paths(new DeltaLog(store, "", engine).update())).isEqualTo(expected);
        assertThat(paths(new DeltaLog(store, "", engine).snapshotAt(4))).hasSize(4);
    }

    @Test
    void expiredLogsAreCleanedOnlyBelowACheckpoint() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "5"), null);
        for (int i = 1; i <= 12; i++) {
            t.newAppend().addFile(TableFixtures.file(null, i, i)).commit();
        }
        long future = System.currentTimeMillis() + 31L * 24 * 3600 * 1000;
        int deleted = t.log().cleanupExpiredLogs(t.snapshot(), future);
        assertThat(deleted).isPositive();
        DeltaLog log = new DeltaLog(store, "", engine);
        assertThat(log.update().files()).hasSize(12);
        assertThat(log.snapshotAt(10).files()).hasSize(10);
        assertThatThrownBy(() -> log.snapshotAt(3)).isInstanceOf(io.floe.table.TableNotFoundException.class);
    }
}
