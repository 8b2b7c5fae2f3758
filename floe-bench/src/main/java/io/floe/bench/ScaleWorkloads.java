package io.floe.bench;

import io.floe.bench.common.PeakMemory;
import io.floe.bench.common.Timing;
import io.floe.Floe;
import io.floe.sql.SqlSession;
import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.TableFormats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The scale workloads (opt-in: {@code --scale S1,S2}), metadata at sizes where its cost growth shows:
 * <ul>
 *   <li>S1: a table of {@code files} data files built through Floe's Table API ({@code newAppend().addFile}) — Delta
 *   with a checkpoint at its last version, Iceberg in {@code manifests} manifests (one per append, manifest merging
 *   off). One file is real and holds the looked-up key; the others are entries only (their statistics give each a
 *   range of ids of its own), never read by a load or a lookup. Measured: a cold snapshot load with the whole file
 *   list, planning a point lookup on a cold Floe (files after skipping: 1), and the lookup itself.</li>
 *   <li>S2: {@code commits} commits in one Delta log (a checkpoint every 10, so a load reads the last checkpoint plus a
 *   tail of commits): a cold snapshot load + count(*), as W5 at a larger size.</li>
 * </ul>
 * Every answer is checked (files in the snapshot, files planned, rows found); each workload records the process's peak
 * memory. The sizes are parameters: the smoke test runs them small, the lead at full size.
 */
final class ScaleWorkloads implements AutoCloseable {
    /** What a scale run builds: {@code files} data files in {@code manifests} Iceberg manifests, {@code commits} Delta commits. */
    record Sizes(long files, int manifests, int commits) {
        static final Sizes FULL = new Sizes(1_000_000, 1_000, 100_000);

        Sizes {
            if (files < 2 || manifests < 2 || manifests > files || commits < 12) {
                throw new IllegalArgumentException("scale sizes need at least 2 files, 2 to files manifests and 12 commits, not " + files
                        + "/" + manifests + "/" + commits);
            }
        }
    }

    /** Files per Delta commit while building S1: large commits, so that building a million files takes few of them. */
    static final int DELTA_FILES_PER_COMMIT = 50_000;
    /** The ids each fake file's statistics cover; the key lies in the range of the one real file only. */
    private static final long IDS_PER_FILE = 10;

    /** An S1 table Floe built, and Floe's answers for the peers to check theirs against. */
    record S1Table(String format, Path path, long key, long files, long version, int filesAfter, String loadName, String planName) {
    }

    private final Floe floe;
    private final Path work;
    /** Where the measured runs read S1's tables: the local directory it is built in, or the S3 server serving it. */
    private final BenchWarehouse wh;
    private final int reps;
    private final Sizes sizes;
    /** Where the measured runs happen: a fresh JVM each, or this one. */
    private final FloeJvm jvm;

    ScaleWorkloads(Path work, int reps, Sizes sizes) {
        this(work, reps, sizes, FloeJvm.SAME, BenchWarehouse.local(work));
    }

    /**
     * Scale workloads whose tables are built and measured in {@code wh}: a local warehouse under {@code work}, or an S3
     * one (built through Floe's S3 store: an Iceberg table's metadata names its files by absolute location, so a table
     * built on local disk could not be read at an S3 location); {@code work} holds the cold Floes' directories.
     */
    ScaleWorkloads(Path work, int reps, Sizes sizes, FloeJvm jvm, BenchWarehouse wh) {
        this.wh = wh;
        this.jvm = jvm;
        this.work = work;
        this.reps = reps;
        this.sizes = sizes;
        this.floe = Floe.open(wh.s3() ? wh.at("floe-warehouse") : work.resolve("floe-warehouse").toString(), wh.options());
    }

    @Override
    public void close() {
        floe.close();
    }

    static String s1Prefix(String format, Sizes sizes) {
        return "S1 " + (format.equals("iceberg") ? "Iceberg" : "Delta") + ", " + String.format(Locale.ROOT, "%,d", sizes.files()) + " files"
                + (format.equals("iceberg") ? String.format(Locale.ROOT, " in %,d manifests", sizes.manifests()) : " + checkpoint");
    }

    static String lookupName(String format, Sizes sizes) {
        return s1Prefix(format, sizes) + ": point lookup, cold";
    }

    static String s2Name(Sizes sizes) {
        return "S2 cold snapshot load + count(*), " + String.format(Locale.ROOT, "%,d", sizes.commits()) + " Delta commits (checkpoint + tail)";
    }

    /** S1 on one format: builds the table, measures Floe, and returns the table with Floe's answers. */
    S1Table s1(String format, Consumer<Measurement> sink) throws Exception {
        String prefix = s1Prefix(format, sizes);
        long t0 = System.nanoTime();
        String name = "s1_" + format;
        long files = sizes.files();
        long fakes = files - 1;
        // Delta: one checkpoint, at the last version (create = 0, the real file's insert = 1, then the batches)
        long deltaCommits = (fakes + DELTA_FILES_PER_COMMIT - 1) / DELTA_FILES_PER_COMMIT;
        String props = format.equals("iceberg") ? "'commit.manifest-merge.enabled' = 'false'"
                : "'delta.checkpointInterval' = '" + (deltaCommits + 1) + "'";
        floe.sql("DROP TABLE IF EXISTS " + name);
        floe.sql("CREATE TABLE " + name + " (id BIGINT) USING " + format + " TBLPROPERTIES (" + props + ")");
        // the fake files cover ids [10 i, 10 i + 9] for every i but the middle one, whose range holds the key
        long middle = fakes / 2;
        long key = middle * IDS_PER_FILE + 5;
        floe.sql("INSERT INTO " + name + " VALUES (" + key + ")");
        Table t = floe.table(name);
        DataFile real = t.snapshot().files().get(0);
        int idField = real.stats().minValues().keySet().iterator().next();
        // Iceberg: the insert made the first manifest; each further append makes one more
        long batches = format.equals("iceberg") ? sizes.manifests() - 1 : deltaCommits;
        long perBatch = (fakes + batches - 1) / batches;
        long version = t.snapshot().version();
        long next = 0;
        for (long b = 0; b < batches && next < fakes; b++) {
            List<DataFile> batch = new ArrayList<>((int) Math.min(perBatch, fakes - next));
            for (long n = 0; n < perBatch && next < fakes; n++, next++) {
                long range = next < middle ? next : next + 1; // skip the middle range: the real file's
                long lo = range * IDS_PER_FILE;
                FileStats stats = new FileStats(IDS_PER_FILE, Map.of(idField, lo), Map.of(idField, lo + IDS_PER_FILE - 1), Map.of(idField, 0L),
                        true);
                batch.add(new DataFile(t.relativePath(String.format(Locale.ROOT, "s1-%08d.parquet", range)), Map.of(), real.size(),
                        real.modificationTime(), stats));
            }
            version = t.newAppend().addFiles(batch).commit().version();
        }
        double setup = (System.nanoTime() - t0) / 1e6;
        Path dir = work.resolve("floe-warehouse").resolve(name);
        System.out.printf(Locale.ROOT, "S1 %s: built %,d files in %.1f s%n", format, files, setup / 1000);

        // the measured runs, each kind in a JVM of its own when the harness forks them (setup stays here)
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files", files);
        facts.put(format.equals("iceberg") ? "manifests" : "commits", format.equals("iceberg") ? batches + 1 : deltaCommits + 2);
        facts.put("setup s", Math.round(setup / 100) / 10.0);
        String cold = work.resolve("cold").toString();
        String location = wh.s3() ? wh.at("floe-warehouse", name) : dir.toString();
        String loadName = prefix + ": cold snapshot load, whole file list";
        String planName = prefix + ": planning a point lookup, cold";
        sink.accept(jvm.run(new FloeTask.S1("load", loadName, format, location, key, files, version, cold, reps, facts, wh.options()))
                .results().get(0));
        Measurement plan = jvm.run(new FloeTask.S1("plan", planName, format, location, key, files, version, cold, reps, Map.of(),
                wh.options())).results().get(0);
        sink.accept(plan);
        int after = ((Number) plan.facts().get("files after skipping")).intValue();
        sink.accept(jvm.run(new FloeTask.S1("lookup", lookupName(format, sizes), format, location, key, files, version, cold, reps,
                Map.of("files read", after), wh.options())).results().get(0));
        return new S1Table(format, dir, key, files, version, after, loadName, planName);
    }

    /** S1's cold snapshot load with the whole file list: a fresh Floe ({@link ColdFloes}) and table handle per run. */
    static Measurement s1Load(FloeTask.S1 t) throws Exception {
        String prefix = t.name().substring(0, t.name().indexOf(':'));
        List<Double> snapshotAlone = new ArrayList<>();
        Requests.Tally tally = new Requests.Tally(() -> Requests.NONE);
        ColdFloes colds = new ColdFloes();
        PeakMemory.reset();
        List<Double> ms = timed(t.reps(), rep -> {
            // opening Floe (and starting DuckDB where the load uses it) is process start-up, not snapshot loading
            try (ColdFloes.Cold fresh = colds.open(Path.of(t.coldDir()).resolve("s1-" + t.format() + "-" + rep), t.options())) {
                Floe cold = fresh.floe();
                Table table = cold.warehouse().tableAt(t.dir(), t.format()); // the store and root only: no snapshot yet
                var r0 = cold.storeRequests();
                long s0 = System.nanoTime();
                Snapshot s = TableFormats.named(table.format()).open(table.name(), table.store(), table.rootKey(), cold.warehouse().dataPlane())
                        .snapshot();
                long s1 = System.nanoTime();
                // every file's entry touched (its size summed): a file list the format built lazily is built here
                List<io.floe.table.DataFile> all = s.files();
                long bytes = 0;
                for (io.floe.table.DataFile f : all) {
                    bytes += f.size();
                }
                int n = all.size();
                long s2 = System.nanoTime();
                FloeWorkloads.check(bytes > 0, prefix + ": the files' sizes sum to " + bytes);
                if (rep >= 0) {
                    tally.run(r0, cold.storeRequests());
                }
                FloeWorkloads.check(n == t.files(), prefix + ": " + n + " files in the snapshot, " + t.files() + " added");
                FloeWorkloads.check(s.version() == t.version(), prefix + ": version " + s.version() + ", committed " + t.version());
                if (rep >= 0) {
                    snapshotAlone.add((s1 - s0) / 1e6);
                }
                return (s2 - s0) / 1e6;
            }
        });
        long peak = PeakMemory.kb();
        Map<String, Object> facts = new LinkedHashMap<>(t.facts());
        facts.put("snapshot() alone, median ms", Timing.tenths(Timing.median(snapshotAlone)));
        facts.put("DuckDB started", colds.engineUsed());
        return new Measurement(t.name(), "floe", ms, facts, peak).withRequests(tally.take());
    }

    private static String query(FloeTask.S1 t) {
        return "SELECT count(*) FROM " + t.format() + ".`" + t.dir() + "` WHERE id = " + t.key();
    }

    /** Planning S1's point lookup on a cold Floe (snapshot load included), then warm on the same session. */
    static Measurement s1Plan(FloeTask.S1 t) throws Exception {
        String prefix = t.name().substring(0, t.name().indexOf(':'));
        String q = query(t);
        Requests.Tally tally = new Requests.Tally(() -> Requests.NONE);
        int[] after = new int[1];
        List<Double> warm = new ArrayList<>();
        ColdFloes colds = new ColdFloes();
        PeakMemory.reset();
        List<Double> ms = timed(t.reps(), rep -> {
            try (ColdFloes.Cold fresh = colds.open(Path.of(t.coldDir()).resolve("s1-plan-" + t.format() + "-" + rep), t.options())) {
                Floe cold = fresh.floe();
                var r0 = cold.storeRequests();
                long s0 = System.nanoTime();
                SqlSession.ScanInfo scan = cold.session().explainScans(q).get(0);
                double took = (System.nanoTime() - s0) / 1e6;
                if (rep >= 0) {
                    tally.run(r0, cold.storeRequests());
                }
                after[0] = scan.afterStatsSkipping();
                FloeWorkloads.check(scan.total() == t.files(), prefix + ": planning sees " + scan.total() + " files of " + t.files());
                FloeWorkloads.check(after[0] == 1, prefix + ": " + after[0] + " files after skipping, only one holds the key");
                long w0 = System.nanoTime();
                cold.session().explainScans(q);
                if (rep >= 0) {
                    warm.add((System.nanoTime() - w0) / 1e6);
                }
                return took;
            }
        });
        long peak = PeakMemory.kb();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files after skipping", after[0]);
        facts.put("warm (same session), median ms", Timing.tenths(Timing.median(warm)));
        facts.put("DuckDB started", colds.engineUsed());
        return new Measurement(t.name(), "floe", ms, facts, peak).withRequests(tally.take());
    }

    /** S1's lookup whole on a cold Floe: plan, read the one file left, count. */
    static Measurement s1Lookup(FloeTask.S1 t) throws Exception {
        String prefix = t.name().substring(0, t.name().indexOf(':'));
        String q = query(t);
        Requests.Tally tally = new Requests.Tally(() -> Requests.NONE);
        ColdFloes colds = new ColdFloes();
        PeakMemory.reset();
        List<Double> ms = timed(t.reps(), rep -> {
            try (ColdFloes.Cold fresh = colds.open(Path.of(t.coldDir()).resolve("s1-lookup-" + t.format() + "-" + rep), t.options())) {
                Floe cold = fresh.floe();
                var r0 = cold.storeRequests();
                long s0 = System.nanoTime();
                long c = ((Number) cold.sql(q).scalar()).longValue();
                double took = (System.nanoTime() - s0) / 1e6;
                if (rep >= 0) {
                    tally.run(r0, cold.storeRequests());
                }
                FloeWorkloads.check(c == 1, prefix + ": the lookup finds " + c + " rows");
                return took;
            }
        });
        return new Measurement(t.name(), "floe", ms, t.facts(), PeakMemory.kb()).withRequests(tally.take());
    }

    /**
     * S2: {@code commits} commits in one Delta log (W5's table at a larger size: each commit an overwrite adding a copy of
     * one tiny file; a checkpoint every 10, so the last one leaves a tail of commits), loaded cold and counted. Returns the
     * table's directory.
     */
    Path s2(Consumer<Measurement> sink) throws Exception {
        Path s2 = work.resolve("s2");
        try (FloeWorkloads w = new FloeWorkloads(s2, null, reps, "delta", s2.resolve("floe-warehouse").toString(), Map.of(), jvm)) {
            Measurement m = w.w5(sizes.commits());
            sink.accept(m.renamed(s2Name(sizes)));
            return w.tableDir("w5_" + sizes.commits());
        }
    }

    private interface TimedRun {
        /** One run ({@code rep} -1 is the warm-up); returns the milliseconds of the part it measures. */
        double run(int rep) throws Exception;
    }

    /** Warm-up runs ({@link Timing#warmUp}), then {@code reps} measured runs, each timing only what it says. */
    private static List<Double> timed(int reps, TimedRun r) throws Exception {
        Timing.warmUp(rep -> r.run(rep));
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            out.add(r.run(i));
        }
        return out;
    }
}
