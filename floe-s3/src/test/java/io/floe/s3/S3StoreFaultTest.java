package io.floe.s3;

import io.floe.s3.FaultyHttpProxy.Fault;
import io.floe.s3.FaultyHttpProxy.Request;
import io.floe.storage.ObjectNotFoundException;
import io.floe.storage.OutcomeUnknownException;
import io.floe.storage.StorageException;
import io.floe.storage.ThrottledException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Network and server faults between the store and a real S3 server, injected by a loopback proxy:
 * what is retried, what is reported as throttling, and that a commit PUT is never reported as done or
 * lost when it is not known to be.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3StoreFaultTest {
    private static final int ATTEMPTS = 4;
    private static FaultyHttpProxy proxy;
    private static S3ObjectStore store;
    private static String bucket;

    @BeforeAll
    static void start() {
        bucket = S3TestServer.newBucket();
        proxy = FaultyHttpProxy.start(S3TestServer.endpoint());
        Map<String, String> options = proxy.options(S3TestServer.options());
        options.put("s3.max-attempts", String.valueOf(ATTEMPTS));
        options.put("s3.retry-base-delay-ms", "5"); // throttled requests wait 10x: 50 ms, 100 ms, ...
        store = new S3ObjectStore("s3://" + bucket + "/f/", S3Config.from(options));
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void reset() {
        proxy.clearRules();
        proxy.clearRequests();
    }

    private static Predicate<Request> on(String method, String key) {
        return r -> r.method().equals(method) && r.path().equals("/" + bucket + "/f/" + key);
    }

    private static long count(Predicate<Request> p) {
        return proxy.requests().stream().filter(p).count();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAreRetriedAfterThrottlingServerErrorsAndResets() {
        store.put("r/a", bytes("hello"));
        store.put("r/b", bytes("world"));
        proxy.inject(Fault.SLOW_DOWN, 1, on("GET", "r/a"));
        proxy.inject(Fault.INTERNAL_ERROR, 1, on("GET", "r/a"));
        proxy.inject(Fault.RESET_BEFORE_FORWARD, 1, on("GET", "r/a"));
        proxy.inject(Fault.RESET_AFTER_APPLIED, 1, on("HEAD", "r/b"));
        proxy.inject(Fault.SLOW_DOWN, 2, r -> r.method().equals("GET") && r.hasQueryParam("list-type"));
        proxy.clearRequests();

        assertThat(store.get("r/a")).isEqualTo(bytes("hello"));
        assertThat(count(on("GET", "r/a"))).isEqualTo(4); // three failures, then the answer
        assertThat(store.stat("r/b")).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(5));
        assertThat(store.listAll("r/")).extracting(io.floe.storage.ObjectInfo::key).containsExactly("r/a", "r/b");
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsAThrottledException() {
        store.put("t/a", bytes("x"));
        proxy.inject(Fault.SLOW_DOWN, 1000, on("GET", "t/a"));

        assertThatThrownBy(() -> store.get("t/a"))
                .isInstanceOf(ThrottledException.class)
                .hasMessageContaining(bucket).hasMessageContaining("t/a")
                .satisfies(e -> assertThat(((StorageException) e).retryable()).isTrue())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(S3TestServer.SECRET_KEY));
        assertThat(count(on("GET", "t/a"))).isEqualTo(ATTEMPTS);
    }

    @Test
    void plainPutsAndDeletesAreRetried() {
        proxy.inject(Fault.INTERNAL_ERROR, 1, on("PUT", "p/a"));
        proxy.inject(Fault.RESET_MID_BODY, 1, on("PUT", "p/a"));
        store.put("p/a", bytes("v1"));
        assertThat(store.get("p/a")).isEqualTo(bytes("v1"));

        proxy.inject(Fault.SLOW_DOWN, 1, r -> r.method().equals("POST") && r.hasQueryParam("delete"));
        store.delete(List.of("p/a"));
        assertThat(store.stat("p/a")).isEmpty();
    }

    @Test
    void aThrottledCommitPutIsRetriedSinceItWasRefused() {
        proxy.inject(Fault.SLOW_DOWN, 2, Request::conditionalPut);

        assertThat(store.putIfAbsent("c/throttled", bytes("mine"))).isTrue();
        assertThat(count(Request::conditionalPut)).isEqualTo(3);
        assertThat(store.get("c/throttled")).isEqualTo(bytes("mine"));
    }

    @Test
    void aConcurrentConditionalWriteConflictIsAskedAgainNotTakenAsALostRace() {
        proxy.inject(Fault.CONDITIONAL_CONFLICT, 1, Request::conditionalPut);
        assertThat(store.putIfAbsent("c/409", bytes("mine"))).as("the other write did not land: ours does").isTrue();
        assertThat(count(Request::conditionalPut)).isEqualTo(2);

        store.put("c/409-taken", bytes("theirs"));
        proxy.inject(Fault.CONDITIONAL_CONFLICT, 1, Request::conditionalPut);
        assertThat(store.putIfAbsent("c/409-taken", bytes("mine"))).as("S3's 409 refuses: it hides no write of ours").isFalse();
        assertThat(reads("c/409-taken")).isZero();
    }

    /**
     * Was ThrottledException from the store itself: but any of those 503s may have come from an intermediary that gave up
     * on a server which applied the PUT, so the store reports an unknown outcome and a read says "not applied".
     */
    @Test
    void aCommitPutThrottledUntilTheRetriesRunOutWithNothingAppliedIsRetryableThrottling() {
        proxy.inject(Fault.SLOW_DOWN, ATTEMPTS, Request::conditionalPut);
        assertThatThrownBy(() -> store.putIfAbsent("c/never-raw", bytes("mine")))
                .isInstanceOf(OutcomeUnknownException.class).hasCauseInstanceOf(ThrottledException.class);
        proxy.clearRequests();

        proxy.inject(Fault.SLOW_DOWN, ATTEMPTS, Request::conditionalPut);
        assertThatThrownBy(() -> store.putIfAbsentSettled("c/never", bytes("mine")))
                .isInstanceOf(ThrottledException.class)
                .hasMessageContaining(bucket).hasMessageContaining("c/never").hasMessageContaining("nothing was written")
                .satisfies(e -> assertThat(((StorageException) e).retryable()).isTrue());
        assertThat(count(Request::conditionalPut)).as("the store's retries, then no resend: the caller backs off").isEqualTo(ATTEMPTS);
        assertThat(reads("c/never")).isEqualTo(1);
        assertThat(store.stat("c/never")).isEmpty();
    }

    @Test
    void aCommitPutAppliedBehindAnIntermediarys503AndThenThrottledIsOurs() {
        proxy.inject(Fault.SLOW_DOWN_AFTER_APPLIED, 1, Request::conditionalPut);
        proxy.inject(Fault.SLOW_DOWN, ATTEMPTS - 1, Request::conditionalPut);
        assertThat(store.putIfAbsentSettled("c/applied-throttled", bytes("mine"))).as("not a false conflict, not throttling").isTrue();
        assertThat(count(Request::conditionalPut)).isEqualTo(ATTEMPTS);
        assertThat(reads("c/applied-throttled")).isEqualTo(1);
        assertThat(store.get("c/applied-throttled")).isEqualTo(bytes("mine"));
    }

    @Test
    void anotherWritersObjectBehindThrottlingIsALostRace() {
        store.put("c/theirs-throttled", bytes("theirs"));
        proxy.inject(Fault.SLOW_DOWN, ATTEMPTS, Request::conditionalPut);
        assertThat(store.putIfAbsentSettled("c/theirs-throttled", bytes("mine"))).isFalse();
        assertThat(store.get("c/theirs-throttled")).isEqualTo(bytes("theirs"));
    }

    /**
     * The caller backs off after the throttling and sends the same bytes again; meanwhile the throttled request the
     * intermediary gave up on lands (here: a plain PUT of the same bytes). The 412 that answers the resend is our own
     * object, which the store remembers to report as unknown, not as a lost race; another writer's object stays one.
     */
    @Test
    void aThrottledCommitPutLandingAfterTheCallerGaveUpIsOursWhenTheCallerSendsItAgain() {
        for (String key : List.of("c/late-ours", "c/late-theirs")) {
            proxy.inject(Fault.SLOW_DOWN, ATTEMPTS, Request::conditionalPut);
            assertThatThrownBy(() -> store.putIfAbsentSettled(key, bytes("mine"))).isInstanceOf(ThrottledException.class);
        }
        store.put("c/late-ours", bytes("mine"));
        store.put("c/late-theirs", bytes("theirs"));
        proxy.clearRequests();

        assertThat(store.putIfAbsentSettled("c/late-ours", bytes("mine"))).as("our late request, not a winner").isTrue();
        assertThat(store.putIfAbsentSettled("c/late-theirs", bytes("mine"))).isFalse();
        assertThat(count(Request::conditionalPut)).isEqualTo(2);
        assertThat(reads("c/late-ours") + reads("c/late-theirs")).as("a read settles each refusal").isEqualTo(2);
        assertThat(store.putIfAbsentSettled("c/late-theirs", bytes("mine"))).as("settled: a refusal now is final").isFalse();
        assertThat(reads("c/late-theirs")).isEqualTo(1);
    }

    private static long reads(String key) {
        return count(on("GET", key));
    }

    @Test
    void aServerErrorOnTheCommitPutIsNeitherSuccessNorConflict() {
        proxy.inject(Fault.INTERNAL_ERROR, 1, Request::conditionalPut);

        assertThatThrownBy(() -> store.putIfAbsent("c/500", bytes("mine")))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining(bucket).hasMessageContaining("c/500")
                .satisfies(e -> assertThat(((OutcomeUnknownException) e).key()).isEqualTo("c/500"));
        assertThat(count(Request::conditionalPut)).as("never retried blindly").isEqualTo(1);
        assertThat(reads("c/500")).as("settling is putIfAbsentSettled's, not the store's").isZero();
        assertThat(store.stat("c/500")).isEmpty();
    }

    @Test
    void aCommitPutWhoseConnectionDropsIsUnknownWithoutReadingTheKey() {
        proxy.inject(Fault.RESET_BEFORE_FORWARD, 1, Request::conditionalPut);
        assertThatThrownBy(() -> store.putIfAbsent("c/reset", bytes("mine"))).isInstanceOf(OutcomeUnknownException.class);

        proxy.inject(Fault.RESET_AFTER_APPLIED, 1, Request::conditionalPut);
        assertThatThrownBy(() -> store.putIfAbsent("c/reset-applied", bytes("mine"))).isInstanceOf(OutcomeUnknownException.class);

        assertThat(count(Request::conditionalPut)).isEqualTo(2);
        assertThat(proxy.requests()).as("no read, no pause in the store").allMatch(Request::conditionalPut);
    }

    @Test
    void aLostAnswerOfOurLandedCommitIsSettledWithOneRead() {
        proxy.inject(Fault.RESET_AFTER_APPLIED, 1, Request::conditionalPut);
        assertThat(store.putIfAbsentSettled("c/lost-ours", bytes("mine"))).as("our bytes are there: ours landed").isTrue();
        assertThat(count(Request::conditionalPut)).isEqualTo(1);
        assertThat(reads("c/lost-ours")).isEqualTo(1);
        assertThat(proxy.requests()).as("the conditional PUT and one read, nothing else").hasSize(2);
    }

    @Test
    void aLostAnswerOverAnotherWritersObjectIsALostRace() {
        store.put("c/lost-theirs", bytes("theirs"));
        proxy.clearRequests();
        proxy.inject(Fault.RESET_AFTER_APPLIED, 1, Request::conditionalPut);
        assertThat(store.putIfAbsentSettled("c/lost-theirs", bytes("mine"))).as("another writer's bytes: we lost").isFalse();
        assertThat(store.get("c/lost-theirs")).isEqualTo(bytes("theirs"));
        assertThat(count(Request::conditionalPut)).as("not sent again").isEqualTo(1);
    }

    @Test
    void aCommitPutThatNeverReachedTheServerIsSentOnceMore() {
        proxy.inject(Fault.RESET_BEFORE_FORWARD, 1, Request::conditionalPut);
        assertThat(store.putIfAbsentSettled("c/resent", bytes("mine"))).isTrue();
        assertThat(store.get("c/resent")).isEqualTo(bytes("mine"));
        assertThat(count(Request::conditionalPut)).isEqualTo(2);
        assertThat(reads("c/resent")).as("one read before the resend (and the get above)").isEqualTo(2);
    }

    @Test
    void aCommitPutThatNothingSettlesIsTheFirstUnknownOutcomeWithTheOthersSuppressed() {
        proxy.inject(Fault.RESET_BEFORE_FORWARD, 1000, Request::conditionalPut);
        assertThatThrownBy(() -> store.putIfAbsentSettled("c/unsettled", bytes("mine")))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("c/unsettled")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(io.floe.storage.ObjectStore.SETTLE_ROUNDS)
                        .allSatisfy(s -> assertThat(s).isInstanceOf(OutcomeUnknownException.class)));
        assertThat(count(Request::conditionalPut)).isEqualTo(1 + io.floe.storage.ObjectStore.SETTLE_ROUNDS);
        assertThat(reads("c/unsettled")).isEqualTo(io.floe.storage.ObjectStore.SETTLE_ROUNDS);
        assertThat(store.stat("c/unsettled")).isEmpty();
    }

    @Test
    void a412AfterAThrottledAttemptIsUnknownToTheStoreAndSettledByReading() {
        // a middlebox answers 503 although the server applied the PUT: the retry's 412 is our own object
        proxy.inject(Fault.SLOW_DOWN_AFTER_APPLIED, 1, Request::conditionalPut);
        assertThatThrownBy(() -> store.putIfAbsent("c/own-raw", bytes("mine"))).isInstanceOf(OutcomeUnknownException.class);
        proxy.inject(Fault.SLOW_DOWN_AFTER_APPLIED, 1, Request::conditionalPut);
        assertThat(store.putIfAbsentSettled("c/own", bytes("mine"))).as("not a false conflict").isTrue();
        assertThat(count(Request::conditionalPut)).isEqualTo(4);

        // and a real conflict behind a throttled first attempt is still a conflict
        store.put("c/other", bytes("theirs"));
        proxy.inject(Fault.SLOW_DOWN, 1, Request::conditionalPut);
        assertThat(store.putIfAbsentSettled("c/other", bytes("mine"))).isFalse();
        assertThat(store.get("c/other")).isEqualTo(bytes("theirs"));
    }

    @Test
    void aConnectionDroppedDuringAMultipartUploadAbortsItAndLeavesNoObject(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.bin");
        Files.write(file, randomBytes(S3ObjectStore.PART_SIZE + (1 << 20), 7));
        proxy.inject(Fault.RESET_MID_BODY, 1000, r -> r.method().equals("PUT") && r.hasQueryParam("partNumber")
                && r.query().contains("partNumber=2"));

        assertThatThrownBy(() -> store.putFile("m/big.bin", file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(bucket).hasMessageContaining("m/big.bin");
        assertThat(count(r -> r.method().equals("DELETE") && r.hasQueryParam("uploadId"))).as("abort sent").isEqualTo(1);
        assertThat(count(r -> r.method().equals("POST") && r.hasQueryParam("uploadId"))).as("never completed").isZero();
        assertThat(S3TestServer.pendingMultipartUploads(bucket)).as("aborted on the server").isEmpty();
        assertThat(store.stat("m/big.bin")).isEmpty();
        assertThat(store.listAll("m/")).isEmpty();
        assertThat(file).exists(); // the source is the caller's
    }

    @Test
    void largeDownloadsUseParallelRangesAndSurviveAResetMidBody(@TempDir Path dir) throws Exception {
        byte[] data = randomBytes(2 * S3ObjectStore.GET_RANGE_SIZE + 12345, 11);
        Path src = Files.write(dir.resolve("src.bin"), data);
        store.putFile("d/large.bin", src); // multipart: three parts
        assertThat(count(r -> r.method().equals("PUT") && r.hasQueryParam("partNumber"))).isEqualTo(3);
        proxy.clearRequests();
        proxy.inject(Fault.RESET_MID_ANSWER, 1, r -> on("GET", "d/large.bin").test(r)
                && String.valueOf(r.header("range")).startsWith("bytes=" + S3ObjectStore.GET_RANGE_SIZE + "-"));

        Path out = dir.resolve("out.bin");
        store.getToFile("d/large.bin", out);

        assertThat(Files.size(out)).isEqualTo(data.length);
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        List<Request> gets = proxy.requests().stream().filter(on("GET", "d/large.bin")).toList();
        assertThat(gets).allSatisfy(r -> assertThat(r.header("range")).startsWith("bytes="));
        assertThat(gets).hasSize(4); // three ranges, one of them twice
        assertThat(gets.subList(1, gets.size())).allSatisfy(r -> assertThat(r.header("if-match")).isNotBlank());
        // a range that spans the boundary of two uploaded parts
        long at = S3ObjectStore.PART_SIZE - 10;
        assertThat(store.get("d/large.bin", at, 20)).isEqualTo(java.util.Arrays.copyOfRange(data, (int) at, (int) at + 20));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("src.bin", "out.bin");
        }
    }

    @Test
    void aMissingObjectIsNotFoundWithoutRetries(@TempDir Path dir) {
        assertThatThrownBy(() -> store.getToFile("missing.bin", dir.resolve("x"))).isInstanceOf(ObjectNotFoundException.class);
        assertThat(count(on("GET", "missing.bin"))).isEqualTo(1);
        assertThat(dir.resolve("x")).doesNotExist();
    }

    static byte[] randomBytes(long n, long seed) {
        byte[] b = new byte[(int) n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
