package io.floe.bench;

import java.util.List;

/**
 * The request floe-bench writes for the Iceberg Java peer (floe-bench-iceberg's {@code IcebergRequest}, the same JSON
 * shape: the modules share only floe-bench-common, which has no dependencies, so that Iceberg's Parquet and Hadoop jars
 * never reach Floe's class path). Versions in {@code lookup} are Iceberg snapshot ids.
 */
record IcebergPeerRequest(String base, long rows, int reps, String work, int appends, List<KernelPeerRequest.W5Table> w5,
                          ScanWorkloads.Lookup lookup, ScanWorkloads.FullScan fullScan, List<ScaleTable> scale, int writers,
                          int concurrentAppends) {
    /**
     * A scale table of {@code files} data files, of which planning {@code id = key} keeps {@code filesAfter}; the peer's
     * results carry Floe's workload names {@code loadName} and {@code planName}.
     */
    record ScaleTable(String loadName, String planName, String path, long key, long files, int filesAfter) {
    }
}
