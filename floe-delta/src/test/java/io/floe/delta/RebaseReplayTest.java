package io.floe.delta;

import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.MeteredObjectStore;
import io.floe.storage.StoreRequests;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.WriteFiles;
import io.floe.testing.JsonLinesDataPlane;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a writer that lost a race rebases on the winners' commits, which it has just read to check for conflicts;
 * its new snapshot is built from them, not by reading the log again.
 */
class RebaseReplayTest {
    static JsonLinesDataPlane engine;

    @BeforeAll
    static void start() {
        engine = new JsonLinesDataPlane();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aRebasedCommitReadsEachWinnerOnceAndNothingAfter() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        StoreRequests requests = new StoreRequests();
        DeltaTable mine = new DeltaTable("t", new DeltaLog(new MeteredObjectStore(store, requests), "t/", engine));
        mine.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "100"), null);
        mine.newAppend().addFile(TableFixtures.file(null, 1, 1)).commit();

        WriteFiles pending = WriteFiles.in(mine.newTransaction(), false).addFile(TableFixtures.file(null, 100, 100)); // reads version 1
        DeltaTable other = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        for (int i = 2; i <= 4; i++) {
            other.newAppend().addFile(TableFixtures.file(null, i, i)).commit();
        }

        var before = requests.snapshot();
        CommitResult r = pending.commit();
        var cost = requests.snapshot().minus(before);

        assertThat(r.version()).isEqualTo(5);
        assertThat(r.attempts()).isEqualTo(2);
        // the lost put, the three winners (one GET each: its answer carries the time a HEAD gave), the GET that finds
        // version 5 free, the winning put
        assertThat(cost.get(StoreRequests.Kind.GET)).as(cost.describe()).isEqualTo(4);
        assertThat(cost.get(StoreRequests.Kind.HEAD)).as(cost.describe()).isEqualTo(0);
        assertThat(cost.get(StoreRequests.Kind.CONDITIONAL_PUT)).as(cost.describe()).isEqualTo(2);
        assertThat(cost.total()).as(cost.describe()).isEqualTo(6);

        DeltaSnapshot cached = mine.log().cachedLatest();
        DeltaSnapshot fresh = new DeltaLog(store, "t/", engine).update();
        assertThat(cached.version()).isEqualTo(5);
        assertThat(paths(cached)).containsExactlyInAnyOrderElementsOf(paths(fresh)).hasSize(5);
        assertThat(cached.checkpointVersion()).isEqualTo(fresh.checkpointVersion());
        assertThat(cached.metadata()).isEqualTo(fresh.metadata());
    }

    @Test
    void aWinnersCheckpointCountsInTheRebasedSnapshot() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable mine = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        mine.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "3"), null);
        mine.newAppend().addFile(TableFixtures.file(null, 1, 1)).commit();
        WriteFiles pending = WriteFiles.in(mine.newTransaction(), false).addFile(TableFixtures.file(null, 100, 100));
        DeltaTable other = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        for (int i = 2; i <= 4; i++) { // version 3 is checkpointed by the other writer
            other.newAppend().addFile(TableFixtures.file(null, i, i)).commit();
        }
        assertThat(pending.commit().version()).isEqualTo(5);
        DeltaSnapshot cached = mine.log().cachedLatest();
        assertThat(cached.checkpointVersion()).isEqualTo(3);
        assertThat(cached.files()).hasSize(5);
    }

    private static List<String> paths(DeltaSnapshot s) {
        return s.files().stream().map(DataFile::path).toList();
    }
}
