package io.floe.delta;

import io.floe.storage.FaultInjectingObjectStore;
import io.floe.storage.FaultInjectingObjectStore.Op;
import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.OutcomeUnknownException;
import io.floe.table.CommitStateUnknownException;
import io.floe.table.Operation;
import io.floe.table.PartitionSpec;
import io.floe.table.TableDefinition;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A commit whose conditional put has an unknown outcome: resolved by reading the version, and, where nothing is there
 * (the request never reached the store, as when a pooled connection the server had closed fails before sending),
 * by putting the same commit again — safe under put-if-absent, since at most one of the two lands and both are ours.
 */
class CommitOutcomeUnknownTest {
    private static final String COMMIT_1 = "_delta_log/0+1\\.json";
    FaultInjectingObjectStore store;
    DeltaTable table;

    @BeforeEach
    void create() {
        store = new FaultInjectingObjectStore(new InMemoryObjectStore());
        table = new DeltaTable("t", new DeltaLog(store, "t/", null));
        TableDefinition d = new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED, Map.of(), null);
        table.newCreateTransaction(d).commit(Operation.create(d, false));
    }

    private static void lostBeforeSending(FaultInjectingObjectStore.Call call) {
        throw new OutcomeUnknownException(call.key(), "Unexpected end of file from server", null);
    }

    @Test
    void aRequestThatNeverArrivedIsSentAgainAndTheCommitLandsOnce() {
        store.hook(Op.PUT_IF_ABSENT, COMMIT_1, CommitOutcomeUnknownTest::lostBeforeSending).times(1);
        long v = table.newTransaction().add(TableFixtures.file(null, 1, 5)).commit(Operation.of("WRITE")).version();
        assertThat(v).isEqualTo(1);
        assertThat(table.snapshot().files()).hasSize(1);
        assertThat(store.calls().stream().filter(c -> c.op() == Op.PUT_IF_ABSENT && c.key().matches(".*" + COMMIT_1)).count())
                .isEqualTo(2);
    }

    @Test
    void aLostResponseIsResolvedByReadingTheVersionWithoutPuttingAgain() {
        store.failAfter(Op.PUT_IF_ABSENT, COMMIT_1).times(1);
        long v = table.newTransaction().add(TableFixtures.file(null, 1, 5)).commit(Operation.of("WRITE")).version();
        assertThat(v).isEqualTo(1);
        assertThat(store.calls().stream().filter(c -> c.op() == Op.PUT_IF_ABSENT && c.key().matches(".*" + COMMIT_1)).count())
                .isEqualTo(1);
    }

    @Test
    void aStoreThatKeepsLosingTheRequestLeavesTheOutcomeUnknownAndNothingCommitted() {
        store.hook(Op.PUT_IF_ABSENT, COMMIT_1, CommitOutcomeUnknownTest::lostBeforeSending);
        assertThatThrownBy(() -> table.newTransaction().add(TableFixtures.file(null, 1, 5)).commit(Operation.of("WRITE")))
                .isInstanceOf(CommitStateUnknownException.class);
        store.clearRules();
        assertThat(table.log().update().version()).isZero();
    }
}
