package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.CheckpointMetadata;
import io.floe.delta.actions.RemoveFile;
import io.floe.delta.actions.Sidecar;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.DataFile;
import io.floe.testing.JsonLinesDataPlane;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17: a V2 checkpoint keeps its add and remove actions in sidecar files under _delta_log/_sidecars/. */
class V2SidecarTest {
    static JsonLinesDataPlane engine;

    @BeforeAll
    static void start() {
        engine = new JsonLinesDataPlane();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static List<String> keys(InMemoryObjectStore store, String prefix) {
        return store.list(prefix, null, 1000).objects().stream().map(o -> o.key().substring(prefix.length())).toList();
    }

    @Test
    void fileActionsGoToSidecarsTheCheckpointNames() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.checkpointPolicy", "v2", "delta.checkpointInterval", "3"), null);
        t.newAppend().addFile(TableFixtures.file("a", 1, 1)).commit();
        t.newAppend().addFile(TableFixtures.file("b", 2, 2)).commit();
        DataFile gone = t.snapshot().files().get(0);
        t.newOverwrite().addFile(TableFixtures.file("c", 3, 3)).commit(); // version 3: removes a and b, checkpointed

        List<String> sidecars = keys(store, "t/_delta_log/_sidecars/");
        assertThat(sidecars).singleElement().asString().matches("[0-9a-f-]{36}\\.parquet");
        String cpName = keys(store, "t/_delta_log/").stream().filter(n -> n.startsWith("00000000000000000003.checkpoint.")).findFirst()
                .orElseThrow();
        LogFile cp = LogFile.parse("t/_delta_log/" + cpName, 0, 0).orElseThrow();
        assertThat(cp.kind()).isEqualTo(LogFile.Kind.CHECKPOINT_V2);

        // the checkpoint file itself: checkpointMetadata, protocol, metaData and the sidecar action, no file actions
        List<Action> inCheckpoint = new java.util.ArrayList<>();
        t.log().withLocalCopy(cp.key(), path -> {
            engine.readParquetAsJson(path, DeltaLog.CHECKPOINT_COLUMNS, row -> inCheckpoint.addAll(DeltaJson.parseRow(row)));
            return null;
        });
        assertThat(inCheckpoint).noneMatch(a -> a instanceof AddFile || a instanceof RemoveFile);
        assertThat(inCheckpoint).filteredOn(a -> a instanceof CheckpointMetadata).containsExactly(new CheckpointMetadata(3, Map.of()));
        Sidecar sc = (Sidecar) inCheckpoint.stream().filter(a -> a instanceof Sidecar).findFirst().orElseThrow();
        assertThat(sc.path()).isEqualTo(sidecars.get(0));
        assertThat(sc.sizeInBytes()).isEqualTo(store.stat("t/_delta_log/_sidecars/" + sc.path()).orElseThrow().size());

        // replay through the checkpoint (sidecars included) gives the same table, tombstones too
        List<Action> all = t.log().readCheckpoint(List.of(cp));
        assertThat(all).filteredOn(a -> a instanceof AddFile).hasSize(1);
        assertThat(all).filteredOn(a -> a instanceof RemoveFile).extracting(a -> ((RemoveFile) a).path()).contains(gone.path());
        DeltaSnapshot fresh = new DeltaLog(store, "t/", engine).update();
        assertThat(fresh.checkpointVersion()).isEqualTo(3);
        assertThat(paths(fresh)).isEqualTo(paths(t.snapshot()));
    }

    @Test
    void aLargeCheckpointSpreadsOverSeveralSidecars() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.checkpointPolicy", "v2", "delta.checkpointInterval", "1000"), null);
        for (int i = 0; i < 5; i++) {
            t.newAppend().addFile(TableFixtures.file("p" + i, i, i)).commit();
        }
        DeltaSnapshot s = t.snapshot();
        Checkpoints.write(t.log(), s, Checkpoints.v2Key(t.log().logPrefix(), s.version()), true, 2);
        assertThat(keys(store, "t/_delta_log/_sidecars/")).hasSize(3); // 5 adds, 2 per sidecar
        DeltaSnapshot fresh = new DeltaLog(store, "t/", engine).update();
        assertThat(fresh.checkpointVersion()).isEqualTo(s.version());
        assertThat(paths(fresh)).isEqualTo(paths(s)).hasSize(5);
    }

    private static Set<String> paths(DeltaSnapshot s) {
        return s.files().stream().map(DataFile::path).collect(Collectors.toSet());
    }
}
