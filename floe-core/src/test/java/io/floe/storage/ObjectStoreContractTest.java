package io.floe.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The {@link ObjectStore} contract, run against every implementation: subclass it and implement
 * {@link #newStore()}. It lives in floe-core's test-jar so other modules (S3) reuse it.
 *
 * <p>It assumes nothing about where the store keeps its objects: only the SPI is used, and local
 * files appear only as the client side of putFile/getToFile. Invalid keys must be refused with
 * {@link IllegalArgumentException} (what {@link Keys#check} throws).
 */
public abstract class ObjectStoreContractTest {

    /** A new, empty store; called once per test. The store is closed after the test. */
    protected abstract ObjectStore newStore();

    /** Threads racing putIfAbsent on each key. */
    /** Whether listings come in UTF-8 byte order for every character (S3 does; S3Proxy's test store sorts by UTF-16). */
    protected boolean listsInUtf8ByteOrder() {
        return true;
    }

    /** Whether a prefix is matched literally (S3Proxy's test store normalizes a trailing "/." away). */
    protected boolean prefixesAreLiteral() {
        return true;
    }

    protected int raceThreads() {
        return 16;
    }

    /** Keys raced on, one after another, by all {@link #raceThreads()}. */
    protected int raceRounds() {
        return 50;
    }

    /** How far a stat's modification time may be from the client's clock (remote clocks, second-granular times). */
    protected long mtimeToleranceMillis() {
        return 5_000;
    }

    /** Size of the file used for putFile/getToFile; a remote store may raise it past its multipart threshold. */
    protected int largeFileSize() {
        return 3 * 1024 * 1024 + 17;
    }

    protected ObjectStore store;

    @TempDir
    protected Path localDir;

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] sequence(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private List<String> keys(String prefix) {
        return store.listAll(prefix).stream().map(ObjectInfo::key).toList();
    }

    // ---- get

    @Test
    void getReturnsWholeObject() {
        store.put("a/b/c.bin", sequence(1000));
        assertThat(store.get("a/b/c.bin")).isEqualTo(sequence(1000));
    }

    @Test
    void emptyObject() {
        store.put("empty", new byte[0]);
        assertThat(store.get("empty")).isEmpty();
        assertThat(store.get("empty", 0, 10)).isEmpty();
        assertThat(store.stat("empty")).get().extracting(ObjectInfo::size).isEqualTo(0L);
        assertThat(keys("")).containsExactly("empty");
    }

    @Test
    void rangedGet() {
        store.put("r", sequence(100));
        assertThat(store.get("r", 0, 100)).isEqualTo(sequence(100));
        assertThat(store.get("r", 10, 5)).containsExactly(10, 11, 12, 13, 14);
        assertThat(store.get("r", 99, 1)).containsExactly(99);
        assertThat(store.get("r", 10, 0)).isEmpty();
    }

    @Test
    void rangedGetPastTheEndReturnsWhatThereIs() {
        store.put("r", sequence(100));
        assertThat(store.get("r", 95, 10)).containsExactly(95, 96, 97, 98, 99);
        assertThat(store.get("r", 0, Integer.MAX_VALUE)).isEqualTo(sequence(100));
        assertThat(store.get("r", 100, 5)).isEmpty();
        assertThat(store.get("r", 1000, 5)).isEmpty();
    }

    @Test
    void missingObjectIsNotFound() {
        store.put("present", bytes("x"));
        for (var read : List.<Runnable>of(
                () -> store.get("absent"),
                () -> store.get("absent", 0, 10),
                () -> store.get("dir/absent"),
                () -> store.getToFile("absent", localDir.resolve("out")))) {
            assertThatThrownBy(read::run).isInstanceOf(ObjectNotFoundException.class)
                    .satisfies(e -> assertThat(((ObjectNotFoundException) e).key()).endsWith("absent"));
        }
        assertThat(store.stat("absent")).isEmpty();
        assertThat(localDir.resolve("out")).doesNotExist();
    }

    @Test
    void aPrefixOfKeysIsNotAnObject() {
        store.put("dir/sub/file", bytes("x"));
        assertThat(store.stat("dir")).isEmpty();
        assertThat(store.stat("dir/sub")).isEmpty();
        assertThatThrownBy(() -> store.get("dir/sub")).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> store.getToFile("dir/sub", localDir.resolve("out")))
                .isInstanceOf(ObjectNotFoundException.class);
        store.delete(List.of("dir/sub")); // not an object: nothing to delete
        assertThat(keys("")).containsExactly("dir/sub/file");
    }

    @Test
    void buffersAreNotShared() {
        byte[] data = bytes("original");
        store.put("k", data);
        data[0] = 'X';
        byte[] read = store.get("k");
        read[1] = 'Y';
        assertThat(store.get("k")).isEqualTo(bytes("original"));
    }

    // ---- put / putIfAbsent

    @Test
    void putReplaces() {
        store.put("k", bytes("first version, longer"));
        ObjectInfo first = store.stat("k").orElseThrow();
        store.put("k", bytes("second"));
        assertThat(store.get("k")).isEqualTo(bytes("second"));
        ObjectInfo second = store.stat("k").orElseThrow();
        assertThat(second.size()).isEqualTo(6);
        assertThat(second.etag()).isNotEqualTo(first.etag());
        assertThat(keys("")).containsExactly("k");
    }

    @Test
    void readersSeeTheOldOrTheNewContentWhileReplaced() throws Exception {
        store.put("swap", payload(0, 0));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 1; i <= 300; i++) {
                    store.put("swap", payload(i % 3, 0));
                }
            });
            while (!writer.isDone()) {
                writerOf(store.get("swap"), 0);
            }
            writer.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(writerOf(store.get("swap"), 0)).isEqualTo(0);
    }

    @Test
    void etagChangesWhenContentChangesAtTheSameSize() {
        store.put("k", bytes("aaaa"));
        String first = store.stat("k").orElseThrow().etag();
        store.put("k", bytes("bbbb"));
        assertThat(store.stat("k").orElseThrow().etag()).isNotEqualTo(first);
    }

    @Test
    void putIfAbsentCreatesOnceAndNeverReplaces() {
        assertThat(store.putIfAbsent("_delta_log/00000000000000000000.json", bytes("winner"))).isTrue();
        assertThat(store.putIfAbsent("_delta_log/00000000000000000000.json", bytes("loser, longer content"))).isFalse();
        assertThat(store.putIfAbsent("_delta_log/00000000000000000000.json", new byte[0])).isFalse();
        assertThat(store.get("_delta_log/00000000000000000000.json")).isEqualTo(bytes("winner"));
        assertThat(store.stat("_delta_log/00000000000000000000.json")).get()
                .extracting(ObjectInfo::size).isEqualTo(6L);
        assertThat(store.putIfAbsent("_delta_log/00000000000000000001.json", bytes("next"))).isTrue();
        assertThat(keys("_delta_log/")).containsExactly(
                "_delta_log/00000000000000000000.json", "_delta_log/00000000000000000001.json");
    }

    @Test
    void putIfAbsentAfterPutAndAfterDelete() {
        store.put("k", bytes("put"));
        assertThat(store.putIfAbsent("k", bytes("other"))).isFalse();
        store.delete(List.of("k"));
        assertThat(store.putIfAbsent("k", bytes("again"))).isTrue();
        assertThat(store.get("k")).isEqualTo(bytes("again"));
    }

    /** A payload whose every byte names its writer, with a writer-specific length: a torn or mixed read shows. */
    private static byte[] payload(int writer, int round) {
        byte[] b = new byte[1024 + writer * 97 + round % 7];
        Arrays.fill(b, (byte) (writer + 1));
        return b;
    }

    /** Asserts that {@code b} is exactly one writer's complete payload, and returns that writer. */
    private static int writerOf(byte[] b, int round) {
        assertThat(b).as("read an empty object").isNotEmpty();
        int writer = b[0] - 1;
        assertThat(b).as("partial or mixed object").isEqualTo(payload(writer, round));
        return writer;
    }

    @Test
    void racingPutIfAbsentHasExactlyOneWinnerPerKey() throws Exception {
        int threads = raceThreads();
        int rounds = raceRounds();
        CyclicBarrier barrier = new CyclicBarrier(threads);
        Map<Integer, List<Integer>> winners = new ConcurrentHashMap<>();
        AtomicBoolean racing = new AtomicBoolean(true);
        List<Throwable> readerErrors = new CopyOnWriteArrayList<>();
        AtomicInteger readerHits = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            // A reader polls the keys being raced on: it may find nothing, never a partial object.
            Future<?> reader = pool.submit(() -> {
                while (racing.get()) {
                    for (int r = 0; r < rounds && racing.get(); r++) {
                        try {
                            writerOf(store.get("race/k" + r), r);
                            readerHits.incrementAndGet();
                        } catch (ObjectNotFoundException notYet) {
                            // fine: not created yet
                        } catch (Throwable t) {
                            readerErrors.add(t);
                        }
                    }
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        barrier.await(30, TimeUnit.SECONDS);
                        String key = "race/k" + r;
                        // as commits call it: a remote store reports a dropped connection as an unknown outcome and
                        // leaves settling it to putIfAbsentSettled (each writer's payload is its own, so that is exact)
                        if (store.putIfAbsentSettled(key, payload(writer, r))) {
                            winners.computeIfAbsent(r, x -> new CopyOnWriteArrayList<>()).add(writer);
                        }
                        // winner or loser, the object now exists, complete
                        writerOf(store.get(key), r);
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(120, TimeUnit.SECONDS);
            }
            racing.set(false);
            reader.get(30, TimeUnit.SECONDS);
        } finally {
            racing.set(false);
            pool.shutdownNow();
        }
        assertThat(readerErrors).isEmpty();
        assertThat(winners).hasSize(rounds);
        for (int r = 0; r < rounds; r++) {
            assertThat(winners.get(r)).as("winners of round %d", r).hasSize(1);
            assertThat(writerOf(store.get("race/k" + r), r)).isEqualTo(winners.get(r).get(0));
        }
        assertThat(keys("race/")).hasSize(rounds);
    }

    // ---- list

    @Test
    void listsByPrefixInUtf8ByteOrder() {
        // Written in a scrambled order; expected in UTF-8 byte order, which differs from both
        // directory-walk order and Java's UTF-16 String order ('\uFF5E' sorts before the emoji in UTF-16).
        List<String> expected = List.of(
                "dir/Z.txt",            // 'Z' 0x5A sorts before 'a' 0x61
                "dir/a b",              // 0x20
                "dir/a%3Db",            // 0x25
                "dir/a=b",              // 0x3D
                "dir/p=1-/y",           // "p=1" then 0x2D
                "dir/p=1.txt",          // 0x2E
                "dir/p=1/x.parquet",    // 0x2F: a "directory" sorts by its full key, between its siblings
                "dir/p=10/x.parquet",   // 0x30
                "dir/z.txt",            // 0x7A
                "dir/\u00e9.txt",       // é: C3 A9
                "dir/\uff5e.txt",       // ～: EF BD 9E
                "dir/\ud83d\ude00.txt"  // 😀: F0 9F 98 80
        );
        List<String> shuffled = new ArrayList<>(expected);
        java.util.Collections.shuffle(shuffled, new Random(42));
        for (String k : shuffled) {
            store.put(k, bytes(k));
        }
        store.put("dir2/x", bytes("sibling with the same start"));
        store.put("di", bytes("shorter than the prefix"));
        store.put("other/x", bytes("elsewhere"));

        if (!listsInUtf8ByteOrder()) {
            // a server that sorts by UTF-16 (S3Proxy's in-memory store) differs only for characters beyond the BMP
            assertThat(keys("dir/")).containsExactlyInAnyOrderElementsOf(expected);
            return;
        }
        assertThat(keys("dir/")).containsExactlyElementsOf(expected);
        assertThat(keys("dir/p=1")).containsExactly("dir/p=1-/y", "dir/p=1.txt", "dir/p=1/x.parquet", "dir/p=10/x.parquet");
        assertThat(keys("dir/p=1/")).containsExactly("dir/p=1/x.parquet");
        assertThat(keys("dir/\u00e9")).containsExactly("dir/\u00e9.txt");
        assertThat(keys("dir/\ud83d\ude00")).containsExactly("dir/\ud83d\ude00.txt");
        assertThat(keys("dir")).hasSize(expected.size() + 1).endsWith("dir2/x");
        assertThat(keys("")).hasSize(expected.size() + 3).startsWith("di", "dir/Z.txt").endsWith("other/x");
        assertThat(keys("nothing/")).isEmpty();
        assertThat(keys("dir/p=1/x.parquet")).containsExactly("dir/p=1/x.parquet");
        for (String k : expected) {
            assertThat(store.get(k)).isEqualTo(bytes(k));
        }
        ListPage page = store.list("nothing/", null, 10);
        assertThat(page.objects()).isEmpty();
        assertThat(page.truncated()).isFalse();
    }

    @Test
    void listsADeltaLogPrefixThatEndsMidName() {
        for (String name : List.of("00000000000000000009.json", "00000000000000000010.json",
                "00000000000000000010.checkpoint.parquet", "00000000000000000011.json", "00000000000000000019.json",
                "00000000000000000020.json", "00000000000000000100.json", "_last_checkpoint")) {
            store.put("t/_delta_log/" + name, bytes(name));
        }
        store.put("t/part=1/file.parquet", bytes("data"));
        assertThat(keys("t/_delta_log/0000000000000000001")).containsExactly(
                "t/_delta_log/00000000000000000010.checkpoint.parquet",
                "t/_delta_log/00000000000000000010.json",
                "t/_delta_log/00000000000000000011.json",
                "t/_delta_log/00000000000000000019.json");
        assertThat(keys("t/_delta_log/")).hasSize(8).endsWith("t/_delta_log/_last_checkpoint");
        assertThat(keys("t/")).hasSize(9).endsWith("t/part=1/file.parquet");
        // what DeltaLog does: list from a version on
        ListPage fromTen = store.list("t/_delta_log/", "t/_delta_log/00000000000000000010.json", 1000);
        assertThat(fromTen.objects()).extracting(ObjectInfo::key).first()
                .isEqualTo("t/_delta_log/00000000000000000011.json");
    }

    @Test
    void listedInfoMatchesStat() {
        store.put("s/a", sequence(10));
        store.put("s/b", sequence(20));
        for (ObjectInfo listed : store.listAll("s/")) {
            ObjectInfo stat = store.stat(listed.key()).orElseThrow();
            assertThat(listed.size()).isEqualTo(stat.size());
            assertThat(listed.etag()).isEqualTo(stat.etag());
            assertThat(listed.lastModifiedMillis()).isEqualTo(stat.lastModifiedMillis());
        }
        assertThat(store.listAll("s/")).extracting(ObjectInfo::size).containsExactly(10L, 20L);
    }

    @Test
    void pagesWithStartAfterAndMaxKeys() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            all.add(String.format("page/k%02d", i));
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            store.put(all.get(i), bytes(all.get(i)));
        }
        store.put("page0", bytes("after the prefix"));

        ListPage p1 = store.list("page/", null, 10);
        assertThat(p1.objects()).extracting(ObjectInfo::key).containsExactlyElementsOf(all.subList(0, 10));
        assertThat(p1.truncated()).isTrue();
        ListPage p2 = store.list("page/", "page/k09", 10);
        assertThat(p2.objects()).extracting(ObjectInfo::key).containsExactlyElementsOf(all.subList(10, 20));
        assertThat(p2.truncated()).isTrue();
        ListPage p3 = store.list("page/", "page/k19", 10);
        assertThat(p3.objects()).extracting(ObjectInfo::key).containsExactlyElementsOf(all.subList(20, 25));
        assertThat(p3.truncated()).isFalse();

        assertThat(store.list("page/", null, 25).truncated()).as("exactly maxKeys left").isFalse();
        assertThat(store.list("page/", null, 24).truncated()).isTrue();
        assertThat(store.list("page/", "page/k05x", 3).objects()).extracting(ObjectInfo::key)
                .as("startAfter need not exist").containsExactly("page/k06", "page/k07", "page/k08");
        assertThat(store.list("page/", "a", 2).objects()).extracting(ObjectInfo::key)
                .as("startAfter before the prefix").containsExactly("page/k00", "page/k01");
        ListPage beyond = store.list("page/", "page/k24", 10);
        assertThat(beyond.objects()).isEmpty();
        assertThat(beyond.truncated()).isFalse();
        assertThat(store.list("page/", "q", 10).objects()).isEmpty();
        ListPage one = store.list("page/", null, 1);
        assertThat(one.objects()).extracting(ObjectInfo::key).containsExactly("page/k00");
        assertThat(one.truncated()).isTrue();
        assertThat(keys("page/")).containsExactlyElementsOf(all);
    }

    @Test
    void listAllCrossesManyPages() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            all.add(String.format("many/%05d", i));
        }
        for (String k : all) {
            store.put(k, new byte[]{1});
        }
        assertThat(keys("many/")).containsExactlyElementsOf(all);
    }

    // ---- delete

    @Test
    void deleteBatchIgnoresMissingKeys() {
        store.put("d/a", bytes("a"));
        store.put("d/b", bytes("b"));
        store.put("d/c", bytes("c"));
        store.delete(List.of("d/a", "d/missing", "nowhere/at/all", "d/c"));
        assertThat(keys("d/")).containsExactly("d/b");
        assertThatThrownBy(() -> store.get("d/a")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(store.stat("d/c")).isEmpty();
        store.delete(List.of("d/a", "d/c"));
        store.delete(List.of());
        assertThat(keys("")).containsExactly("d/b");
    }

    // ---- stat

    @Test
    void statReportsSizeTimeAndEtag() {
        long before = System.currentTimeMillis();
        store.put("s/obj", sequence(1234));
        long after = System.currentTimeMillis();
        Optional<ObjectInfo> info = store.stat("s/obj");
        assertThat(info).isPresent();
        assertThat(info.get().key()).isEqualTo("s/obj");
        assertThat(info.get().size()).isEqualTo(1234);
        assertThat(info.get().lastModifiedMillis())
                .isBetween(before - mtimeToleranceMillis(), after + mtimeToleranceMillis());
        assertThat(info.get().etag()).isNotBlank();
        assertThat(store.stat("s/obj").orElseThrow().etag()).as("stable while unchanged").isEqualTo(info.get().etag());
    }

    // ---- files

    @Test
    void putFileAndGetToFile() throws Exception {
        byte[] data = new byte[largeFileSize()];
        new Random(7).nextBytes(data);
        Path src = localDir.resolve("src.bin");
        Files.write(src, data);
        store.putFile("files/big.bin", src);
        assertThat(store.stat("files/big.bin")).get().extracting(ObjectInfo::size).isEqualTo((long) data.length);
        assertThat(store.get("files/big.bin", 1_000_000, 16))
                .isEqualTo(Arrays.copyOfRange(data, 1_000_000, 1_000_016));

        Path dst = localDir.resolve("dst.bin");
        store.getToFile("files/big.bin", dst);
        assertThat(Files.readAllBytes(dst)).isEqualTo(data);

        // getToFile replaces an existing, longer local file entirely
        store.put("files/small", bytes("small"));
        store.getToFile("files/small", dst);
        assertThat(Files.readAllBytes(dst)).isEqualTo(bytes("small"));

        // putFile replaces an existing object
        Files.write(src, bytes("replaced"));
        store.putFile("files/big.bin", src);
        assertThat(store.get("files/big.bin")).isEqualTo(bytes("replaced"));
        assertThat(src).exists(); // the source stays
    }

    @Test
    void putFileOfAMissingLocalFileFailsWithoutCreatingTheObject() {
        Throwable e = catchThrowable(() -> store.putFile("files/x", localDir.resolve("no-such-file")));
        assertThat(e).isNotNull().isNotInstanceOf(ObjectNotFoundException.class);
        assertThat(e).isInstanceOfAny(StorageException.class, java.io.UncheckedIOException.class);
        assertThat(store.stat("files/x")).isEmpty();
        assertThat(keys("")).isEmpty();
    }

    // ---- keys

    @Test
    void keysThatEscapeTheRootAreRefused() {
        List<String> bad = List.of("../x", "a/../../x", "a/../b", "/abs", "./x", "a/./b", "a/..", "", "a\\b");
        for (String key : bad) {
            for (var op : List.<Runnable>of(
                    () -> store.get(key),
                    () -> store.get(key, 0, 1),
                    () -> store.put(key, bytes("x")),
                    () -> store.putIfAbsent(key, bytes("x")),
                    () -> store.stat(key),
                    () -> store.delete(List.of(key)),
                    () -> store.getToFile(key, localDir.resolve("out")),
                    () -> store.putFile(key, writeLocal("in", "x")))) {
                assertThatThrownBy(op::run).as("key '%s'", key).isInstanceOf(IllegalArgumentException.class);
            }
        }
        for (String prefix : List.of("../", "a/../../", "/")) {
            Throwable e = catchThrowable(() -> store.list(prefix, null, 10));
            if (e == null) {
                assertThat(store.list(prefix, null, 10).objects()).as("prefix '%s'", prefix).isEmpty();
            } else {
                assertThat(e).isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThat(keys("")).isEmpty();
    }

    @Test
    void unusualButValidKeys() {
        List<String> odd = List.of("a/.hidden", "a/..dots", "a/b..", "x=1/y%2F=z/f name (1).parquet",
                "\u00fcml\u00e4ut/\u6570\u636e/\ud83e\uddca.json");
        for (String k : odd) {
            store.put(k, bytes(k));
        }
        for (String k : odd) {
            assertThat(store.get(k)).isEqualTo(bytes(k));
        }
        assertThat(keys("")).containsExactlyInAnyOrderElementsOf(odd);
        if (prefixesAreLiteral()) {
            assertThat(keys("a/.")).containsExactly("a/..dots", "a/.hidden");
        }
    }

    private Path writeLocal(String name, String content) {
        try {
            return Files.write(localDir.resolve(name), bytes(content));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
