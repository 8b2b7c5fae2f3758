package io.floe.storage;

import io.floe.storage.FaultInjectingObjectStore.Call;
import io.floe.storage.FaultInjectingObjectStore.Op;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link ObjectStore#putIfAbsentSettled}, the one place an unknown conditional-PUT outcome is settled: which requests
 * it sends for each way a request can end, and that it gives up with the first request's exception.
 */
class PutIfAbsentSettledTest {
    private static final String KEY = "t/_delta_log/00000000000000000001.json";
    private static final byte[] MINE = "mine".getBytes(StandardCharsets.UTF_8);
    private static final byte[] THEIRS = "theirs".getBytes(StandardCharsets.UTF_8);

    // a new instance per test (JUnit's default lifecycle), so a new store too
    private final InMemoryObjectStore backing = new InMemoryObjectStore();
    private final FaultInjectingObjectStore store = new FaultInjectingObjectStore(backing);

    private List<Op> ops() {
        return store.calls().stream().map(Call::op).toList();
    }

    private static void lostBeforeSending(Call c) {
        throw new OutcomeUnknownException(c.key(), "connection reset before the request went out (" + c + ")", null);
    }

    @Test
    void aKnownOutcomeCostsOneRequestAndNoRead() {
        assertThat(store.putIfAbsentSettled(KEY, MINE)).isTrue();
        assertThat(store.putIfAbsentSettled(KEY, THEIRS)).isFalse();
        assertThat(ops()).containsExactly(Op.PUT_IF_ABSENT, Op.PUT_IF_ABSENT);
    }

    @Test
    void aLostAnswerOfALandedRequestIsOursAfterOneRead() {
        store.failAfter(Op.PUT_IF_ABSENT, KEY).times(1);
        assertThat(store.putIfAbsentSettled(KEY, MINE)).isTrue();
        assertThat(ops()).as("no resend: the read found it").containsExactly(Op.PUT_IF_ABSENT, Op.GET);
    }

    @Test
    void anotherWritersObjectIsALostRaceWithoutSendingAgain() {
        store.hook(Op.PUT_IF_ABSENT, KEY, c -> {
            backing.put(KEY, THEIRS); // another writer's create lands first
            lostBeforeSending(c);
        }).times(1);
        assertThat(store.putIfAbsentSettled(KEY, MINE)).isFalse();
        assertThat(ops()).containsExactly(Op.PUT_IF_ABSENT, Op.GET);
        assertThat(backing.get(KEY)).isEqualTo(THEIRS);
    }

    @Test
    void aRequestThatNeverLandedIsSentOnceMore() {
        store.hook(Op.PUT_IF_ABSENT, KEY, PutIfAbsentSettledTest::lostBeforeSending).times(1);
        assertThat(store.putIfAbsentSettled(KEY, MINE)).isTrue();
        assertThat(ops()).containsExactly(Op.PUT_IF_ABSENT, Op.GET, Op.PUT_IF_ABSENT);
        assertThat(backing.get(KEY)).isEqualTo(MINE);
    }

    @Test
    void aLateLandingOfTheFirstRequestBeatsTheSecondAndIsReadAsOurs() {
        store.hook(Op.PUT_IF_ABSENT, KEY, PutIfAbsentSettledTest::lostBeforeSending).times(1);
        // the first request lands while the read had found nothing: the second one loses to it
        store.hook(Op.PUT_IF_ABSENT, KEY, c -> backing.put(KEY, MINE)).atCall(2);
        assertThat(store.putIfAbsentSettled(KEY, MINE)).isTrue();
        assertThat(ops()).containsExactly(Op.PUT_IF_ABSENT, Op.GET, Op.PUT_IF_ABSENT, Op.GET);
    }

    /** As the S3 store reports throttling that outlasted its retries: a 503 may have hidden an applied write. */
    private static void throttledThroughout(Call c) {
        throw new OutcomeUnknownException(c.key(), "throttled until the retries ran out (" + c + ")",
                new ThrottledException("503 SlowDown (" + c + ")"));
    }

    @Test
    void throttlingWithNothingThereIsRetryableThrottlingAfterOneReadWithoutAResend() {
        store.hook(Op.PUT_IF_ABSENT, KEY, PutIfAbsentSettledTest::throttledThroughout);
        ThrottledException e = catchThrowableOfType(ThrottledException.class, () -> store.putIfAbsentSettled(KEY, MINE));
        assertThat(e.retryable()).isTrue();
        assertThat(e).hasMessageContaining("nothing was written").hasCauseInstanceOf(OutcomeUnknownException.class);
        assertThat(ops()).as("the caller backs off, not these rounds").containsExactly(Op.PUT_IF_ABSENT, Op.GET);
        assertThat(backing.stat(KEY)).isEmpty();
    }

    @Test
    void throttlingThatHidAnAppliedWriteIsOursAndOverAnotherWritersObjectALostRace() {
        store.throttledAfter(Op.PUT_IF_ABSENT, KEY).times(1);
        assertThat(store.putIfAbsentSettled(KEY, MINE)).isTrue();
        assertThat(ops()).containsExactly(Op.PUT_IF_ABSENT, Op.GET);

        String other = KEY + ".other";
        backing.put(other, THEIRS);
        store.hook(Op.PUT_IF_ABSENT, other, PutIfAbsentSettledTest::throttledThroughout).times(1);
        assertThat(store.putIfAbsentSettled(other, MINE)).isFalse();
        assertThat(backing.get(other)).isEqualTo(THEIRS);
    }

    @Test
    void anOutcomeNothingSettlesIsTheFirstExceptionWithTheLaterOnesSuppressed() {
        store.hook(Op.PUT_IF_ABSENT, KEY, PutIfAbsentSettledTest::lostBeforeSending);
        long start = System.nanoTime();
        OutcomeUnknownException e = catchThrowableOfType(OutcomeUnknownException.class, () -> store.putIfAbsentSettled(KEY, MINE));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e).hasMessageContaining("0:PUT_IF_ABSENT");
        assertThat(e.getSuppressed()).hasSize(ObjectStore.SETTLE_ROUNDS)
                .allSatisfy(s -> assertThat(s).isInstanceOf(OutcomeUnknownException.class))
                .extracting(Throwable::getMessage).noneMatch(m -> m.contains("0:PUT_IF_ABSENT"));
        assertThat(ops()).containsExactly(Op.PUT_IF_ABSENT, Op.GET, Op.PUT_IF_ABSENT, Op.GET, Op.PUT_IF_ABSENT,
                Op.GET, Op.PUT_IF_ABSENT);
        assertThat(millis).as("pauses of 25, 50 and 100 ms before the resends").isBetween(175L, 5_000L);
        assertThat(backing.stat(KEY)).isEmpty();
    }

    @Test
    void aReadThatFailsEndsTheSettlingWithTheFirstException() {
        store.hook(Op.PUT_IF_ABSENT, KEY, PutIfAbsentSettledTest::lostBeforeSending).times(1);
        store.failBefore(Op.GET, KEY);
        OutcomeUnknownException e = catchThrowableOfType(OutcomeUnknownException.class, () -> store.putIfAbsentSettled(KEY, MINE));
        assertThat(e).hasMessageContaining("0:PUT_IF_ABSENT");
        assertThat(e.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessageContaining("injected failure"));
        assertThat(ops()).containsExactly(Op.PUT_IF_ABSENT, Op.GET);
    }

    @Test
    void anInterruptDuringThePauseEndsTheSettlingAndStaysSet() {
        store.hook(Op.PUT_IF_ABSENT, KEY, PutIfAbsentSettledTest::lostBeforeSending).times(1);
        Thread.currentThread().interrupt();
        try {
            OutcomeUnknownException e = catchThrowableOfType(OutcomeUnknownException.class, () -> store.putIfAbsentSettled(KEY, MINE));
            assertThat(e.getSuppressed()).singleElement().satisfies(s -> assertThat(s.getCause()).isInstanceOf(InterruptedException.class));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(ops()).containsExactly(Op.PUT_IF_ABSENT, Op.GET);
    }
}
