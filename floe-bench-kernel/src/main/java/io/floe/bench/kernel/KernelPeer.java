package io.floe.bench.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.floe.bench.common.JarVersion;
import io.floe.bench.common.PeakMemory;
import io.floe.bench.common.PeerRecorder;
import io.floe.bench.common.PeerResults;
import io.floe.bench.common.Timing;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.SnapshotBuilder;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import org.apache.hadoop.conf.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's Delta Kernel peer: the same workloads as Floe's, on the very tables Floe wrote, through Delta
 * Kernel (Java) and its default engine (Hadoop file system, parquet-mr). Runs in a JVM of its own, started by
 * floe-bench, so that Kernel's jars never share a class path with Floe.
 * <p>
 * {@code KernelPeer request.json results.json}: reads a {@link KernelRequest}, writes {@link PeerResults}, and
 * prints one {@code kernel: …} line per workload as it goes. Every workload checks its answer against Floe's (given in
 * the request) and throws if it differs, which makes the process exit non-zero and floe-bench fail the run.
 */
public final class KernelPeer {
    private static final String ENGINE_INFO = "floe-bench";
    private static final StructType KEYS = new StructType().add("id", LongType.LONG).add("k", IntegerType.INTEGER);

    private final KernelRequest req;
    private final PeerRecorder recorder = new PeerRecorder("kernel", "Delta Kernel");
    private String appendedTable;
    private long appendedRows;

    private KernelPeer(KernelRequest req) {
        this.req = req;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KernelPeer request.json results.json");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper();
        KernelRequest req = json.readValue(Path.of(args[0]).toFile(), KernelRequest.class);
        PeerResults out = new KernelPeer(req).runAll();
        json.enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of(args[1]).toFile(), out);
    }

    PeerResults runAll() throws Exception {
        Files.createDirectories(Path.of(req.work()));
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("delta-kernel", JarVersion.of(TableManager.class, "delta-kernel-api"));
        versions.put("hadoop (Kernel's default engine)", org.apache.hadoop.util.VersionInfo.getVersion());
        Engine engine = newEngine();
        for (KernelRequest.W5Table t : req.w5()) {
            w5(t);
        }
        if (req.lookup() != null) {
            lookups(engine, req.lookup());
        }
        if (req.fullScan() != null) {
            fullScan(engine, req.fullScan());
        }
        if (req.appends() > 0) {
            appends();
        }
        return recorder.results(versions, appendedTable, appendedRows);
    }

    /** A fresh engine: Kernel keeps no snapshot between calls, so a new engine and a new snapshot are a cold start. */
    private static Engine newEngine() {
        return DefaultEngine.create(new Configuration());
    }

    /**
     * W5: cold snapshot load + count(*) of a table with many commits (checkpoints every 10, written by Floe).
     * Kernel's snapshot is lazy (protocol and metadata only); the file list comes with the scan, so the count
     * needs both, and the rows: the same work as Floe's {@code SELECT count(*)} on a cold session.
     */
    private void w5(KernelRequest.W5Table t) throws Exception {
        List<Double> snapshotMs = new ArrayList<>();
        List<Double> planMs = new ArrayList<>();
        PeakMemory.reset();
        List<Double> ms = time(rep -> {
            Engine cold = newEngine(); // outside the timing, as Floe.open is on Floe's side
            long t0 = System.nanoTime();
            Snapshot s = TableManager.loadSnapshot(t.path()).build(cold);
            long t1 = System.nanoTime();
            KernelScans.Plan plan = KernelScans.plan(cold, s, KEYS, Optional.empty());
            long t2 = System.nanoTime();
            Sums sums = KernelScans.read(cold, plan, Sums::new);
            recorder.check(s.getVersion() == t.commits() - 1, "W5 version " + s.getVersion() + ", Floe committed " + t.commits());
            recorder.check(sums.count == 1, "W5 count " + sums.count + ", Floe counts 1");
            if (rep >= 0) {
                snapshotMs.add((t1 - t0) / 1e6);
                planMs.add((t2 - t0) / 1e6);
            }
        });
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("commits", t.commits());
        facts.put("snapshot alone (lazy), median ms", Timing.tenths(Timing.median(snapshotMs)));
        facts.put("snapshot + file list, median ms", Timing.tenths(Timing.median(planMs)));
        recorder.result("W5 cold snapshot load + count(*), " + String.format(Locale.ROOT, "%,d", t.commits()) + " commits", ms, facts);
    }

    /**
     * W2 and W9 on the Z-ordered W2 table. W2: the point lookup whole (plan with the predicate on the key, read
     * the surviving files' key column, count the matching rows); before ZORDER by time travel to the version
     * Floe looked up before optimizing. W9: the planning alone (latest snapshot, files left after data skipping),
     * what Kernel does per query since it caches no snapshot.
     */
    private void lookups(Engine engine, KernelRequest.Lookup l) throws Exception {
        Predicate key = new Predicate("=", new Column("id"), Literal.ofLong(l.key()));
        if (l.versionBefore() >= 0) {
            lookup(engine, l, key, "before ZORDER", l.versionBefore(), l.filesBefore());
        }
        lookup(engine, l, key, "after ZORDER", -1, l.filesAfter());

        PeakMemory.reset();
        int[] files = new int[1];
        List<Double> ms = time(rep -> {
            Snapshot s = TableManager.loadSnapshot(l.path()).build(engine);
            files[0] = KernelScans.plan(engine, s, KEYS, Optional.of(key)).files().size();
            recorder.check(s.getVersion() == l.versionAfter(), "W9 version " + s.getVersion() + ", Floe's " + l.versionAfter());
        });
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files after skipping", files[0]);
        facts.put("Floe's", l.filesAfter());
        recorder.result("W9 planning a point lookup, after ZORDER", ms, facts);
    }

    private void lookup(Engine engine, KernelRequest.Lookup l, Predicate key, String phase, long version, int floeFiles)
            throws Exception {
        PeakMemory.reset();
        int[] files = new int[1];
        List<Double> ms = time(rep -> {
            SnapshotBuilder b = TableManager.loadSnapshot(l.path());
            Snapshot s = (version >= 0 ? b.atVersion(version) : b).build(engine);
            KernelScans.Plan plan = KernelScans.plan(engine, s, KEYS, Optional.of(key));
            files[0] = plan.files().size();
            Matches m = KernelScans.read(engine, plan, () -> new Matches(l.key()));
            recorder.check(m.count == 1, "W2 lookup " + phase + " finds " + m.count + " rows with id = " + l.key() + ", Floe finds 1");
        });
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files read", files[0]);
        facts.put("Floe's", floeFiles);
        if (version >= 0) {
            facts.put("version", version + " (time travel)");
        }
        recorder.result("W2 point lookup, " + phase, ms, facts);
    }

    /** W10: every row of the table's latest version, counted and summed; the sums must equal Floe's. */
    private void fullScan(Engine engine, KernelRequest.FullScan f) throws Exception {
        PeakMemory.reset();
        int[] files = new int[1];
        List<Double> ms = time(rep -> {
            Snapshot s = TableManager.loadSnapshot(f.path()).build(engine);
            KernelScans.Plan plan = KernelScans.plan(engine, s, KEYS, Optional.empty());
            files[0] = plan.files().size();
            Sums sums = KernelScans.read(engine, plan, Sums::new);
            recorder.check(sums.count == f.count() && sums.sumId == f.sumId() && sums.sumK == f.sumK(),
                    "W10 count/sum(id)/sum(k) " + sums.count + "/" + sums.sumId + "/" + sums.sumK + ", Floe's " + f.count() + "/"
                            + f.sumId() + "/" + f.sumK());
        });
        recorder.result("W10 full scan: count(*), sum(id), sum(k)", ms, Map.of("files", files[0], "rows", f.count()));
    }

    /**
     * W4's appends through Kernel's transaction API: a new table, then {@code appends} commits of 1,000 rows each,
     * each one written as a Parquet file by Kernel's default engine (with statistics) and committed; Kernel's
     * checkpoint hooks (every 10 commits) are run, as Floe writes a checkpoint every 10 commits too, but not its
     * checksum hooks: Floe writes no {@code .crc} files, and they are optional (counted in the facts). Each
     * append starts from the previous commit's post-commit snapshot, as a writer in a loop would (and as Floe's
     * session keeps its table). The input rows are in memory before the clock starts; Floe's W4 reads them from
     * the input Parquet file inside each INSERT. At full scale (1,000 commits), like the Spark peer, one measured
     * run after 20 warm-up appends: a run takes minutes on Kernel.
     */
    private void appends() throws Exception {
        int n = req.appends();
        BenchRows rows = BenchRows.read(newEngine(), req.base(), (int) Math.min(req.rows(), n * 1000L));
        PeakMemory.reset();
        Map<String, Object> facts = new LinkedHashMap<>();
        List<Double> ms = new ArrayList<>();
        boolean small = n <= 100;
        int measured = small ? req.reps() : 1;
        for (int rep = -1; rep < measured; rep++) {
            // like Floe's, the warm-up is shorter than a measured run
            int count = rep < 0 && !small ? 20 : n;
            hooks.clear();
            hookNanos = 0;
            Engine engine = newEngine();
            String path = Path.of(req.work()).resolve("w4-" + (rep + 1) + "-" + System.nanoTime()).toString();
            Transaction create = TableManager.buildCreateTableTransaction(path, BenchRows.SCHEMA, ENGINE_INFO).build(engine);
            Snapshot snapshot = commit(engine, path, create, CloseableIterable.emptyIterable());
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                int from = i * 1000;
                int size = (int) Math.min(1000, rows.size() - from);
                Transaction txn = snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE).build(engine);
                Row state = txn.getTransactionState(engine);
                CloseableIterator<FilteredColumnarBatch> logical = Iters.of(List.of(
                        new FilteredColumnarBatch(new ArrayBatch(rows, from, size), Optional.empty())));
                CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state, logical, Map.of());
                DataWriteContext ctx = Transaction.getWriteContext(engine, state, Map.of());
                CloseableIterator<DataFileStatus> written = engine.getParquetHandler()
                        .writeParquetFiles(ctx.getTargetDirectory(), physical, ctx.getStatisticsColumns());
                CloseableIterator<Row> actions = Transaction.generateAppendActions(engine, state, written, ctx);
                snapshot = commit(engine, path, txn, CloseableIterable.inMemoryIterable(actions));
            }
            double took = (System.nanoTime() - t0) / 1e6;
            long expectRows = Math.min(req.rows(), count * 1000L);
            Sums sums = KernelScans.read(engine, KernelScans.plan(engine, TableManager.loadSnapshot(path).build(engine), KEYS,
                    Optional.empty()), Sums::new);
            recorder.check(sums.count == expectRows && sums.sumId == expectRows * (expectRows - 1) / 2,
                    "W4 rows " + sums.count + " (sum(id) " + sums.sumId + ") after " + count + " appends, want " + expectRows);
            recorder.check(snapshot.getVersion() == count, "W4 version " + snapshot.getVersion() + " after " + count + " appends");
            if (rep >= 0) {
                ms.add(took);
                appendedTable = path;
                appendedRows = expectRows;
            }
            facts.put("commits", count);
            facts.put("measured runs", measured);
            facts.put("checkpoints", countCheckpoints(path));
            facts.put("post-commit hooks", new java.util.TreeMap<>(hooks));
            facts.put("of which checkpoints, ms", Timing.tenths(hookNanos / 1e6));
        }
        recorder.result("W4 appends of 1,000 rows", ms, facts);
    }

    /** Post-commit hooks run during the current W4 run, by type, and the time they took. */
    private final Map<String, Integer> hooks = new LinkedHashMap<>();
    private long hookNanos;

    /** Commits, runs the post-commit hooks, and returns the snapshot after the commit. */
    private Snapshot commit(Engine engine, String path, Transaction txn, CloseableIterable<Row> actions) throws Exception {
        TransactionCommitResult r = txn.commit(engine, actions);
        long h0 = System.nanoTime();
        for (PostCommitHook h : r.getPostCommitHooks()) {
            if (h.getType() == PostCommitHook.PostCommitHookType.CHECKPOINT) {
                h.threadSafeInvoke(engine);
                hooks.merge(h.getType().name(), 1, Integer::sum);
            } else {
                hooks.merge(h.getType().name() + " (skipped)", 1, Integer::sum);
            }
        }
        hookNanos += System.nanoTime() - h0;
        Optional<Snapshot> next = r.getPostCommitSnapshot();
        return next.isPresent() ? next.get() : TableManager.loadSnapshot(path).atVersion(r.getVersion()).build(engine);
    }

    private static long countCheckpoints(String table) throws Exception {
        try (var s = Files.list(Path.of(table).resolve("_delta_log"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".checkpoint.parquet")).count();
        }
    }

    /** count(*), sum(id), sum(k) of the live rows. */
    static final class Sums implements KernelScans.Accumulator<Sums> {
        long count;
        long sumId;
        long sumK;

        @Override
        public void add(ColumnarBatch b, KernelScans.RowFilter live) {
            ColumnVector id = b.getColumnVector(0);
            ColumnVector k = b.getColumnVector(1);
            for (int i = 0; i < b.getSize(); i++) {
                if (live.test(i)) {
                    count++;
                    sumId += id.isNullAt(i) ? 0 : id.getLong(i);
                    sumK += k.isNullAt(i) ? 0 : k.getInt(i);
                }
            }
        }

        @Override
        public void merge(Sums o) {
            count += o.count;
            sumId += o.sumId;
            sumK += o.sumK;
        }
    }

    /** Rows whose id equals the key: the lookup's answer, filtered by the reader as Kernel leaves it to the engine. */
    static final class Matches implements KernelScans.Accumulator<Matches> {
        private final long key;
        long count;

        Matches(long key) {
            this.key = key;
        }

        @Override
        public void add(ColumnarBatch b, KernelScans.RowFilter live) {
            ColumnVector id = b.getColumnVector(0);
            for (int i = 0; i < b.getSize(); i++) {
                if (live.test(i) && !id.isNullAt(i) && id.getLong(i) == key) {
                    count++;
                }
            }
        }

        @Override
        public void merge(Matches o) {
            count += o.count;
        }
    }

    /** Warm-up runs by the harness's rule ({@link Timing#warmUp}), then the measured runs. */
    private List<Double> time(Timing.Run r) throws Exception {
        return Timing.time(req.reps(), r);
    }
}
