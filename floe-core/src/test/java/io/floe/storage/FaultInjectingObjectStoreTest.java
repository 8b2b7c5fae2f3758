package io.floe.storage;

import io.floe.storage.FaultInjectingObjectStore.Call;
import io.floe.storage.FaultInjectingObjectStore.Op;
import io.floe.storage.FaultInjectingObjectStore.SimulatedCrashException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FaultInjectingObjectStoreTest {
    private static final String LOG_JSON = "_delta_log/.*\\.json";

    private InMemoryObjectStore backing;
    private FaultInjectingObjectStore store;

    @BeforeEach
    void setUp() {
        backing = new InMemoryObjectStore();
        store = new FaultInjectingObjectStore(backing);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String commitKey(long v) {
        return String.format("t/_delta_log/%020d.json", v);
    }

    @Test
    void failBeforeDoesNotApplyTheCallAndFiresTheGivenNumberOfTimes() {
        var rule = store.failBefore(Op.PUT_IF_ABSENT, LOG_JSON).times(1);
        assertThatThrownBy(() -> store.putIfAbsent(commitKey(0), bytes("a")))
                .isInstanceOf(StorageException.class)
                .isNotInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining(commitKey(0));
        assertThat(backing.stat(commitKey(0))).isEmpty();
        assertThat(store.putIfAbsent(commitKey(0), bytes("b"))).isTrue();
        assertThat(rule.fired()).isEqualTo(1);
        assertThat(store.crashed()).isFalse();
    }

    @Test
    void rulesMatchTheOperationAndFindTheRegexInTheKey() {
        store.failBefore(Op.PUT, "\\.parquet$");
        store.put("t/_delta_log/00000000000000000000.json", bytes("log")); // other key
        assertThat(store.putIfAbsent("t/a.parquet", bytes("x"))).isTrue(); // other op
        assertThatThrownBy(() -> store.put("t/part=1/b.parquet", bytes("x"))).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.put("t/part=1/b.parquet", bytes("x"))).as("unlimited by default")
                .isInstanceOf(StorageException.class);

        store.clearRules();
        store.failBefore(null, "secret"); // any op
        assertThatThrownBy(() -> store.stat("a/secret/b")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> store.list("secret/", null, 10)).as("LIST matches the prefix")
                .isInstanceOf(StorageException.class);
        assertThat(store.stat("a/public")).isEmpty();
        store.clearRules();
        store.put("t/part=1/b.parquet", bytes("x"));
    }

    @Test
    void crashAfterAppliesTheCallHidesTheResultAndTakesTheStoreDown() {
        store.put("t/part=1/f.parquet", bytes("data"));
        store.crashAfter(Op.PUT_IF_ABSENT, LOG_JSON).times(1);

        SimulatedCrashException crash = catchThrowableOfType(SimulatedCrashException.class,
                () -> store.putIfAbsent(commitKey(1), bytes("commit")));
        assertThat(crash).isInstanceOf(OutcomeUnknownException.class).isInstanceOf(StorageException.class);
        assertThat(crash.key()).isEqualTo(commitKey(1));
        assertThat(crash.applied()).isTrue();
        assertThat(crash.call().op()).isEqualTo(Op.PUT_IF_ABSENT);
        assertThat(backing.get(commitKey(1))).isEqualTo(bytes("commit"));

        // a dead process cannot clean up or look around
        assertThat(store.crashed()).isTrue();
        SimulatedCrashException refused = catchThrowableOfType(SimulatedCrashException.class,
                () -> store.delete(List.of("t/part=1/f.parquet")));
        assertThat(refused.applied()).isFalse();
        assertThatThrownBy(() -> store.get(commitKey(1))).isInstanceOf(SimulatedCrashException.class);
        assertThat(backing.stat("t/part=1/f.parquet")).isPresent();

        store.restart();
        assertThat(store.crashed()).isFalse();
        assertThat(store.get(commitKey(1))).isEqualTo(bytes("commit"));
        assertThat(store.putIfAbsent(commitKey(1), bytes("again"))).as("times(1) used up").isFalse();
    }

    @Test
    void crashBeforeDoesNotApplyTheCall() {
        store.crashBefore(Op.PUT, "").times(1);
        SimulatedCrashException crash = catchThrowableOfType(SimulatedCrashException.class,
                () -> store.put("k", bytes("x")));
        assertThat(crash.applied()).isFalse();
        assertThat(backing.stat("k")).isEmpty();
        assertThat(store.crashed()).isTrue();
        store.restart();
        store.put("k", bytes("x"));
        assertThat(store.get("k")).isEqualTo(bytes("x"));
    }

    @Test
    void crashAfterAFailedCallStillCrashesAndKeepsTheFailure() {
        store.crashAfter(Op.GET, "").times(1);
        SimulatedCrashException crash = catchThrowableOfType(SimulatedCrashException.class,
                () -> store.get("absent"));
        assertThat(crash.applied()).isFalse();
        assertThat(crash.getSuppressed()).singleElement().isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void failAfterIsALostResponseAndTheStoreStaysUp() {
        store.failAfter(Op.PUT_IF_ABSENT, LOG_JSON).times(1);
        OutcomeUnknownException e = catchThrowableOfType(OutcomeUnknownException.class,
                () -> store.putIfAbsent(commitKey(0), bytes("mine")));
        assertThat(e).isNotInstanceOf(SimulatedCrashException.class);
        assertThat(e.key()).isEqualTo(commitKey(0));
        assertThat(store.crashed()).isFalse();
        // the caller resolves the outcome by reading
        assertThat(store.get(commitKey(0))).isEqualTo(bytes("mine"));
    }

    @Test
    void throttleThrowsRetryableErrorsThenPasses() {
        store.put("k", bytes("v"));
        var rule = store.throttle(Op.GET, "k", 2);
        int attempts = 0;
        byte[] got = null;
        while (got == null) {
            attempts++;
            try {
                got = store.get("k");
            } catch (ThrottledException e) {
                assertThat(e.retryable()).isTrue();
            }
        }
        assertThat(attempts).isEqualTo(3);
        assertThat(rule.fired()).isEqualTo(2);
        assertThat(got).isEqualTo(bytes("v"));
    }

    @Test
    void latencyDelaysMatchingCalls() {
        store.put("slow/k", bytes("v"));
        store.put("fast/k", bytes("v"));
        store.latency(Op.GET, "^slow/", 60);
        long t0 = System.nanoTime();
        store.get("slow/k");
        long slowMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(slowMillis).isGreaterThanOrEqualTo(60);
        var rule = store.latency(Op.GET_RANGE, "", 1).times(0);
        store.get("fast/k", 0, 1);
        assertThat(rule.fired()).isZero();
    }

    @Test
    void hookCanPlayAConcurrentWriterThatWinsTheRace() {
        store.hook(Op.PUT_IF_ABSENT, LOG_JSON, call -> backing.putIfAbsent(call.key(), bytes("theirs"))).times(1);
        assertThat(store.putIfAbsent(commitKey(3), bytes("ours"))).isFalse();
        assertThat(store.get(commitKey(3))).isEqualTo(bytes("theirs"));
        assertThat(store.putIfAbsent(commitKey(4), bytes("ours"))).isTrue();
    }

    @Test
    void hookMayThrowToFailTheCall() {
        store.hook(Op.DELETE, "", call -> {
            throw new IllegalStateException("no deletes in this test: " + call);
        });
        assertThatThrownBy(() -> store.delete(List.of("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DELETE x");
    }

    @Test
    void callLogRecordsEveryCallInOrder(@TempDir Path tmp) throws Exception {
        store.put("t/a", bytes("a"));
        store.putIfAbsent("t/b", bytes("b"));
        store.get("t/a");
        store.get("t/a", 0, 1);
        store.stat("t/b");
        Path f = Files.writeString(tmp.resolve("f"), "f");
        store.putFile("t/c", f);
        store.getToFile("t/c", tmp.resolve("g"));
        store.list("t/", null, 2);
        store.delete(List.of("t/a", "t/missing"));
        assertThatThrownBy(() -> store.get("t/missing")).isInstanceOf(ObjectNotFoundException.class);

        assertThat(store.calls()).containsExactly(
                new Call(0, Op.PUT, "t/a"),
                new Call(1, Op.PUT_IF_ABSENT, "t/b"),
                new Call(2, Op.GET, "t/a"),
                new Call(3, Op.GET_RANGE, "t/a"),
                new Call(4, Op.STAT, "t/b"),
                new Call(5, Op.PUT_FILE, "t/c"),
                new Call(6, Op.GET_TO_FILE, "t/c"),
                new Call(7, Op.LIST, "t/"),
                new Call(8, Op.DELETE, "t/a"),     // a batch is logged (and forwarded) key by key
                new Call(9, Op.DELETE, "t/missing"),
                new Call(10, Op.GET, "t/missing")); // failed calls too

        store.clearCalls();
        store.listAll("t/"); // two keys left, so one page: one LIST
        assertThat(store.calls()).containsExactly(new Call(0, Op.LIST, "t/"));
        assertThat(store.localPath("t/b")).as("reads must go through the decorator").isEmpty();
        assertThat(store.uri()).isEqualTo(backing.uri());
    }

    @Test
    void callLogIsThreadSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        store.put("t" + id + "/" + i, new byte[]{1});
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Call> calls = store.calls();
        assertThat(calls).hasSize(1600);
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).index()).isEqualTo(i);
        }
        assertThat(calls.stream().map(Call::key).distinct()).hasSize(1600);
    }

    @Test
    void timesHoldsUnderConcurrentCalls() throws Exception {
        var rule = store.failBefore(Op.PUT, "").times(5);
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            store.put("k", new byte[]{1});
                        } catch (StorageException e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).hasValue(5);
        assertThat(rule.fired()).isEqualTo(5);
    }

    @Test
    void aRuleCanBePinnedToACallIndexAndRemoved() {
        var rule = store.failBefore(Op.GET, "").atCall(2);
        store.put("k", bytes("v"));
        store.get("k"); // call 1
        assertThatThrownBy(() -> store.get("k")).isInstanceOf(StorageException.class); // call 2
        store.get("k"); // call 3
        rule.remove();
        store.clearCalls();
        store.get("k");
        store.get("k");
        store.get("k"); // call 2 again, but the rule is gone
        assertThat(rule.fired()).isEqualTo(1);
    }

    /**
     * The pattern an exhaustive crash test follows, here with a toy commit (write a data file,
     * put-if-absent the log entry, read it back): record the calls of one clean run, then crash
     * before and after every call index in turn and check the invariant a restarted reader sees.
     */
    @Test
    void crashAtEveryCallIndexLeavesEitherNoCommitOrAWholeOne() {
        Runnable commit = () -> {
            store.put("t/part=1/f.parquet", bytes("rows"));
            if (!store.putIfAbsent(commitKey(0), bytes("{\"add\":\"part=1/f.parquet\"}"))) {
                throw new IllegalStateException("lost the race");
            }
            store.get(commitKey(0));
        };
        commit.run();
        List<Call> clean = store.calls();
        assertThat(clean).extracting(Call::op).containsExactly(Op.PUT, Op.PUT_IF_ABSENT, Op.GET);
        int commitCall = 1;

        Set<String> outcomes = ConcurrentHashMap.newKeySet();
        for (int k = 0; k < clean.size(); k++) {
            for (boolean after : new boolean[]{false, true}) {
                setUp();
                if (after) {
                    store.crashAfterCall(k);
                } else {
                    store.crashBeforeCall(k);
                }
                assertThatThrownBy(commit::run).isInstanceOf(SimulatedCrashException.class);
                assertThat(store.crashed()).isTrue();
                store.restart();
                boolean committed = store.stat(commitKey(0)).isPresent();
                assertThat(committed).as("crash %s call %d", after ? "after" : "before", k)
                        .isEqualTo(k > commitCall || (k == commitCall && after));
                if (committed) {
                    assertThat(store.get("t/part=1/f.parquet")).as("a commit's data file exists").isEqualTo(bytes("rows"));
                }
                outcomes.add(committed ? "committed" : "not committed");
            }
        }
        assertThat(outcomes).containsExactlyInAnyOrder("committed", "not committed");
    }
}
