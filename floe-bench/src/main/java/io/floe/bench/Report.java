package io.floe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Writes a run's results as Markdown and JSON, with the command, versions and machine on top. */
final class Report {
    private Report() {
    }

    /** One of issue 7's targets and how far this run got: {@code achieved / wanted}, 1 or more is met. */
    record Target(String what, String wanted, String seen, double score) {
    }

    /** How a peer is named in the report's columns. */
    static String label(String peer) {
        return switch (peer) {
            case "spark" -> "Spark";
            case "kernel" -> "Kernel";
            case "iceberg" -> "Iceberg Java";
            default -> peer;
        };
    }

    /**
     * {@code peers}: each peer that ran (in the order of the columns) with its results by workload name; a peer's
     * result shows on the row of Floe's result of the same name.
     */
    static void write(Path dir, String name, String command, long rows, int reps, List<Measurement> floe,
                      Map<String, Map<String, Measurement>> peers, Map<String, String> versions, long floePeakKb, double minutes) throws Exception {
        write(dir, name, command, rows, reps, floe, peers, versions, floePeakKb, minutes, false);
    }

    /** {@code freshJvm}: Floe's measured runs of the workloads compared on memory ran each in a JVM of its own ({@link FloeJvm}). */
    static void write(Path dir, String name, String command, long rows, int reps, List<Measurement> floe,
                      Map<String, Map<String, Measurement>> peers, Map<String, String> versions, long floePeakKb, double minutes,
                      boolean freshJvm) throws Exception {
        Files.createDirectories(dir);
        int cores = Runtime.getRuntime().availableProcessors();
        String mem = memTotal();
        String cpu = cpuModel();
        String when = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder md = new StringBuilder();
        md.append("# Floe benchmark: ").append(rows > 0 ? String.format(Locale.ROOT, "%,d rows", rows) : "scale workloads").append("\n\n");
        md.append("- command: `").append(command).append("`\n");
        md.append("- when: ").append(when).append(String.format(Locale.ROOT, ", %.1f minutes in all (data generation and setup included)", minutes))
                .append('\n');
        md.append("- versions: ");
        List<String> vs = new ArrayList<>();
        versions.forEach((k, v) -> vs.add(k + " " + v));
        md.append(String.join(", ", vs)).append(peers.isEmpty() ? " (no peer run)" : "").append('\n');
        md.append("- machine: ").append(cores).append(" cores (").append(cpu).append("), ").append(mem).append(" memory, load average at the end ")
                .append(loadAverage()).append('\n');
        md.append("- method: each workload warms up (at least one run, more while they take under 2 s in all, at most 20: Floe, Kernel and"
                + " Iceberg Java alike; Spark's runs take seconds, so one), then ").append(reps).append(" measured runs; median and min wall time."
                + " Peak = the process's peak resident memory (VmHWM, reset before each workload; Java heap and DuckDB's native memory);"
                + " each peer runs in a JVM of its own (-Xmx8g) and records its peak the same way. "
                + (freshJvm ? "Floe's measured runs of W2, W4, W5, the W8 floors, W9, W10, W12, S1 and S2 run in a fresh JVM of their own too,"
                        + " one per workload (-Xmx8g, the same java, Floe's class path), like the peers, on tables the harness built"
                        + " beforehand; their peak starts once Floe is open (the JVM, Floe and DuckDB started included, as the peers'"
                        + " include their JVM and engine); the other workloads run in the harness's JVM. A fresh JVM's first runs"
                        + " are of code the JIT has not compiled yet (hence the warm-up rule): W2, W9, W10, W12 and the DuckDB-alone floors also note"
                        + " their steady state (warm: after the measured runs they run on for 3 s, at least 20 runs, and the median of"
                        + " the last 20 is noted), and the targets against DuckDB alone are scored warm against warm. Their peak is"
                        + " that of the warm-up and the measured runs, as the peers' (which run nothing more); the peak with the"
                        + " warm runs too is a fact beside it."
                        : "Floe's workloads all run in the harness's one JVM (--floe-jvm same): a workload's peak starts at what the"
                        + " earlier ones left resident, so peaks compared with a peer lean against Floe.")
                + " Floe's W4 warm-up is 100 appends."
                + " Store requests = Floe's object-store requests per measured run (the timed part only: no setup, no answer check),"
                + " by kind as S3 bills them, counted by its metered store whatever the storage (a W4 run is all its appends).");
        if (peers.containsKey("spark")) {
            md.append(" Spark's W4 (1,000 commits take minutes there) is measured once, after 20 warm-up appends; Spark's W5 loads the"
                    + " tables Floe wrote.");
        }
        if (floe.stream().anyMatch(m -> m.workload().startsWith("S1") || m.workload().startsWith("S2"))) {
            md.append(" Scale workloads: S1 builds each table through Floe's Table API (newAppend().addFile), one real file holding the"
                    + " looked-up id and the others entries only, each with an id range of its own in its statistics (never read by a load"
                    + " or a lookup); Delta in large commits with one checkpoint at the last version, Iceberg one manifest per append"
                    + " (manifest merging off). Floe's load = a fresh table handle's snapshot with its whole file list; its planning and"
                    + " lookup run on a fresh Floe per run (DuckDB started outside the timing). Kernel's S1 rows are its W9 (snapshot +"
                    + " files after skipping, a fresh snapshot per run) and W2 (that and reading the file left); Iceberg Java's load ="
                    + " HadoopTables.load + planFiles() over every manifest, its planning = load + planFiles() with the filter, a fresh"
                    + " HadoopTables per run. S2 is W5 on a longer log (a checkpoint every 10 commits and a tail after the last one);"
                    + " Kernel runs its W5 on it.");
        }
        if (peers.containsKey("iceberg")) {
            md.append(" Iceberg Java (iceberg-core, iceberg-parquet, iceberg-data) works on the Iceberg tables Floe wrote, opened by"
                    + " location with HadoopTables (Floe's layout: metadata/vN.metadata.json + version-hint.text): W2 reads the lookup"
                    + " through IcebergGenerics with the filter on id (before ZORDER at the snapshot Floe looked up), W9 is a table load"
                    + " + TableScan.planFiles() with the filter, W10 reads every row with the generic reader (one thread), W5 is a cold"
                    + " load + count(*); W4 appends 1,000 rows per commit with the generic Parquet writer and AppendFiles into a table it"
                    + " creates, which Floe then reads back. Files planned and rows are checked against Floe's. When Floe's main format is"
                    + " Delta, Floe runs W2, W4, W5 and W8–W10 on Iceberg tables too, in rows marked [iceberg tables].");
        }
        if (peers.containsKey("kernel")) {
            md.append(" Kernel (Delta Kernel Java with its default engine) works on the tables Floe wrote: W2 plans with the predicate on id"
                    + " and reads the surviving files' id column on one thread per core (before ZORDER by time travel to the version Floe"
                    + " looked up), W9 is its planning alone (latest snapshot + files after data skipping; Kernel caches no snapshot),"
                    + " W10 reads every row; W4 appends 1,000 rows per commit through Kernel's transaction API into a table it creates"
                    + " (rows in memory before the clock starts), running its checkpoint hooks but not its optional checksum hooks (Floe"
                    + " writes no .crc files); at 1,000 commits measured once after 20 warm-up appends; Floe then reads that table back."
                    + " The Kernel JVM runs its workloads one after the other (W5, W2, W9, W10, W4), its peak mark reset before each.");
        }
        md.append("\n\n");
        md.append("| workload | Floe median ms | Floe min ms | Floe peak MiB | Floe store requests per run |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|---|");
        for (String p : peers.keySet()) {
            String l = label(p);
            md.append(' ').append(l).append(" median ms | ").append(l).append(" min ms | ").append(l).append(" peak MiB | ").append(l)
                    .append(" ÷ Floe |");
            rule.append("---:|---:|---:|---:|");
        }
        md.append(" notes |\n").append(rule).append("---|\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (Measurement m : floe) {
            md.append("| ").append(m.workload()).append(m.engine().equals("floe") ? "" : " (" + m.engine() + ")").append(" | ")
                    .append(fmt(m.median())).append(" | ").append(fmt(m.min())).append(" | ").append(mib(m.peakRssKb())).append(" | ")
                    .append(m.requests() == null ? "" : m.requests().describe()).append(" |");
            StringBuilder notes = new StringBuilder(m.facts().isEmpty() ? "" : m.facts().toString());
            for (Map.Entry<String, Map<String, Measurement>> p : peers.entrySet()) {
                Measurement s = p.getValue().get(m.workload());
                md.append(' ').append(s == null ? "" : fmt(s.median())).append(" | ").append(s == null ? "" : fmt(s.min())).append(" | ")
                        .append(s == null ? "" : mib(s.peakRssKb())).append(" | ")
                        .append(s == null ? "" : String.format(Locale.ROOT, "%.1f×", s.median() / m.median())).append(" |");
                if (s != null && !s.facts().isEmpty()) {
                    notes.append(notes.length() == 0 ? "" : "; ").append(label(p.getKey())).append(": ").append(s.facts());
                }
            }
            md.append(' ').append(notes.toString().replace("|", "\\|")).append(" |\n");
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("workload", m.workload());
            j.put("engine", m.engine());
            j.put("ms", m.millis());
            j.put("median_ms", m.median());
            j.put("min_ms", m.min());
            j.put("peak_rss_kb", m.peakRssKb());
            if (m.requests() != null) {
                j.put("store_requests", m.requests().toJson());
            }
            j.put("facts", m.facts());
            for (Map.Entry<String, Map<String, Measurement>> p : peers.entrySet()) {
                Measurement s = p.getValue().get(m.workload());
                if (s != null) {
                    Map<String, Object> sj = new LinkedHashMap<>();
                    sj.put("ms", s.millis());
                    sj.put("median_ms", s.median());
                    sj.put("min_ms", s.min());
                    sj.put("peak_rss_kb", s.peakRssKb());
                    sj.put("facts", s.facts());
                    j.put(p.getKey(), sj);
                    j.put(p.getKey() + "_over_floe", s.median() / m.median());
                }
            }
            json.add(j);
        }
        List<Target> targets = targets(floe, peers);
        md.append("\n## Targets (issues 7 and 16)\n\nScore = achieved ÷ wanted (≥ 1 meets the target); lowest first. Nothing here is asserted.\n\n");
        md.append("| target | wanted | seen | score |\n|---|---|---|---:|\n");
        for (Target t : targets) {
            md.append("| ").append(t.what()).append(" | ").append(t.wanted()).append(" | ").append(t.seen()).append(" | ")
                    .append(Double.isNaN(t.score()) ? "n/a" : String.format(Locale.ROOT, "%.2f", t.score())).append(" |\n");
        }
        md.append("\nThe harness's process peak over the whole run (setup, and the workloads run in it): ").append(mib(floePeakKb))
                .append(" MiB.\n");
        Files.writeString(dir.resolve(name + ".md"), md.toString(), StandardCharsets.UTF_8);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", command);
        doc.put("when", when);
        doc.put("minutes", minutes);
        doc.put("rows", rows);
        doc.put("reps", reps);
        doc.put("versions", versions);
        doc.put("peers", List.copyOf(peers.keySet()));
        doc.put("machine", Map.of("cores", cores, "cpu", cpu, "memory", mem));
        doc.put("results", json);
        List<Map<String, Object>> tj = new ArrayList<>();
        for (Target t : targets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", t.what());
            m.put("wanted", t.wanted());
            m.put("seen", t.seen());
            m.put("score", Double.isNaN(t.score()) ? null : t.score());
            tj.add(m);
        }
        doc.put("targets", tj);
        Files.writeString(dir.resolve(name + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc),
                StandardCharsets.UTF_8);
    }

    /** The console's closing table: Floe's time, then each peer's time and its ratio to Floe's, per workload. */
    static String summary(List<Measurement> floe, Map<String, Map<String, Measurement>> peers) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-58s %12s", "workload (median ms)", "floe"));
        for (String p : peers.keySet()) {
            b.append(String.format(Locale.ROOT, " %12s %8s", p, "ratio"));
        }
        b.append('\n');
        for (Measurement m : floe) {
            b.append(String.format(Locale.ROOT, "%-58s %12.1f", m.workload() + (m.engine().equals("floe") ? "" : " [" + m.engine() + "]"), m.median()));
            for (Map<String, Measurement> peer : peers.values()) {
                Measurement s = peer.get(m.workload());
                b.append(String.format(Locale.ROOT, " %12s %8s", s == null ? "" : fmt(s.median()),
                        s == null ? "" : String.format(Locale.ROOT, "%.1fx", s.median() / m.median())));
            }
            b.append('\n');
        }
        for (Target t : targets(floe, peers)) {
            b.append(String.format(Locale.ROOT, "target %-52s wanted %-22s seen %-40s score %s%n", t.what(), t.wanted(), t.seen(),
                    Double.isNaN(t.score()) ? "n/a" : String.format(Locale.ROOT, "%.2f", t.score())));
        }
        return b.toString();
    }

    static List<Target> targets(List<Measurement> floe, Map<String, Map<String, Measurement>> peers) {
        Map<String, Measurement> spark = peers.getOrDefault("spark", Map.of());
        List<Target> out = new ArrayList<>();
        for (String w : List.of("W1 ingest, unpartitioned", "W1 ingest, partitioned by month")) {
            out.add(speedup(floe, spark, w, 5));
        }
        Optional<Measurement> after = find(floe, "W2 point lookup, after ZORDER");
        after.ifPresent(m -> {
            int read = ((Number) m.facts().getOrDefault("files read", -1)).intValue();
            out.add(new Target("W2 files read after ZORDER", "≤ 2", String.valueOf(read), read <= 0 ? Double.NaN : Math.min(2.0 / read, 9.99)));
        });
        out.add(speedup(floe, spark, "W2 point lookup, after ZORDER", 10));
        out.add(speedup(floe, spark, "W3 MERGE upserts (half new)", 5));
        out.add(speedup(floe, spark, "W4 appends of 1,000 rows", 5));
        out.add(speedup(floe, spark, "W4 OPTIMIZE after the appends", 5));
        floe.stream().filter(m -> m.workload().startsWith("W5") && m.workload().contains("10,000")).findFirst().ifPresent(m ->
                out.add(new Target(m.workload(), "< 1,000 ms", fmt(m.median()) + " ms", 1000.0 / m.median())));
        // issue 16: "commit latency flat in log length (version 100 vs 100,000 within 20%)"
        floe.stream().filter(m -> m.facts().get(FloeWorkloads.CommitLatency.EARLY) instanceof Number
                && m.facts().get(FloeWorkloads.CommitLatency.LATE) instanceof Number).forEach(m -> {
            double early = ((Number) m.facts().get(FloeWorkloads.CommitLatency.EARLY)).doubleValue();
            double late = ((Number) m.facts().get(FloeWorkloads.CommitLatency.LATE)).doubleValue();
            double ratio = late / early;
            String commits = m.workload().replaceAll(".*?([0-9,]+) (Delta )?commits.*", "$1");
            String checkpoints = m.facts().get(FloeWorkloads.CommitLatency.EARLY_CHECKPOINT) instanceof Number ce
                    && m.facts().get(FloeWorkloads.CommitLatency.LATE_CHECKPOINT) instanceof Number cl
                    ? String.format(Locale.ROOT, "; the commits that also wrote a checkpoint: %.2f vs %.2f ms", cl.doubleValue(),
                    ce.doubleValue()) : "";
            out.add(new Target("commit latency, last 100 of " + commits + " commits vs versions 100-199 (commits without a"
                    + " checkpoint)", "≤ 1.2×", String.format(Locale.ROOT, "%.2f× (%.2f vs %.2f ms mean)%s", ratio, late, early,
                    checkpoints), 1.2 / ratio));
        });
        floe.stream().filter(m -> m.workload().startsWith("W6")).findFirst().ifPresent(m -> {
            double rate = m.facts().get("commits per run") instanceof Number n ? n.doubleValue() * 1000.0 / m.median() : Double.NaN;
            // (W6) issue 16: ≥ 300 commits/s on local disk, ≥ 50/s against the (embedded) S3 server
            boolean s3 = "s3".equals(m.facts().get("store"));
            double wanted = s3 ? 50 : 300;
            out.add(new Target("W6 commits/s, 8 writers, none lost" + (s3 ? ", S3" : ", local disk"), "≥ " + (int) wanted + "/s",
                    String.format(Locale.ROOT, "%.0f/s (median run), retries %s", rate, m.facts().get("retries")), rate / wanted));
        });
        // issue 16: "point lookup after ZORDER ≤ 1.5× DuckDB alone over the same files; full scans ≤ 1.2×"
        out.add(floor(after, find(floe, "W8 floor: DuckDB alone, the files Floe reads after ZORDER"),
                "W2 after ZORDER vs the W8 floor (same files)", 1.5));
        out.add(floor(find(floe, ScanWorkloads.W10), find(floe, FloeWorkloads.W8_FULL_SCAN), "W10 full scan vs the W8 floor (same files)", 1.2));
        // a group-by reads every row too: held to the full scans' bar
        out.add(floor(find(floe, ScanWorkloads.W12), find(floe, FloeWorkloads.W8_GROUP_BY), "W12 group-by vs the W8 floor (same files)", 1.2));
        for (String p : List.of("kernel", "iceberg")) {
            Map<String, Measurement> peer = peers.get(p);
            if (peer == null) {
                continue;
            }
            // issue 16: against Delta Kernel and Iceberg Java, cold load of the longest log and planning a point lookup ≥ 3×
            // faster at ≤ ½ the peak; on the rows the peer ran (a second format's rows carry a suffix)
            Optional<Measurement> w5 = floe.stream().filter(m -> m.workload().startsWith("W5") && peer.containsKey(m.workload()))
                    .reduce((a, b) -> b);
            Optional<Measurement> w9 = floe.stream().filter(m -> m.workload().startsWith(ScanWorkloads.W9) && peer.containsKey(m.workload()))
                    .findFirst();
            String l = label(p);
            w5.ifPresent(m -> out.add(speedup(floe, peer, l, m.workload(), 3)));
            w9.ifPresent(m -> out.add(speedup(floe, peer, l, m.workload(), 3)));
            w5.ifPresent(m -> out.add(memory(m, peer.get(m.workload()), l)));
            w9.ifPresent(m -> out.add(memory(m, peer.get(m.workload()), l)));
            floe.stream().filter(m -> m.workload().startsWith("S") && peer.containsKey(m.workload())).forEach(m -> {
                out.add(speedup(floe, peer, l, m.workload(), 3));
                out.add(memory(m, peer.get(m.workload()), l));
            });
        }
        // issue 16: a snapshot of 1M files loads in ≤ 2 s and ≤ 1 GiB peak (on the S1 rows, whatever size the run had)
        floe.stream().filter(m -> m.workload().startsWith("S1") && m.workload().endsWith("cold snapshot load, whole file list")).forEach(m -> {
            out.add(new Target(m.workload() + ": time", "≤ 2,000 ms", fmt(m.median()) + " ms", 2000.0 / m.median()));
            if (m.peakRssKb() > 0) {
                out.add(new Target(m.workload() + ": Floe's peak memory", "≤ 1,024 MiB", mib(m.peakRssKb()) + " MiB",
                        1024.0 * 1024 / m.peakRssKb()));
            }
        });
        out.removeIf(java.util.Objects::isNull);
        out.sort((a, b) -> Double.compare(Double.isNaN(a.score()) ? 99 : a.score(), Double.isNaN(b.score()) ? 99 : b.score()));
        return out;
    }

    /**
     * Floe's time at most {@code wanted} times DuckDB's alone on the same query and files; null when either did not run.
     * Scored on the warm medians (each side's steady state, {@link Measurement#warmMedian}) when Floe has one: a
     * millisecond workload's first runs in a fresh JVM measure the JIT, not Floe's overhead; the floor's measured median
     * stands in for its warm one when it has none (DuckDB alone is native code). Both Floe numbers are shown.
     */
    private static Target floor(Optional<Measurement> floe, Optional<Measurement> duckdb, String what, double wanted) {
        if (floe.isEmpty() || duckdb.isEmpty()) {
            return null;
        }
        double floor = duckdb.get().facts().get(Measurement.WARM) instanceof Number fw ? fw.doubleValue() : duckdb.get().median();
        double x = floe.get().median() / floor;
        if (floe.get().facts().get(Measurement.WARM) instanceof Number warm) {
            double w = warm.doubleValue() / floor;
            return new Target(what, "≤ " + wanted + "× DuckDB alone", String.format(Locale.ROOT,
                    "%.2f× warm (%s vs %s ms); %.2f× over the measured runs (%s ms)", w, fmt(warm.doubleValue()), fmt(floor), x,
                    fmt(floe.get().median())), wanted / w);
        }
        return new Target(what, "≤ " + wanted + "× DuckDB alone",
                String.format(Locale.ROOT, "%.2f× (%s vs %s ms)", x, fmt(floe.get().median()), fmt(floor)), wanted / x);
    }

    private static Target speedup(List<Measurement> floe, Map<String, Measurement> spark, String workload, double wanted) {
        return speedup(floe, spark, "Spark", workload, wanted);
    }

    private static Target speedup(List<Measurement> floe, Map<String, Measurement> peer, String label, String workload, double wanted) {
        Optional<Measurement> f = find(floe, workload);
        Measurement s = peer.get(workload);
        if (f.isEmpty()) {
            return null; // Floe did not run it (a scale run, or --only): no target to show
        }
        if (s == null) {
            return new Target(workload + " vs " + label, "≥ " + fmt(wanted) + "× faster", "no peer run", Double.NaN);
        }
        double x = s.median() / f.get().median();
        return new Target(workload + " vs " + label, "≥ " + (int) wanted + "× faster",
                String.format(Locale.ROOT, "%.1f× (%s vs %s ms)", x, fmt(f.get().median()), fmt(s.median())), x / wanted);
    }

    /** Floe's peak resident memory at most half the peer's on the same workload. */
    private static Target memory(Measurement floe, Measurement peer, String label) {
        String what = floe.workload() + ", peak memory vs " + label;
        if (peer == null || floe.peakRssKb() <= 0 || peer.peakRssKb() <= 0) {
            return new Target(what, "≤ ½ of " + label + "'s", "no peak measured", Double.NaN);
        }
        double share = (double) floe.peakRssKb() / peer.peakRssKb();
        return new Target(what, "≤ ½ of " + label + "'s", String.format(Locale.ROOT, "%s vs %s MiB (%.2f)", mib(floe.peakRssKb()),
                mib(peer.peakRssKb()), share), 0.5 / share);
    }

    private static Optional<Measurement> find(List<Measurement> ms, String workload) {
        return ms.stream().filter(m -> m.workload().equals(workload)).findFirst();
    }

    private static String fmt(double ms) {
        return Double.isNaN(ms) ? "" : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static String mib(long kb) {
        return kb < 0 ? "n/a" : String.valueOf(Math.round(kb / 1024.0));
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (Exception e) {
            // not on Linux
        }
        return "unknown";
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // not on Linux
        }
        return System.getProperty("os.arch");
    }

    /** Other processes on the machine skew the numbers; the load average says how much was going on. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1/5/15 min)";
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String duckdbVersion() {
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            return "?";
        }
    }
}
