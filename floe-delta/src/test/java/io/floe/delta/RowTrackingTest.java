package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.CommitInfo;
import io.floe.delta.actions.RemoveFile;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** delta.enableRowTracking: base row ids above the high-water mark, row commit versions, and what rewrites say. */
class RowTrackingTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();

    private DeltaTable table() {
        return new DeltaTable("t", new DeltaLog(store, "t/", null));
    }

    private void createTracked() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.enableRowTracking", "true"), null);
    }

    private List<Action> commit(long version) {
        return table().log().readVersion(version).orElseThrow();
    }

    private static AddFile addOf(List<Action> actions, String path) {
        return actions.stream().filter(a -> a instanceof AddFile f && f.path().equals(path)).map(a -> (AddFile) a).findFirst().orElseThrow();
    }

    private static String preservedTag(List<Action> actions) {
        CommitInfo ci = (CommitInfo) actions.get(0);
        Object tags = ci.other().get("tags");
        return tags == null ? null : (String) ((Map<?, ?>) tags).get(RowTracking.PRESERVED_TAG);
    }

    private long highWaterMark() {
        return RowTracking.highWaterMark(table().snapshot().domains());
    }

    /** Every live file's row id range [base, base + rows): none may overlap. */
    private void assertDisjointRowIds() {
        List<long[]> ranges = new ArrayList<>();
        for (AddFile a : table().snapshot().addFiles()) {
            assertThat(a.baseRowId()).as("baseRowId of %s", a.path()).isNotNull();
            assertThat(a.defaultRowCommitVersion()).as("defaultRowCommitVersion of %s", a.path()).isNotNull();
            ranges.add(new long[]{a.baseRowId(), a.baseRowId() + RowTracking.numRecords(a, "t")});
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i)[0]).as("row ids overlap").isGreaterThanOrEqualTo(ranges.get(i - 1)[1]);
        }
        if (!ranges.isEmpty()) {
            assertThat(highWaterMark()).isGreaterThanOrEqualTo(ranges.get(ranges.size() - 1)[1] - 1);
        }
    }

    @Test
    void createdWithItNewFilesGetRowIdsAndTheHighWaterMarkMoves() {
        createTracked();
        DeltaSnapshot s0 = table().snapshot();
        assertThat(s0.protocol().writerFeatures()).contains("rowTracking", "domainMetadata");
        assertThat(s0.properties().get(RowTracking.ROW_ID_COLUMN)).startsWith("_row-id-col-");
        assertThat(s0.properties().get(RowTracking.ROW_COMMIT_VERSION_COLUMN)).startsWith("_row-commit-version-col-");
        DataFile a = TableFixtures.file("x", 1, 3); // 3 rows
        DataFile b = TableFixtures.file("y", 1, 5); // 5 rows
        table().newAppend().addFile(a).addFile(b).commit();
        List<Action> v1 = commit(1);
        assertThat(addOf(v1, a.path()).baseRowId()).isEqualTo(0);
        assertThat(addOf(v1, b.path()).baseRowId()).isEqualTo(3);
        assertThat(addOf(v1, b.path()).defaultRowCommitVersion()).isEqualTo(1);
        assertThat(highWaterMark()).isEqualTo(7);
        assertThat(preservedTag(v1)).isEqualTo("true"); // nothing copied
        DataFile c = TableFixtures.file("x", 1, 2);
        table().newAppend().addFile(c).commit();
        assertThat(addOf(commit(2), c.path()).baseRowId()).isEqualTo(8);
        assertThat(addOf(commit(2), c.path()).defaultRowCommitVersion()).isEqualTo(2);
        assertThat(highWaterMark()).isEqualTo(9);
    }

    @Test
    void aRebasedCommitTakesIdsAboveTheWinnersNeverTheSameOnes() {
        createTracked();
        DeltaTransaction loser = table().newTransaction();
        DataFile mine = TableFixtures.file("x", 1, 4);
        loser.add(mine);
        DataFile theirs = TableFixtures.file("x", 1, 10);
        table().newAppend().addFile(theirs).commit(); // version 1: ids 0..9
        var r = loser.commit(new Operation("WRITE", Map.of(), Map.of()));
        assertThat(r.version()).isEqualTo(2);
        assertThat(addOf(commit(2), mine.path()).baseRowId()).isEqualTo(10);
        assertThat(addOf(commit(2), mine.path()).defaultRowCommitVersion()).isEqualTo(2);
        assertThat(highWaterMark()).isEqualTo(13);
        assertDisjointRowIds();
    }

    @Test
    void concurrentWritersNeverReuseRowIds() throws Exception {
        createTracked();
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            fs.add(pool.submit(() -> {
                DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", null));
                start.await();
                for (int i = 0; i < 8; i++) {
                    t.newAppend().addFile(TableFixtures.file("p" + id, 1, 1 + id + i)).commit();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(table().snapshot().addFiles()).hasSize(32);
        assertDisjointRowIds();
    }

    @Test
    void removesCarryTheRowIdsOfTheirAddAndARewriteSaysIdsWereNotPreserved() {
        createTracked();
        DataFile a = TableFixtures.file("x", 1, 3);
        table().newAppend().addFile(a).commit();
        long base = addOf(commit(1), a.path()).baseRowId();
        DataFile rewritten = TableFixtures.file("x", 1, 3);
        table().newOverwrite().addFile(rewritten).commit(); // removes a, adds its rows again in a new file
        List<Action> v2 = commit(2);
        RemoveFile r = v2.stream().filter(x -> x instanceof RemoveFile).map(x -> (RemoveFile) x).findFirst().orElseThrow();
        assertThat(r.baseRowId()).isEqualTo(base);
        assertThat(r.defaultRowCommitVersion()).isEqualTo(1);
        assertThat(addOf(v2, rewritten.path()).baseRowId()).isEqualTo(3);
        assertThat(preservedTag(v2)).isEqualTo("false");
        assertDisjointRowIds();
    }

    @Test
    void aRecommittedFileKeepsTheIdsOfItsLastAdd() {
        createTracked();
        DataFile a = TableFixtures.file("x", 1, 3);
        table().newAppend().addFile(a).commit();
        AddFile first = addOf(commit(1), a.path());
        DeltaTransaction del = table().newTransaction();
        del.remove(del.readWholeTable().get(0), true);
        del.commit(new Operation("DELETE", Map.of(), Map.of()));
        DeltaTransaction restore = table().newTransaction(); // as RESTORE does: the file comes back
        restore.add(a);
        restore.commit(new Operation("RESTORE", Map.of(), Map.of()));
        AddFile back = addOf(commit(3), a.path());
        assertThat(back.baseRowId()).isEqualTo(first.baseRowId());
        assertThat(back.defaultRowCommitVersion()).isEqualTo(1);
        assertThat(highWaterMark()).isEqualTo(2); // no new ids taken
    }

    @Test
    void turnedOnForATableWithFilesGivesEveryFileIdsInThatCommit() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of(), null);
        DataFile a = TableFixtures.file("x", 1, 3);
        DataFile b = TableFixtures.file("y", 1, 2);
        table().newAppend().addFile(a).commit();
        table().newAppend().addFile(b).commit();
        table().newTransaction().updateProperties(Map.of("delta.enableRowTracking", "true"), List.of())
                .commit(new Operation("SET TBLPROPERTIES", Map.of(), Map.of()));
        DeltaSnapshot s = table().snapshot();
        assertThat(s.protocol().writerFeatures()).contains("rowTracking", "domainMetadata");
        assertThat(s.properties()).containsKeys(RowTracking.ROW_ID_COLUMN, RowTracking.ROW_COMMIT_VERSION_COLUMN);
        List<Action> v3 = commit(3);
        assertThat(addOf(v3, a.path()).dataChange()).isFalse();
        assertThat(addOf(v3, a.path()).defaultRowCommitVersion()).isEqualTo(3);
        assertThat(s.addFiles()).hasSize(2);
        assertDisjointRowIds();
        assertThat(highWaterMark()).isEqualTo(4);
    }

    @Test
    void supportedButNotEnabledStillAssignsIdsWithoutThePreservedTag() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.feature.rowTracking", "supported"), null);
        assertThat(table().snapshot().protocol().writerFeatures()).contains("rowTracking", "domainMetadata");
        DataFile a = TableFixtures.file("x", 1, 3);
        table().newAppend().addFile(a).commit();
        assertThat(addOf(commit(1), a.path()).baseRowId()).isEqualTo(0);
        assertThat(preservedTag(commit(1))).isNull();
    }

    @Test
    void aFileWithoutARowCountIsRefusedAndNothingIsCommitted() {
        createTracked();
        DataFile noStats = new DataFile("x.parquet", Map.of("part", "x"), 10, 0, null);
        assertThatThrownBy(() -> table().newAppend().addFile(noStats).commit()).isInstanceOf(FloeException.class)
                .hasMessageContaining("numRecords");
        assertThat(table().snapshot().version()).isZero();
    }

    @Test
    void enabledAndSuspendedTogetherIsRefused() {
        assertThatThrownBy(() -> table().create(TableFixtures.SIMPLE, List.of("part"),
                Map.of("delta.enableRowTracking", "true", "delta.rowTrackingSuspended", "true"), null))
                .hasMessageContaining("cannot both be true");
    }

    @Test
    void anAppendThatLandsWhileRowTrackingIsTurnedOnMakesTheTurningOnFail() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of(), null);
        DeltaTransaction on = table().newTransaction();
        on.updateProperties(Map.of("delta.enableRowTracking", "true"), List.of());
        table().newAppend().addFile(TableFixtures.file("x", 1, 2)).commit(); // written without row ids
        assertThatThrownBy(() -> on.commit(new Operation("SET TBLPROPERTIES", Map.of(), Map.of())))
                .isInstanceOf(io.floe.table.ConcurrentAppendException.class);
        assertThat(RowTracking.enabled(table().snapshot().properties())).isFalse();
    }

    @Test
    void filesInTheCreatingCommitGetIdsFromZeroAsCreateTableAsSelectWrites() {
        DeltaTable t = table();
        DeltaTransaction create = t.newCreateTransaction(new io.floe.table.TableDefinition(TableFixtures.SIMPLE,
                io.floe.table.PartitionSpec.identity(List.of("part")), Map.of("delta.enableRowTracking", "true",
                "delta.enableInCommitTimestamps", "true"), null));
        DataFile a = TableFixtures.file("x", 1, 4);
        create.add(a);
        create.commit(new Operation("CREATE TABLE AS SELECT", Map.of(), Map.of()));
        List<Action> v0 = commit(0);
        assertThat(addOf(v0, a.path()).baseRowId()).isZero();
        assertThat(addOf(v0, a.path()).defaultRowCommitVersion()).isZero();
        assertThat(highWaterMark()).isEqualTo(3);
        assertThat(((CommitInfo) v0.get(0)).inCommitTimestamp()).isNotNull();
    }
}
