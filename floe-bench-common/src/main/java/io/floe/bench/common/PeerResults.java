package io.floe.bench.common;

import java.util.List;
import java.util.Map;

/**
 * What a peer in a JVM of its own (Delta Kernel, Iceberg Java) hands back to floe-bench, as a JSON file: one result per
 * workload, the versions it ran, and the table its appends wrote (so that floe-bench can read it back with Floe).
 */
public record PeerResults(Map<String, String> versions, List<Result> results, String appendedTable, long appendedRows) {
    /** One workload: the measured runs (warm-up excluded), the peak resident memory while it ran, and what it saw. */
    public record Result(String workload, List<Double> ms, long peakRssKb, Map<String, Object> facts) {
    }
}
