package io.floe.bench;

import java.util.List;

/**
 * The request floe-bench writes for the Delta Kernel peer (floe-bench-kernel's {@code KernelRequest}, the same
 * JSON shape: the two modules share only floe-bench-common, which has no dependencies, so that Kernel's jars never
 * reach Floe's class path).
 */
record KernelPeerRequest(String base, long rows, int reps, String work, int appends, List<W5Table> w5, ScanWorkloads.Lookup lookup,
                         ScanWorkloads.FullScan fullScan) {
    record W5Table(String path, int commits) {
    }
}
