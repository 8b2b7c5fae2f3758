package io.floe.bench.kernel;

import java.util.List;

/**
 * What floe-bench asks of the Kernel peer, read from a JSON file: the tables Floe wrote, with Floe's own answers
 * to check against. A null part means Floe did not run that workload, so neither does the peer.
 *
 * @param base      the generated input (id, k, v, s, d), the source of the appended rows
 * @param appends   how many appends of 1,000 rows (Floe's W4 count)
 * @param w5        the W5 tables: one row each, many commits
 * @param lookup    the W2 table after Z-ordering, and the version before it
 * @param fullScan  a table to scan in full, with Floe's count and sums
 */
public record KernelRequest(String base, long rows, int reps, String work, int appends, List<W5Table> w5, Lookup lookup,
                            FullScan fullScan) {
    public KernelRequest {
        w5 = w5 == null ? List.of() : List.copyOf(w5);
    }

    /** A W5 table: {@code commits} commits (versions 0 … commits-1) that leave one row. */
    public record W5Table(String path, int commits) {
    }

    /**
     * W2's point lookup {@code id = key}: at {@code versionAfter} (after ZORDER, the latest) and, when not negative,
     * at {@code versionBefore}; with how many files Floe reads at each after its data skipping (filesAfter, filesBefore).
     */
    public record Lookup(String path, long key, long versionAfter, int filesAfter, long versionBefore, int filesBefore) {
    }

    /** Floe's answer to {@code SELECT count(*), sum(id), sum(k)} over the latest version of {@code path}. */
    public record FullScan(String path, long count, long sumId, long sumK) {
    }
}
