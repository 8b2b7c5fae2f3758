package io.floe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the Delta Kernel peer (module floe-bench-kernel) in a JVM of its own, with its own class path (Kernel's
 * default engine brings Hadoop and parquet-mr, which must never meet Floe's jars), hands it a request file and
 * reads its results file. Its {@code kernel: …} progress lines are echoed; anything else it prints is shown only
 * if it fails.
 */
final class KernelPeerRunner {
    static final String PEER = "kernel";

    /** The peer's results by workload, the versions it ran, and the table its appends wrote. */
    record Outcome(Map<String, Measurement> results, Map<String, String> versions, String appendedTable, long appendedRows) {
    }

    private KernelPeerRunner() {
    }

    /**
     * The built module: under the checkout's root, or next to the current module when run from inside one
     * (tests run in floe-bench/).
     */
    static Path module(Path root) {
        Path m = root.resolve("floe-bench-kernel");
        Path sibling = root.resolveSibling("floe-bench-kernel");
        return !Files.isDirectory(m) && Files.isDirectory(sibling) ? sibling : m;
    }

    static boolean built(Path root) {
        Path t = module(root).resolve("target");
        return Files.exists(t.resolve("classpath.txt")) && Files.isDirectory(t.resolve("classes").resolve("io/floe/bench/kernel"));
    }

    static Outcome run(Path root, KernelPeerRequest request, Path work) throws Exception {
        Path target = module(root).resolve("target");
        if (!built(root)) {
            throw new IllegalStateException("the Kernel peer is not built: run ./mvnw -q -B install -DskipTests first (" + target
                    + "/classpath.txt)");
        }
        Files.createDirectories(work);
        Path req = work.resolve("kernel-request.json");
        Path res = work.resolve("kernel-results.json");
        Files.deleteIfExists(res);
        ObjectMapper json = new ObjectMapper();
        json.writeValue(req.toFile(), request);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8g", "-cp",
                target.resolve("classes") + ":" + Files.readString(target.resolve("classpath.txt")).trim(), "io.floe.bench.kernel.KernelPeer",
                req.toString(), res.toString());
        System.out.println("starting the Kernel peer (Delta Kernel + its default engine, its own JVM)");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> tail = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("kernel: ")) {
                    System.out.println(line);
                } else {
                    tail.add(line);
                    if (tail.size() > 80) {
                        tail.remove(0);
                    }
                }
            }
        }
        if (p.waitFor() != 0 || !Files.exists(res)) {
            tail.forEach(l -> System.out.println("kernel| " + l));
            throw new IllegalStateException("the Kernel peer failed (exit " + p.exitValue() + ")");
        }
        return parse(json.readTree(res.toFile()));
    }

    static Outcome parse(JsonNode doc) {
        Map<String, Measurement> results = new LinkedHashMap<>();
        for (JsonNode r : doc.get("results")) {
            List<Double> ms = new ArrayList<>();
            r.get("ms").forEach(x -> ms.add(x.asDouble()));
            Map<String, Object> facts = new LinkedHashMap<>();
            r.get("facts").fields().forEachRemaining(e -> facts.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue()
                    : e.getValue().asText()));
            Measurement m = new Measurement(r.get("workload").asText(), PEER, ms, facts, r.get("peakRssKb").asLong());
            results.put(m.workload(), m);
        }
        Map<String, String> versions = new LinkedHashMap<>();
        doc.get("versions").fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asText()));
        JsonNode t = doc.get("appendedTable");
        return new Outcome(results, versions, t == null || t.isNull() ? null : t.asText(), doc.get("appendedRows").asLong());
    }

    /** Floe reads the table Kernel's appends wrote: the same rows, by count and sum of ids, or the run fails. */
    static void verifyAppends(Outcome o, ScanWorkloads floe) {
        if (o.appendedTable() == null) {
            return;
        }
        long n = o.appendedRows();
        long[] seen = floe.countAndSum(o.appendedTable());
        FloeWorkloads.check(seen[0] == n && seen[1] == n * (n - 1) / 2,
                "Floe reads " + seen[0] + " rows (sum(id) " + seen[1] + ") in the table Kernel appended " + n + " rows to");
    }
}
