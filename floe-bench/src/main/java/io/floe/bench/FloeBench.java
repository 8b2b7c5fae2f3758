package io.floe.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark harness: generates data at a scale, runs W1–W8 on Floe and, with {@code --peer spark},
 * W1–W5 and W7 on Spark + delta-spark in a separate JVM over the same data, and writes a report of
 * median/min times and ratios to bench/results/&lt;date&gt;-&lt;rows&gt;.md and .json. No timing is
 * asserted anywhere; wrong answers fail the run.
 *
 * <pre>bin/floe-bench [--rows N] [--peer spark] [--reps 3] [--out bench/results] [--work DIR]</pre>
 */
public final class FloeBench {
    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    public static int run(String... args) throws Exception {
        long rows = 10_000_000;
        String peer = null;
        int reps = 3;
        Path root = Path.of(System.getProperty("floe.root", ".")).toAbsolutePath().normalize();
        Path out = root.resolve("bench").resolve("results");
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i].replace("_", ""));
                case "--peer" -> peer = args[++i];
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: floe-bench [--rows N (default 10000000)] [--peer spark] [--reps 3] [--out DIR] [--work DIR]");
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (peer != null && !peer.equals("spark")) {
            throw new IllegalArgumentException("the only peer is spark");
        }
        boolean smoke = rows <= 200_000;
        if (work == null) {
            work = Files.createTempDirectory("floe-bench-");
        }
        String command = "bin/floe-bench " + String.join(" ", args);
        System.out.println("floe-bench: " + rows + " rows, " + reps + " runs per workload after a warm-up, work dir " + work);
        BenchData data = BenchData.generate(work.resolve("data"), rows, smoke);
        FloeWorkloads floe = new FloeWorkloads(work.resolve("floe"), data, reps);
        List<Measurement> results = new ArrayList<>();
        List<String> w5Tables = new ArrayList<>();
        try {
            for (Measurement m : floe.all()) {
                results.add(m);
                System.out.printf(Locale.ROOT, "%-50s %-6s median %9.1f ms  min %9.1f ms  %s%n", m.workload(), m.engine(), m.median(), m.min(),
                        m.facts());
            }
            for (int c : data.commitCounts()) {
                w5Tables.add(work.resolve("floe").resolve("floe-warehouse").resolve("w5_" + c).toString());
            }
        } finally {
            floe.close();
        }
        long floePeak = peakRssKb();
        Map<String, Measurement> spark = new LinkedHashMap<>();
        long sparkPeak = -1;
        if (peer != null) {
            sparkPeak = runSpark(root, data, reps, work.resolve("spark"), smoke, w5Tables, spark);
        }
        Report.write(out, LocalDate.now() + "-" + rows, command, rows, reps, results, spark, floePeak, sparkPeak);
        System.out.println("report: " + out.resolve(LocalDate.now() + "-" + rows + ".md"));
        return 0;
    }

    static long peakRssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not on Linux: no peak figure
        }
        return -1;
    }

    /** Starts the Spark peer in its own JVM (Spark's jars never join Floe's class path) and collects its results. */
    private static long runSpark(Path root, BenchData data, int reps, Path work, boolean smoke, List<String> w5Tables,
                                 Map<String, Measurement> into) throws Exception {
        Path module = root.resolve("floe-bench-spark").resolve("target");
        Path cp = module.resolve("classpath.txt");
        if (!Files.exists(cp)) {
            throw new IllegalStateException("the Spark peer is not built: run ./mvnw -q -B install -DskipTests first (" + cp + ")");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8g"));
        for (String p : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
                "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar")) {
            cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        cmd.add("-Djdk.reflect.useDirectMethodHandle=false");
        cmd.add("-cp");
        cmd.add(module.resolve("classes") + ":" + Files.readString(cp).trim());
        cmd.add("io.floe.bench.spark.SparkPeer");
        // Spark's per-commit cost makes 1,000 appends take many minutes, so its W4 runs once after the warm-up.
        cmd.addAll(List.of(data.base().toString(), data.merge().toString(), String.valueOf(data.rows()), String.valueOf(data.mergeNewRows()),
                String.valueOf(reps), work.toString(), String.valueOf(data.smallAppends()), smoke ? String.valueOf(reps) : "1"));
        cmd.addAll(w5Tables);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long peak = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT\t")) {
                    String[] f = line.split("\t", -1);
                    List<Double> ms = new ArrayList<>();
                    for (String x : f[2].split(",")) {
                        if (!x.isBlank()) {
                            ms.add(Double.parseDouble(x));
                        }
                    }
                    Measurement m = new Measurement(f[1], "spark", ms, Map.of());
                    into.put(f[1], m);
                    System.out.printf(Locale.ROOT, "%-50s spark median %9.1f ms  min %9.1f ms%n", m.workload(), m.median(), m.min());
                } else if (line.startsWith("PEAK_RSS_KB\t")) {
                    peak = Long.parseLong(line.substring(12).trim());
                } else if (line.contains("Exception") || line.startsWith("\tat ")) {
                    System.out.println("spark: " + line);
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the Spark peer failed (exit " + p.exitValue() + ")");
        }
        return peak;
    }
}
