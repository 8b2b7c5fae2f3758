package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.RemoveFile;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.ConcurrentDeleteDeleteException;
import io.floe.table.DataFile;
import io.floe.table.Operation;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.table.RowLevelDeletes;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DeltaTransaction.deleteRows: deletion vectors written, merged with older ones, and the conflicts they raise. */
class DeletionVectorWriteTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private DataFile x;
    private DataFile y;

    private DeltaTable table() {
        return new DeltaTable("t", new DeltaLog(store, "t/", null));
    }

    /** A table with two 10-row files, x (part a) and y (part b). */
    private DeltaTable create(Map<String, String> props) {
        DeltaTable t = table();
        t.create(TableFixtures.SIMPLE, List.of("part"), props, null);
        x = TableFixtures.file("a", 0, 9);
        y = TableFixtures.file("b", 10, 19);
        t.newTransaction().add(x).add(y).commit(Operation.of("WRITE"));
        return t;
    }

    private DeltaTable createWithDvs() {
        return create(Map.of("delta.enableDeletionVectors", "true"));
    }

    private DataFile live(DeltaTable t, DataFile f) {
        return t.snapshot().files().stream().filter(g -> g.path().equals(f.path())).findFirst().orElseThrow();
    }

    private List<Action> commit(DeltaTable t, long v) {
        return t.log().readVersion(v).orElseThrow();
    }

    private long dvFiles() {
        return store.listAll("t/").stream().filter(o -> o.key().startsWith("t/deletion_vector_") && o.key().endsWith(".bin")).count();
    }

    @Test
    void deleteRowsWritesAVectorAndReAddsTheFileWithIt() {
        DeltaTable t = createWithDvs();
        long v = t.newTransaction().deleteRows(live(t, x), new long[]{1, 4}).commit(Operation.of("DELETE")).version();

        DataFile after = live(t, x);
        assertThat(after.deletionVector()).isNotNull();
        assertThat(after.deletionVector().storageType()).isEqualTo("u");
        assertThat(after.deletionVector().cardinality()).isEqualTo(2);
        assertThat(after.stats().numRecords()).as("physical count").isEqualTo(10);
        assertThat(after.liveRecords()).isEqualTo(8);
        assertThat(after.stats().tightBounds()).isFalse();
        assertThat(after.stats().min(TableFixtures.SIMPLE, List.of("id"))).isEqualTo(0L);
        assertThat(t.deletedRows(after)).containsExactly(1, 4);
        assertThat(live(t, y).deletionVector()).isNull();
        assertThat(dvFiles()).isEqualTo(1);

        List<Action> actions = commit(t, v);
        RemoveFile r = actions.stream().filter(a -> a instanceof RemoveFile).map(a -> (RemoveFile) a).findFirst().orElseThrow();
        AddFile a = actions.stream().filter(c -> c instanceof AddFile).map(c -> (AddFile) c).findFirst().orElseThrow();
        assertThat(r.path()).isEqualTo(x.path());
        assertThat(r.dataChange()).isTrue();
        assertThat(r.deletionVector()).isNull();
        assertThat(a.path()).isEqualTo(x.path());
        assertThat(a.dataChange()).isTrue();
        assertThat(a.stats()).contains("\"tightBounds\":false").contains("\"numRecords\":10");
        assertThat(t.snapshot().files()).hasSize(2);
    }

    @Test
    void aSecondDeleteMergesWithTheOlderVectorAndRemovesItsEntry() {
        DeltaTable t = createWithDvs();
        t.newTransaction().deleteRows(live(t, x), new long[]{1, 4}).commit(Operation.of("DELETE"));
        DataFile first = live(t, x);
        long v = t.newTransaction().deleteRows(first, new long[]{0, 9}).commit(Operation.of("DELETE")).version();

        DataFile second = live(t, x);
        assertThat(t.deletedRows(second)).containsExactly(0, 1, 4, 9);
        assertThat(second.deletionVector().cardinality()).isEqualTo(4);
        assertThat(t.snapshot().files()).hasSize(2);
        RemoveFile r = commit(t, v).stream().filter(a -> a instanceof RemoveFile).map(a -> (RemoveFile) a).findFirst().orElseThrow();
        assertThat(r.deletionVector()).as("the remove names the old vector").isNotNull();
        assertThat(r.deletionVector().pathOrInlineDv()).isEqualTo(first.deletionVector().pathOrInlineDv());
        assertThat(dvFiles()).isEqualTo(2);
    }

    @Test
    void callsWithinOneTransactionUnionAndOneCommitWritesOneVectorFile() {
        DeltaTable t = createWithDvs();
        t.newTransaction().deleteRows(live(t, x), new long[]{2, 3}).deleteRows(live(t, x), new long[]{3, 7})
                .deleteRows(live(t, y), new long[]{0}).commit(Operation.of("MERGE"));
        assertThat(t.deletedRows(live(t, x))).containsExactly(2, 3, 7);
        assertThat(t.deletedRows(live(t, y))).containsExactly(0);
        assertThat(dvFiles()).isEqualTo(1);
        assertThat(live(t, x).deletionVector().pathOrInlineDv()).isEqualTo(live(t, y).deletionVector().pathOrInlineDv());
        assertThat(live(t, x).deletionVector().offset()).isNotEqualTo(live(t, y).deletionVector().offset());
    }

    @Test
    void deletingEveryRowRemovesTheFile() {
        DeltaTable t = createWithDvs();
        t.newTransaction().deleteRows(live(t, x), new long[]{0, 1, 2, 3, 4}).commit(Operation.of("DELETE"));
        t.newTransaction().deleteRows(live(t, x), new long[]{5, 6, 7, 8, 9}).commit(Operation.of("DELETE"));
        assertThat(t.snapshot().files()).extracting(DataFile::path).containsExactly(y.path());
    }

    @Test
    void rowIdsAreKeptOnTheReAddedFile() {
        DeltaTable t = create(Map.of("delta.enableDeletionVectors", "true", "delta.enableRowTracking", "true"));
        AddFile before = t.snapshot().addFiles().stream().filter(a -> a.path().equals(x.path())).findFirst().orElseThrow();
        assertThat(before.baseRowId()).isNotNull();
        t.newTransaction().deleteRows(live(t, x), new long[]{5}).commit(Operation.of("DELETE"));
        AddFile after = t.snapshot().addFiles().stream().filter(a -> a.path().equals(x.path())).findFirst().orElseThrow();
        assertThat(after.deletionVector()).isNotNull();
        assertThat(after.baseRowId()).isEqualTo(before.baseRowId());
        assertThat(after.defaultRowCommitVersion()).isEqualTo(before.defaultRowCommitVersion());
    }

    @Test
    void twoTransactionsDeletingFromOneFileConflict() {
        DeltaTable t = createWithDvs();
        DataFile f = live(t, x);
        DeltaTransaction a = t.newTransaction();
        DeltaTransaction b = t.newTransaction();
        a.deleteRows(f, new long[]{1});
        b.deleteRows(f, new long[]{2});
        a.commit(Operation.of("DELETE"));
        assertThatThrownBy(() -> b.commit(Operation.of("DELETE"))).isInstanceOf(ConcurrentDeleteDeleteException.class)
                .hasMessageContaining(x.path());
        assertThat(t.deletedRows(live(t, x))).as("a's delete stands, b's is not half-applied").containsExactly(1);
    }

    @Test
    void twoTransactionsDeletingFromOneFileTheyReadConflict() {
        DeltaTable t = createWithDvs();
        DeltaTransaction a = t.newTransaction();
        DeltaTransaction b = t.newTransaction();
        DataFile fa = a.readFiles(f -> "a".equals(f.partitionValues().get("part"))).get(0);
        DataFile fb = b.readFiles(f -> "a".equals(f.partitionValues().get("part"))).get(0);
        a.deleteRows(fa, new long[]{1}).commit(Operation.of("DELETE"));
        b.deleteRows(fb, new long[]{1, 2});
        assertThatThrownBy(() -> b.commit(Operation.of("DELETE"))).isInstanceOf(io.floe.table.ConcurrentModificationException.class)
                .hasMessageContaining(x.path());
    }

    @Test
    void deletesFromDifferentFilesRebase() {
        DeltaTable t = createWithDvs();
        DeltaTransaction a = t.newTransaction();
        DeltaTransaction b = t.newTransaction();
        // each reads its own partition, as a DELETE … WHERE part = … does
        DataFile fa = a.readFiles(f -> "a".equals(f.partitionValues().get("part"))).get(0);
        DataFile fb = b.readFiles(f -> "b".equals(f.partitionValues().get("part"))).get(0);
        a.deleteRows(fa, new long[]{1}).commit(Operation.of("DELETE"));
        var rb = b.deleteRows(fb, new long[]{2}).commit(Operation.of("DELETE"));
        assertThat(rb.attempts()).isEqualTo(2);
        assertThat(t.deletedRows(live(t, x))).containsExactly(1);
        assertThat(t.deletedRows(live(t, y))).containsExactly(2);
    }

    @Test
    void readerWhoseFilterMatchesAFileAnotherVectorChangedConflicts() {
        // a re-add with a vector is skipped as an append, but the remove of the entry this transaction read conflicts
        DeltaTable t = createWithDvs();
        DeltaTransaction a = t.newTransaction();
        DeltaTransaction b = t.newTransaction();
        a.deleteRows(live(t, x), new long[]{1}).commit(Operation.of("DELETE"));
        b.readWholeTable();
        b.add(TableFixtures.file("a", 100, 109));
        assertThatThrownBy(() -> b.commit(Operation.of("WRITE"))).isInstanceOf(io.floe.table.ConcurrentDeleteReadException.class);
    }

    @Test
    void vectorsAreWrittenOnlyWhereThePropertyIsOn() {
        DeltaTable t = create(Map.of());
        assertThat(t.capability(RowLevelDeletes.class)).isPresent();
        assertThat(t.mergeOnRead(t.snapshot(), RowLevelDeletes.Command.DELETE)).isFalse();
        assertThatThrownBy(() -> t.newTransaction().deleteRows(live(t, x), new long[]{1}))
                .isInstanceOf(ProtocolNotSupportedException.class).hasMessageContaining("delta.enableDeletionVectors");
        t.newTransaction().updateProperties(Map.of("delta.enableDeletionVectors", "true"), List.of()).commit(Operation.of("SET TBLPROPERTIES"));
        for (RowLevelDeletes.Command c : RowLevelDeletes.Command.values()) {
            assertThat(t.mergeOnRead(t.snapshot(), c)).isTrue();
        }
        t.newTransaction().deleteRows(live(t, x), new long[]{1}).commit(Operation.of("DELETE"));
        assertThat(live(t, x).liveRecords()).isEqualTo(9);
    }

    @Test
    void positionsMustBeAscendingAndInTheFile() {
        DeltaTable t = createWithDvs();
        assertThatThrownBy(() -> t.newTransaction().deleteRows(live(t, x), new long[]{3, 2})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.newTransaction().deleteRows(live(t, x), new long[]{10})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReopenedLogReplaysTheVector() {
        DeltaTable t = createWithDvs();
        t.newTransaction().deleteRows(live(t, x), new long[]{3}).commit(Operation.of("DELETE"));
        DeltaTable reopened = table();
        assertThat(reopened.deletedRows(live(reopened, x))).containsExactly(3);
    }

    @Test
    void aRemovedFileKeepsItsVectorInTheChangesOfItsVersion() {
        // change data derived from a removed file (no change files) must not delete again the rows its vector deleted
        DeltaTable t = createWithDvs();
        t.newTransaction().deleteRows(live(t, x), new long[]{3}).commit(Operation.of("DELETE"));
        DataFile withDv = live(t, x);
        long v = t.newTransaction().remove(withDv, true).commit(Operation.of("DELETE")).version();
        var removed = t.changesOf(v).removed();
        assertThat(removed).singleElement().satisfies(f -> {
            assertThat(f.deletionVector()).isEqualTo(withDv.deletionVector());
            assertThat(t.deletedRows(f)).containsExactly(3);
        });
    }

    @Test
    void aRefusedCommitWritesNoVectorFile() {
        DeltaTable t = create(Map.of("delta.enableDeletionVectors", "true", "delta.appendOnly", "true"));
        assertThatThrownBy(() -> t.newTransaction().deleteRows(live(t, x), new long[]{1}).commit(Operation.of("DELETE")))
                .hasMessageContaining("append-only");
        assertThat(dvFiles()).isZero();
        assertThat(live(t, x).deletionVector()).isNull();
    }
}
