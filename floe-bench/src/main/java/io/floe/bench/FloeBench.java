package io.floe.bench;

import io.floe.bench.common.PeakMemory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark harness: generates data at a scale, runs W1–W10 on Floe and, with {@code --peer}, the same
 * workloads on other engines over the same data, each peer in a JVM of its own: {@code spark} (Spark +
 * delta-spark: W1–W5, W7), {@code kernel} (Delta Kernel Java: W2, W4 appends, W5, W9, W10 on the tables Floe
 * wrote), {@code iceberg} (Iceberg Java: the same on Iceberg tables). It writes a report of median/min times, peak memory and a ratio per peer to
 * bench/results/&lt;date&gt;-&lt;rows&gt;.md and .json. No timing is asserted anywhere; a wrong answer, on any
 * engine, fails the run (exception, non-zero exit).
 *
 * <pre>bin/floe-bench [--rows N] [--peer spark,kernel,iceberg] [--format delta|iceberg] [--reps 3] [--out bench/results] [--work DIR]</pre>
 */
public final class FloeBench {
    /** The peers {@code --peer} knows, in the order they run and appear in the report. */
    static final List<String> PEERS = List.of("spark", PeerJvm.KERNEL.peer(), PeerJvm.ICEBERG.peer());

    static final String USAGE = """
            usage: floe-bench [--rows N] [--peer spark,kernel,iceberg] [--reps N] [--out DIR] [--work DIR] [--only W2,W3,…]
                  [--scale S1,S2 [--scale-files N] [--scale-manifests N] [--scale-commits N]] [--floe-jvm fresh|same] [--mem-probe]
              --rows N        rows of generated input (default 10000000); at most 200000 also shrinks the fixed-count
                              workloads (W4 50 appends, W5 100/200 commits, W6 8 x 15 appends)
              --peer P,…      also run these peers, each in its own JVM, and show a ratio column per peer:
                                spark   Spark local[2] + delta-spark: W1-W5, W7, W11, W12 (module floe-bench-spark);
                                        with --format iceberg, iceberg-spark: W11
                                kernel  Delta Kernel Java + default engine on the tables Floe wrote: W2 lookups,
                                        W4 appends via Kernel transactions, W5 cold loads, W9 planning, W10 full
                                        scan (module floe-bench-kernel)
                                iceberg Iceberg Java (iceberg-core + generic Parquet reader/writer) on the Iceberg
                                        tables Floe wrote: the same set as kernel, appends via AppendFiles (module
                                        floe-bench-iceberg); with --format iceberg also W6 (its own table,
                                        8 threads appending one-row files with Iceberg's own commit retries)
                              a peer that reads one format only (kernel Delta, iceberg Iceberg) gets Floe's W2, W4,
                              W5 and W8-W10 on twin tables of that format when --format is the other one
              --reps N        measured runs per workload after a warm-up (default 3, at least 1)
              --out DIR       where the report goes (default bench/results): <date>-<rows>.md and .json
              --work DIR      where data and tables go (default a new temp dir)
              --warehouse W   where Floe's tables live: local (default) or s3, an S3 server embedded in the run
                              (S3Proxy on loopback, objects under the work dir): every request goes through
                              Floe's S3 store; Floe's workloads alone, W8 skipped (it reads local files);
                              with --scale S1 (S2 reads a local log), its tables are built and read there
              --format F      the table format of Floe's workloads: delta (default) or iceberg (peer: spark, W11)
              --only W2,W3,…  run only these of Floe's workloads, for diagnosis (no peer); W9/W10/W12 run with W2;
                              --only W11 --peer spark, --only W1 --peer spark and --format iceberg --only W6
                              --peer iceberg run that workload on both
              --scale S1,S2   run the scale workloads instead (peers: kernel, iceberg): S1 a table of --scale-files
                              files (default 1,000,000) built through the Table API, Delta with a checkpoint and
                              Iceberg in --scale-manifests manifests (default 1,000): cold snapshot load, planning a
                              point lookup, the lookup; S2 --scale-commits commits in one Delta log (default
                              100,000): cold load from checkpoint + tail, count(*). Peak memory per workload
              --floe-jvm J    where Floe's measured runs of the workloads compared with a peer on memory (W2, W4, W5, W8-W10, W12,
                              S1, S2) happen: fresh (default) a new JVM for each, started as the peers are (-Xmx8g, the
                              same java, Floe's class path), the tables built beforehand here; same: this JVM (quicker,
                              but its peaks then carry what earlier workloads left)
              --mem-probe     print what each of Floe's JVMs holds at points (VmRSS, heap, duckdb_memory(), and the JVM's
                              native memory by category when -Dfloe.bench.jvmOpts=-XX:NativeMemoryTracking=summary);
                              -Dfloe.bench.duckdb="threads=1;memory_limit='1GB'" issues SET statements on Floe's DuckDB there;
                              -Dfloe.bench.peerOpts="…" adds JVM options to the peers' JVMs (e.g. -Diceberg.w6.minWaitMs=10)
            Workloads: W1 ingest, W2 point lookup before/after ZORDER, W3 MERGE, W4 1,000-row appends + OPTIMIZE,
            W5 cold snapshot load + count(*), W6 8 concurrent writers, W7 VACUUM, W8 DuckDB alone over W2's files,
            W9 planning W2's lookup (files after skipping), W10 full scan (count, sums), W11 DELETE 0.1% / 10% and UPDATE 1%
            of rows, copy-on-write and merge-on-read (time and bytes written), W12 group-by k (count, sum) over W2's table;
            W8's floors: DuckDB alone over the same files for W2's lookup, W10's scan and W12's group-by. Every answer is checked.""";

    public static void main(String[] args) {
        int rc;
        try {
            rc = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("floe-bench: " + e.getMessage());
            System.err.println(USAGE);
            rc = 2;
        } catch (Throwable e) {
            System.err.println("floe-bench: FAILED: " + e);
            e.printStackTrace();
            rc = 1;
        }
        System.exit(rc);
    }

    /** Runs the harness; returns 0, or throws when an answer is wrong (or anything else fails). */
    public static int run(String... args) throws Exception {
        long rows = 10_000_000;
        List<String> peers = List.of();
        int reps = 3;
        Path root = Path.of(System.getProperty("floe.root", ".")).toAbsolutePath().normalize();
        Path out = root.resolve("bench").resolve("results");
        Path work = null;
        java.util.Set<String> only = new java.util.TreeSet<>();
        String format = "delta";
        java.util.Set<String> scale = new java.util.TreeSet<>();
        String storage = "local";
        String floeJvm = "fresh";
        long scaleFiles = ScaleWorkloads.Sizes.FULL.files();
        int scaleManifests = ScaleWorkloads.Sizes.FULL.manifests();
        int scaleCommits = ScaleWorkloads.Sizes.FULL.commits();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(USAGE);
                return 0;
            }
            if (a.equals("--mem-probe")) {
                System.setProperty(MemProbe.PROPERTY, "true"); // read in Floe's JVMs, handed on to them
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--rows" -> rows = Long.parseLong(v.replace("_", "").replace(",", ""));
                case "--peer" -> peers = parsePeers(v);
                case "--reps" -> reps = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                case "--work" -> work = Path.of(v);
                case "--format" -> {
                    format = v.toLowerCase(Locale.ROOT);
                    if (!format.equals("delta") && !format.equals("iceberg")) {
                        throw new IllegalArgumentException("--format is delta or iceberg, not " + v);
                    }
                }
                case "--scale" -> {
                    for (String w : v.toUpperCase(Locale.ROOT).split(",")) {
                        if (!w.matches("S[12]")) {
                            throw new IllegalArgumentException("--scale takes the scale workloads S1 and S2, not " + w);
                        }
                        scale.add(w);
                    }
                }
                case "--warehouse" -> {
                    storage = v.toLowerCase(Locale.ROOT);
                    if (!storage.equals("local") && !storage.equals("s3")) {
                        throw new IllegalArgumentException("--warehouse is local or s3, not " + v);
                    }
                }
                case "--floe-jvm" -> {
                    floeJvm = v.toLowerCase(Locale.ROOT);
                    if (!floeJvm.equals("fresh") && !floeJvm.equals("same")) {
                        throw new IllegalArgumentException("--floe-jvm is fresh or same, not " + v);
                    }
                }
                case "--scale-files" -> scaleFiles = Long.parseLong(v.replace("_", "").replace(",", ""));
                case "--scale-manifests" -> scaleManifests = Integer.parseInt(v.replace("_", "").replace(",", ""));
                case "--scale-commits" -> scaleCommits = Integer.parseInt(v.replace("_", "").replace(",", ""));
                case "--only" -> {
                    for (String w : v.toUpperCase(Locale.ROOT).split(",")) {
                        if (!w.matches("W([1-8]|11)")) {
                            throw new IllegalArgumentException("--only takes workloads W1..W8 and W11, not " + w);
                        }
                        only.add(w);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        boolean sparkAlone = peers.equals(List.of("spark")) && (only.equals(java.util.Set.of("W11"))
                || only.equals(java.util.Set.of("W1")) && format.equals("delta"));
        if (!peers.isEmpty() && !only.isEmpty() && !sparkAlone
                && !(only.equals(java.util.Set.of("W6")) && peers.equals(List.of("iceberg")) && format.equals("iceberg"))) {
            throw new IllegalArgumentException("--only is for diagnosing Floe's side (the peers run their whole set), except"
                    + " --only W11 --peer spark, --only W1 --peer spark and --format iceberg --only W6 --peer iceberg, which run"
                    + " that workload on both");
        }
        if (storage.equals("s3") && !peers.isEmpty()) {
            throw new IllegalArgumentException("--warehouse s3 runs Floe's workloads alone (the peers read local tables)");
        }
        if (storage.equals("s3") && !scale.isEmpty() && !scale.equals(java.util.Set.of("S1"))) {
            throw new IllegalArgumentException("--warehouse s3 runs the scale workload S1 only (S2 reads a local log)");
        }
        if (!scale.isEmpty()) {
            if (peers.contains("spark") || !only.isEmpty()) {
                throw new IllegalArgumentException("--scale runs the scale workloads alone, with the kernel and iceberg peers at most"
                        + " (no --only, no spark)");
            }
            return runScale(root, args, scale, new ScaleWorkloads.Sizes(scaleFiles, scaleManifests, scaleCommits), peers, reps, out, work,
                    floeJvm, storage);
        }
        if (rows < 1000 || reps < 1) {
            throw new IllegalArgumentException("--rows must be at least 1000 and --reps at least 1");
        }
        // at smoke scale the fixed-count workloads (W4–W6) shrink too, so that the run fits in the test suite
        boolean smoke = rows <= 200_000;
        if (work == null) {
            work = Files.createTempDirectory("floe-bench-");
        }
        String command = "bin/floe-bench " + String.join(" ", args);
        long started = System.nanoTime();
        System.out.println("floe-bench: " + rows + " rows, " + reps + " runs per workload after a warm-up, work dir " + work);
        long g0 = System.nanoTime();
        BenchData data = BenchData.generate(work.resolve("data"), rows, smoke);
        FloeJvm jvm = floeJvm.equals("fresh") ? FloeJvm.fresh(work.resolve("floe-jvm")) : FloeJvm.SAME;
        System.out.printf(Locale.ROOT, "data generated in %.1f s: %s, %s%n", (System.nanoTime() - g0) / 1e9, data.base(), data.merge());
        List<Measurement> results = new ArrayList<>();
        java.util.function.Consumer<Measurement> sink = m -> {
            results.add(m);
            System.out.printf(Locale.ROOT, "%-58s %-6s median %10.1f ms  min %10.1f ms  peak %5d MiB  %s%s%n", m.workload(), m.engine(),
                    m.median(), m.min(), m.peakRssKb() / 1024, m.facts(), m.requests() == null ? "" : "  requests/run " + m.requests().describe());
        };
        // the format of each table-reading peer's twin tables: Floe's main format, or a second pass over W2 (W8–W10) and
        // W5 in the other format when a peer reads only that one (Kernel Delta, Iceberg Java Iceberg)
        List<String> formats = new ArrayList<>(List.of(format));
        for (String peer : peers) {
            String f = peerFormat(peer);
            if (f != null && !formats.contains(f)) {
                formats.add(f);
            }
        }
        Map<String, FormatRun> runs = new LinkedHashMap<>();
        BenchWarehouse wh = storage.equals("s3") ? BenchWarehouse.s3(work.resolve("s3")) : BenchWarehouse.local(work);
        if (wh.s3()) {
            System.out.println("warehouse: " + wh.describe() + " at " + wh.options().get("s3.endpoint"));
        }
        try {
            for (String f : formats) {
                boolean main = f.equals(format);
                String suffix = main ? "" : twinSuffix(f);
                java.util.function.Consumer<Measurement> into = main ? sink : m -> sink.accept(m.renamed(m.workload() + suffix));
                Path scansDir = work.resolve(main ? "floe-scans" : "floe-scans-" + f);
                FormatRun r = new FormatRun(f, suffix, new ScanWorkloads(scansDir, reps, f, wh.options()));
                runs.put(f, r);
                String w2Table;
                String dir = main ? "floe" : "floe-" + f;
                String location = wh.s3() ? wh.at(dir, "floe-warehouse") : work.resolve(dir).resolve("floe-warehouse").toString();
                try (FloeWorkloads floe = new FloeWorkloads(work.resolve(dir), data, reps, f, location, wh.options(), jvm)) {
                    if (!main) {
                        System.out.println("Floe on " + f + " tables too, for the peers that read only those: W2, W4, W5, W8-W10");
                    }
                    floe.runAll(into, main ? only : java.util.Set.of("W2", "W4", "W5"));
                    for (int c : FloeWorkloads.w5CommitCounts(data, f)) {
                        r.w5.add(new KernelPeerRequest.W5Table(floe.tableLocation("w5_" + c), c));
                    }
                    w2Table = floe.tableLocation("w2");
                }
                r.answers = !main || only.isEmpty() || only.contains("W2")
                        ? ScanWorkloads.run(jvm, scansDir, reps, f, wh.options(), w2Table, data.lookupId(), data.rows(), into) : null;
            }
            long floePeak = PeakMemory.kb();
            Map<String, Map<String, Measurement>> peerResults = new LinkedHashMap<>();
            Map<String, String> versions = floeVersions(root);
            versions.put("warehouse", wh.describe());
            for (String peer : peers) {
                Map<String, Measurement> into = new LinkedHashMap<>();
                if (peer.equals("spark")) {
                    runSpark(root, data, reps, work.resolve("spark"), runs.get(format).w5.stream().map(KernelPeerRequest.W5Table::path).toList(),
                            into, versions, format, only);
                } else if (peer.equals(PeerJvm.KERNEL.peer())) {
                    FormatRun r = runs.get("delta");
                    PeerJvm.Outcome o = PeerJvm.KERNEL.run(root, new KernelPeerRequest(data.base().toString(), data.rows(), reps,
                            work.resolve("kernel").toString(), data.smallAppends(), r.w5, r.answers.lookup(), r.answers.fullScan()),
                            work.resolve("kernel"));
                    PeerJvm.KERNEL.verifyAppends(o, r.scans);
                    o.results().values().forEach(m -> into.put(m.workload() + r.suffix, m.renamed(m.workload() + r.suffix)));
                    versions.putAll(o.versions());
                } else {
                    FormatRun r = runs.get("iceberg");
                    boolean main = format.equals("iceberg");
                    // what Floe ran of the peer's workloads (a second format's pass runs W2, W4 and W5 only)
                    java.util.function.Predicate<String> ran = w -> !main || only.isEmpty() || only.contains(w);
                    boolean w6 = main && ran.test("W6");
                    PeerJvm.Outcome o = PeerJvm.ICEBERG.run(root, new IcebergPeerRequest(data.base().toString(), data.rows(), reps,
                            work.resolve("iceberg").toString(), ran.test("W4") ? data.smallAppends() : 0, ran.test("W5") ? r.w5 : List.of(),
                            r.answers == null ? null : r.answers.lookup(), r.answers == null ? null : r.answers.fullScan(), List.of(),
                            w6 ? FloeWorkloads.W6_WRITERS : 0, data.concurrentAppends()), work.resolve("iceberg"));
                    PeerJvm.ICEBERG.verifyAppends(o, r.scans);
                    o.results().values().forEach(m -> into.put(m.workload() + r.suffix, m.renamed(m.workload() + r.suffix)));
                    versions.putAll(o.versions());
                }
                peerResults.put(peer, into);
                // a result with no Floe row beside it would be missing from the report: say so rather than drop it quietly
                java.util.Set<String> floeRows = new java.util.HashSet<>(results.stream().map(Measurement::workload).toList());
                into.keySet().stream().filter(w -> !floeRows.contains(w))
                        .forEach(w -> System.out.println("note: the " + peer + " peer ran " + w + ", which Floe did not: not in the report"));
            }
            double minutes = (System.nanoTime() - started) / 60e9;
            // a run of another format or of part of the workloads gets a name of its own, next to the full Delta runs
            String name = LocalDate.now() + "-" + rows + (format.equals("delta") ? "" : "-" + format) + (wh.s3() ? "-s3" : "")
                    + (only.isEmpty() ? "" : "-" + String.join("-", only));
            Report.write(out, name, command, rows, reps, results, peerResults, versions, floePeak, minutes, jvm.forks());
            System.out.println();
            System.out.print(Report.summary(results, peerResults));
            System.out.printf(Locale.ROOT, "all answers right; %.1f minutes; report: %s%n", minutes, out.resolve(name + ".md"));
        } finally {
            runs.values().forEach(r -> r.scans.close());
            wh.close();
        }
        return 0;
    }

    /**
     * The scale workloads alone ({@code --scale S1,S2}): S1 on Delta and on Iceberg, S2 on Delta, each peer on the tables
     * of its format (Kernel: S1 planning and lookup, S2; Iceberg Java: S1 load and planning). The report is
     * {@code <date>-scale-<files>-files-<commits>-commits}, each part there when its workload ran.
     */
    private static int runScale(Path root, String[] args, java.util.Set<String> which, ScaleWorkloads.Sizes sizes, List<String> peers,
                                int reps, Path out, Path work, String floeJvm, String storage) throws Exception {
        if (reps < 1) {
            throw new IllegalArgumentException("--reps must be at least 1");
        }
        if (work == null) {
            work = Files.createTempDirectory("floe-bench-scale-");
        }
        String command = "bin/floe-bench " + String.join(" ", args);
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "floe-bench: scale workloads %s (%,d files, %,d Iceberg manifests, %,d Delta commits), %d runs per"
                + " workload after a warm-up, work dir %s%n", which, sizes.files(), sizes.manifests(), sizes.commits(), reps, work);
        List<Measurement> results = new ArrayList<>();
        java.util.function.Consumer<Measurement> sink = m -> {
            results.add(m);
            System.out.printf(Locale.ROOT, "%-58s %-6s median %10.1f ms  min %10.1f ms  peak %5d MiB  %s%s%n", m.workload(), m.engine(),
                    m.median(), m.min(), m.peakRssKb() / 1024, m.facts(), m.requests() == null ? "" : "  requests/run " + m.requests().describe());
        };
        Map<String, ScaleWorkloads.S1Table> s1 = new LinkedHashMap<>();
        Path s2 = null;
        FloeJvm jvm = floeJvm.equals("fresh") ? FloeJvm.fresh(work.resolve("floe-jvm")) : FloeJvm.SAME;
        // on an S3 warehouse S1's tables are built and read through Floe's S3 store
        BenchWarehouse wh = storage.equals("s3") ? BenchWarehouse.s3(work.resolve("s3")) : BenchWarehouse.local(work.resolve("floe"));
        if (wh.s3()) {
            System.out.println("warehouse: " + wh.describe() + " at " + wh.options().get("s3.endpoint"));
        }
        try (wh; ScaleWorkloads floe = new ScaleWorkloads(work.resolve("floe"), reps, sizes, jvm, wh)) {
            if (which.contains("S1")) {
                for (String f : List.of("delta", "iceberg")) {
                    s1.put(f, floe.s1(f, sink));
                }
            }
            if (which.contains("S2")) {
                s2 = floe.s2(sink);
            }
        }
        long floePeak = PeakMemory.kb();
        Map<String, Map<String, Measurement>> peerResults = new LinkedHashMap<>();
        Map<String, String> versions = floeVersions(root);
        versions.put("warehouse", storage.equals("s3") ? "S3 (S3Proxy, embedded on loopback, objects on local disk)" : "local disk");
        for (String peer : peers) {
            Map<String, String> names = new LinkedHashMap<>(); // the peer's workload name → Floe's row
            PeerJvm.Outcome o;
            if (peer.equals(PeerJvm.KERNEL.peer())) {
                ScaleWorkloads.S1Table d = s1.get("delta");
                List<KernelPeerRequest.W5Table> w5 = new ArrayList<>();
                if (s2 != null) {
                    w5.add(new KernelPeerRequest.W5Table(s2.toString(), sizes.commits()));
                    names.put("W5 cold snapshot load + count(*), " + String.format(Locale.ROOT, "%,d", sizes.commits()) + " commits",
                            ScaleWorkloads.s2Name(sizes));
                }
                ScanWorkloads.Lookup lookup = null;
                if (d != null) {
                    // Kernel's W9 (latest snapshot + files after skipping) and W2 (that, and reading the files left)
                    lookup = new ScanWorkloads.Lookup(d.path().toString(), d.key(), d.version(), d.filesAfter(), -1, -1);
                    names.put(ScanWorkloads.W9, d.planName());
                    names.put("W2 point lookup, after ZORDER", ScaleWorkloads.lookupName("delta", sizes));
                }
                o = PeerJvm.KERNEL.run(root, new KernelPeerRequest("", 0, reps, work.resolve("kernel").toString(), 0, w5, lookup, null),
                        work.resolve("kernel"));
            } else {
                ScaleWorkloads.S1Table i = s1.get("iceberg");
                List<IcebergPeerRequest.ScaleTable> tables = new ArrayList<>();
                if (i != null) {
                    tables.add(new IcebergPeerRequest.ScaleTable(i.loadName(), i.planName(), i.path().toString(), i.key(), i.files(),
                            i.filesAfter()));
                    names.put(i.loadName(), i.loadName());
                    names.put(i.planName(), i.planName());
                }
                o = PeerJvm.ICEBERG.run(root, new IcebergPeerRequest("", 0, reps, work.resolve("iceberg").toString(), 0, List.of(), null,
                        null, tables, 0, 0), work.resolve("iceberg"));
            }
            Map<String, Measurement> into = new LinkedHashMap<>();
            o.results().values().forEach(m -> {
                String name = names.get(m.workload());
                if (name == null) {
                    throw new IllegalStateException("the " + peer + " peer ran " + m.workload() + ", which no scale workload asked for");
                }
                into.put(name, m.renamed(name));
            });
            peerResults.put(peer, into);
            versions.putAll(o.versions());
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        // named for what ran: S1's files, S2's commits
        String name = LocalDate.now() + "-scale" + (which.contains("S1") ? "-" + sizes.files() + "-files" : "")
                + (which.contains("S2") ? "-" + sizes.commits() + "-commits" : "") + (storage.equals("s3") ? "-s3" : "");
        Report.write(out, name, command, 0, reps, results, peerResults, versions, floePeak, minutes, jvm.forks());
        System.out.println();
        System.out.print(Report.summary(results, peerResults));
        System.out.printf(Locale.ROOT, "all answers right; %.1f minutes; report: %s%n", minutes, out.resolve(name + ".md"));
        return 0;
    }

    /** The tables of one format the peers read, and Floe's answers on them; open for reading back what a peer appended. */
    private static final class FormatRun {
        final String format;
        /** Appended to the workload names of a second format's pass, so that its rows stand apart in the report. */
        final String suffix;
        final ScanWorkloads scans;
        final List<KernelPeerRequest.W5Table> w5 = new ArrayList<>();
        ScanWorkloads.Answers answers;

        FormatRun(String format, String suffix, ScanWorkloads scans) {
            this.format = format;
            this.suffix = suffix;
            this.scans = scans;
        }
    }

    /** What Floe's side ran on, first in the report's versions line (the peers add theirs). */
    private static Map<String, String> floeVersions(Path root) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("floe", floeVersion(root));
        versions.put("duckdb", Report.duckdbVersion());
        versions.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return versions;
    }

    /** The only table format a peer reads, or null when it follows {@code --format} (Spark). */
    static String peerFormat(String peer) {
        PeerJvm p = PeerJvm.named(peer);
        return p == null ? null : p.format();
    }

    /** The suffix of the workloads Floe runs on a second format for a peer: "W9 … [iceberg tables]". */
    static String twinSuffix(String format) {
        return " [" + format + " tables]";
    }

    /** {@code spark,kernel} → the peers in the order they run; an unknown or repeated name is a usage error. */
    static List<String> parsePeers(String v) {
        java.util.Set<String> asked = new java.util.LinkedHashSet<>();
        for (String p : v.toLowerCase(Locale.ROOT).split(",")) {
            String name = p.trim();
            if (!PEERS.contains(name)) {
                throw new IllegalArgumentException("unknown peer '" + name + "': the peers are " + String.join(", ", PEERS));
            }
            if (!asked.add(name)) {
                throw new IllegalArgumentException("peer " + name + " named twice");
            }
        }
        return PEERS.stream().filter(asked::contains).toList();
    }

    /** Floe's version and the commit it was built from (with "+dirty" when the work tree has changes). */
    private static String floeVersion(Path root) {
        String v = "0.1.0-SNAPSHOT";
        String built = System.getProperty("floe.build"); // set when the run is from an exported tree without .git
        if (built != null && !built.isBlank()) {
            return v + " @ " + built;
        }
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "describe", "--always", "--dirty=+dirty").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                v += " @ " + out;
            }
        } catch (Exception e) {
            // not a git checkout: the version alone
        }
        return v;
    }

    /** Starts the Spark peer in its own JVM (Spark's jars never join Floe's class path) and collects its results. */
    private static void runSpark(Path root, BenchData data, int reps, Path work, List<String> w5Tables,
                                 Map<String, Measurement> into, Map<String, String> versions, String format,
                                 java.util.Set<String> only) throws Exception {
        Path module = root.resolve("floe-bench-spark").resolve("target");
        Path cp = module.resolve("classpath.txt");
        if (!Files.exists(cp) || !Files.isDirectory(module.resolve("classes"))) {
            throw new IllegalStateException("the Spark peer is not built: run ./mvnw -q -B install -DskipTests first (" + cp + ")");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8g"));
        // Spark 4 on Java 17 reaches into JDK internals: the --add-opens its own launcher passes
        for (String p : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
                "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar")) {
            cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        cmd.add("-Djdk.reflect.useDirectMethodHandle=false");
        // on Iceberg the peer runs the workloads Floe runs on Iceberg tables that Spark has a twin for (W11)
        cmd.add("-Dfloe.bench.format=" + format);
        if (only.size() == 1) {
            cmd.add("-Dfloe.bench.only=" + only.iterator().next()); // W11 or W1, the workloads --only may run on the peer
        }
        cmd.add("-cp");
        cmd.add(module.resolve("classes") + ":" + Files.readString(cp).trim());
        cmd.add("io.floe.bench.spark.SparkPeer");
        cmd.addAll(List.of(data.base().toString(), data.merge().toString(), String.valueOf(data.rows()), String.valueOf(data.mergeRows()),
                String.valueOf(data.mergeNewRows()), String.valueOf(reps), work.toString(), String.valueOf(data.smallAppends()),
                String.valueOf(data.lookupId()), String.valueOf(data.months())));
        cmd.addAll(w5Tables);
        System.out.println("starting the Spark peer (Spark local[2] + delta-spark, its own JVM)");
        // the RESULT and VERSION lines are the peer's answer; Spark's own logging is shown only if the peer fails
        ChildProcess spark = ChildProcess.run(cmd, "spark", line -> {
            if (line.startsWith("RESULT\t")) {
                Measurement m = parseResult(line);
                into.put(m.workload(), m);
                System.out.printf(Locale.ROOT, "%-58s spark  median %10.1f ms  min %10.1f ms  peak %5d MiB  %s%n", m.workload(), m.median(),
                        m.min(), m.peakRssKb() / 1024, m.facts());
                return true;
            }
            if (line.startsWith("VERSION\t")) {
                String[] f = line.split("\t", 3);
                versions.put(f[1], f[2]);
                return true;
            }
            return false;
        });
        if (spark.exit() != 0) {
            spark.showTail();
            throw new IllegalStateException("the Spark peer failed (exit " + spark.exit() + ")");
        }
    }

    /** {@code RESULT<TAB>workload<TAB>ms,ms,…<TAB>peakKb<TAB>k=v;k=v}. */
    static Measurement parseResult(String line) {
        String[] f = line.split("\t", -1);
        List<Double> ms = new ArrayList<>();
        for (String x : f[2].split(",")) {
            if (!x.isBlank()) {
                ms.add(Double.parseDouble(x));
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        if (f.length > 4) {
            for (String kv : f[4].split(";")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    facts.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        }
        return new Measurement(f[1], "spark", ms, facts, f.length > 3 ? Long.parseLong(f[3]) : -1);
    }
}
