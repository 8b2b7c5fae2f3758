package io.floe.delta;

import io.floe.storage.TablePaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.floe.dataplane.DataPlane;
import io.floe.delta.actions.Action;
import io.floe.delta.actions.CommitInfo;
import io.floe.delta.actions.Sidecar;
import io.floe.storage.ObjectInfo;
import io.floe.storage.ObjectNotFoundException;
import io.floe.storage.ObjectStore;
import io.floe.storage.TemporaryCopy;
import io.floe.table.CorruptTableException;
import io.floe.table.TableNotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The transaction log of one Delta table: finds the files of a version, replays them into a
 * {@link DeltaSnapshot} (from the newest usable checkpoint plus later commits), lists history, and
 * writes commits and checkpoints. Data I/O (Parquet checkpoints) goes through the {@link DataPlane}.
 */
public final class DeltaLog {
    static final System.Logger LOG = System.getLogger(DeltaLog.class.getName());

    /** Log and checkpoint files are fetched in parallel: serial reads made planning slow elsewhere. */
    static final ExecutorService IO = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "floe-log-io");
        t.setDaemon(true);
        return t;
    });

    static final List<String> CHECKPOINT_COLUMNS = List.of("txn", "add", "remove", "metaData", "protocol",
            "domainMetadata", "checkpointMetadata", "sidecar");

    private final ObjectStore store;
    private final String tablePrefix;
    private final String logPrefix;
    private final DataPlane dataPlane;
    private volatile DeltaSnapshot latest; // cache for incremental updates

    /**
     * @param tablePrefix the table root as a key prefix in {@code store}: "" for the store root, else ending with '/'
     */
    public DeltaLog(ObjectStore store, String tablePrefix, DataPlane dataPlane) {
        if (!tablePrefix.isEmpty() && !tablePrefix.endsWith("/")) {
            tablePrefix = tablePrefix + "/";
        }
        this.store = store;
        this.tablePrefix = tablePrefix;
        this.logPrefix = tablePrefix + "_delta_log/";
        this.dataPlane = dataPlane;
    }

    public ObjectStore store() {
        return store;
    }

    public String tablePrefix() {
        return tablePrefix;
    }

    public String logPrefix() {
        return logPrefix;
    }

    public DataPlane dataPlane() {
        return dataPlane;
    }

    public String tableUri() {
        return store.uri() + tablePrefix;
    }

    /** Whether any commit or checkpoint exists. */
    public boolean exists() {
        if (latest != null) {
            return true; // tables are never un-created: DROP removes the catalog name, then the files
        }
        // Nearly every table still has its first commit: one stat answers without reading the log directory, which
        // on a local disk means every entry of a long log (~5 ms at 10,000 commits), however few keys a listing keeps.
        if (store.stat(logPrefix + LogFile.commitName(0)).isPresent()) {
            return true;
        }
        // Log cleanup removed it. Versioned log files are zero-padded, so they start with '0'; asking for that prefix
        // skips the hidden checksum files Hadoop writes (".00000000000000000000.json.crc"), which sort first. A few keys
        // then tell.
        return store.list(logPrefix + "0", null, 16).objects().stream()
                .anyMatch(o -> LogFile.parse(o.key(), o.size(), o.lastModifiedMillis())
                        .filter(f -> f.kind() == LogFile.Kind.COMMIT || f.isCheckpoint()).isPresent());
    }

    // ---------------------------------------------------------------- listing

    /** The log's commit and checkpoint files with version ≥ fromVersion, ascending. */
    List<LogFile> listFrom(long fromVersion) {
        String startAfter = fromVersion <= 0 ? null : logPrefix + String.format("%020d", fromVersion - 1) + "~";
        List<LogFile> out = new ArrayList<>();
        String after = startAfter;
        while (true) {
            var page = store.list(logPrefix, after, 1000);
            for (ObjectInfo o : page.objects()) {
                // only direct children of _delta_log/ (not _sidecars/ or _change_data/)
                if (o.key().indexOf('/', logPrefix.length()) >= 0) {
                    continue;
                }
                LogFile.parse(o.key(), o.size(), o.lastModifiedMillis())
                        .filter(f -> f.version() >= fromVersion && f.kind() != LogFile.Kind.CRC)
                        .ifPresent(out::add);
            }
            if (!page.truncated() || page.objects().isEmpty()) {
                break;
            }
            after = page.objects().get(page.objects().size() - 1).key();
        }
        out.sort(Comparator.comparingLong(LogFile::version).thenComparing(LogFile::key));
        return out;
    }

    /** The version _last_checkpoint points at, or -1 if it is missing or unreadable (it is only a hint). */
    long lastCheckpointHint() {
        try {
            JsonNode n = DeltaJson.MAPPER.readTree(store.get(logPrefix + "_last_checkpoint"));
            return n.path("version").asLong(-1);
        } catch (ObjectNotFoundException e) {
            return -1;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring unreadable _last_checkpoint of " + tableUri() + ": " + e);
            return -1;
        }
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * The latest version, reusing the cached snapshot and replaying only newer commits.
     *
     * <p>With a cached snapshot this never lists {@code _delta_log/}: a listing costs as much as the log is long on a
     * filesystem (a directory is read whole), so a commit at version 1,000,000 would cost far more than one at
     * version 10. Instead it reads the {@code _last_checkpoint} hint and probes the next commit keys one by one
     * ({@link #probeCommits}); each update then costs a number of calls set by how many commits are new, never by the
     * log's length. The log is listed only when probing cannot follow it (see {@link #updateByProbing}).
     */
    /** The newest snapshot this log has read, without asking the store; null before the first read. */
    DeltaSnapshot cachedLatest() {
        return latest;
    }

    public DeltaSnapshot update() {
        long started = System.currentTimeMillis();
        DeltaSnapshot cached = latest;
        if (cached != null) {
            DeltaSnapshot s = updateByProbing(cached, started);
            if (s == null) {
                s = updateByListing(cached);
            }
            if (s != null) {
                cacheLatest(s);
                verified = new Verified(s.version(), started);
                return s;
            }
        }
        DeltaSnapshot s = load(null);
        latest = s;
        verified = new Verified(s.version(), started);
        return s;
    }

    /** A version this log found to be the newest, and when it started looking. */
    private record Verified(long version, long atMillis) {
    }

    private volatile Verified verified;

    /**
     * The snapshot this process's commit of {@code version} made, built from the cached one by applying the actions it
     * wrote — no reading the log back (on S3: a listing probe, the hint and the commit file) — when the cached snapshot
     * is the version just before; null otherwise (the caller then refreshes). The commit was created by put-if-absent
     * after {@code attemptStartedMillis}, so no later version existed then.
     */
    DeltaSnapshot committed(long version, List<Action> actions, long committedAtMillis, long attemptStartedMillis) {
        DeltaSnapshot cached = latest;
        if (cached == null || cached.version() >= version) {
            return null;
        }
        // after a lost race: the winners' commits, which the rebase read through readTimedVersion, in order
        List<TimedCommit> between = new ArrayList<>();
        for (long v = cached.version() + 1; v < version; v++) {
            TimedCommit c = readCommits.get(v);
            if (c == null) {
                return null; // not all read here: the caller refreshes from the store
            }
            between.add(c);
        }
        Replay r = new Replay(cached);
        between.forEach(c -> c.actions().forEach(r::apply));
        actions.forEach(r::apply);
        long cp = cached.checkpointVersion();
        if (!between.isEmpty() && mayHaveCheckpointed(cached, version)) {
            long hint = lastCheckpointHint(); // a winner may have checkpointed: count it, as a refresh would
            cp = hint <= version ? Math.max(cp, hint) : cp;
        }
        long ts = r.metadata != null ? commitTimestamp(r.metadata, version, actions, committedAtMillis) : committedAtMillis;
        DeltaSnapshot s = r.build(version, ts, cp);
        cacheLatest(s);
        verified = new Verified(version, attemptStartedMillis);
        readCommits.headMap(version, true).clear();
        return s;
    }

    /** Whether a writer of a version after {@code cached}'s, before {@code version}, was due to write a checkpoint. */
    private static boolean mayHaveCheckpointed(DeltaSnapshot cached, long version) {
        int interval;
        try {
            interval = DeltaConfig.checkpointInterval(cached.metadata());
        } catch (RuntimeException e) {
            return true;
        }
        if (interval <= 0) {
            return false;
        }
        long firstDue = (cached.version() / interval + 1) * interval;
        return firstDue < version;
    }

    /**
     * Commits {@link #readTimedVersion} read lately (a transaction's rebase reads the winners' commits through it), so
     * that {@link #committed} can apply them instead of reading them from the store again. A commit file never changes
     * once written. Bounded: entries at or below a committed version are dropped, and the oldest beyond the cap.
     */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, TimedCommit> readCommits = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** Most commits {@link #readCommits} keeps. */
    static final int MAX_READ_COMMITS = 256;

    /** Tests: as if the cached snapshot was last found newest longer ago than the log retention. */
    void forgetVerification() {
        verified = null;
    }

    /**
     * Whether {@code cached} was found newest so recently that log cleanup cannot have removed a commit written after
     * it: cleanup deletes only commits older than the log retention, and any commit after the cached version was
     * written after that finding. Then "no next commit" needs no {@code _last_checkpoint} read to be trusted — on S3
     * an unchanged table costs one request per refresh, not two. Half the retention, at most ten minutes, leaves room
     * for clocks that disagree.
     */
    private boolean recentlyVerified(DeltaSnapshot cached, long now) {
        Verified v = verified;
        if (v == null || v.version() != cached.version()) {
            return false;
        }
        long window;
        try {
            window = Math.min(java.time.Duration.ofMinutes(10).toMillis(), DeltaConfig.logRetention(cached.properties()).toMillis() / 2);
        } catch (RuntimeException e) {
            return false; // an unreadable retention: do not guess
        }
        return now - v.atMillis() < window;
    }

    /**
     * The cached snapshot advanced by the commits that exist after it, found by reading their keys; null when the
     * log cannot be followed that way: no commit follows the cached version while {@code _last_checkpoint} names a
     * newer one. That happens when log cleanup deleted the commits after an old cached version — then trusting
     * "nothing new" would serve a stale table, and a writer would recreate a version that once existed.
     */
    private DeltaSnapshot updateByProbing(DeltaSnapshot cached, long now) {
        boolean recent = recentlyVerified(cached, now);
        long hint = recent ? -1 : lastCheckpointHint();
        NavigableMap<Long, ProbedCommit> probed = probeCommits(cached.version() + 1);
        NavigableMap<Long, LogFile> commits = new TreeMap<>();
        probed.forEach((v, p) -> commits.put(v, p.file()));
        if (commits.isEmpty()) {
            return hint > cached.version() ? null : cached;
        }
        if (recent) {
            hint = lastCheckpointHint(); // new commits: a checkpoint may have come with them
        }
        // a checkpoint another writer made since counts as this version's newest (readers would start there)
        long cp = hint <= commits.lastKey() ? Math.max(cached.checkpointVersion(), hint) : cached.checkpointVersion();
        return replay(new Replay(cached), commits, cached.version() + 1, commits.lastKey(), cp, v -> probed.get(v).actions());
    }

    /** The incremental update by listing the log after the cached version; null if it needs a full load. */
    private DeltaSnapshot updateByListing(DeltaSnapshot cached) {
        List<LogFile> newer = listFrom(cached.version() + 1);
        NavigableMap<Long, LogFile> commits = commitsOf(newer);
        if (commits.isEmpty()) {
            return cached;
        }
        if (commits.firstKey() != cached.version() + 1 || !isContiguous(commits)) {
            return null;
        }
        long cp = cached.checkpointVersion();
        for (LogFile f : newer) {
            if (f.isCheckpoint() && f.version() <= commits.lastKey()) {
                cp = Math.max(cp, f.version());
            }
        }
        return replay(new Replay(cached), commits, cached.version() + 1, commits.lastKey(), cp);
    }

    /** Most commit keys one probe round reads at once, in parallel (there are that many only when others wrote many). */
    static final int MAX_PROBE_BATCH = 16;

    /** A commit found by probing: its file, and its actions read by the same request. */
    record ProbedCommit(LogFile file, List<Action> actions) {
    }

    /**
     * The commits that exist from {@code from} on, contiguous, found by reading their keys: one at a time for the
     * first two (nothing new, or only this writer's own commit, is the common case: one or two reads), then rounds of
     * parallel reads of doubling size while every key exists, so that catching up on k commits by others takes about
     * log2(k) round trips rather than k. Each read brings the commit's content with its size and time (one GET on S3,
     * where a HEAD and then a GET for the replay were two requests per new commit); a missing key is one 404.
     */
    NavigableMap<Long, ProbedCommit> probeCommits(long from) {
        NavigableMap<Long, ProbedCommit> found = new TreeMap<>();
        long next = from;
        while (true) {
            int batch = found.size() < 2 ? 1 : Math.min(Integer.highestOneBit(found.size()), MAX_PROBE_BATCH);
            List<CompletableFuture<Optional<ObjectStore.StoredObject>>> reads = new ArrayList<>();
            for (long v = next; v < next + batch; v++) {
                String key = logPrefix + LogFile.commitName(v);
                reads.add(batch == 1 ? CompletableFuture.completedFuture(store.getIfPresent(key))
                        : CompletableFuture.supplyAsync(() -> store.getIfPresent(key), IO));
            }
            // every read of the round is awaited, so none is still running when the caller moves on
            List<Optional<ObjectStore.StoredObject>> objects = reads.stream().map(DeltaLog::join).toList();
            for (int i = 0; i < objects.size(); i++) {
                Optional<ObjectStore.StoredObject> o = objects.get(i);
                if (o.isEmpty()) {
                    return found; // later ones of this round, even if present, are not contiguous yet: next update
                }
                long v = next + i;
                LogFile f = new LogFile(logPrefix + LogFile.commitName(v), LogFile.Kind.COMMIT, v, 1, 1, o.get().info().size(),
                        o.get().info().lastModifiedMillis());
                found.put(v, new ProbedCommit(f, parseCommit(f, o.get().data())));
            }
            next += batch;
        }
    }

    /** The snapshot at exactly this version. @throws TableNotFoundException if the version does not exist */
    public DeltaSnapshot snapshotAt(long version) {
        DeltaSnapshot cached = latest;
        if (cached != null && cached.version() == version) {
            return cached;
        }
        return load(version);
    }

    /** The latest version committed at or before this time (millis). */
    public DeltaSnapshot snapshotAsOf(long timestampMillis) {
        return snapshotAt(versionAsOf(timestampMillis));
    }

    private static NavigableMap<Long, LogFile> commitsOf(List<LogFile> files) {
        NavigableMap<Long, LogFile> m = new TreeMap<>();
        files.stream().filter(f -> f.kind() == LogFile.Kind.COMMIT).forEach(f -> m.put(f.version(), f));
        return m;
    }

    private static boolean isContiguous(NavigableMap<Long, LogFile> commits) {
        return commits.isEmpty() || commits.lastKey() - commits.firstKey() + 1 == commits.size();
    }

    private DeltaSnapshot load(Long target) {
        long hint = target == null ? lastCheckpointHint() : -1;
        List<LogFile> files = listFrom(Math.max(hint, 0));
        if (hint > 0 && files.stream().noneMatch(f -> f.isCheckpoint() && f.version() == hint)) {
            files = listFrom(0); // stale or dangling hint: ignore it
        }
        if (files.isEmpty()) {
            throw new TableNotFoundException("no Delta table at " + tableUri() + " (no _delta_log commits)");
        }
        NavigableMap<Long, LogFile> commits = commitsOf(files);
        long latestVersion = Math.max(commits.isEmpty() ? -1 : commits.lastKey(),
                files.stream().filter(LogFile::isCheckpoint).mapToLong(LogFile::version).max().orElse(-1));
        long v = target == null ? latestVersion : target;
        if (v > latestVersion || v < 0) {
            throw new TableNotFoundException("table " + tableUri() + " has no version " + v + " (latest is " + latestVersion + ")");
        }
        Optional<List<LogFile>> checkpoint = newestCompleteCheckpoint(files, v);
        if (checkpoint.isEmpty() && hint > 0) {
            // the hinted checkpoint is unusable (e.g. incomplete): look at the whole log
            files = listFrom(0);
            commits = commitsOf(files);
            checkpoint = newestCompleteCheckpoint(files, v);
        }
        long cpVersion = checkpoint.map(c -> c.get(0).version()).orElse(-1L);
        for (long i = cpVersion + 1; i <= v; i++) {
            if (!commits.containsKey(i)) {
                if (cpVersion < 0 && commits.firstKey() > i && !commits.isEmpty()) {
                    throw new TableNotFoundException("table " + tableUri() + " cannot be read at version " + v
                            + ": its log was cleaned up before version " + commits.firstKey()
                            + " and no checkpoint covers it");
                }
                throw new CorruptTableException("table " + tableUri() + ": the log is missing commit file "
                        + logPrefix + LogFile.commitName(i) + " (version " + i + ") needed to read version " + v);
            }
        }
        Replay r = new Replay(tableUri());
        if (checkpoint.isPresent()) {
            try {
                Optional<Replay> lazy = lazyReplay(checkpoint.get(), cpVersion);
                if (lazy.isPresent()) {
                    r = lazy.get();
                } else {
                    readCheckpoint(checkpoint.get()).forEach(r::apply);
                }
            } catch (CorruptTableException e) {
                // a checkpoint only saves replay time: while the commits it covers exist, the table is still readable
                return loadBelow(v, cpVersion, e);
            }
        }
        return finish(r, commits, checkpoint, cpVersion, v);
    }

    private DeltaSnapshot finish(Replay r, NavigableMap<Long, LogFile> commits, Optional<List<LogFile>> checkpoint, long cpVersion,
                                 long v) {
        long ts = commits.containsKey(v) ? commits.get(v).lastModified() : checkpoint.get().get(0).lastModified();
        if (cpVersion == v) {
            if (r.metadata != null && usesInCommitTimestamp(r.metadata, v) && commits.containsKey(v)) {
                ts = commitTimestamp(r.metadata, v, readCommit(commits.get(v)), ts); // a checkpoint has no commitInfo
            }
            DeltaSnapshot s = r.build(v, ts, cpVersion);
            TableFeatures.checkReadable(tableUri(), s.protocol());
            return s;
        }
        return replay(r, commits, cpVersion + 1, v, cpVersion);
    }

    /**
     * Reads version {@code v} without the unreadable checkpoint at {@code bad}: from the newest older complete checkpoint
     * that reads, else from the commits alone, provided every commit after that starting point still exists.
     */
    private DeltaSnapshot loadBelow(long v, long bad, CorruptTableException cause) {
        LOG.log(System.Logger.Level.WARNING, "table " + tableUri() + ": the checkpoint at version " + bad
                + " is unreadable, reading without it: " + cause.getMessage());
        List<LogFile> files = listFrom(0);
        NavigableMap<Long, LogFile> commits = commitsOf(files);
        long below = bad - 1;
        while (true) {
            Optional<List<LogFile>> cp = below >= 0 ? newestCompleteCheckpoint(files, below) : Optional.empty();
            long cpVersion = cp.map(c -> c.get(0).version()).orElse(-1L);
            for (long i = cpVersion + 1; i <= v; i++) {
                if (!commits.containsKey(i)) {
                    throw new CorruptTableException("table " + tableUri() + " cannot be read at version " + v + ": "
                            + cause.getMessage() + "; reading without that checkpoint needs commit file " + logPrefix
                            + LogFile.commitName(i) + ", which is gone", cause);
                }
            }
            Replay r = new Replay(tableUri());
            if (cp.isPresent()) {
                try {
                    readCheckpoint(cp.get()).forEach(r::apply);
                } catch (CorruptTableException older) {
                    below = cpVersion - 1; // that one is unreadable too: try further back
                    continue;
                }
            }
            return finish(r, commits, cp, cpVersion, v);
        }
    }

    private DeltaSnapshot replay(Replay r, NavigableMap<Long, LogFile> commits, long from, long to, long cpVersion) {
        return replay(r, commits, from, to, cpVersion, v -> null);
    }

    /** {@code known}: the actions of a version already read (by probing), or null to read its file. */
    private DeltaSnapshot replay(Replay r, NavigableMap<Long, LogFile> commits, long from, long to, long cpVersion,
                                 java.util.function.LongFunction<List<Action>> known) {
        List<CompletableFuture<List<Action>>> parsed = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            LogFile f = commits.get(i);
            List<Action> read = known.apply(i);
            parsed.add(read != null ? CompletableFuture.completedFuture(read) : CompletableFuture.supplyAsync(() -> readCommit(f), IO));
        }
        List<Action> last = List.of();
        for (CompletableFuture<List<Action>> p : parsed) {
            last = join(p);
            last.forEach(r::apply);
        }
        long ts = commits.get(to).lastModified();
        if (r.metadata != null) {
            ts = commitTimestamp(r.metadata, to, last, ts);
        }
        DeltaSnapshot s = r.build(to, ts, cpVersion);
        TableFeatures.checkReadable(tableUri(), s.protocol());
        return s;
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** Parses one commit file; a malformed one is reported with its key and version. */
    List<Action> readCommit(LogFile f) {
        byte[] bytes;
        try {
            bytes = store.get(f.key());
        } catch (ObjectNotFoundException e) {
            throw new CorruptTableException("table " + tableUri() + ": commit file " + f.key() + " (version "
                    + f.version() + ") disappeared while reading the log", e);
        }
        return parseCommit(f, bytes);
    }

    private List<Action> parseCommit(LogFile f, byte[] bytes) {
        try {
            return DeltaJson.parseCommit(bytes);
        } catch (IllegalArgumentException e) {
            throw new CorruptTableException("table " + tableUri() + ": corrupt commit file " + f.key() + " (version "
                    + f.version() + "): " + e.getMessage(), e);
        }
    }

    /** One commit file's actions and the file's modification time. */
    public record TimedCommit(long version, List<Action> actions, long lastModified) {
        /** The commit's timestamp: its inCommitTimestamp when it has one, else the file's modification time. */
        public long timestamp() {
            Long ict = inCommitTimestamp(actions);
            return ict != null ? ict : lastModified;
        }
    }

    /** A version's commit with its file's modification time, or empty if it does not exist. */
    public Optional<TimedCommit> readTimedVersion(long version) {
        String key = logPrefix + LogFile.commitName(version);
        // one request where the store can (S3: a GET answers with Last-Modified too), not a HEAD and then a GET
        Optional<TimedCommit> c = store.getIfPresent(key).map(o -> new TimedCommit(version, List.copyOf(parseCommit(new LogFile(key,
                LogFile.Kind.COMMIT, version, 1, 1, o.info().size(), o.info().lastModifiedMillis()), o.data())),
                o.info().lastModifiedMillis()));
        c.ifPresent(this::remember);
        return c;
    }

    private void remember(TimedCommit c) {
        DeltaSnapshot cached = latest;
        if (cached != null && c.version() <= cached.version()) {
            return; // already in the cached snapshot
        }
        readCommits.put(c.version(), c);
        while (readCommits.size() > MAX_READ_COMMITS) {
            readCommits.pollFirstEntry();
        }
    }

    /** The inCommitTimestamp of a commit's commitInfo, or null when it has none. */
    static Long inCommitTimestamp(List<Action> actions) {
        for (Action a : actions) {
            if (a instanceof CommitInfo ci) {
                return ci.inCommitTimestamp();
            }
        }
        return null;
    }

    /**
     * Whether version {@code v} of a table whose (latest) metadata is {@code m} is timed by its inCommitTimestamp:
     * in-commit timestamps are on and {@code v} is at or after the version that turned them on (0 without the
     * enablement property: on since the table was created).
     */
    static boolean usesInCommitTimestamp(io.floe.delta.actions.Metadata m, long v) {
        return DeltaConfig.inCommitTimestamps(m.configuration()) && v >= ictEnablementVersion(m);
    }

    static long ictEnablementVersion(io.floe.delta.actions.Metadata m) {
        String ev = m.configuration().get(DeltaConfig.ICT_ENABLEMENT_VERSION);
        return ev == null ? 0 : Long.parseLong(ev.trim());
    }

    /** A commit's timestamp as readers must take it: its inCommitTimestamp where the table says so, else the file time. */
    static long commitTimestamp(io.floe.delta.actions.Metadata m, long v, List<Action> actions, long fileTime) {
        if (usesInCommitTimestamp(m, v)) {
            Long ict = inCommitTimestamp(actions);
            if (ict != null) {
                return ict;
            }
        }
        return fileTime;
    }

    /** Actions of one version's commit file, or empty if it does not exist. */
    public Optional<List<Action>> readVersion(long version) {
        String key = logPrefix + LogFile.commitName(version);
        Optional<ObjectInfo> info = store.stat(key);
        return info.map(i -> readCommit(new LogFile(key, LogFile.Kind.COMMIT, version, 1, 1, i.size(), i.lastModifiedMillis())));
    }

    private Optional<List<LogFile>> newestCompleteCheckpoint(List<LogFile> files, long maxVersion) {
        TreeMap<Long, List<LogFile>> byVersion = new TreeMap<>();
        files.stream().filter(f -> f.isCheckpoint() && f.version() <= maxVersion)
                .forEach(f -> byVersion.computeIfAbsent(f.version(), k -> new ArrayList<>()).add(f));
        for (var e : byVersion.descendingMap().entrySet()) {
            List<LogFile> cps = e.getValue();
            // Prefer a V2 or classic single file; a multi-part one counts only when all its parts are there.
            for (LogFile f : cps) {
                if (f.kind() == LogFile.Kind.CHECKPOINT_V2 || f.kind() == LogFile.Kind.CHECKPOINT_CLASSIC) {
                    return Optional.of(List.of(f));
                }
            }
            var byParts = new TreeMap<Integer, List<LogFile>>();
            cps.stream().filter(f -> f.kind() == LogFile.Kind.CHECKPOINT_MULTIPART)
                    .forEach(f -> byParts.computeIfAbsent(f.numParts(), k -> new ArrayList<>()).add(f));
            for (var parts : byParts.entrySet()) {
                long distinct = parts.getValue().stream().mapToInt(LogFile::part).distinct().count();
                if (distinct == parts.getKey()) {
                    List<LogFile> l = new ArrayList<>(parts.getValue());
                    l.sort(Comparator.comparingInt(LogFile::part));
                    return Optional.of(l);
                }
                LOG.log(System.Logger.Level.WARNING, "table " + tableUri() + ": incomplete multi-part checkpoint at version "
                        + e.getKey() + " (" + distinct + " of " + parts.getKey() + " parts); using an older one");
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- checkpoints
    /** Whether snapshots loaded from a local Parquet checkpoint leave their files there until needed (tests turn it off). */
    private volatile boolean lazyCheckpoints = true;

    /** Tests: read every checkpoint whole, as before lazy snapshots (the reference a lazy snapshot must equal). */
    void readCheckpointsEagerly() {
        lazyCheckpoints = false;
    }

    /**
     * A replay holding the checkpoint's protocol, metaData, txn and domainMetadata, its add and remove actions left in
     * its files ({@link FileState}); empty when the checkpoint must be read whole: a part is not a Parquet file, a local
     * store's file is gone, or there is no data plane. A remote store's files (S3) are copied to local temporary files
     * the snapshot keeps ({@link TemporaryCopy}; one copy per checkpoint file for every snapshot of this log that uses
     * it): reading a million-file checkpoint whole built every action as an object, where a lazy snapshot reads what a
     * query needs (a point lookup's few adds by their statistics) from the file.
     */
    private Optional<Replay> lazyReplay(List<LogFile> parts, long version) {
        if (!lazyCheckpoints || dataPlane == null || parts.stream().anyMatch(p -> !p.key().endsWith(".parquet"))) {
            return Optional.empty();
        }
        List<TemporaryCopy> kept = new ArrayList<>();
        List<Path> files = localFiles(parts.stream().map(p -> new Copied(p.key(), p.size(), p.lastModified())).toList(), version, kept);
        if (files == null) {
            return Optional.empty();
        }
        List<Action> others = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String key = parts.get(i).key();
            try {
                dataPlane.readParquetAsJson(files.get(i), TypedCheckpointRows.OTHER_COLUMNS, true,
                        row -> others.addAll(DeltaJson.parseRow(row)));
            } catch (CorruptTableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unreadableCheckpoint(key, version, e);
            }
        }
        // V2 checkpoints may hold their file actions in sidecars: they are read with the parts, in order
        List<Copied> sidecars = new ArrayList<>();
        for (Action a : others) {
            if (a instanceof Sidecar sc) {
                if (!sc.path().endsWith(".parquet")) {
                    return Optional.empty();
                }
                sidecars.add(new Copied(sidecarKey(sc), sc.sizeInBytes(), sc.modificationTime()));
            }
        }
        List<Path> sidecarFiles = localFiles(sidecars, version, kept);
        if (sidecarFiles == null) {
            return Optional.empty();
        }
        files.addAll(sidecarFiles);
        List<String> names = new ArrayList<>();
        parts.forEach(p -> names.add(store.uri() + p.key()));
        sidecars.forEach(c -> names.add(store.uri() + c.key()));
        Replay r = new Replay(tableUri(), new CheckpointFiles(dataPlane, files, names, tableUri(), version, kept));
        others.forEach(r::apply);
        return Optional.of(r);
    }

    /** A checkpoint file to read locally: its key, and its size and time as listed (they tell a rewritten file apart). */
    private record Copied(String key, long size, long lastModified) {
    }

    /**
     * Copies of this log's remote checkpoint files, by key, size and time, while a snapshot holds them: the snapshots of
     * consecutive versions share a checkpoint, and each used to download it again.
     */
    private final java.util.Map<Copied, java.lang.ref.WeakReference<TemporaryCopy>> copies = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The local files of {@code wanted}, in order: a local store's own files, else copies (downloaded in parallel, added
     * to {@code kept}, which the caller must hold while it reads them); null when a local store's file is gone (the
     * whole read then reports it).
     */
    private List<Path> localFiles(List<Copied> wanted, long version, List<TemporaryCopy> kept) {
        List<Path> out = new ArrayList<>();
        List<CompletableFuture<TemporaryCopy>> downloads = new ArrayList<>();
        for (Copied c : wanted) {
            Optional<Path> local = store.localPath(c.key());
            if (local.isPresent()) {
                if (!Files.exists(local.get())) {
                    return null;
                }
                out.add(local.get());
                downloads.add(null);
            } else {
                out.add(null);
                downloads.add(CompletableFuture.supplyAsync(() -> copy(c, version), IO));
            }
        }
        for (int i = 0; i < out.size(); i++) {
            if (downloads.get(i) != null) {
                TemporaryCopy copy = join(downloads.get(i));
                kept.add(copy);
                out.set(i, copy.path());
            }
        }
        return out;
    }

    private TemporaryCopy copy(Copied c, long version) {
        java.lang.ref.WeakReference<TemporaryCopy> ref = copies.get(c);
        TemporaryCopy copy = ref == null ? null : ref.get();
        if (copy != null) {
            return copy;
        }
        try {
            copy = TemporaryCopy.of(store, c.key());
        } catch (RuntimeException e) {
            throw unreadableCheckpoint(c.key(), version, e);
        }
        copies.values().removeIf(r -> r.get() == null);
        copies.put(c, new java.lang.ref.WeakReference<>(copy));
        return copy;
    }

    private String sidecarKey(Sidecar s) {
        return s.path().contains("/") ? TablePaths.resolveKey(store.uri(), logPrefix + "_sidecars/", s.path())
                : logPrefix + "_sidecars/" + TablePaths.decode(s.path());
    }


    List<Action> readCheckpoint(List<LogFile> parts) {
        List<CompletableFuture<List<Action>>> futures = parts.stream()
                .map(p -> CompletableFuture.supplyAsync(() -> readCheckpointFile(p.key(), p.version()), IO)).toList();
        List<Action> out = new ArrayList<>();
        for (var f : futures) {
            out.addAll(join(f));
        }
        // V2 checkpoints may hold their file actions in sidecars.
        List<Sidecar> sidecars = out.stream().filter(a -> a instanceof Sidecar).map(a -> (Sidecar) a).toList();
        long version = parts.get(0).version();
        List<CompletableFuture<List<Action>>> side = sidecars.stream()
                .map(s -> CompletableFuture.supplyAsync(() -> readCheckpointFile(sidecarKey(s), version), IO)).toList();
        for (var f : side) {
            out.addAll(join(f));
        }
        return out;
    }

    private List<Action> readCheckpointFile(String key, long version) {
        try {
            if (key.endsWith(".json")) {
                return DeltaJson.parseCommit(store.get(key));
            }
            List<Action> out = new ArrayList<>();
            withLocalCopy(key, path -> {
                requireDataPlane("read checkpoint " + key);
                readCheckpointParquet(dataPlane, path, out);
                return null;
            });
            return out;
        } catch (CorruptTableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreadableCheckpoint(key, version, e);
        }
    }

    /** What a checkpoint file that could not be read ({@code e}) is: missing, or unreadable for the reason it gives. */
    private CorruptTableException unreadableCheckpoint(String key, long version, RuntimeException e) {
        if (e instanceof ObjectNotFoundException) {
            return new CorruptTableException("table " + tableUri() + ": checkpoint file " + key + " (version " + version + ") is missing", e);
        }
        return new CorruptTableException("table " + tableUri() + ": unreadable checkpoint file " + key + " (version " + version + "): "
                + e.getMessage(), e);
    }

    /**
     * A Parquet checkpoint's actions: add and remove from typed columns, the few other rows as JSON. Data planes that
     * cannot read typed columns give every row as JSON.
     */
    static void readCheckpointParquet(DataPlane dataPlane, Path path, List<Action> out) {
        List<Action> files = new ArrayList<>();
        try {
            TypedCheckpointRows rows = new TypedCheckpointRows(files::add);
            dataPlane.readParquetColumns(path, TypedCheckpointRows.COLUMNS, TypedCheckpointRows.FILE_ACTIONS, rows::accept);
        } catch (UnsupportedOperationException e) {
            readCheckpointParquetAsJson(dataPlane, path, out);
            return;
        }
        dataPlane.readParquetAsJson(path, TypedCheckpointRows.OTHER_COLUMNS, true, row -> out.addAll(DeltaJson.parseRow(row)));
        out.addAll(files);
    }

    /** Every row of a Parquet checkpoint as JSON: the reference the typed read must agree with. */
    static void readCheckpointParquetAsJson(DataPlane dataPlane, Path path, List<Action> out) {
        dataPlane.readParquetAsJson(path, CHECKPOINT_COLUMNS, row -> out.addAll(DeltaJson.parseRow(row)));
    }

    private void requireDataPlane(String what) {
        if (dataPlane == null) {
            throw new IllegalStateException("a data plane is needed to " + what);
        }
    }

    /** Runs {@code fn} on a local file holding the object: the store's own file, or a temporary copy. */
    <T> T withLocalCopy(String key, Function<Path, T> fn) {
        Optional<Path> local = store.localPath(key);
        if (local.isPresent()) {
            if (!Files.exists(local.get())) {
                throw new ObjectNotFoundException(store.uri(), key);
            }
            return fn.apply(local.get());
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("floe-log-", "-" + key.substring(key.lastIndexOf('/') + 1));
            store.getToFile(key, tmp);
            return fn.apply(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // temp dir cleanup is best effort
                }
            }
        }
    }

    /**
     * Writes a single-file Parquet checkpoint of this snapshot and points _last_checkpoint at it: a UUID-named V2 one
     * (with its checkpointMetadata) where the table's delta.checkpointPolicy is v2, else a classic one.
     */
    public void checkpoint(DeltaSnapshot s) {
        requireDataPlane("write a checkpoint");
        boolean v2 = Checkpoints.v2(s.properties()) && TableFeatures.supports(s.protocol(), "v2Checkpoint");
        String key = v2 ? Checkpoints.v2Key(logPrefix, s.version()) : logPrefix + LogFile.checkpointName(s.version());
        if (!v2 && store.stat(key).isPresent()) {
            return;
        }
        Checkpoints.write(this, s, key, v2);
        DeltaSnapshot c = latest;
        if (c != null && c.version() == s.version() && c.checkpointVersion() < s.version()) {
            latest = c.withCheckpointVersion(s.version()); // the cached snapshot now has a checkpoint at its version
        }
    }

    // ---------------------------------------------------------------- history and timestamps

    /** One commit as DESCRIBE HISTORY shows it. */
    public record HistoryEntry(long version, long timestamp, CommitInfo commitInfo) {
    }

    /** Commit infos, newest first, at most {@code limit} (all if limit ≤ 0). Versions whose files were cleaned up are absent. */
    public List<HistoryEntry> history(int limit) {
        NavigableMap<Long, LogFile> commits = commitsOf(listFrom(0));
        List<LogFile> chosen = new ArrayList<>(commits.descendingMap().values());
        if (limit > 0 && chosen.size() > limit) {
            chosen = chosen.subList(0, limit);
        }
        Map<Long, Long> adjusted = monotonicTimestamps(commits);
        // versions from the one that turned in-commit timestamps on are timed by them, older ones by their files
        io.floe.delta.actions.Metadata latestMeta = commits.isEmpty() ? null : latestMetadataIfReadable();
        List<CompletableFuture<HistoryEntry>> fs = chosen.stream().map(f -> CompletableFuture.supplyAsync(() -> {
            List<Action> actions = readCommit(f);
            CommitInfo ci = actions.stream().filter(a -> a instanceof CommitInfo).map(a -> (CommitInfo) a)
                    .findFirst().orElse(null);
            long ts = adjusted.get(f.version());
            if (latestMeta != null) {
                ts = commitTimestamp(latestMeta, f.version(), actions, ts);
            }
            return new HistoryEntry(f.version(), ts, ci);
        }, IO)).toList();
        return fs.stream().map(DeltaLog::join).toList();
    }

    /** The latest metadata, or null when the table's protocol is one Floe cannot read (its history still lists). */
    private io.floe.delta.actions.Metadata latestMetadataIfReadable() {
        try {
            return update().metadata();
        } catch (io.floe.table.ProtocolNotSupportedException e) {
            return null;
        }
    }

    /** Commit timestamps made strictly increasing, as Delta does when file clocks disagree. */
    static Map<Long, Long> monotonicTimestamps(NavigableMap<Long, LogFile> commits) {
        Map<Long, Long> out = new TreeMap<>();
        long prev = Long.MIN_VALUE;
        for (LogFile f : commits.values()) {
            long ts = Math.max(f.lastModified(), prev == Long.MIN_VALUE ? f.lastModified() : prev + 1);
            out.put(f.version(), ts);
            prev = ts;
        }
        return out;
    }

    /** The newest version whose commit timestamp is ≤ the given time. */
    public long versionAsOf(long timestampMillis) {
        NavigableMap<Long, LogFile> commits = commitsOf(listFrom(0));
        if (commits.isEmpty()) {
            throw new TableNotFoundException("no Delta table at " + tableUri());
        }
        io.floe.delta.actions.Metadata latestMeta = update().metadata();
        if (DeltaConfig.inCommitTimestamps(latestMeta.configuration())) {
            long ev = ictEnablementVersion(latestMeta);
            String et = latestMeta.configuration().get(DeltaConfig.ICT_ENABLEMENT_TIMESTAMP);
            // at or after the enablement time only versions with in-commit timestamps count, before it only older ones
            if (et == null || timestampMillis >= Long.parseLong(et.trim())) {
                return versionByInCommitTimestamp(commits.tailMap(ev, true), timestampMillis);
            }
            commits = commits.headMap(ev, false);
            if (commits.isEmpty()) {
                throw new TableNotFoundException("table " + tableUri() + ": timestamp " + java.time.Instant.ofEpochMilli(timestampMillis)
                        + " is before the earliest available version");
            }
        }
        Map<Long, Long> ts = monotonicTimestamps(commits);
        long found = -1;
        for (var e : ts.entrySet()) {
            if (e.getValue() <= timestampMillis) {
                found = e.getKey();
            }
        }
        if (found < 0) {
            long first = commits.firstKey();
            throw new TableNotFoundException("table " + tableUri() + ": timestamp " + java.time.Instant.ofEpochMilli(timestampMillis)
                    + " is before the earliest available version " + first + " (" + java.time.Instant.ofEpochMilli(ts.get(first)) + ")");
        }
        return found;
    }

    /**
     * The newest of these commits (all with in-commit timestamps, which only grow) whose timestamp is at or before
     * the given time: a binary search that reads about log2(n) commit files instead of all of them.
     */
    private long versionByInCommitTimestamp(NavigableMap<Long, LogFile> commits, long timestampMillis) {
        List<LogFile> files = new ArrayList<>(commits.values());
        if (files.isEmpty()) {
            throw new TableNotFoundException("table " + tableUri() + ": no commit with an in-commit timestamp is left in the log");
        }
        int lo = 0;
        int hi = files.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            LogFile f = files.get(mid);
            Long ict = inCommitTimestamp(readCommit(f));
            long t = ict != null ? ict : f.lastModified();
            if (t <= timestampMillis) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            LogFile first = files.get(0);
            Long ict = inCommitTimestamp(readCommit(first));
            throw new TableNotFoundException("table " + tableUri() + ": timestamp " + java.time.Instant.ofEpochMilli(timestampMillis)
                    + " is before the earliest available version " + first.version() + " ("
                    + java.time.Instant.ofEpochMilli(ict != null ? ict : first.lastModified()) + ")");
        }
        return files.get(found).version();
    }

    // ---------------------------------------------------------------- writing

    /** Starts a transaction on the latest version (or on an empty table if none exists yet). */
    public DeltaTransaction startTransaction() {
        DeltaSnapshot s = exists() ? update() : null;
        return new DeltaTransaction(this, s);
    }

    /** Starts a transaction reading the given snapshot. */
    public DeltaTransaction startTransaction(DeltaSnapshot readSnapshot) {
        return new DeltaTransaction(this, readSnapshot);
    }

    void cacheLatest(DeltaSnapshot s) {
        DeltaSnapshot c = latest;
        if (c == null || s.version() > c.version()) {
            latest = s;
        }
    }

    /** Keys in the first listing page while cleaning up (it stops early, usually there); later pages double. */
    static final int CLEANUP_FIRST_PAGE = 16;

    /**
     * The time of the log's oldest commit as the last cleanup found it when nothing had expired (Long.MIN_VALUE: not
     * known). Until the retention cutoff passes it nothing can expire, so cleanups skip their listing: a local
     * directory cannot be listed from a key on, and reading all of a long log's names at every checkpoint made a
     * commit's cost grow with the log's length. Another writer's cleanup can only delete older commits than it, so
     * the remembered time never lets an expired commit stay longer than one cleanup.
     */
    private volatile long oldestCommitMillis = Long.MIN_VALUE;

    /**
     * Deletes commit and checkpoint files older than the log retention, but only below a checkpoint,
     * so every version that remains can still be read.
     *
     * <p>The log is listed from its start only up to the first commit that must stay: keys come in version order
     * (a version's checkpoint files sort before its commit) and commit times grow with versions, so nothing after
     * that commit can be deleted. A cleanup thus reads about as many keys as it deletes, plus the commits since
     * the last checkpoint it keeps, never the whole log: it runs at every checkpoint, part of a commit's cost.
     */
    public int cleanupExpiredLogs(DeltaSnapshot s, long nowMillis) {
        if (!DeltaConfig.expiredLogCleanup(s.metadata())) {
            return 0;
        }
        long cutoff = nowMillis - DeltaConfig.logRetention(s.metadata()).toMillis();
        if (oldestCommitMillis != Long.MIN_VALUE && oldestCommitMillis >= cutoff) {
            return 0; // the oldest commit is within the retention: nothing can have expired since
        }
        List<LogFile> files = new ArrayList<>();
        long lastExpired = -1;
        String after = null;
        int pageSize = CLEANUP_FIRST_PAGE;
        scan:
        while (true) {
            var page = store.list(logPrefix, after, pageSize);
            pageSize = Math.min(pageSize * 2, 1000);
            for (ObjectInfo o : page.objects()) {
                if (o.key().indexOf('/', logPrefix.length()) >= 0) {
                    continue; // only direct children of _delta_log/
                }
                Optional<LogFile> parsed = LogFile.parse(o.key(), o.size(), o.lastModifiedMillis())
                        .filter(f -> f.kind() != LogFile.Kind.CRC);
                if (parsed.isEmpty()) {
                    continue;
                }
                LogFile f = parsed.get();
                if (f.kind() == LogFile.Kind.COMMIT) {
                    if (f.lastModified() >= cutoff || f.version() >= s.version()) {
                        // the first commit that stays; when it is the oldest, nothing expires before its time does
                        oldestCommitMillis = lastExpired < 0 && f.lastModified() >= cutoff ? f.lastModified() : Long.MIN_VALUE;
                        break scan;
                    }
                    lastExpired = f.version();
                }
                files.add(f);
            }
            if (!page.truncated() || page.objects().isEmpty()) {
                break;
            }
            after = page.objects().get(page.objects().size() - 1).key();
        }
        final long limit = lastExpired;
        // keep the newest checkpoint at or below lastExpired + 1: versions from it on stay readable
        long keepFrom = files.stream().filter(f -> f.isCheckpoint() && f.version() <= limit + 1)
                .mapToLong(LogFile::version).max().orElse(-1);
        if (keepFrom <= 0) {
            return 0;
        }
        List<String> doomed = files.stream().filter(f -> f.version() < keepFrom).map(LogFile::key).toList();
        store.deleteWithin(logPrefix, doomed); // held to the log directory, on the real path
        return doomed.size();
    }
}
