package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.CheckpointMetadata;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.DataFile;
import io.floe.testing.JsonLinesDataPlane;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** delta.checkpointPolicy = v2: UUID-named V2-spec checkpoints (checkpointMetadata, file actions inline), read back. */
class V2CheckpointTest {
    static JsonLinesDataPlane engine;

    @BeforeAll
    static void start() {
        engine = new JsonLinesDataPlane();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static List<String> logNames(InMemoryObjectStore store) {
        return store.list("t/_delta_log/", null, 1000).objects().stream().map(o -> o.key().substring("t/_delta_log/".length()))
                .collect(Collectors.toList());
    }

    @Test
    void checkpointsAreUuidNamedWithCheckpointMetadataAndReplayFromThem() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.checkpointPolicy", "v2", "delta.checkpointInterval", "2"), null);
        assertThat(t.snapshot().protocol().readerFeatures()).contains("v2Checkpoint");
        assertThat(t.snapshot().protocol().writerFeatures()).contains("v2Checkpoint");
        for (int i = 1; i <= 3; i++) {
            t.newAppend().addFile(TableFixtures.file("p" + i, i, i)).commit();
        }
        List<String> names = logNames(store);
        List<String> checkpoints = names.stream().filter(n -> n.contains(".checkpoint.")).toList();
        assertThat(checkpoints).hasSize(1);
        assertThat(checkpoints.get(0)).matches("00000000000000000002\\.checkpoint\\.[0-9a-f-]{36}\\.parquet");
        LogFile cp = LogFile.parse("t/_delta_log/" + checkpoints.get(0), 0, 0).orElseThrow();
        assertThat(cp.kind()).isEqualTo(LogFile.Kind.CHECKPOINT_V2);
        List<Action> actions = t.log().readCheckpoint(List.of(cp));
        assertThat(actions.stream().filter(a -> a instanceof CheckpointMetadata).toList())
                .containsExactly(new CheckpointMetadata(2, Map.of()));
        assertThat(new String(store.get("t/_delta_log/_last_checkpoint"))).contains("\"version\":2");

        DeltaTable fresh = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        DeltaSnapshot s = fresh.snapshot();
        assertThat(s.checkpointVersion()).isEqualTo(2);
        assertThat(s.files().stream().map(DataFile::path).collect(Collectors.toSet()))
                .isEqualTo(t.snapshot().files().stream().map(DataFile::path).collect(Collectors.toSet()));
        assertThat(fresh.snapshotAt(2).files()).hasSize(2);
    }

    @Test
    void classicPolicyOnAV2TableStillWritesClassicCheckpoints() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.feature.v2Checkpoint", "supported", "delta.checkpointInterval", "1"),
                null);
        t.newAppend().addFile(TableFixtures.file("a", 1, 1)).commit();
        assertThat(logNames(store)).contains("00000000000000000001.checkpoint.parquet");
    }
}
