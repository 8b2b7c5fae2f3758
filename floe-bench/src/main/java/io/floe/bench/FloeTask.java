package io.floe.bench;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.floe.Floe;
import io.floe.bench.common.PeakMemory;
import io.floe.bench.common.Timing;
import io.floe.sql.SqlSession;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured part of one of Floe's workloads, handed to a fresh JVM of its own ({@link FloeJvm}) so that its time and
 * peak memory are taken as the peers' are: in a process that has run nothing before, on tables the harness built. Each
 * task opens what it needs, starts a new peak-memory mark ({@link PeakMemory#reset}) once it is open, runs a warm-up and
 * the measured runs, checks every answer (a wrong one throws) and reads the peak. The same code runs in the harness's
 * own JVM with {@code --floe-jvm same}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "task")
@JsonSubTypes({@JsonSubTypes.Type(value = FloeTask.W2Lookup.class, name = "W2"), @JsonSubTypes.Type(value = FloeTask.W4.class, name = "W4"),
        @JsonSubTypes.Type(value = FloeTask.W5Load.class, name = "W5"), @JsonSubTypes.Type(value = FloeTask.Scan.class, name = "scan"),
        @JsonSubTypes.Type(value = FloeTask.Floor.class, name = "floor"),
        @JsonSubTypes.Type(value = FloeTask.S1.class, name = "S1"), @JsonSubTypes.Type(value = FloeTask.Idle.class, name = "idle")})
sealed interface FloeTask permits FloeTask.W2Lookup, FloeTask.W4, FloeTask.W5Load, FloeTask.Scan, FloeTask.Floor,
        FloeTask.S1, FloeTask.Idle {

    /** Runs the task in this JVM. */
    Outcome run() throws Exception;

    /** A short name for progress lines and file names. */
    String label();

    /** The measurements, and the answers the peers check theirs against (W9, W10), when the task has them. */
    record Outcome(List<Measurement> results, ScanWorkloads.Lookup lookup, ScanWorkloads.FullScan fullScan) {
        static Outcome of(Measurement... ms) {
            return new Outcome(List.of(ms), null, null);
        }
    }

    /** W2's point lookup on the table {@code table} of the warehouse, at its latest version, and planning it alone. */
    record W2Lookup(String warehouse, Map<String, String> options, int reps, String table, long key, String phase,
                    Map<String, Object> facts) implements FloeTask {
        @Override
        public String label() {
            return "W2 " + phase;
        }

        @Override
        public Outcome run() throws Exception {
            try (Floe floe = Floe.open(warehouse, options)) {
                ChildSettings.apply(floe);
                Requests.Tally tally = new Requests.Tally(floe::storeRequests);
                String q = "SELECT count(*) FROM " + table + " WHERE id = " + key;
                PeakMemory.reset();
                List<Double> ms = Measurement.time(reps, rep -> FloeWorkloads.check(
                        ((Number) floe.sql(q).scalar()).longValue() == 1, "W2 lookup finds one row"), tally);
                Requests lookups = tally.take();
                long peak = PeakMemory.kb(); // the measured runs' peak, as the peers'
                // a fresh JVM's first runs are of code the JIT has not compiled yet (SQL parsing, planning): the measured runs
                // warm up by the peers' rule, and the steady state of a long-lived service is a fact beside them
                double warm = Measurement.warmMedian(rep -> FloeWorkloads.check(((Number) floe.sql(q).scalar()).longValue() == 1,
                        "W2 lookup finds one row"));
                SqlSession.ScanInfo scan = floe.session().explainScans(q).get(0);
                // Floe's share of a lookup: planning alone (snapshot update, pruning, the rewritten SQL), no DuckDB scan
                List<Double> plan = Measurement.time(reps, rep -> floe.session().explainScans(q));
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("planning alone, median ms", Timing.tenths(Timing.median(plan)));
                f.put("files total", scan.total());
                f.put("files read", scan.afterStatsSkipping());
                f.put(Measurement.WARM, warm);
                f.put(Measurement.WARM_PEAK, PeakMemory.kb() / 1024);
                f.putAll(facts);
                return Outcome.of(new Measurement("W2 point lookup, " + phase, "floe", ms, f, peak).withRequests(lookups));
            }
        }
    }

    /** W4: 1,000-row appends into a table it creates in the warehouse, then OPTIMIZE (FloeWorkloads.w4, whole). */
    record W4(String warehouse, Map<String, String> options, int reps, String format, String work, String base, long rows, int appends)
            implements FloeTask {
        @Override
        public String label() {
            return "W4";
        }

        @Override
        public Outcome run() throws Exception {
            BenchData data = new BenchData(Path.of(base), null, rows, 0, 0, appends, List.of(), 0);
            try (FloeWorkloads w = new FloeWorkloads(Path.of(work), data, reps, format, warehouse, options)) {
                ChildSettings.apply(w.floe());
                PeakMemory.reset();
                List<Measurement> ms = w.w4();
                long peak = PeakMemory.kb();
                return new Outcome(ms.stream().map(m -> m.withPeak(peak)).toList(), null, null);
            }
        }
    }

    /**
     * W5 (and S2): a table with many commits at {@code location}, loaded cold — a fresh Floe per run ({@link ColdFloes}: its
     * DuckDB, where the load uses it, started outside the timing) — and counted; then the snapshot load alone on a fresh
     * table handle.
     */
    record W5Load(String name, String coldDir, Map<String, String> options, int reps, String format, String location, int commits,
                  long version, double setupMs) implements FloeTask {
        @Override
        public String label() {
            return "W5 " + commits;
        }

        @Override
        public Outcome run() throws Exception {
            Requests.Tally tally = new Requests.Tally(() -> Requests.NONE);
            List<Double> ms = new ArrayList<>();
            List<Double> load = new ArrayList<>();
            PeakMemory.reset();
            int[] opened = {0};
            ColdFloes colds = new ColdFloes();
            Timing.Run run = rep -> {
                // opening Floe (and starting DuckDB where the load uses it) is process start-up, not snapshot loading
                try (ColdFloes.Cold fresh = colds.open(Path.of(coldDir).resolve("w5-" + commits + "-" + opened[0]++), options)) {
                    Floe cold = fresh.floe();
                    var r0 = cold.storeRequests();
                    long s0 = System.nanoTime();
                    long c = ((Number) cold.sql("SELECT count(*) FROM " + format + ".`" + location + "`").scalar()).longValue();
                    double took = (System.nanoTime() - s0) / 1e6;
                    if (rep >= 0) {
                        tally.run(r0, cold.storeRequests());
                    }
                    FloeWorkloads.check(c == 1, "W5 count");
                    // the snapshot load alone, on a fresh table handle (no cached snapshot)
                    io.floe.table.Table t = cold.warehouse().tableAt(location, format);
                    s0 = System.nanoTime();
                    long v = io.floe.table.TableFormats.named(t.format()).open(t.name(), t.store(), t.rootKey(), cold.warehouse().dataPlane())
                            .snapshot().version();
                    double loadMs = (System.nanoTime() - s0) / 1e6;
                    FloeWorkloads.check(v == version, "W5 version " + v + ", built " + version);
                    if (rep >= 0) {
                        ms.add(took);
                        load.add(loadMs);
                    }
                }
            };
            // warmed up by the rule the peers follow (more runs while they take under 2 s, at most 20), then measured
            Timing.warmUp(run);
            for (int rep = 0; rep < reps; rep++) {
                run.run(rep);
            }
            long peak = PeakMemory.kb();
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("commits", commits);
            facts.put("setup s", Math.round(setupMs / 100) / 10.0);
            facts.put("snapshot load alone, median ms", Timing.tenths(Timing.median(load)));
            facts.put("DuckDB started", colds.engineUsed());
            return Outcome.of(new Measurement(name, "floe", ms, facts, peak).withRequests(tally.take()));
        }
    }

    /**
     * W9, W10 or W12 on the table at {@code table} (by location), on a Floe of its own: W9 plans W2's lookup of {@code key},
     * W10 scans in full and W12 groups the table's {@code rows} rows; W9's and W10's answers are what the peers check theirs
     * against.
     */
    record Scan(Kind kind, String work, Map<String, String> options, int reps, String format, String table, long key, long rows)
            implements FloeTask {
        enum Kind { W9, W10, W12 }

        @Override
        public String label() {
            return kind.name();
        }

        @Override
        public Outcome run() throws Exception {
            try (ScanWorkloads s = new ScanWorkloads(Path.of(work), reps, format, options)) {
                ChildSettings.apply(s.floe());
                List<Measurement> out = new ArrayList<>();
                ScanWorkloads.Lookup lookup = null;
                ScanWorkloads.FullScan fullScan = null;
                switch (kind) {
                    case W9 -> lookup = s.w9(table, key, out::add);
                    case W10 -> fullScan = s.w10(table, rows, out::add);
                    case W12 -> s.w12(table, rows, out::add);
                }
                return new Outcome(out, lookup, fullScan);
            }
        }
    }

    /**
     * A floor: plain DuckDB (its own JDBC connection, no Floe in the way) answering {@code sql} over local Parquet files;
     * the first row must be {@code expected} (as longs), or with {@code perGroup} every row is read and {@code expected} is
     * the number of rows followed by the sums of the columns from the second on.
     */
    record Floor(String name, String sql, List<Long> expected, boolean perGroup, int reps, Map<String, Object> facts) implements FloeTask {
        @Override
        public String label() {
            return "floor";
        }

        @Override
        public Outcome run() throws Exception {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
                st.execute("SET autoinstall_known_extensions = false"); // nothing may load an extension at run time
                st.execute("SET autoload_known_extensions = false");
                ChildSettings.apply(c);
                PeakMemory.reset();
                Measurement.Run run = rep -> {
                    try (ResultSet rs = st.executeQuery(sql)) {
                        List<Long> seen = new ArrayList<>();
                        if (perGroup) {
                            long n = 0;
                            long[] sums = new long[expected.size() - 1];
                            while (rs.next()) {
                                n++;
                                for (int i = 0; i < sums.length; i++) {
                                    sums[i] += rs.getLong(i + 2);
                                }
                            }
                            seen.add(n);
                            for (long x : sums) {
                                seen.add(x);
                            }
                        } else {
                            rs.next();
                            for (int i = 0; i < expected.size(); i++) {
                                seen.add(rs.getLong(i + 1));
                            }
                        }
                        FloeWorkloads.check(seen.equals(expected), name + ": " + seen + ", not " + expected);
                    }
                };
                List<Double> ms = Measurement.time(reps, run);
                long peak = PeakMemory.kb();
                // the steady state, by the rule Floe's side of the comparison follows (Report scores warm against warm)
                Map<String, Object> f = new LinkedHashMap<>(facts);
                f.put(Measurement.WARM, Measurement.warmMedian(run));
                f.put(Measurement.WARM_PEAK, PeakMemory.kb() / 1024);
                return Outcome.of(new Measurement(name, "duckdb", ms, f, peak));
            }
        }
    }

    /**
     * One of S1's three measurements on a table ScaleWorkloads built: the cold load, planning the lookup, the lookup.
     * {@code dir} is the table's location (a directory, or an S3 URI that {@code options} reach).
     */
    record S1(String what, String name, String format, String dir, long key, long files, long version, String coldDir, int reps,
              Map<String, Object> facts, Map<String, String> options) implements FloeTask {
        public S1 {
            options = options == null ? Map.of() : options;
        }

        @Override
        public String label() {
            return "S1 " + format + " " + what;
        }

        @Override
        public Outcome run() throws Exception {
            return Outcome.of(switch (what) {
                case "load" -> ScaleWorkloads.s1Load(this);
                case "plan" -> ScaleWorkloads.s1Plan(this);
                case "lookup" -> ScaleWorkloads.s1Lookup(this);
                default -> throw new IllegalArgumentException("no S1 measurement " + what);
            });
        }
    }

    /** Nothing but the JVM and, with {@code open}, a Floe: the resident memory they take before any workload (for --mem-probe). */
    record Idle(String work, boolean open) implements FloeTask {
        @Override
        public String label() {
            return open ? "idle Floe" : "idle JVM";
        }

        @Override
        public Outcome run() throws Exception {
            if (open) {
                try (Floe floe = Floe.open(work)) {
                    ChildSettings.apply(floe);
                    MemProbe.mark("after Floe.open", floe);
                    System.gc();
                    MemProbe.mark("after Floe.open + System.gc()", floe);
                }
            }
            return new Outcome(List.of(), null, null);
        }
    }
}
