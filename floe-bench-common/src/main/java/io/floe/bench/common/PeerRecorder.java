package io.floe.bench.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A peer's side of the benchmark (Delta Kernel, Iceberg Java): its workloads' results as they come, each with the peak memory
 * read when it ends, and one {@code <peer>: …} progress line each, which floe-bench echoes.
 */
public final class PeerRecorder {
    private final String peer;
    private final String engine;
    private final List<PeerResults.Result> results = new ArrayList<>();

    /**
     * @param peer   the prefix of its progress lines ({@code kernel})
     * @param engine how a wrong answer names it ({@code Delta Kernel})
     */
    public PeerRecorder(String peer, String engine) {
        this.peer = peer;
        this.engine = engine;
    }

    /** Records a workload's measured runs and what it saw, with the peak memory since the last {@link PeakMemory#reset}. */
    public void result(String workload, List<Double> ms, Map<String, Object> facts) {
        long peak = PeakMemory.kb();
        results.add(new PeerResults.Result(workload, List.copyOf(ms), peak, new LinkedHashMap<>(facts)));
        System.out.printf(Locale.ROOT, "%s: %-58s median %10.1f ms  peak %5d MiB  %s%n", peer, workload, Timing.median(ms), peak / 1024,
                facts);
        System.out.flush();
    }

    /** Throws on a wrong answer: the peer's process exits non-zero, and floe-bench fails the run. */
    public void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("wrong answer on " + engine + ": " + what);
        }
    }

    /** All that was recorded, with the versions the peer ran and the table its appends wrote (null: none). */
    public PeerResults results(Map<String, String> versions, String appendedTable, long appendedRows) {
        return new PeerResults(versions, List.copyOf(results), appendedTable, appendedRows);
    }
}
