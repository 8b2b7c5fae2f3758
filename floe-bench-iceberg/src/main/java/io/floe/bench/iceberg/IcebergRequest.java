package io.floe.bench.iceberg;

import java.util.List;

/**
 * What floe-bench asks of the Iceberg peer, read from a JSON file: the Iceberg tables Floe wrote, with Floe's own answers
 * to check against. A null or empty part means Floe did not run that workload, so neither does the peer. The same JSON
 * shape as floe-bench's {@code IcebergPeerRequest}; the modules share only floe-bench-common (no dependencies) so that
 * Iceberg's Parquet and Hadoop jars never reach Floe's class path.
 *
 * @param base      the generated input (id, k, v, s, d), the source of the appended rows
 * @param appends   how many appends of 1,000 rows (Floe's W4 count)
 * @param w5        the W5 tables: one row each, many commits
 * @param lookup    the W2 table after Z-ordering, and the snapshot before it
 * @param fullScan  a table to scan in full, with Floe's count and sums
 * @param scale     the scale workloads' tables (S1): many files, planned but never read whole
 * @param writers   W6: how many writers append to one table at once (0: W6 not run)
 * @param concurrentAppends W6: commits of one row per writer
 */
public record IcebergRequest(String base, long rows, int reps, String work, int appends, List<W5Table> w5, Lookup lookup,
                             FullScan fullScan, List<ScaleTable> scale, int writers, int concurrentAppends) {
    public IcebergRequest {
        w5 = w5 == null ? List.of() : List.copyOf(w5);
        scale = scale == null ? List.of() : List.copyOf(scale);
    }

    /** A W5 table: {@code commits} commits that leave one row. */
    public record W5Table(String path, int commits) {
    }

    /**
     * W2's point lookup {@code id = key}: at snapshot {@code versionAfter} (after ZORDER, the current one) and, when not
     * negative, at snapshot {@code versionBefore}; with how many files Floe reads at each after its data skipping.
     */
    public record Lookup(String path, long key, long versionAfter, int filesAfter, long versionBefore, int filesBefore) {
    }

    /** Floe's answer to {@code SELECT count(*), sum(id), sum(k)} over the current snapshot of {@code path}. */
    public record FullScan(String path, long count, long sumId, long sumK) {
    }

    /**
     * A scale table: {@code files} data files (only those a lookup of {@code key} keeps exist on disk), of which Floe's
     * planning keeps {@code filesAfter}. The peer measures a cold load with the whole file list (named {@code loadName})
     * and a cold plan of the lookup ({@code planName}), the names of Floe's rows they line up with.
     */
    public record ScaleTable(String loadName, String planName, String path, long key, long files, int filesAfter) {
    }
}
