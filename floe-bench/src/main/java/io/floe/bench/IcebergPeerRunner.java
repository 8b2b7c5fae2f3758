package io.floe.bench;

import java.nio.file.Path;

/**
 * Starts the Iceberg Java peer (module floe-bench-iceberg: iceberg-core, iceberg-parquet, iceberg-data) in a JVM of its
 * own (iceberg-parquet brings parquet-mr and Hadoop, which must never meet Floe's jars), hands it a request file and
 * reads its results file.
 */
final class IcebergPeerRunner {
    static final String PEER = "iceberg";
    static final PeerJvm JVM = new PeerJvm(PEER, "floe-bench-iceberg", "io/floe/bench/iceberg", "io.floe.bench.iceberg.IcebergPeer",
            "Iceberg Java peer (iceberg-core + generic Parquet reader and writer)");

    private IcebergPeerRunner() {
    }

    static boolean built(Path root) {
        return JVM.built(root);
    }

    static PeerJvm.Outcome run(Path root, IcebergPeerRequest request, Path work) throws Exception {
        return JVM.run(root, request, work);
    }

    /** Floe reads the table the peer's appends wrote: the same rows, by count and sum of ids, or the run fails. */
    static void verifyAppends(PeerJvm.Outcome o, ScanWorkloads floe) {
        JVM.verifyAppends(o, floe, "iceberg");
    }
}
