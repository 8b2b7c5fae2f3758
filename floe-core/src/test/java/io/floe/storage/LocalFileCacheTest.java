package io.floe.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalFileCacheTest {

    /** A remote-like store: no local paths, and it counts downloads. */
    static final class CountingStore extends ForwardingStore {
        final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
        volatile long delayMillis;

        CountingStore(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public void getToFile(String key, Path localFile) {
            downloads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.getToFile(key, localFile);
        }

        int downloads(String key) {
            AtomicInteger n = downloads.get(key);
            return n == null ? 0 : n.get();
        }
    }

    /** Delegates everything except localPath, which stays empty as for a remote store. */
    static class ForwardingStore implements ObjectStore {
        private final ObjectStore d;

        ForwardingStore(ObjectStore d) {
            this.d = d;
        }

        public String uri() { return d.uri(); }
        public byte[] get(String key) { return d.get(key); }
        public byte[] get(String key, long offset, int length) { return d.get(key, offset, length); }
        public void put(String key, byte[] data) { d.put(key, data); }
        public boolean putIfAbsent(String key, byte[] data) { return d.putIfAbsent(key, data); }
        public void putFile(String key, Path localFile) { d.putFile(key, localFile); }
        public void getToFile(String key, Path localFile) { d.getToFile(key, localFile); }
        public ListPage list(String prefix, String startAfter, int maxKeys) { return d.list(prefix, startAfter, maxKeys); }
        public void delete(java.util.Collection<String> keys) { d.delete(keys); }
        public Optional<ObjectInfo> stat(String key) { return d.stat(key); }
    }

    private static final class ManualClock extends Clock {
        final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        void advance(long ms) {
            millis.addAndGet(ms);
        }
    }

    /** A store of {@code n} objects of 1,000 bytes: 0.parquet, 1.parquet, … */
    static CountingStore storeOf(int n) {
        CountingStore store = store("memory://a/");
        for (int i = 0; i < n; i++) {
            store.put(i + ".parquet", content("k" + i, 1000));
        }
        return store;
    }

    static byte[] content(String key, int size) {
        byte[] b = new byte[size];
        byte[] name = key.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
            b[i] = name[i % name.length];
        }
        return b;
    }

    private static CountingStore store(String uri) {
        return new CountingStore(new InMemoryObjectStore(uri));
    }

    @Test
    void downloadsOnceThenServesTheCopy(@TempDir Path dir) throws Exception {
        CountingStore store = store("memory://a/");
        store.put("t/part-0.parquet", content("p0", 5000));
        LocalFileCache cache = new LocalFileCache(dir, 1 << 20);

        Path first = cache.fetch(store, "t/part-0.parquet");
        Path second = cache.fetch(store, "t/part-0.parquet");

        assertThat(second).isEqualTo(first);
        assertThat(first.getParent()).isEqualTo(dir.toAbsolutePath().normalize());
        assertThat(first.getFileName().toString()).endsWith(".parquet"); // DuckDB and humans see the type
        assertThat(Files.readAllBytes(first)).isEqualTo(content("p0", 5000));
        assertThat(store.downloads("t/part-0.parquet")).isEqualTo(1);
        assertThat(cache.stats()).isEqualTo(new LocalFileCache.Stats(1, 1, 5000, 0, 0));
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1); // no temporary file left behind
        }
    }

    @Test
    void entriesAreKeyedByStoreAndKey(@TempDir Path dir) throws Exception {
        CountingStore a = store("memory://a/");
        CountingStore b = store("memory://b/");
        a.put("x.parquet", content("from-a", 100));
        b.put("x.parquet", content("from-b", 100));
        LocalFileCache cache = new LocalFileCache(dir, 1 << 20);

        assertThat(Files.readAllBytes(cache.fetch(a, "x.parquet"))).isEqualTo(content("from-a", 100));
        assertThat(Files.readAllBytes(cache.fetch(b, "x.parquet"))).isEqualTo(content("from-b", 100));
        // the object's full URI is the identity: a store rooted lower in the same bucket shares the entry
        assertThat(LocalFileCache.entryName("s3://bkt/wh/", "t/f.parquet"))
                .isEqualTo(LocalFileCache.entryName("s3://bkt/", "wh/t/f.parquet"))
                .isNotEqualTo(LocalFileCache.entryName("s3://other/", "wh/t/f.parquet"));
    }

    @Test
    void aStoreWithLocalFilesIsReadInPlace(@TempDir Path dir) throws Exception {
        LocalObjectStore local = new LocalObjectStore(dir.resolve("store"));
        local.put("t/a.parquet", content("a", 10));
        LocalFileCache cache = new LocalFileCache(dir.resolve("cache"), 1 << 20);

        assertThat(cache.fetch(local, "t/a.parquet")).isEqualTo(local.localPath("t/a.parquet").orElseThrow());
        assertThatThrownBy(() -> cache.fetch(local, "t/missing.parquet")).isInstanceOf(ObjectNotFoundException.class);
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMissingObjectFailsAndLeavesNothing(@TempDir Path dir) throws Exception {
        CountingStore store = store("memory://a/");
        LocalFileCache cache = new LocalFileCache(dir, 1 << 20);

        assertThatThrownBy(() -> cache.fetch(store, "nope.parquet")).isInstanceOf(ObjectNotFoundException.class);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedBytes(@TempDir Path dir) throws Exception {
        CountingStore store = store("memory://a/");
        for (String k : List.of("a", "b", "c", "d")) {
            store.put(k + ".parquet", content(k, 1000));
        }
        ManualClock clock = new ManualClock();
        LocalFileCache cache = new LocalFileCache(dir, 3000, Duration.ZERO, clock);

        Path a = cache.fetch(store, "a.parquet");
        clock.advance(1000);
        Path b = cache.fetch(store, "b.parquet");
        clock.advance(1000);
        Path c = cache.fetch(store, "c.parquet");
        clock.advance(1000);
        cache.fetch(store, "a.parquet"); // a is now more recent than b and c
        clock.advance(1000);
        Path d = cache.fetch(store, "d.parquet"); // 4000 > 3000: trim to 2700, dropping b then c

        assertThat(Files.exists(b)).isFalse();
        assertThat(Files.exists(c)).isFalse();
        assertThat(Files.exists(a)).isTrue();
        assertThat(Files.exists(d)).isTrue();
        assertThat(cache.sizeBytes()).isEqualTo(2000);
        assertThat(cache.stats().evictedFiles()).isEqualTo(2);
        assertThat(cache.stats().evictedBytes()).isEqualTo(2000);

        cache.fetch(store, "b.parquet"); // gone from the cache: downloaded again
        assertThat(store.downloads("b.parquet")).isEqualTo(2);
        assertThat(store.downloads("a.parquet")).isEqualTo(1);
    }

    @Test
    void filesInUseWithinTheGracePeriodAreNotEvicted(@TempDir Path dir) throws Exception {
        CountingStore store = store("memory://a/");
        for (String k : List.of("a", "b", "c")) {
            store.put(k + ".parquet", content(k, 1000));
        }
        ManualClock clock = new ManualClock();
        LocalFileCache cache = new LocalFileCache(dir, 1500, Duration.ofSeconds(60), clock);

        Path a = cache.fetch(store, "a.parquet");
        Path b = cache.fetch(store, "b.parquet"); // over budget, but a was just handed out
        assertThat(Files.exists(a)).isTrue();
        assertThat(Files.exists(b)).isTrue();

        clock.advance(61_000);
        Path c = cache.fetch(store, "c.parquet"); // a and b are out of their grace period now
        assertThat(Files.exists(a)).isFalse();
        assertThat(Files.exists(b)).isFalse();
        assertThat(Files.exists(c)).isTrue();
    }

    @Test
    void anEntryLargerThanTheBudgetIsStillHandedOut(@TempDir Path dir) throws Exception {
        CountingStore store = store("memory://a/");
        store.put("small.parquet", content("s", 100));
        store.put("huge.parquet", content("h", 5000));
        ManualClock clock = new ManualClock();
        LocalFileCache cache = new LocalFileCache(dir, 1000, Duration.ZERO, clock);

        Path small = cache.fetch(store, "small.parquet");
        clock.advance(10);
        Path huge = cache.fetch(store, "huge.parquet");

        assertThat(huge).exists(); // the caller is about to read it
        assertThat(Files.readAllBytes(huge)).isEqualTo(content("h", 5000));
        assertThat(small).doesNotExist();
    }

    @Test
    void toleratesEntriesDeletedByAnotherProcess(@TempDir Path dir) throws Exception {
        CountingStore store = storeOf(5);
        ManualClock clock = new ManualClock();
        LocalFileCache cache = new LocalFileCache(dir, 10_000, Duration.ZERO, clock);
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            paths.add(cache.fetch(store, i + ".parquet"));
            clock.advance(10);
        }
        // another process (or an operator) removes entries behind this instance's back
        Files.delete(paths.get(0));
        Files.delete(paths.get(3));

        assertThat(Files.readAllBytes(cache.fetch(store, "0.parquet"))).isEqualTo(content("k0", 1000));
        assertThat(store.downloads("0.parquet")).isEqualTo(2);
        cache.trim(); // under budget: nothing to do, and no complaint about the missing files
        assertThat(cache.sizeBytes()).isEqualTo(4000);
    }

    @Test
    void anotherInstanceOnTheSameDirectorySharesEntriesAndBudget(@TempDir Path dir) throws Exception {
        CountingStore store = storeOf(6);
        ManualClock clock = new ManualClock();
        LocalFileCache one = new LocalFileCache(dir, 4000, Duration.ZERO, clock);
        for (int i = 0; i < 3; i++) {
            one.fetch(store, i + ".parquet");
            clock.advance(10);
        }
        LocalFileCache two = new LocalFileCache(dir, 4000, Duration.ZERO, clock); // as if in another process
        assertThat(two.fetch(store, "0.parquet")).isEqualTo(one.fetch(store, "0.parquet"));
        assertThat(store.downloads("0.parquet")).isEqualTo(1);
        clock.advance(10);
        two.fetch(store, "3.parquet");
        clock.advance(10);
        two.fetch(store, "4.parquet"); // 5000 > 4000: two evicts what one fetched longest ago (1, then 2)

        assertThat(one.sizeBytes()).isEqualTo(3000);
        assertThat(Files.exists(dir.resolve(LocalFileCache.entryName(store.uri(), "1.parquet")))).isFalse();
        assertThat(Files.exists(dir.resolve(LocalFileCache.entryName(store.uri(), "0.parquet")))).isTrue();
    }

    /**
     * Opening a cache does not read its directory (a process on a local warehouse never fetches, and a big shared cache
     * made every Floe.open stat each entry); the first fetch counts what other processes left there, so the budget
     * still holds from that fetch on.
     */
    @Test
    void theDirectoryIsCountedOnTheFirstFetchNotWhenOpened(@TempDir Path dir) throws Exception {
        CountingStore store = storeOf(5);
        ManualClock clock = new ManualClock();
        LocalFileCache earlier = new LocalFileCache(dir, 1 << 20, Duration.ZERO, clock);
        for (int i = 0; i < 4; i++) {
            earlier.fetch(store, i + ".parquet");
            clock.advance(10);
        }
        Path stale = Files.write(dir.resolve(".dl-dead-process.parquet"), new byte[100]);
        Files.setLastModifiedTime(stale, FileTime.from(clock.instant().minus(Duration.ofHours(2))));

        LocalFileCache opened = new LocalFileCache(dir, 3000, Duration.ZERO, clock);
        assertThat(stale).as("opening scans nothing").exists();

        opened.fetch(store, "4.parquet"); // 4,000 bytes were there already: with this one over budget, it trims
        assertThat(stale).doesNotExist();
        assertThat(opened.sizeBytes()).isLessThanOrEqualTo(3000);
        assertThat(opened.stats().evictedFiles()).isEqualTo(3);
    }

    @Test
    void removesTemporaryFilesOfDeadDownloads(@TempDir Path dir) throws Exception {
        Path stale = Files.write(dir.resolve(".dl-dead-process.parquet"), new byte[100]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = Files.write(dir.resolve(".dl-in-progress.parquet"), new byte[100]);

        LocalFileCache cache = new LocalFileCache(dir, 1000);
        cache.trim();

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists(); // another process may still be writing it
        assertThat(cache.sizeBytes()).isZero(); // temporary files are not entries
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void concurrentFetchesOfOneKeyDownloadOnce(@TempDir Path dir) throws Exception {
        CountingStore store = store("memory://a/");
        store.put("big.parquet", content("big", 200_000));
        store.delayMillis = 200; // keep the download in flight while the others arrive
        LocalFileCache cache = new LocalFileCache(dir, 10 << 20);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.fetch(store, "big.parquet");
                }));
            }
            start.countDown();
            for (Future<Path> f : results) {
                assertThat(Files.readAllBytes(f.get())).isEqualTo(content("big", 200_000));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.downloads("big.parquet")).isEqualTo(1);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void manyThreadsOverASmallBudgetAlwaysReadCompleteFiles(@TempDir Path dir) throws Exception {
        CountingStore store = store("memory://a/");
        int keys = 40;
        for (int i = 0; i < keys; i++) {
            store.put("f" + i + ".parquet", content("f" + i, 10_000 + i));
        }
        // room for ~5 of 40 files, and a grace long enough to cover "fetch, then read" on a busy machine
        LocalFileCache cache = new LocalFileCache(dir, 50_000, Duration.ofMillis(200), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    for (int n = 0; n < 150; n++) {
                        int i = (n / 4 + seed) % keys; // a window of hot keys that moves on, so that old ones cool down
                        Path p = cache.fetch(store, "f" + i + ".parquet");
                        assertThat(Files.readAllBytes(p)).isEqualTo(content("f" + i, 10_000 + i));
                        Thread.sleep(5); // so that the run outlasts the grace period and entries get evicted under load
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.stats().evictedFiles()).isPositive();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(".dl-"))).isEmpty();
        }
        // once the grace period no longer protects them, a trim brings the directory within budget
        LocalFileCache later = new LocalFileCache(dir, 50_000, Duration.ZERO, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10)));
        later.trim();
        assertThat(later.sizeBytes()).isLessThanOrEqualTo(50_000);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void processesSharingTheDirectoryReadCompleteFilesAndStayWithinBudget(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Path cacheDir = dir.resolve("cache");
        LocalObjectStore origin = new LocalObjectStore(src);
        for (int i = 0; i < Worker.KEYS; i++) {
            origin.put(Worker.key(i), content(Worker.key(i), Worker.size(i)));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        try {
            for (int w = 0; w < 3; w++) {
                processes.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                        Worker.class.getName(), src.toString(), cacheDir.toString(), String.valueOf(w))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("out-" + w).toFile()).start());
            }
            for (int w = 0; w < processes.size(); w++) {
                assertThat(processes.get(w).waitFor(45, TimeUnit.SECONDS)).as("worker %d finished", w).isTrue();
                assertThat(processes.get(w).exitValue()).as("worker %d: %s", w, Files.readString(dir.resolve("out-" + w))).isZero();
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        long evicted = 0;
        for (int w = 0; w < processes.size(); w++) {
            evicted += Long.parseLong(Files.readString(dir.resolve("out-" + w)).trim().split(" ")[1]);
        }
        assertThat(evicted).as("entries evicted by the processes").isPositive();
        try (var files = Files.list(cacheDir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(".dl-"))).isEmpty();
        }
        LocalFileCache after = new LocalFileCache(cacheDir, Worker.BUDGET, Duration.ZERO,
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10)));
        after.trim();
        assertThat(after.sizeBytes()).isLessThanOrEqualTo(Worker.BUDGET);
    }

    /**
     * One process of the multi-process test: fetches keys of a directory store through a remote-like
     * view into a shared cache with a small budget and checks every byte it reads. Exits 1 on a mismatch.
     */
    public static final class Worker {
        static final int KEYS = 30;
        static final long BUDGET = 120_000;

        static String key(int i) {
            return "t/part-" + i + ".parquet";
        }

        static int size(int i) {
            return 20_000 + 97 * i;
        }

        public static void main(String[] args) throws Exception {
            ObjectStore store = new ForwardingStore(new LocalObjectStore(Path.of(args[0])));
            LocalFileCache cache = new LocalFileCache(Path.of(args[1]), BUDGET, Duration.ofMillis(300), Clock.systemUTC());
            int w = Integer.parseInt(args[2]);
            for (int n = 0; n < 150; n++) {
                int i = (n / 5 + w * 3) % KEYS; // a moving window of hot keys, so that entries cool down and get evicted
                byte[] got = Files.readAllBytes(cache.fetch(store, key(i)));
                if (!Arrays.equals(got, content(key(i), size(i)))) {
                    System.out.println("MISMATCH " + key(i) + " " + got.length);
                    System.exit(1);
                }
                Thread.sleep(5); // outlast the grace period, so that the processes evict each other's entries
            }
            System.out.println("OK " + cache.stats().evictedFiles());
        }
    }
}
