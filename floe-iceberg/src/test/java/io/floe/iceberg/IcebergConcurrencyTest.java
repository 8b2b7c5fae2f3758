package io.floe.iceberg;

import io.floe.storage.FaultInjectingObjectStore;
import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.LocalObjectStore;
import io.floe.storage.ObjectStore;
import io.floe.table.ConcurrentAppendException;
import io.floe.table.ConcurrentDeleteDeleteException;
import io.floe.table.ConcurrentModificationException;
import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.table.Operation;
import io.floe.table.PartitionSpec;
import io.floe.table.Table;
import io.floe.table.TableDefinition;
import io.floe.table.Transaction;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writers racing on one Iceberg table: every commit lands once (one snapshot each, every file once, a linear
 * history), from threads and from separate JVMs committing through put-if-absent of the next metadata file; and the
 * conflicts Iceberg's serializable isolation calls conflicts fail with the typed exception naming the winner.
 */
class IcebergConcurrencyTest {
    private static Table open(ObjectStore store, String root) {
        return new IcebergFormat().open("t", store, root, null);
    }

    static void create(Table t) {
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.identity(List.of("part")), Map.of(), null));
    }

    /** A data file record (the commit does not read it) at an absolute location inside the table. */
    static DataFile file(Table t, String name, String part, long id) {
        return new DataFile(t.relativePath("data/part=" + part + "/" + name + ".parquet"), Map.of("part", part), 100, 1, true,
                FileStats.fromColumnPaths(TableFixtures.SIMPLE, 1L, Map.of("id", id), Map.of("id", id), Map.of("id", 0L), null), null, Map.of());
    }

    /** A store that injects faults (none yet) holding table t/ with one data file, a. */
    private static FaultInjectingObjectStore tableWithOneFile() {
        FaultInjectingObjectStore store = new FaultInjectingObjectStore(new InMemoryObjectStore());
        Table t = open(store, "t/");
        create(t);
        t.newAppend().addFile(file(t, "a", "p0", 1)).commit();
        return store;
    }

    /** Snapshot ids from the current one back to the first, checking each parent link. */
    private static List<Long> lineage(Table t) {
        var m = ((IcebergTable) t).operations().refresh();
        List<Long> out = new ArrayList<>();
        for (var s = m.currentSnapshot(); s != null; s = s.parentId() == null ? null : m.snapshot(s.parentId())) {
            out.add(s.snapshotId());
        }
        return out;
    }

    @Test
    void threadsEachLandOnce() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = open(store, "t/");
        create(t);
        int writers = 8;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        Set<Long> versions = ConcurrentHashMap.newKeySet();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            fs.add(pool.submit(() -> {
                start.await();
                Table mine = open(store, "t/");
                for (int i = 0; i < each; i++) {
                    long v = mine.newAppend().addFile(file(mine, "w" + id + "-" + i, "p" + (i % 2), i)).commit().version();
                    assertThat(versions.add(v)).as("snapshot %d committed twice", v).isTrue();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : fs) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<String> paths = t.snapshot().files().stream().map(DataFile::path).toList();
        assertThat(paths).hasSize(writers * each).doesNotHaveDuplicates();
        assertThat(lineage(t)).hasSize(writers * each).containsExactlyInAnyOrderElementsOf(versions);
        assertThat(((IcebergTable) t).operations().currentVersion()).isEqualTo(1 + writers * each);
    }

    @Test
    void separateProcessesEachLandOnce(@TempDir Path dir) throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir);
        Table t = open(store, "");
        create(t);
        int processes = 4;
        int each = 10;
        List<Process> ps = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            ps.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AppendWorker.class.getName(), dir.toString(), "w" + p, String.valueOf(each))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (Process p : ps) {
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        List<String> paths = open(store, "").snapshot().files().stream().map(DataFile::path).toList();
        assertThat(paths).hasSize(processes * each).doesNotHaveDuplicates();
        for (int p = 0; p < processes; p++) {
            String prefix = "/w" + p + "-";
            assertThat(paths.stream().filter(x -> x.contains(prefix))).hasSize(each);
        }
        assertThat(lineage(open(store, ""))).hasSize(processes * each);
    }

    /** A separate JVM appending {@code n} files named {@code <writer>-<i>} to the table at args[0]. */
    public static final class AppendWorker {
        public static void main(String[] args) {
            Table t = open(new LocalObjectStore(Path.of(args[0])), "");
            int n = Integer.parseInt(args[2]);
            for (int i = 0; i < n; i++) {
                t.newAppend().addFile(file(t, args[1] + "-" + i, "p" + (i % 2), i)).commit();
            }
        }
    }

    @Test
    void conflictingCommitsFailWithTheWinnerNamed() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = open(store, "t/");
        create(t);
        t.newAppend().addFile(file(t, "a", "p0", 1)).addFile(file(t, "b", "p1", 2)).commit();
        // two deletes of the same file: the second loses
        Transaction first = t.newTransaction();
        Transaction second = t.newTransaction();
        DataFile a = first.readFiles(f -> f.path().endsWith("/a.parquet")).get(0);
        second.readFiles(f -> f.path().endsWith("/a.parquet")).forEach(f -> second.remove(f, true));
        first.remove(a, true);
        long winner = first.commit(Operation.of("DELETE")).version();
        assertThatThrownBy(() -> second.commit(Operation.of("DELETE"))).isInstanceOf(ConcurrentDeleteDeleteException.class)
                .satisfies(e -> assertThat(((ConcurrentModificationException) e).winningVersion()).isEqualTo(winner));
        // a file added into a partition a transaction read conflicts; one added elsewhere does not
        Transaction reader = t.newTransaction();
        reader.readFiles(f -> "p1".equals(f.partitionValues().get("part")));
        reader.add(file(t, "c", "p1", 3));
        t.newAppend().addFile(file(t, "d", "p0", 4)).commit();
        reader.commit(Operation.of("MERGE")); // rebased over the p0 append
        Transaction reader2 = t.newTransaction();
        reader2.readFiles(f -> "p1".equals(f.partitionValues().get("part")));
        reader2.add(file(t, "e", "p1", 5));
        t.newAppend().addFile(file(t, "f", "p1", 6)).commit();
        assertThatThrownBy(() -> reader2.commit(Operation.of("MERGE"))).isInstanceOf(ConcurrentAppendException.class);
        Set<String> names = new HashSet<>();
        t.snapshot().files().forEach(f -> names.add(f.path().substring(f.path().lastIndexOf('/') + 1)));
        assertThat(names).containsExactlyInAnyOrder("b.parquet", "c.parquet", "d.parquet", "f.parquet");
    }
    /**
     * A commit that loses its race retries on the winner's metadata; the manifest and manifest list its lost attempt
     * wrote are referenced by nothing and go (Iceberg leaves them: its cleanup runs for its own failures only).
     */
    @Test
    void aLostAttemptLeavesNoManifestBehind() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = open(store, "t/");
        create(t);
        t.newAppend().addFile(file(t, "a", "p0", 1)).commit();
        Transaction loser = t.newTransaction(); // reads the version before the winner's
        loser.add(file(t, "l", "p0", 3));
        // another process's writer (another store object: no commit gate shared with t)
        Table winner = open(new FaultInjectingObjectStore(store), "t/");
        winner.newAppend().addFile(file(winner, "w", "p1", 2)).commit();
        var r = loser.commit(Operation.of("WRITE"));
        assertThat(r.attempts()).as("the first attempt lost").isEqualTo(2);
        var m = ((IcebergTable) t).operations().refresh();
        var io = ((IcebergTable) t).operations().io();
        Set<String> referenced = new HashSet<>();
        for (var s : m.snapshots()) {
            referenced.add(s.manifestListLocation());
            s.allManifests(io).forEach(mf -> referenced.add(mf.path()));
        }
        Set<String> avro = new HashSet<>();
        store.listAll("t/metadata/").stream().filter(o -> o.key().endsWith(".avro"))
                .forEach(o -> avro.add(((IcebergTable) t).operations().storeIO().location(o.key())));
        assertThat(avro).isEqualTo(referenced);
        assertThat(t.snapshot().files()).hasSize(3);
    }

    /**
     * Writers of one JVM, each with a handle of its own on the same store, take turns at the table's commit gate: none
     * loses an attempt to another, and every commit lands once. (Without the gate, 8 threads appending to an in-memory
     * store lose races all the time.) Only a writer that leaves no other queued writes the version hint.
     */
    @Test
    void writersOfOneJvmTakeTurnsAndNeverLoseToEachOther() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        create(open(store, "t/"));
        int writers = 8;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> attempts = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int id = w;
                attempts.add(pool.submit(() -> {
                    Table mine = open(store, "t/");
                    mine.snapshot();
                    go.await();
                    int sum = 0;
                    for (int i = 0; i < each; i++) {
                        sum += mine.newAppend().addFile(file(mine, "w" + id + "-" + i, "p" + id, i)).commit().attempts();
                    }
                    return sum;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : attempts) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).as("one attempt per commit").isEqualTo(writers * each);
        } finally {
            pool.shutdownNow();
        }
        Table fresh = open(new FaultInjectingObjectStore(store), "t/");
        assertThat(fresh.snapshot().files()).hasSize(writers * each);
        assertThat(lineage(fresh)).hasSize(writers * each);
        // queued writers leave the version hint to the last of them: after the burst it names the newest version
        long newest = store.listAll("t/metadata/").stream().filter(o -> o.key().endsWith(".metadata.json")).count();
        assertThat(new String(store.get("t/metadata/version-hint.text"), java.nio.charset.StandardCharsets.UTF_8).trim())
                .isEqualTo(Long.toString(newest));
    }

    /**
     * A handle behind another handle of the same JVM (same store) builds its commit on the metadata that one wrote,
     * without reading the metadata file back, and its first attempt lands.
     */
    @Test
    void aHandleBehindAnotherOfItsJvmTakesTheMetadataItWroteWithoutReadingIt() {
        FaultInjectingObjectStore store = new FaultInjectingObjectStore(new InMemoryObjectStore());
        Table a = open(store, "t/");
        create(a);
        a.newAppend().addFile(file(a, "a", "p0", 1)).commit();
        Table b = open(store, "t/");
        b.snapshot();
        a.newAppend().addFile(file(a, "a2", "p0", 2)).commit();
        a.newAppend().addFile(file(a, "a3", "p1", 3)).commit();
        List<String> metadataReads = new ArrayList<>();
        var rule = store.hook(FaultInjectingObjectStore.Op.GET, "t/metadata/v[0-9]+\\.metadata\\.json", c -> metadataReads.add(c.key()));
        var r = b.newAppend().addFile(file(b, "b", "p1", 4)).commit();
        rule.remove();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(metadataReads).isEmpty();
        assertThat(open(new FaultInjectingObjectStore(store.delegate()), "t/").snapshot().files()).hasSize(4);
    }

    /**
     * A commit that found another writer queued leaves the version hint to it; when that writer then commits nothing
     * (here it loses to a conflict) it still writes the hint on its way out, so the hint names the newest version.
     */
    @Test
    void aQueuedWriterThatCommitsNothingStillMovesTheHintToTheNewestVersion() throws Exception {
        FaultInjectingObjectStore store = new FaultInjectingObjectStore(new InMemoryObjectStore());
        Table a = open(store, "t/");
        create(a);
        a.newAppend().addFile(file(a, "x", "p0", 1)).commit(); // v2
        Table b = open(store, "t/");
        Transaction winner = a.newTransaction();
        winner.readFiles(f -> true).forEach(f -> winner.remove(f, true));
        Transaction loser = b.newTransaction();
        loser.readFiles(f -> true).forEach(f -> loser.remove(f, true));
        var gate = ((IcebergTable) a).operations().gate().lock;
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            List<Future<?>> queued = new ArrayList<>();
            // while the winner creates v3 (holding the gate), the loser's commit queues behind it
            store.hook(FaultInjectingObjectStore.Op.PUT_IF_ABSENT, "t/metadata/v3\\.metadata\\.json", c -> {
                queued.add(other.submit(() -> loser.commit(Operation.of("DELETE"))));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!gate.hasQueuedThreads() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }).times(1);
            winner.commit(Operation.of("DELETE"));
            assertThatThrownBy(() -> queued.get(0).get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ConcurrentDeleteDeleteException.class);
        } finally {
            other.shutdownNow();
        }
        assertThat(new String(store.get("t/metadata/version-hint.text"), java.nio.charset.StandardCharsets.UTF_8).trim()).isEqualTo("3");
    }

    /**
     * The gate's newest metadata is only this JVM's (through this store object): when another process committed after
     * it, the attempt built on it loses the conditional create and the retry builds on the newest version; nothing is
     * lost.
     */
    @Test
    void aCommitBuiltOnTheGatesMetadataLosesToAnotherProcessAndRetries() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table a = open(store, "t/");
        create(a);
        Table b = open(store, "t/");
        Transaction tx = b.newTransaction(); // reads v1
        tx.add(file(b, "b", "p1", 3));
        a.newAppend().addFile(file(a, "a", "p0", 1)).commit(); // v2, noted by the gate
        Table elsewhere = open(new FaultInjectingObjectStore(store), "t/");
        elsewhere.newAppend().addFile(file(elsewhere, "e", "p1", 2)).commit(); // v3, unknown to the gate
        var r = tx.commit(Operation.of("WRITE"));
        assertThat(r.attempts()).as("built on v2 first, lost to v3").isEqualTo(2);
        Table fresh = open(new FaultInjectingObjectStore(store), "t/");
        assertThat(fresh.snapshot().files()).extracting(f -> f.path().substring(f.path().lastIndexOf('/') + 1))
                .containsExactlyInAnyOrder("a.parquet", "e.parquet", "b.parquet");
        assertThat(lineage(fresh)).hasSize(3);
    }

    /**
     * An append writes its manifest and manifest list in the committing thread: on Iceberg's shared worker pool (as
     * many threads as cores, for every writer of the JVM) each of those waits was polled every 10 ms.
     */
    @Test
    void anAppendWritesItsManifestsInTheCommittingThread() {
        FaultInjectingObjectStore store = tableWithOneFile();
        Table t = open(store, "t/");
        Set<Thread> writers = ConcurrentHashMap.newKeySet();
        store.hook(FaultInjectingObjectStore.Op.PUT, ".*\\.avro", c -> writers.add(Thread.currentThread()));
        store.hook(FaultInjectingObjectStore.Op.PUT_IF_ABSENT, ".*\\.avro", c -> writers.add(Thread.currentThread()));
        t.newAppend().addFile(file(t, "b", "p1", 2)).commit();
        assertThat(writers).containsExactly(Thread.currentThread());
        assertThat(t.snapshot().files()).hasSize(2);
    }

    /**
     * A writer that loses every race gives up after its bound with CommitRetriesExhaustedException naming the
     * attempts; nothing of it is visible and the table goes on (its lost attempts' files gone too).
     */
    @Test
    void aWriterThatAlwaysLosesGivesUpAtItsBound() {
        FaultInjectingObjectStore store = tableWithOneFile();
        Table t = open(store, "t/");
        // before each conditional create of a metadata file, "another writer" creates that version first (a copy of the
        // current metadata: a commit that changed nothing)
        var rule = store.hook(FaultInjectingObjectStore.Op.PUT_IF_ABSENT, "t/metadata/v[0-9]+\\.metadata\\.json", c -> {
            int v = Integer.parseInt(c.key().replaceAll(".*/v([0-9]+)\\.metadata\\.json", "$1"));
            store.delegate().put(c.key(), store.delegate().get("t/metadata/v" + (v - 1) + ".metadata.json"));
        });
        Transaction tx = t.newTransaction();
        tx.add(file(t, "lost", "p0", 2));
        ((IcebergTransaction) tx).maxAttempts = 3;
        assertThatThrownBy(() -> tx.commit(Operation.of("WRITE")))
                .isInstanceOf(io.floe.table.CommitRetriesExhaustedException.class)
                .hasMessageContaining("gave up after 3 commit attempts");
        rule.remove();
        Table fresh = open(store, "t/");
        assertThat(fresh.snapshot().files()).extracting(DataFile::path).noneMatch(p -> p.contains("lost"));
        assertThat(store.delegate().listAll("t/metadata/").stream().filter(o -> o.key().endsWith(".avro")).count())
                .as("only the first append's manifest and manifest list").isEqualTo(2);
        fresh.newAppend().addFile(file(fresh, "b", "p1", 3)).commit();
        assertThat(open(store, "t/").snapshot().files()).hasSize(2);
    }

    /**
     * The metadata file created behind a 503 (an intermediary timed out, the store applied it; reported as the S3 store
     * does, an unknown outcome caused by throttling) is this commit's once the store's settling reads it: it succeeds
     * once, and the files it references stay.
     */
    @Test
    void aMetadataFileCreatedBehindA503IsThisCommits() {
        FaultInjectingObjectStore store = new FaultInjectingObjectStore(new InMemoryObjectStore());
        Table t = open(store, "t/");
        create(t);
        store.throttledAfter(FaultInjectingObjectStore.Op.PUT_IF_ABSENT, "t/metadata/v[0-9]+\\.metadata\\.json").times(1);
        var r = t.newAppend().addFile(file(t, "a", "p0", 1)).commit();
        assertThat(r.attempts()).isEqualTo(1);
        Table fresh = open(store, "t/");
        assertThat(fresh.snapshot().files()).hasSize(1);
        assertThat(lineage(fresh)).hasSize(1);
        fresh.newAppend().addFile(file(fresh, "b", "p1", 2)).commit(); // its manifests are all there
        assertThat(open(store, "t/").snapshot().files()).hasSize(2);
    }

    /**
     * A handle that last saw v2 commits after another writer went to v6 on a table that deletes old metadata files
     * (v3 and v4 are gone): the commit must not recreate v3 over the newer history. A commit no longer probes before its
     * conditional create, so on such tables it starts from the version hint; without that the file would be "absent" and
     * the stale commit would land as v3, invisible behind v6 — a lost commit.
     */
    @Test
    void aStaleHandleDoesNotRecreateADeletedMetadataFile() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = open(store, "t/");
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.identity(List.of("part")),
                Map.of("write.metadata.delete-after-commit.enabled", "true", "write.metadata.previous-versions-max", "1"), null));
        Table stale = open(store, "t/");
        stale.newAppend().addFile(file(stale, "s0", "p0", 0)).commit(); // the stale handle is at v2
        Table other = open(store, "t/");
        for (int i = 1; i <= 4; i++) {
            other.newAppend().addFile(file(other, "o" + i, "p0", i)).commit();
        }
        assertThat(store.stat("t/metadata/v3.metadata.json")).as("deleted with the metadata log").isEmpty();
        stale.newAppend().addFile(file(stale, "s1", "p0", 5)).commit();
        Table fresh = open(store, "t/");
        assertThat(fresh.snapshot().files()).hasSize(6);
        assertThat(lineage(fresh)).hasSize(6);
        assertThat(store.stat("t/metadata/v3.metadata.json")).isEmpty();
    }
    /**
     * Threads overwriting the whole table through ONE shared handle: each overwrite that succeeds is a version of its
     * own with exactly its file. Iceberg's transaction used to re-apply an overwrite on a version another thread had
     * just committed through the same handle, without Floe's conflict check — its deletes of files already gone were
     * dropped and two overwrites' files stayed live together.
     */
    @Test
    void overwritesThroughOneSharedHandleStayWhole() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = open(store, "t/");
        create(t);
        t.newAppend().addFile(file(t, "seed", "p0", 0)).commit();
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> fs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            fs.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 5; i++) {
                    try {
                        t.newOverwrite().addFile(file(t, "w" + id + "-" + i, "p" + (i % 2), i)).commit();
                    } catch (ConcurrentModificationException e) {
                        // lost to another overwrite: nothing of this one may land
                    }
                }
                return true;
            }));
        }
        start.countDown();
        for (Future<Boolean> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Table fresh = open(store, "t/");
        assertThat(fresh.snapshot().files()).as("one overwrite's file, never two").hasSize(1);
        var m = ((IcebergTable) fresh).operations().refresh();
        for (var s : m.snapshots()) {
            if (s.parentId() != null && !"append".equals(s.operation())) {
                assertThat(fresh.snapshotAt(s.snapshotId()).files()).as("snapshot " + s.snapshotId()).hasSize(1);
            }
        }
    }
}
