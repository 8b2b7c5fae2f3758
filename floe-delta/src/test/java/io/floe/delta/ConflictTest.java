package io.floe.delta;

import io.floe.delta.actions.Metadata;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.CommitResult;
import io.floe.table.ConcurrentAppendException;
import io.floe.table.ConcurrentDeleteDeleteException;
import io.floe.table.ConcurrentDeleteReadException;
import io.floe.table.ConcurrentModificationException;
import io.floe.table.ConcurrentTransactionException;
import io.floe.table.DataFile;
import io.floe.table.IsolationLevel;
import io.floe.table.MetadataChangedException;
import io.floe.table.Operation;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Delta's conflict rules: two transactions start from one snapshot, the second to commit must rebase or fail. */
class ConflictTest {
    InMemoryObjectStore store;
    DeltaLog log;
    DataFile x1;
    DataFile y1;

    @BeforeEach
    void setUp() {
        store = new InMemoryObjectStore();
        log = new DeltaLog(store, "", null);
        new DeltaTable("t", log).create(TableFixtures.SIMPLE, List.of("part"), Map.of(), null);
        x1 = TableFixtures.file("x", 0, 9);
        y1 = TableFixtures.file("y", 0, 9);
        DeltaTransaction t = log.startTransaction();
        t.add(x1).add(y1);
        t.commit(Operation.of("WRITE"));
    }

    private static java.util.function.Predicate<DataFile> part(String p) {
        return f -> p.equals(f.partitionValues().get("part"));
    }

    @Test
    void concurrentBlindAppendsBothCommit() {
        DeltaTransaction a = log.startTransaction();
        DeltaTransaction b = log.startTransaction();
        a.add(TableFixtures.file("x", 10, 19));
        b.add(TableFixtures.file("x", 20, 29));
        assertThat(a.commit(Operation.of("WRITE")).version()).isEqualTo(2);
        CommitResult rb = b.commit(Operation.of("WRITE"));
        assertThat(rb.version()).isEqualTo(3);
        assertThat(rb.attempts()).isEqualTo(2);
        assertThat(log.update().files()).hasSize(4);
    }

    @Test
    void appendIntoAPartitionAnotherTransactionReadConflicts() {
        DeltaTransaction deleter = log.startTransaction();
        List<DataFile> read = deleter.readFiles(part("x"));
        DeltaTransaction appender = log.startTransaction();
        appender.readFiles(part("x")); // not a blind append: it read partition x
        appender.add(TableFixtures.file("x", 10, 19));
        long winner = appender.commit(Operation.of("MERGE")).version();
        read.forEach(f -> deleter.remove(f, true));
        assertThatThrownBy(() -> deleter.commit(Operation.of("DELETE")))
                .isInstanceOf(ConcurrentAppendException.class)
                .satisfies(e -> assertThat(((ConcurrentModificationException) e).winningVersion()).isEqualTo(winner))
                .hasMessageContaining("version " + winner);
        assertThat(log.update().version()).isEqualTo(winner);
    }

    @Test
    void writeSerializableIgnoresBlindAppendsButSerializableDoesNot() {
        DeltaTransaction ws = log.startTransaction();
        ws.readFiles(part("x")).forEach(f -> ws.remove(f, true));
        DeltaTransaction ser = log.startTransaction().isolationLevel(IsolationLevel.SERIALIZABLE);
        ser.readFiles(part("y")).forEach(f -> ser.remove(f, true));
        DeltaTransaction blind = log.startTransaction();
        blind.add(TableFixtures.file("x", 10, 19)).add(TableFixtures.file("y", 10, 19));
        blind.commit(Operation.of("WRITE"));
        assertThat(ws.commit(Operation.of("DELETE")).version()).isEqualTo(3);
        assertThatThrownBy(() -> ser.commit(Operation.of("DELETE"))).isInstanceOf(ConcurrentAppendException.class);
    }

    @Test
    void disjointPartitionsDoNotConflict() {
        DeltaTransaction a = log.startTransaction();
        a.readFiles(part("x")).forEach(f -> a.remove(f, true));
        a.add(TableFixtures.file("x", 0, 9));
        DeltaTransaction b = log.startTransaction();
        b.readFiles(part("y")).forEach(f -> b.remove(f, true));
        b.add(TableFixtures.file("y", 0, 9));
        a.commit(Operation.of("UPDATE"));
        assertThat(b.commit(Operation.of("UPDATE")).version()).isEqualTo(3);
        assertThat(log.update().files()).hasSize(2);
    }

    @Test
    void removingAFileAnotherTransactionReadConflicts() {
        DeltaTransaction reader = log.startTransaction();
        reader.readFiles(part("x"));
        reader.add(TableFixtures.file("x", 0, 9));
        DeltaTransaction deleter = log.startTransaction();
        deleter.readFiles(part("x")).forEach(f -> deleter.remove(f, true));
        deleter.commit(Operation.of("DELETE"));
        assertThatThrownBy(() -> reader.commit(Operation.of("MERGE"))).isInstanceOf(ConcurrentDeleteReadException.class)
                .hasMessageContaining(x1.path());
    }

    @Test
    void deletingTheSameFileTwiceConflicts() {
        DeltaTransaction a = log.startTransaction();
        DeltaTransaction b = log.startTransaction();
        a.remove(x1, false);
        b.remove(x1, false);
        a.commit(Operation.of("OPTIMIZE"));
        assertThatThrownBy(() -> b.commit(Operation.of("OPTIMIZE"))).isInstanceOf(ConcurrentDeleteDeleteException.class);
    }

    @Test
    void metadataChangeConflictsWithEveryone() {
        DeltaTransaction a = log.startTransaction();
        DeltaTransaction b = log.startTransaction();
        Metadata m = log.update().metadata();
        a.updateMetadata(m.withConfiguration(Map.of("k", "v")));
        a.commit(Operation.of("SET TBLPROPERTIES"));
        b.readFiles(part("x"));
        b.add(TableFixtures.file("x", 0, 1));
        assertThatThrownBy(() -> b.commit(Operation.of("WRITE"))).isInstanceOf(MetadataChangedException.class);
    }

    @Test
    void sameApplicationTxnConflicts() {
        DeltaTransaction a = log.startTransaction();
        DeltaTransaction b = log.startTransaction();
        a.setTxn("stream-1", 7).add(TableFixtures.file("x", 0, 1));
        b.setTxn("stream-1", 7).add(TableFixtures.file("x", 0, 1));
        a.commit(Operation.of("STREAMING UPDATE"));
        assertThatThrownBy(() -> b.commit(Operation.of("STREAMING UPDATE"))).isInstanceOf(ConcurrentTransactionException.class);
        assertThat(log.update().transactionVersion("stream-1")).contains(7L);
    }

    @Test
    void overwriteConflictsWithAnyConcurrentDataChange() {
        DeltaTransaction ow = log.startTransaction();
        ow.readWholeTable().forEach(f -> ow.remove(f, true));
        DeltaTransaction del = log.startTransaction();
        del.readFiles(part("y")).forEach(f -> del.remove(f, true));
        del.commit(Operation.of("DELETE"));
        assertThatThrownBy(() -> ow.commit(Operation.of("WRITE"))).isInstanceOf(ConcurrentModificationException.class);
    }
}
