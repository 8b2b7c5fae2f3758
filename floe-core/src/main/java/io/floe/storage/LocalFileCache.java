package io.floe.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A size-bounded local directory of copies of remote data files, for engines that can only read
 * local files (DuckDB here). Entries are keyed by store URI and key; data files are immutable, so an
 * entry never goes stale and is never revalidated. Do not cache log or metadata files, whose keys can
 * be recreated with new content by maintenance (callers read those from the store directly).
 *
 * <p>Several threads and several processes may share one directory. A download goes to a temporary
 * name and is published by an atomic rename, so a cached file is always complete; processes that
 * race on one entry download it twice and the renames publish identical bytes. Recency is the file's
 * modification time (set on every fetch), which all processes see, so eviction is LRU by bytes across
 * the processes: when this instance's running estimate passes the budget it scans the directory and
 * deletes the least recently used files down to 90% of the budget. A file fetched within the
 * {@code grace} period is never evicted, because the caller that got its path may not have opened it
 * yet (once open, a deleted file stays readable on POSIX systems); the budget can therefore be
 * exceeded for a while by files in use, and by a single entry larger than the budget.
 */
public final class LocalFileCache {
    private static final String TEMP_PREFIX = ".dl-";
    /** A temporary file this old belongs to a download that died with its process. */
    private static final Duration ORPHAN_TEMP_AGE = Duration.ofHours(1);

    /** Counters since this instance was created (this process only). */
    public record Stats(long hits, long misses, long downloadedBytes, long evictedFiles, long evictedBytes) {
    }

    private final Path dir;
    private final long maxBytes;
    private final long lowWatermark;
    private final Duration grace;
    private final Clock clock;

    // One download per entry in this process; the other threads wait for it.
    private final ConcurrentHashMap<String, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();
    private final ReentrantLock trimming = new ReentrantLock();
    // Bytes believed to be in the directory; exact after each scan, then grows with our own downloads.
    private final AtomicLong estimatedBytes = new AtomicLong();
    private volatile boolean counted;
    // When a trim was held up by entries in their grace period: no use scanning again before the first one expires.
    private volatile long nextTrimMillis;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong downloaded = new AtomicLong();
    private final AtomicLong evictedFiles = new AtomicLong();
    private final AtomicLong evictedBytes = new AtomicLong();

    /** A cache of at most {@code maxBytes} (soft, see class doc) in {@code dir}, with a 60 s grace period. */
    public LocalFileCache(Path dir, long maxBytes) {
        this(dir, maxBytes, Duration.ofSeconds(60), Clock.systemUTC());
    }

    public LocalFileCache(Path dir, long maxBytes, Duration grace, Clock clock) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache size must be positive: " + maxBytes);
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.lowWatermark = maxBytes - maxBytes / 10; // trim a little below the budget so that trims are rare
        this.grace = grace;
        this.clock = clock;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new StorageException("cannot create cache directory " + this.dir + ": " + e, e);
        }
    }

    /**
     * Counts the bytes already in the directory, once, on the first fetch that may use it: not when the cache is
     * opened, since a process that never reads a remote file (a local warehouse) would otherwise stat every entry of a
     * large shared cache at start-up (33,000 entries: ~20 MB of garbage and most of the time Floe.open took).
     */
    private void countOnce() {
        if (counted) {
            return;
        }
        synchronized (this) {
            if (!counted) {
                estimatedBytes.set(scan().stream().mapToLong(CachedFile::size).sum());
                counted = true;
            }
        }
    }

    /** Default size of the shared cache: 10 GiB. */
    public static final long DEFAULT_MAX_BYTES = 10L << 30;

    /**
     * The machine's shared cache as configured: option {@code cache.dir} (else system property {@code floe.cache.dir},
     * else environment {@code FLOE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/floe} or {@code ~/.cache/floe}), sized by
     * {@code cache.max-bytes} / {@code floe.cache.max-bytes} / {@code FLOE_CACHE_MAX_BYTES} (default 10 GiB). Empty when
     * the directory is {@code none} (each process then keeps its own copies in its scratch space, removed on exit).
     */
    public static Optional<LocalFileCache> configured(java.util.Map<String, String> options) {
        String dir = first(options.get("cache.dir"), System.getProperty("floe.cache.dir"), System.getenv("FLOE_CACHE_DIR"));
        if (dir == null) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            dir = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("floe").toString();
        }
        if (dir.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        String size = first(options.get("cache.max-bytes"), System.getProperty("floe.cache.max-bytes"), System.getenv("FLOE_CACHE_MAX_BYTES"));
        long max;
        try {
            max = size == null ? DEFAULT_MAX_BYTES : Long.parseLong(size.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cache.max-bytes must be a number of bytes, not '" + size + "'");
        }
        try {
            return Optional.of(new LocalFileCache(Files.createDirectories(Path.of(dir)), max));
        } catch (IOException e) {
            throw new StorageException("cannot create the cache directory " + dir + " (set cache.dir or FLOE_CACHE_DIR, or 'none'): " + e, e);
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    public Path dir() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * A local file with the bytes of {@code key}: the store's own file when it has one
     * ({@link ObjectStore#localPath}), else a cached copy, downloaded on a miss. The path stays valid
     * for at least the grace period; read it promptly.
     *
     * @throws ObjectNotFoundException if the object does not exist
     */
    public Path fetch(ObjectStore store, String key) {
        Optional<Path> direct = store.localPath(key);
        if (direct.isPresent()) {
            if (!Files.isRegularFile(direct.get())) {
                throw new ObjectNotFoundException(store.uri(), key);
            }
            return direct.get();
        }
        countOnce();
        String name = entryName(store.uri(), key);
        Path target = dir.resolve(name);
        if (touch(target)) {
            hits.incrementAndGet();
            trimIfDue(target);
            return target;
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = inFlight.putIfAbsent(name, mine);
        if (running != null) {
            return await(running, store, key);
        }
        try {
            // another thread may have finished this entry between our touch and putIfAbsent
            if (touch(target)) {
                hits.incrementAndGet();
            } else {
                misses.incrementAndGet();
                download(store, key, target);
            }
            mine.complete(target);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(name, mine);
        }
        trimIfDue(target);
        return target;
    }

    private void trimIfDue(Path keep) {
        if (estimatedBytes.get() > maxBytes && clock.millis() >= nextTrimMillis) {
            trim(keep);
        }
    }

    private static Path await(CompletableFuture<Path> running, ObjectStore store, String key) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for " + store.uri() + key + " to download", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re; // the same failure the downloading thread saw (e.g. ObjectNotFoundException)
            }
            throw new StorageException("download of " + store.uri() + key + " failed: " + e.getCause(), e.getCause());
        }
    }

    private void download(ObjectStore store, String key, Path target) {
        Path tmp = dir.resolve(TEMP_PREFIX + UUID.randomUUID() + "-" + target.getFileName());
        try {
            store.getToFile(key, tmp);
            long size = Files.size(tmp);
            Files.setLastModifiedTime(tmp, FileTime.fromMillis(clock.millis()));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new StorageException("cache directory " + dir + " does not support atomic renames", e);
            }
            downloaded.addAndGet(size);
            estimatedBytes.addAndGet(size);
        } catch (IOException e) {
            throw new StorageException("cannot cache " + store.uri() + key + " in " + dir + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover temp file is removed by a later trim once it is old
            }
        }
    }

    /** Marks an entry as just used; false if it is not (or no longer) in the directory. */
    private boolean touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.fromMillis(clock.millis()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // e.g. a file of another user: still usable, only its recency is not updated
            return Files.isRegularFile(p);
        }
    }

    /**
     * Deletes least recently used entries (of every process sharing the directory) until the
     * directory holds at most 90% of the budget, sparing those used within the grace period,
     * and removes temporary files abandoned by dead downloads. Runs at most once at a time per instance.
     */
    public void trim() {
        trim(null);
    }

    /** {@code keep}: the entry about to be handed out, spared even when it alone is over the budget. */
    private void trim(Path keep) {
        if (!trimming.tryLock()) {
            return; // another thread is trimming; one pass is enough
        }
        try {
            List<CachedFile> files = scan();
            long total = files.stream().mapToLong(CachedFile::size).sum();
            long protectedAfter = clock.millis() - grace.toMillis();
            files.sort(Comparator.comparingLong(CachedFile::lastUsed));
            long firstProtected = Long.MAX_VALUE; // the use time of the oldest entry spared for its grace period
            for (CachedFile f : files) {
                if (total <= lowWatermark) {
                    break;
                }
                if (f.path().equals(keep)) {
                    continue;
                }
                if (f.lastUsed() > protectedAfter) {
                    firstProtected = Math.min(firstProtected, f.lastUsed());
                    break; // the rest are newer still
                }
                try {
                    // a fetch may have used it since the scan: look again right before deleting
                    long used = Files.getLastModifiedTime(f.path()).toMillis();
                    if (used > protectedAfter) {
                        firstProtected = Math.min(firstProtected, used);
                        continue;
                    }
                    if (Files.deleteIfExists(f.path())) {
                        evictedFiles.incrementAndGet();
                        evictedBytes.addAndGet(f.size());
                    }
                    total -= f.size(); // also when another process deleted it first
                } catch (NoSuchFileException e) {
                    total -= f.size(); // another process evicted it first
                } catch (IOException e) {
                    // e.g. open elsewhere on a filesystem that forbids it: skip this one
                }
            }
            estimatedBytes.set(total);
            counted = true;
            // Still over budget (entries in use, or one entry larger than the budget): scanning again before
            // anything can have changed would only cost every fetch a directory scan.
            nextTrimMillis = total <= maxBytes ? 0
                    : firstProtected != Long.MAX_VALUE ? firstProtected + grace.toMillis() + 1
                    : clock.millis() + Math.max(grace.toMillis(), 1000);
        } finally {
            trimming.unlock();
        }
    }

    private record CachedFile(Path path, long size, long lastUsed) {
    }

    /** The complete entries now in the directory; removes abandoned temporary files on the way. */
    private List<CachedFile> scan() {
        List<CachedFile> out = new ArrayList<>();
        long now = clock.millis();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue; // evicted or published by another process meanwhile
                }
                if (!a.isRegularFile()) {
                    continue;
                }
                long mtime = a.lastModifiedTime().toMillis();
                // entries are hex names; a leading dot marks a download in progress (ours, or the store's own temp file)
                if (p.getFileName().toString().startsWith(".")) {
                    if (now - mtime > ORPHAN_TEMP_AGE.toMillis()) {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException ignored) {
                            // someone else's file we may not delete; it does not count against the budget
                        }
                    }
                    continue;
                }
                out.add(new CachedFile(p, a.size(), mtime));
            }
        } catch (IOException e) {
            throw new StorageException("cannot scan cache directory " + dir + ": " + e, e);
        }
        return out;
    }

    /** Bytes of complete entries now in the directory (all processes). */
    public long sizeBytes() {
        return scan().stream().mapToLong(CachedFile::size).sum();
    }

    public Stats stats() {
        return new Stats(hits.get(), misses.get(), downloaded.get(), evictedFiles.get(), evictedBytes.get());
    }

    /**
     * The file name of an entry: a hash of the store URI and key (fixed length, no path characters),
     * keeping the key's extension so that tools that look at it (".parquet") still recognize the file.
     */
    static String entryName(String storeUri, String key) {
        String ext = "";
        String last = key.substring(key.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        if (dot > 0 && last.length() - dot <= 12 && last.substring(dot + 1).matches("[A-Za-z0-9]+")) {
            ext = last.substring(dot);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // the object's full URI: stores rooted at different prefixes of one bucket share entries
            sha.update((storeUri + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 20) + ext;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }

    @Override
    public String toString() {
        return "LocalFileCache[" + dir + ", max " + maxBytes + " bytes]";
    }
}
