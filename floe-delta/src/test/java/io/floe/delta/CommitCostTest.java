package io.floe.delta;

import io.floe.storage.FaultInjectingObjectStore;
import io.floe.storage.FaultInjectingObjectStore.Op;
import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.ListPage;
import io.floe.storage.ObjectInfo;
import io.floe.storage.ObjectStore;
import io.floe.table.Operation;
import io.floe.testing.JsonLinesDataPlane;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit costs the same number of storage calls — and reads the same number of listed keys — at version 20 as at
 * version 2,000: nothing on the commit path lists the whole {@code _delta_log/} (issue 16: commit time grew with the
 * log's length). Counts only, never timings.
 */
class CommitCostTest {
    static JsonLinesDataPlane engine;

    @BeforeAll
    static void start() {
        engine = new JsonLinesDataPlane();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** What one commit cost: calls per operation, and how many keys its listings returned. */
    record Cost(Map<Op, Long> calls, long listedKeys) {
    }

    @Test
    void commitCallsAndListedKeysDoNotGrowWithTheLogLength() {
        ListedKeys listed = new ListedKeys(new InMemoryObjectStore());
        FaultInjectingObjectStore store = new FaultInjectingObjectStore(listed);
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of(), null); // default checkpoint interval: 10

        growTo(t, 19);
        Cost atCheckpointShort = commitOnce(t, store, listed, 20);
        Cost plainShort = commitOnce(t, store, listed, 21);

        growTo(t, 1999);
        Cost atCheckpointLong = commitOnce(t, store, listed, 2000);
        Cost plainLong = commitOnce(t, store, listed, 2001);

        assertThat(plainLong).isEqualTo(plainShort);
        assertThat(atCheckpointLong).isEqualTo(atCheckpointShort);
        assertThat(plainShort.calls().getOrDefault(Op.LIST, 0L)).isZero(); // a plain commit lists nothing at all
        assertThat(store.stat("t/_delta_log/00000000000000002000.checkpoint.parquet")).isPresent();
        assertThat(t.snapshot().version()).isEqualTo(2001);
    }

    @Test
    void aCachedSnapshotFollowsOtherWritersCommitsAndCheckpoints() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable mine = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        mine.create(TableFixtures.SIMPLE, List.of(), Map.of(), null);
        mine.newAppend().addFile(TableFixtures.file(null, 1, 1)).commit();
        assertThat(mine.snapshot().version()).isEqualTo(1);

        DeltaTable other = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        for (int i = 2; i <= 45; i++) { // more than one probe round, across checkpoints at 10..40
            other.newAppend().addFile(TableFixtures.file(null, i, i)).commit();
        }
        DeltaSnapshot s = mine.snapshot();
        assertThat(s.version()).isEqualTo(45);
        assertThat(s.files()).hasSize(45);
        assertThat(s.checkpointVersion()).isEqualTo(40);
    }

    @Test
    void aCachedSnapshotWhoseNextCommitsWereCleanedUpReloadsInsteadOfStayingStale() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable mine = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        mine.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "5"), null);
        mine.newAppend().addFile(TableFixtures.file(null, 1, 1)).commit();
        assertThat(mine.snapshot().version()).isEqualTo(1);

        DeltaTable other = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        for (int i = 2; i <= 12; i++) {
            other.newAppend().addFile(TableFixtures.file(null, i, i)).commit();
        }
        long future = System.currentTimeMillis() + 31L * 24 * 3600 * 1000;
        other.log().cleanupExpiredLogs(other.snapshot(), future);
        assertThat(store.stat("t/_delta_log/00000000000000000002.json")).isEmpty();
        // cleanup could only have removed version 2 if mine last looked longer ago than the retention (the clock above)
        mine.log().forgetVerification();

        // Probing finds no version 2, but _last_checkpoint names 10: the cache is stale, not current.
        DeltaSnapshot s = mine.snapshot();
        assertThat(s.version()).isEqualTo(12);
        assertThat(s.files()).hasSize(12);
        // and a commit goes after 12 instead of recreating version 2
        assertThat(mine.newAppend().addFile(TableFixtures.file(null, 13, 13)).commit().version()).isEqualTo(13);
    }

    /**
     * Catching up on other writers' commits reads each new commit once: the probe's read brings its content (one GET on
     * S3), which the replay uses, and one read finds the next version missing. Was a HEAD per probe plus a GET per commit.
     */
    @Test
    void catchingUpReadsEachNewCommitOnceAndNothingElse() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        io.floe.storage.StoreRequests requests = new io.floe.storage.StoreRequests();
        DeltaTable mine = new DeltaTable("t", new DeltaLog(new io.floe.storage.MeteredObjectStore(store, requests), "t/", engine));
        mine.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "100"), null);
        mine.newAppend().addFile(TableFixtures.file(null, 1, 1)).commit();
        DeltaTable other = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        for (int i = 2; i <= 4; i++) {
            other.newAppend().addFile(TableFixtures.file(null, i, i)).commit();
        }
        mine.log().forgetVerification();
        var before = requests.snapshot();
        assertThat(mine.snapshot().version()).isEqualTo(4);
        var cost = requests.snapshot().minus(before);
        // versions 2, 3, 4 and the missing 5, plus _last_checkpoint (the verification was forgotten)
        assertThat(cost.get(io.floe.storage.StoreRequests.Kind.GET)).as(cost.describe()).isEqualTo(5);
        assertThat(cost.get(io.floe.storage.StoreRequests.Kind.HEAD)).as(cost.describe()).isZero();
        assertThat(mine.snapshot().files()).hasSize(4);
    }

    /** Issue 19: a table nobody changed costs one request to refresh (a read of the next commit), not two. */
    @Test
    void refreshingAnUnchangedTableCostsOneRequest() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        io.floe.storage.StoreRequests requests = new io.floe.storage.StoreRequests();
        DeltaTable t = new DeltaTable("t", new DeltaLog(new io.floe.storage.MeteredObjectStore(store, requests), "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of(), null);
        t.newAppend().addFile(TableFixtures.file(null, 1, 1)).commit();
        t.snapshot();
        var before = requests.snapshot();
        assertThat(t.snapshot().version()).isEqualTo(1);
        var cost = requests.snapshot().minus(before);
        assertThat(cost.total()).as(cost.describe()).isEqualTo(1);
        assertThat(cost.get(io.floe.storage.StoreRequests.Kind.GET)).as(cost.describe()).isEqualTo(1);
        // another writer's commit is still seen on the next refresh
        new DeltaTable("t", new DeltaLog(store, "t/", engine)).newAppend().addFile(TableFixtures.file(null, 2, 2)).commit();
        assertThat(t.snapshot().version()).isEqualTo(2);
    }

    @Test
    void cleanupListsOnlyUpToTheFirstCommitItKeeps() {
        ListedKeys listed = new ListedKeys(new InMemoryObjectStore());
        DeltaTable t = new DeltaTable("t", new DeltaLog(listed, "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "1000"), null);
        growTo(t, 500);
        listed.keys.set(0);
        assertThat(t.log().cleanupExpiredLogs(t.snapshot(), System.currentTimeMillis())).isZero();
        assertThat(listed.keys.get()).isLessThanOrEqualTo(DeltaLog.CLEANUP_FIRST_PAGE);
    }

    @Test
    void cleanupDoesNotListAgainUntilTheOldestCommitCanHaveExpired() {
        ListedKeys listed = new ListedKeys(new InMemoryObjectStore());
        DeltaTable t = new DeltaTable("t", new DeltaLog(listed, "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "1000"), null);
        growTo(t, 50);
        long now = System.currentTimeMillis();
        assertThat(t.log().cleanupExpiredLogs(t.snapshot(), now)).isZero(); // finds the oldest commit, within retention
        listed.keys.set(0);
        growTo(t, 60);
        assertThat(t.log().cleanupExpiredLogs(t.snapshot(), now + 1000)).isZero();
        assertThat(listed.keys.get()).as("keys listed by a cleanup while nothing can have expired").isZero();
        // once the retention has passed the oldest commit, the cleanup lists again (and finds what expired)
        t.log().checkpoint(t.snapshot());
        long future = now + java.time.Duration.ofDays(31).toMillis();
        assertThat(t.log().cleanupExpiredLogs(t.snapshot(), future)).isPositive();
        assertThat(listed.keys.get()).isPositive();
    }

    /**
     * W5's shape: each overwrite leaves a tombstone, so the state grows by one per commit. A commit's replay layers its
     * changes over the previous snapshot's maps instead of copying them (a copy of 100,000 tombstones was most of a
     * commit at version 100,000), and the maps stay what a replay from scratch gives.
     */
    @Test
    void aCommitLayersItsChangesOverThePreviousSnapshotsMapsInsteadOfCopyingThem() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "1000"), null);
        for (int i = 1; i <= 300; i++) {
            t.newOverwrite().addFile(TableFixtures.file(null, i, i)).commit();
        }
        DeltaSnapshot committed = t.snapshot();
        assertThat(committed.tombstoneMap()).isInstanceOf(LayeredMap.class);
        assertThat(committed.fileMap()).isInstanceOf(LayeredMap.class);
        DeltaSnapshot replayed = new DeltaTable("t", new DeltaLog(store, "t/", engine)).snapshot();
        assertThat(List.copyOf(committed.tombstoneMap().entrySet())).containsExactlyElementsOf(replayed.tombstoneMap().entrySet());
        assertThat(List.copyOf(committed.fileMap().entrySet())).containsExactlyElementsOf(replayed.fileMap().entrySet());
        assertThat(committed.tombstones()).hasSize(299);
    }

    /** Cheap commits (commitInfo only, as VACUUM's bookkeeping commits are) until the table is at this version. */
    private static void growTo(DeltaTable t, long version) {
        long v = t.snapshot().version();
        while (v < version) {
            v = t.newTransaction().commit(Operation.of("VACUUM START")).version();
        }
    }

    private static Cost commitOnce(DeltaTable t, FaultInjectingObjectStore store, ListedKeys listed, long expectedVersion) {
        store.clearCalls();
        listed.keys.set(0);
        long v = t.newTransaction().commit(Operation.of("VACUUM START")).version();
        assertThat(v).isEqualTo(expectedVersion);
        Map<Op, Long> calls = new EnumMap<>(Op.class);
        store.calls().forEach(c -> calls.merge(c.op(), 1L, Long::sum));
        return new Cost(calls, listed.keys.get());
    }

    /** Counts the keys listings return (a listing's cost grows with them, not only with the calls). */
    static final class ListedKeys implements ObjectStore {
        final ObjectStore delegate;
        final AtomicLong keys = new AtomicLong();

        ListedKeys(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public ListPage list(String prefix, String startAfter, int maxKeys) {
            ListPage p = delegate.list(prefix, startAfter, maxKeys);
            keys.addAndGet(p.objects().size());
            return p;
        }

        @Override
        public String uri() {
            return delegate.uri();
        }

        @Override
        public byte[] get(String key) {
            return delegate.get(key);
        }

        @Override
        public byte[] get(String key, long offset, int length) {
            return delegate.get(key, offset, length);
        }

        @Override
        public void put(String key, byte[] data) {
            delegate.put(key, data);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] data) {
            return delegate.putIfAbsent(key, data);
        }

        @Override
        public void putFile(String key, Path localFile) {
            delegate.putFile(key, localFile);
        }

        @Override
        public void getToFile(String key, Path localFile) {
            delegate.getToFile(key, localFile);
        }

        @Override
        public void delete(Collection<String> keys) {
            delegate.delete(keys);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) {
            return delegate.stat(key);
        }

        @Override
        public Optional<Path> localPath(String key) {
            return delegate.localPath(key);
        }
    }
}
