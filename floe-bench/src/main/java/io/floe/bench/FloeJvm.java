package io.floe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.storage.StoreRequests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where Floe's measured runs happen. {@link #fresh}: each {@link FloeTask} in a new JVM of its own, started as the peers
 * are (the same java, -Xmx8g, Floe's class path: this JVM's), so that its peak memory counts only what the workload and
 * Floe itself need, not what the harness's earlier workloads left (a grown heap, DuckDB's retained buffers). The task
 * goes over as a JSON file, the results come back as one; the child's {@code floe-jvm: } lines are echoed, anything
 * else it prints is shown only if it fails. {@link #SAME}: in this JVM, as before (a diagnosis, or a quick run).
 */
final class FloeJvm {
    /** Runs each task in the harness's own JVM. */
    static final FloeJvm SAME = new FloeJvm(null);
    /** Extra options for Floe's JVMs (e.g. -XX:NativeMemoryTracking=summary), split at spaces. */
    static final String OPTS_PROPERTY = "floe.bench.jvmOpts";
    static final String MAIN = "io.floe.bench.FloeJvm";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path work;
    private final AtomicInteger started = new AtomicInteger();

    private FloeJvm(Path work) {
        this.work = work;
    }

    /** A new JVM per task; request and results files under {@code work}. */
    static FloeJvm fresh(Path work) {
        return new FloeJvm(work);
    }

    boolean forks() {
        return work != null;
    }

    /** How the report's method line names it. */
    String describe() {
        return forks() ? "fresh" : "same";
    }

    FloeTask.Outcome run(FloeTask task) throws Exception {
        if (!forks()) {
            return task.run();
        }
        Files.createDirectories(work);
        String base = String.format("%03d-", started.incrementAndGet()) + task.label().replaceAll("[^A-Za-z0-9]+", "-");
        Path req = work.resolve(base + "-request.json");
        Path res = work.resolve(base + "-results.json");
        Files.deleteIfExists(res);
        JSON.writerFor(FloeTask.class).writeValue(req.toFile(), task);
        ChildProcess child = ChildProcess.run(command(req, res), "floe-jvm");
        if (child.exit() != 0 || !Files.exists(res)) {
            child.showTail();
            throw new IllegalStateException("Floe's JVM for " + task.label() + " failed (exit " + child.exit() + ")"
                    + child.tail().stream().filter(l -> l.contains("wrong answer")).findFirst().map(l -> ": " + l).orElse(""));
        }
        return JSON.readValue(res.toFile(), Result.class).outcome();
    }

    /** The child's command line: the peers' JVM settings, this JVM's class path, the settings under test handed on. */
    List<String> command(Path req, Path res) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8g"));
        String opts = System.getProperty(OPTS_PROPERTY, "").trim();
        if (!opts.isEmpty()) {
            cmd.addAll(List.of(opts.split("\\s+")));
        }
        for (String prop : List.of(ChildSettings.PROPERTY, MemProbe.PROPERTY)) {
            String v = System.getProperty(prop);
            if (v != null) {
                cmd.add("-D" + prop + "=" + v);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, req.toString(), res.toString()));
        return cmd;
    }

    /** The child: {@code FloeJvm request.json results.json}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: FloeJvm request.json results.json");
            System.exit(2);
        }
        try {
            MemProbe.mark("JVM started", null);
            FloeTask task = JSON.readValue(Path.of(args[0]).toFile(), FloeTask.class);
            FloeTask.Outcome o = task.run();
            MemProbe.mark("task done", null);
            MemProbe.nativeMemory();
            JSON.writeValue(Path.of(args[1]).toFile(), Result.of(o));
        } catch (Throwable e) {
            e.printStackTrace(System.out); // the harness shows the tail of what the child printed
            System.exit(1);
        }
        System.exit(0); // DuckDB's and the JDK's non-daemon threads must not keep the process
    }

    /** The results file: a task's outcome as JSON. */
    record Result(List<Wire> results, ScanWorkloads.Lookup lookup, ScanWorkloads.FullScan fullScan) {
        static Result of(FloeTask.Outcome o) {
            return new Result(o.results().stream().map(Wire::of).toList(), o.lookup(), o.fullScan());
        }

        FloeTask.Outcome outcome() {
            return new FloeTask.Outcome(results.stream().map(Wire::measurement).toList(), lookup, fullScan);
        }
    }

    /** A {@link Measurement} as JSON, with its store requests (null: not counted). */
    record Wire(String workload, String engine, List<Double> ms, Map<String, Object> facts, long peakRssKb, Map<String, Long> requests,
                long bytesRead, long bytesWritten, int runs) {
        static Wire of(Measurement m) {
            Requests r = m.requests();
            Map<String, Long> kinds = null;
            if (r != null) {
                kinds = new LinkedHashMap<>();
                for (StoreRequests.Kind k : StoreRequests.Kind.values()) {
                    if (r.sum().get(k) != 0) {
                        kinds.put(k.name(), r.sum().get(k));
                    }
                }
            }
            return new Wire(m.workload(), m.engine(), m.millis(), m.facts(), m.peakRssKb(), kinds, r == null ? 0 : r.sum().bytesRead(),
                    r == null ? 0 : r.sum().bytesWritten(), r == null ? 0 : r.runs());
        }

        Measurement measurement() {
            Measurement m = new Measurement(workload, engine, ms, facts == null ? Map.of() : facts, peakRssKb);
            if (requests == null) {
                return m;
            }
            Map<StoreRequests.Kind, Long> kinds = new EnumMap<>(StoreRequests.Kind.class);
            requests.forEach((k, v) -> kinds.put(StoreRequests.Kind.valueOf(k), v));
            return m.withRequests(new Requests(new StoreRequests.Counts(kinds, bytesRead, bytesWritten), runs));
        }
    }
}
