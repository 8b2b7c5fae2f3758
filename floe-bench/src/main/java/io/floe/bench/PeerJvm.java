package io.floe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A peer that runs in a JVM of its own, from its own module's build (target/classes + target/classpath.txt), so that
 * its jars (Kernel's or Iceberg's Parquet stack, Hadoop) never meet Floe's: floe-bench writes it a request file, the
 * peer writes a results file ({@code versions}, {@code results}, {@code appendedTable}, {@code appendedRows}). Its
 * {@code <peer>: …} progress lines are echoed; anything else it prints is shown only if it fails.
 *
 * @param peer      the name {@code --peer} takes, and the prefix of the peer's progress lines
 * @param module    the module directory (floe-bench-kernel)
 * @param classDir  where under target/classes the peer's classes are (io/floe/bench/kernel), to tell whether it is built
 * @param mainClass the peer's main class
 * @param what      how the start is announced
 * @param format    the table format it reads, and its appends write
 */
record PeerJvm(String peer, String module, String classDir, String mainClass, String what, String format) {
    /** Delta Kernel (module floe-bench-kernel): Kernel's default engine brings Hadoop and parquet-mr. */
    static final PeerJvm KERNEL = new PeerJvm("kernel", "floe-bench-kernel", "io/floe/bench/kernel", "io.floe.bench.kernel.KernelPeer",
            "Kernel peer (Delta Kernel + its default engine)", "delta");
    /** Iceberg Java (module floe-bench-iceberg: iceberg-core, iceberg-parquet, iceberg-data), whose Parquet brings Hadoop. */
    static final PeerJvm ICEBERG = new PeerJvm("iceberg", "floe-bench-iceberg", "io/floe/bench/iceberg", "io.floe.bench.iceberg.IcebergPeer",
            "Iceberg Java peer (iceberg-core + generic Parquet reader and writer)", "iceberg");

    /** The peer {@code --peer} names so, or null (the Spark peer, which FloeBench starts otherwise). */
    static PeerJvm named(String peer) {
        return List.of(KERNEL, ICEBERG).stream().filter(p -> p.peer().equals(peer)).findFirst().orElse(null);
    }

    /** The peer's results by workload, the versions it ran, and the table its appends wrote. */
    record Outcome(Map<String, Measurement> results, Map<String, String> versions, String appendedTable, long appendedRows) {
    }

    /**
     * The built module: under the checkout's root, or next to the current module when run from inside one
     * (tests run in floe-bench/).
     */
    Path moduleDir(Path root) {
        Path m = root.resolve(module);
        Path sibling = root.resolveSibling(module);
        return !Files.isDirectory(m) && Files.isDirectory(sibling) ? sibling : m;
    }

    boolean built(Path root) {
        Path t = moduleDir(root).resolve("target");
        return Files.exists(t.resolve("classpath.txt")) && Files.isDirectory(t.resolve("classes").resolve(classDir));
    }

    Outcome run(Path root, Object request, Path work) throws Exception {
        Path target = moduleDir(root).resolve("target");
        if (!built(root)) {
            throw new IllegalStateException("the " + peer + " peer is not built: run ./mvnw -q -B install -DskipTests first (" + target
                    + "/classpath.txt)");
        }
        Files.createDirectories(work);
        Path req = work.resolve(peer + "-request.json");
        Path res = work.resolve(peer + "-results.json");
        Files.deleteIfExists(res);
        ObjectMapper json = new ObjectMapper();
        json.writeValue(req.toFile(), request);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8g"));
        String opts = System.getProperty(OPTS_PROPERTY, "").trim();
        if (!opts.isEmpty()) {
            cmd.addAll(List.of(opts.split("\\s+")));
        }
        cmd.addAll(List.of("-cp", target.resolve("classes") + ":" + Files.readString(target.resolve("classpath.txt")).trim(), mainClass,
                req.toString(), res.toString()));
        System.out.println("starting the " + what + ", its own JVM");
        ChildProcess child = ChildProcess.run(cmd, peer);
        if (child.exit() != 0 || !Files.exists(res)) {
            child.showTail();
            throw new IllegalStateException("the " + peer + " peer failed (exit " + child.exit() + ")");
        }
        return parse(json.readTree(res.toFile()));
    }

    Outcome parse(JsonNode doc) {
        Map<String, Measurement> results = new LinkedHashMap<>();
        for (JsonNode r : doc.get("results")) {
            List<Double> ms = new ArrayList<>();
            r.get("ms").forEach(x -> ms.add(x.asDouble()));
            Map<String, Object> facts = new LinkedHashMap<>();
            r.get("facts").fields().forEachRemaining(e -> facts.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue()
                    : e.getValue().asText()));
            Measurement m = new Measurement(r.get("workload").asText(), peer, ms, facts, r.get("peakRssKb").asLong());
            results.put(m.workload(), m);
        }
        Map<String, String> versions = new LinkedHashMap<>();
        doc.get("versions").fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asText()));
        JsonNode t = doc.get("appendedTable");
        return new Outcome(results, versions, t == null || t.isNull() ? null : t.asText(), doc.get("appendedRows").asLong());
    }

    /** Floe reads the table the peer's appends wrote: the same rows, by count and sum of ids, or the run fails. */
    /** Extra options for the peers' JVMs (e.g. -Diceberg.w6.minWaitMs=10), split at spaces. */
    static final String OPTS_PROPERTY = "floe.bench.peerOpts";

    void verifyAppends(Outcome o, ScanWorkloads floe) {
        if (o.appendedTable() == null) {
            return;
        }
        long n = o.appendedRows();
        long[] seen = floe.countAndSum(o.appendedTable(), format);
        FloeWorkloads.check(seen[0] == n && seen[1] == n * (n - 1) / 2,
                "Floe reads " + seen[0] + " rows (sum(id) " + seen[1] + ") in the table " + peer + " appended " + n + " rows to");
    }
}
