package io.floe.bench;

import io.floe.bench.common.PeakMemory;
import io.floe.Floe;
import io.floe.table.Table;
import io.floe.table.TableFormats;
import io.floe.engine.DuckDbDataPlane;
import io.floe.operations.Write;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** W1–W8 and W11 on Floe. Every workload checks its answer and throws if it is wrong; nothing checks a time. */
final class FloeWorkloads implements AutoCloseable {
    private final Floe floe;
    private final Path work;
    private final BenchData data;
    private final int reps;
    /** The table format the workloads create: "delta" or "iceberg". */
    private final String format;
    /** The object-store requests of the measured runs, taken by each workload for its result. */
    private final Requests.Tally tally;

    /** Where the tables are (a directory or s3://bucket/prefix), and the store options to reach it. */
    private final String warehouse;
    private final Map<String, String> options;
    /** Where the measured runs of W2, W4, W5 and the W8 floors happen: a fresh JVM each, or this one. */
    private final FloeJvm jvm;

    FloeWorkloads(Path work, BenchData data, int reps) {
        this(work, data, reps, "delta");
    }

    FloeWorkloads(Path work, BenchData data, int reps, String format) {
        this(work, data, reps, format, work.resolve("floe-warehouse").toString(), Map.of());
    }

    /** {@code warehouse}: where the tables go (a directory, or an S3 location reached with {@code options}). */
    FloeWorkloads(Path work, BenchData data, int reps, String format, String warehouse, Map<String, String> options) {
        this(work, data, reps, format, warehouse, options, FloeJvm.SAME);
    }

    FloeWorkloads(Path work, BenchData data, int reps, String format, String warehouse, Map<String, String> options, FloeJvm jvm) {
        this.jvm = jvm;
        this.work = work;
        this.data = data;
        this.reps = reps;
        this.format = format;
        this.warehouse = warehouse;
        this.options = options;
        this.floe = Floe.open(warehouse, options);
        try {
            ChildSettings.apply(floe); // settings under test (-Dfloe.bench.duckdb), on the harness's Floe too
        } catch (Exception e) {
            floe.close();
            throw new IllegalArgumentException("-D" + ChildSettings.PROPERTY + ": " + e.getMessage(), e);
        }
        this.tally = new Requests.Tally(floe::storeRequests);
    }

    @Override
    public void close() {
        floe.close();
    }

    Floe floe() {
        return floe;
    }

    /** Where the W5 tables are, for the Spark peer to load the very same logs. */
    Path tableDir(String name) {
        return Path.of(warehouse).resolve(name);
    }

    /** Where a table is, as a path table reference takes it: a directory, or an s3:// location. */
    String tableLocation(String name) {
        return warehouse + "/" + name;
    }

    private boolean remote() {
        return warehouse.contains("://");
    }

    /** Bytes of every object under a table's root, through its store (local or S3). */
    private long tableBytes(String name) {
        Table t = floe.table(name);
        return t.store().listAll(t.rootKey()).stream().mapToLong(io.floe.storage.ObjectInfo::size).sum();
    }

    private long count(String sql) {
        return ((Number) floe.sql(sql).scalar()).longValue();
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("wrong answer: " + what);
        }
    }

    private String targetSizeProperty() {
        return format.equals("iceberg") ? "write.target-file-size-bytes" : "delta.targetFileSize";
    }

    private String fresh(String name) {
        floe.sql("DROP TABLE IF EXISTS " + name);
        return name;
    }

    private void ctas(String name, boolean partitioned, String props, String orderBy) {
        create(fresh(name), partitioned, props, orderBy);
    }

    /** CREATE TABLE … AS SELECT the bench's input (a table of that name must not exist). */
    private void create(String name, boolean partitioned, String props, String orderBy) {
        floe.sql("CREATE TABLE " + name + " USING " + format + (partitioned ? " PARTITIONED BY (month)" : "")
                + (props == null ? "" : " TBLPROPERTIES (" + props + ")")
                + " AS SELECT id, k, v, s, d" + (partitioned ? ", strftime(d, '%Y-%m') AS month" : "")
                + " FROM read_parquet('" + data.base() + "')" + orderBy);
    }

    /** Runs every workload in order, handing each result to {@code sink} as soon as it is known. */
    void runAll(Consumer<Measurement> sink, java.util.Set<String> only) throws Exception {
        java.util.function.Predicate<String> on = w -> only.isEmpty() || only.contains(w);
        if (on.test("W1")) {
            measure(sink, () -> List.of(w1(false)));
            measure(sink, () -> List.of(w1(true)));
        }
        if (on.test("W2") || on.test("W8")) {
            w2().forEach(sink); // W8 scans the files of W2's table; each measured part has its peak
        }
        if (on.test("W3")) {
            measure(sink, () -> List.of(w3()));
        }
        if (on.test("W4")) {
            // the appends create their table: the whole workload is the measured part
            jvm.run(new FloeTask.W4(warehouse, options, reps, format, work.resolve("w4").toString(), data.base().toString(), data.rows(),
                    data.smallAppends())).results().forEach(sink);
        }
        if (on.test("W5")) {
            for (int commits : w5CommitCounts(data, format)) {
                sink.accept(w5(commits));
            }
        }
        if (on.test("W6")) {
            measure(sink, () -> List.of(w6()));
        }
        if (on.test("W7")) {
            measure(sink, () -> List.of(w7()));
        }
        if (on.test("W11")) {
            for (RowChange change : RowChange.values()) {
                for (boolean mergeOnRead : new boolean[] {false, true}) {
                    measure(sink, () -> List.of(w11(change, mergeOnRead)));
                }
            }
        }
    }

    /**
     * W11's row-level changes, each spread over every file (the case copy-on-write pays most for). The Spark peer
     * runs the same statements; {@link #w11Name} names them alike.
     */
    enum RowChange {
        DELETE_0_1("DELETE 0.1% of rows", "DELETE FROM %s WHERE id %% 1000 = 7", "id % 1000 = 7"),
        DELETE_10("DELETE 10% of rows", "DELETE FROM %s WHERE id %% 10 = 3", "id % 10 = 3"),
        UPDATE_1("UPDATE 1% of rows", "UPDATE %s SET v = v + 1 WHERE id %% 100 = 5", "id % 100 = 5");

        final String title;
        final String statement;
        final String rows;

        RowChange(String title, String statement, String rows) {
            this.title = title;
            this.statement = statement;
            this.rows = rows;
        }

        boolean deletes() {
            return statement.startsWith("DELETE");
        }
    }

    static String w11Name(RowChange change, boolean mergeOnRead) {
        return "W11 " + change.title + ", " + (mergeOnRead ? "merge-on-read" : "copy-on-write");
    }

    /** The table properties that make DELETE, UPDATE and MERGE merge-on-read (or not) in a format. */
    static String w11Properties(String format, boolean mergeOnRead) {
        if (format.equals("iceberg")) {
            String mode = mergeOnRead ? "merge-on-read" : "copy-on-write";
            return "'format-version' = '2', 'write.delete.mode' = '" + mode + "', 'write.update.mode' = '" + mode
                    + "', 'write.merge.mode' = '" + mode + "'";
        }
        return "'delta.enableDeletionVectors' = '" + mergeOnRead + "'";
    }

    /**
     * W11: one row-level change on a fresh copy of the base table, copy-on-write or merge-on-read; time and the bytes it
     * added to the table's directory (data, deletion vectors or delete files, and metadata: nothing is removed before VACUUM).
     */
    Measurement w11(RowChange change, boolean mergeOnRead) throws Exception {
        List<Double> ms = new ArrayList<>();
        long written = 0;
        long changed = 0;
        for (int rep = -1; rep < reps; rep++) {
            ctas("w11", false, w11Properties(format, mergeOnRead), "");
            changed = count("SELECT count(*) FROM w11 WHERE " + change.rows);
            long before = tableBytes("w11");
            var r0 = tally.now();
            long t0 = System.nanoTime();
            floe.sql(String.format(java.util.Locale.ROOT, change.statement, "w11"));
            double took = (System.nanoTime() - t0) / 1e6;
            if (rep >= 0) {
                tally.run(r0);
            }
            written = tableBytes("w11") - before;
            if (change.deletes()) {
                check(count("SELECT count(*) FROM w11") == data.rows() - changed, "W11 rows left after " + change.title);
                check(count("SELECT count(*) FROM w11 WHERE " + change.rows) == 0, "W11 deleted rows gone");
            } else {
                check(count("SELECT count(*) FROM w11") == data.rows(), "W11 rows after " + change.title);
            }
            if (rep >= 0) {
                ms.add(took);
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rows changed", changed);
        facts.put("KiB written", String.format(java.util.Locale.ROOT, "%.1f", written / 1024.0));
        return new Measurement(w11Name(change, mergeOnRead), "floe", ms, facts).withRequests(tally.take());
    }

    private interface Workload {
        List<Measurement> run() throws Exception;
    }

    private static void measure(Consumer<Measurement> sink, Workload w) throws Exception {
        PeakMemory.reset();
        List<Measurement> ms = w.run();
        long peak = PeakMemory.kb();
        ms.forEach(m -> sink.accept(m.withPeak(peak)));
    }

    Measurement w1(boolean partitioned) throws Exception {
        // as the Spark peer's runs: the table of the run before is dropped outside the time (Spark writes each run to a new
        // path and deletes nothing); the row count is checked inside it, the months of the last run's table after it
        List<Double> ms = Measurement.time(reps, () -> fresh("w1"), rep -> {
            create("w1", partitioned, null, "");
            check(count("SELECT count(*) FROM w1") == data.rows(), "W1 row count");
        }, tally);
        check(!partitioned || count("SELECT count(DISTINCT month) FROM w1") == data.months(), "W1 months");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files", floe.table("w1").snapshot().files().size());
        return new Measurement(partitioned ? "W1 ingest, partitioned by month" : "W1 ingest, unpartitioned", "floe", ms, facts)
                .withRequests(tally.take());
    }

    /** W2 before and after Z-ordering, and W8: DuckDB alone over the same Parquet files, without Floe. */
    List<Measurement> w2() throws Exception {
        // size the files from the table as it will be laid out, so that it has about 100 of them
        ctas("w2", false, null, " ORDER BY hash(id)");
        long bytes = floe.table("w2").snapshot().files().stream().mapToLong(DataFile::size).sum();
        long target = Math.max(16 * 1024, bytes / 100);
        for (int attempt = 0; attempt < 3; attempt++) {
            // rows in no particular id order, as events arrive: before Z-ordering every file spans most ids
            ctas("w2", false, "'" + targetSizeProperty() + "' = '" + target + "'", " ORDER BY hash(id)");
            int files = floe.table("w2").snapshot().files().size();
            if (files >= 80 && files <= 125) {
                break;
            }
            // the writer's files come out smaller or larger than the target (compression): correct and write again
            target = Math.max(16 * 1024, target * files / 100);
        }
        long x = data.lookupId();
        List<Measurement> out = new ArrayList<>();
        Measurement after = null;
        for (String phase : List.of("before ZORDER", "after ZORDER")) {
            if (phase.startsWith("after")) {
                floe.sql("OPTIMIZE w2 ZORDER BY (id)");
            }
            after = jvm.run(new FloeTask.W2Lookup(warehouse, options, reps, "w2", x, phase, Map.of(targetSizeProperty(), target)))
                    .results().get(0);
            out.add(after);
        }
        if (!remote()) { // W8 runs DuckDB alone over local files
            out.addAll(w8(x, ((Number) after.facts().get("files read")).intValue()));
        }
        return out;
    }

    /**
     * W8, the floor: plain DuckDB (its own JDBC connection, no Floe in the way) answering W2's query over
     * the Z-ordered table's Parquet files, listed from the snapshot. Once over the files Floe's query
     * reads (what Floe adds on top of DuckDB: log replay, planning, rewriting), once over all of them
     * (what a reader without the log's statistics does).
     */
    private List<Measurement> w8(long x, int floeFilesRead) throws Exception {
        Table t = floe.table("w2");
        List<String> all = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        var snapshot = t.snapshot();
        for (DataFile f : snapshot.files()) {
            String local = t.store().localPath(t.resolveKey(f.path())).orElseThrow().toString();
            all.add(local);
            Object lo = f.stats() == null ? null : f.stats().min(snapshot.schema(), List.of("id"));
            Object hi = f.stats() == null ? null : f.stats().max(snapshot.schema(), List.of("id"));
            // a file can hold id = x unless its statistics say otherwise
            if (!(lo instanceof Number l && hi instanceof Number h) || (l.longValue() <= x && x <= h.longValue())) {
                candidates.add(local);
            }
        }
        List<Measurement> out = new ArrayList<>();
        for (List<String> files : List.of(candidates, all)) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("files read", files.size());
            if (files == candidates) {
                facts.put("same as Floe's", files.size() == floeFilesRead);
            }
            out.addAll(jvm.run(new FloeTask.Floor(files == candidates ? "W8 floor: DuckDB alone, the files Floe reads after ZORDER"
                    : "W8 floor: DuckDB alone, all files of the table", "SELECT count(*) FROM " + parquet(files) + " WHERE id = " + x,
                    List.of(1L), false, reps, facts)).results());
        }
        // W10's query over the files W10 reads (the table's latest snapshot): issue 16's "full scans ≤ 1.2× DuckDB alone"
        long n = data.rows();
        out.addAll(jvm.run(new FloeTask.Floor(W8_FULL_SCAN, "SELECT count(*), CAST(sum(id) AS BIGINT), CAST(sum(k) AS BIGINT) FROM "
                + parquet(all), List.of(n, n * (n - 1) / 2, sumK(n)), false, reps, Map.of("files read", all.size()))).results());
        // W12's group-by over the same files: every group read back, as Floe's are
        out.addAll(jvm.run(new FloeTask.Floor(W8_GROUP_BY, ScanWorkloads.w12Query(parquet(all)), List.of(Math.min(n, 1000), n, n * (n - 1) / 2),
                true, reps, Map.of("files read", all.size()))).results());
        return out;
    }

    /** The floor under W10: DuckDB alone, W10's query over the same files. */
    static final String W8_FULL_SCAN = "W8 floor: DuckDB alone, full scan";
    /** The floor under W12: DuckDB alone, W12's group-by over the same files. */
    static final String W8_GROUP_BY = "W8 floor: DuckDB alone, group-by (W12)";

    /** sum(k) over ids 0 … n-1 with k = id % 1000, as the generated data has it. */
    static long sumK(long n) {
        long full = n / 1000;
        long rest = n % 1000;
        return full * (999L * 1000 / 2) + rest * (rest - 1) / 2;
    }

    private static String parquet(List<String> files) {
        return "read_parquet([" + String.join(", ", files.stream().map(f -> "'" + f + "'").toList()) + "])";
    }

    Measurement w3() throws Exception {
        List<Double> ms = new ArrayList<>();
        long expectedRows = data.rows() + data.mergeNewRows();
        for (int rep = -1; rep < reps; rep++) {
            ctas("w3", false, null, "");
            var r0 = tally.now();
            long t0 = System.nanoTime();
            floe.sql("MERGE INTO w3 t USING (SELECT * FROM read_parquet('" + data.merge() + "')) s ON t.id = s.id"
                    + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
            double took = (System.nanoTime() - t0) / 1e6;
            if (rep >= 0) {
                ms.add(took);
                tally.run(r0);
            }
            check(count("SELECT count(*) FROM w3") == expectedRows, "W3 row count after MERGE");
            check(count("SELECT count(*) FROM w3 WHERE s = '" + BenchData.MERGED + "'") == data.mergeRows(), "W3 every source row upserted");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("source rows", data.mergeRows());
        facts.put("new rows", data.mergeNewRows());
        facts.put("matched rows", data.mergeRows() - data.mergeNewRows());
        return new Measurement("W3 MERGE upserts (half new)", "floe", ms, facts).withRequests(tally.take());
    }

    List<Measurement> w4() throws Exception {
        int appends = data.smallAppends();
        List<Double> appendMs = new ArrayList<>();
        List<Double> optimizeMs = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        Requests.Tally optimizeTally = new Requests.Tally(floe::storeRequests);
        for (int rep = -1; rep < reps; rep++) {
            // the warm-up is shorter than a measured run: 1,000 commits need no warming, and it saves minutes
            int n = rep < 0 ? Math.min(appends, 100) : appends;
            floe.sql("CREATE TABLE " + fresh("w4") + " (id BIGINT, k INT, v DOUBLE, s STRING, d DATE) USING " + format);
            var r0 = tally.now();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                floe.sql("INSERT INTO w4 SELECT * FROM read_parquet('" + data.base() + "') WHERE id >= " + (i * 1000L)
                        + " AND id < " + (i * 1000L + 1000));
            }
            double a = (System.nanoTime() - t0) / 1e6;
            var r1 = tally.now();
            int filesBefore = floe.table("w4").snapshot().files().size();
            var o0 = optimizeTally.now();
            t0 = System.nanoTime();
            floe.sql("OPTIMIZE w4");
            double o = (System.nanoTime() - t0) / 1e6;
            var o1 = optimizeTally.now();
            check(count("SELECT count(*) FROM w4") == Math.min(data.rows(), n * 1000L), "W4 rows");
            check(count("SELECT count(DISTINCT id) FROM w4") == Math.min(data.rows(), n * 1000L), "W4 no row twice");
            if (rep >= 0) {
                appendMs.add(a);
                optimizeMs.add(o);
                tally.run(r0, r1);
                optimizeTally.run(o0, o1);
            }
            facts.put("files before OPTIMIZE", filesBefore);
            facts.put("files after OPTIMIZE", floe.table("w4").snapshot().files().size());
        }
        // the appends' requests per run are those of all its commits: "commits" says how many
        return List.of(new Measurement("W4 appends of 1,000 rows", "floe", appendMs, Map.of("commits", appends)).withRequests(tally.take()),
                new Measurement("W4 OPTIMIZE after the appends", "floe", optimizeMs, facts).withRequests(optimizeTally.take()));
    }

    /**
     * W5: a table with many commits (checkpoints every 10 by default), loaded cold — a fresh Floe (its own
     * DuckDB, no cached snapshot) per run — and counted. The commits are cheap on purpose: each is an
     * overwrite that adds a copy of one already written tiny file, so the log grows while the data stays one row.
     */
    /**
     * The W5 table sizes for a format. Iceberg stops at 1,000 commits: every Iceberg commit rewrites the metadata JSON
     * with the whole snapshot list (the spec keeps them until snapshots are expired), so building a 10,000-commit table
     * one commit at a time writes ~10^4 × 5,000 snapshots of JSON — over an hour here — for Floe and Iceberg Java
     * alike; a real table that size would expire snapshots.
     */
    static List<Integer> w5CommitCounts(BenchData data, String format) {
        return data.commitCounts().stream().filter(c -> !format.equals("iceberg") || c <= 1_000).toList();
    }

    Measurement w5(int commits) throws Exception {
        String name = "w5_" + commits;
        floe.sql("CREATE TABLE " + fresh(name) + " (id BIGINT) USING " + format);
        Table t = floe.table(name);
        long t0 = System.nanoTime();
        floe.sql("INSERT INTO " + name + " VALUES (0)");
        DataFile proto = t.snapshot().files().get(0);
        // copies of the tiny file through the store: a local file or an S3 object alike
        byte[] protoBytes = t.store().get(t.resolveKey(proto.path()));
        // the version comes from each commit's result: asking the table would list the log once more per commit
        long version = t.snapshot().version();
        // Delta versions count commits; Iceberg's snapshot ids do not, so the loop counts them itself. The CREATE and the
        // INSERT are the first two of the commits: a Delta table ends at version commits - 1, as the peers check
        // Delta writes a checkpoint at every version divisible by the interval (W5's tables keep Delta's default, 10)
        long interval = Long.parseLong(t.snapshot().properties().getOrDefault("delta.checkpointInterval", "10"));
        CommitLatency latency = new CommitLatency(commits, v -> format.equals("delta") && v % interval == 0);
        for (long done = 2; done < commits; done++) {
            String rel = "part-w5-" + done + ".parquet";
            t.store().put(t.resolveKey(t.relativePath(rel)), protoBytes);
            long c0 = System.nanoTime();
            version = t.newOverwrite().addFile(new DataFile(t.relativePath(rel), Map.of(), proto.size(), System.currentTimeMillis(),
                    proto.stats())).commit().version();
            latency.record(done, (System.nanoTime() - c0) / 1e6);
        }
        double setup = (System.nanoTime() - t0) / 1e6;
        // the peers load the same log and check its version against the commit count
        check(!format.equals("delta") || version == commits - 1, "W5 built " + (version + 1) + " Delta versions for " + commits + " commits");
        return jvm.run(new FloeTask.W5Load("W5 cold snapshot load + count(*), " + String.format(java.util.Locale.ROOT, "%,d", commits)
                + " commits", work.resolve("cold").toString(), options, reps, format, tableLocation(name), commits, version, setup))
                .results().get(0).withFacts(latency.facts());
    }

    /**
     * Issue 16's "commit latency flat in log length": the times of the commits at versions 100–199 and of the last 100
     * (each the commit alone: its data file is put before the clock starts). Commits that also wrote a checkpoint (one in
     * ten on Delta) are kept apart: a checkpoint holds the table's whole state (live files and unexpired tombstones: W5's
     * overwrites leave one tombstone each), so its cost follows the state's size, not the log's length; the flatness is
     * scored on the other commits and the checkpoint commits are reported beside them.
     */
    static final class CommitLatency {
        static final String EARLY = "commit ms at versions 100-199 (no checkpoint), mean";
        static final String LATE = "commit ms at the last 100 versions (no checkpoint), mean";
        static final String EARLY_CHECKPOINT = "checkpoint commit ms at versions 100-199, mean";
        static final String LATE_CHECKPOINT = "checkpoint commit ms at the last 100 versions, mean";
        private final long commits;
        private final int window;
        private final java.util.function.LongPredicate checkpointAt;
        private final double[] sum = new double[4]; // early, late, early checkpoint, late checkpoint
        private final int[] count = new int[4];

        /** {@code checkpointAt}: whether the commit of that version also wrote a checkpoint. */
        CommitLatency(long commits, java.util.function.LongPredicate checkpointAt) {
            this.commits = commits;
            this.window = (int) Math.max(0, Math.min(100, (commits - 100) / 2));
            this.checkpointAt = checkpointAt;
        }

        void record(long version, double ms) {
            int slot;
            if (version >= 100 && version < 100 + window) {
                slot = 0;
            } else if (version >= commits - window) {
                slot = 1;
            } else {
                return;
            }
            slot += checkpointAt.test(version) ? 2 : 0;
            sum[slot] += ms;
            count[slot]++;
        }

        Map<String, Object> facts() {
            if (window < 100 || count[0] == 0 || count[1] == 0) {
                return Map.of(); // too short a log to compare its start with its end
            }
            Map<String, Object> f = new LinkedHashMap<>();
            String[] keys = {EARLY, LATE, EARLY_CHECKPOINT, LATE_CHECKPOINT};
            for (int i = 0; i < 4; i++) {
                if (count[i] > 0) {
                    f.put(keys[i], Math.round(sum[i] / count[i] * 100) / 100.0);
                }
            }
            return f;
        }
    }

    /** W6's writers (the Iceberg Java peer runs as many). */
    static final int W6_WRITERS = 8;

    /** W6: 8 threads, each with its own table handle, appending to one table at once; every commit must land exactly once. */
    Measurement w6() throws Exception {
        int writers = W6_WRITERS;
        int each = data.concurrentAppends();
        List<Double> ms = new ArrayList<>();
        List<Long> rates = new ArrayList<>();
        List<Integer> retriesPerRun = new ArrayList<>();
        DuckDbDataPlane engine = (DuckDbDataPlane) floe.warehouse().dataPlane();
        for (int rep = -1; rep < reps; rep++) {
            floe.sql("CREATE TABLE " + fresh("w6") + " (id BIGINT, w INT) USING " + format);
            Table table = floe.table("w6");
            long startVersion = table.history(0).size();
            AtomicInteger retries = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> fs = new ArrayList<>();
            var r0 = tally.now();
            long t0 = System.nanoTime();
            try {
                for (int w = 0; w < writers; w++) {
                    int id = w;
                    fs.add(pool.submit(() -> {
                        // a writer of its own, as another service would be: no snapshot shared with the others
                        Table mine = TableFormats.named(table.format()).open("w6", table.store(), table.rootKey(), engine);
                        for (int i = 0; i < each; i++) {
                            CommitResult r = Write.run(engine, mine, "SELECT " + (id * 1_000_000L + i) + "::BIGINT AS id, " + id + " AS w",
                                    Write.Options.append()).commit();
                            retries.addAndGet(r.attempts() - 1);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            double took = (System.nanoTime() - t0) / 1e6;
            var r1 = tally.now();
            long commits = table.history(0).size() - startVersion;
            check(commits == (long) writers * each, "W6 exactly " + writers * each + " commits (saw " + commits + ")");
            check(count("SELECT count(DISTINCT id) FROM w6") == (long) writers * each, "W6 every row present");
            check(count("SELECT count(*) FROM w6") == (long) writers * each, "W6 no row twice");
            if (rep >= 0) {
                ms.add(took);
                rates.add(Math.round(commits * 1000.0 / took));
                retriesPerRun.add(retries.get());
                tally.run(r0, r1);
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("commits per run", writers * each);
        facts.put("commits/s", rates);
        facts.put("retries", retriesPerRun);
        facts.put("lost", 0);
        facts.put("store", warehouse.startsWith("s3") ? "s3" : "local");
        return new Measurement("W6 " + writers + " writers x " + each + " appends", "floe", ms, facts).withRequests(tally.take());
    }

    Measurement w7() throws Exception {
        List<Double> ms = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        for (int rep = -1; rep < reps; rep++) {
            ctas("w7", false, null, "");
            floe.sql("DELETE FROM w7 WHERE id % 2 = 0");
            var r0 = tally.now();
            long t0 = System.nanoTime();
            io.floe.QueryResult r = floe.sql("VACUUM w7 RETAIN 0 HOURS");
            double took = (System.nanoTime() - t0) / 1e6;
            if (rep >= 0) {
                tally.run(r0);
            }
            check(count("SELECT count(*) FROM w7") == data.rows() / 2, "W7 rows after DELETE + VACUUM");
            check(count("SELECT count(*) FROM w7 WHERE id % 2 = 0") == 0, "W7 deleted rows stay deleted");
            if (rep >= 0) {
                ms.add(took);
            }
            facts.put("result", r.message());
        }
        return new Measurement("W7 VACUUM after deleting half", "floe", ms, facts).withRequests(tally.take());
    }
}
