package io.floe.bench;

import java.nio.file.Path;

/**
 * Starts the Delta Kernel peer (module floe-bench-kernel) in a JVM of its own, with its own class path (Kernel's
 * default engine brings Hadoop and parquet-mr, which must never meet Floe's jars), hands it a request file and
 * reads its results file.
 */
final class KernelPeerRunner {
    static final String PEER = "kernel";
    static final PeerJvm JVM = new PeerJvm(PEER, "floe-bench-kernel", "io/floe/bench/kernel", "io.floe.bench.kernel.KernelPeer",
            "Kernel peer (Delta Kernel + its default engine)");

    private KernelPeerRunner() {
    }

    static boolean built(Path root) {
        return JVM.built(root);
    }

    static PeerJvm.Outcome run(Path root, KernelPeerRequest request, Path work) throws Exception {
        return JVM.run(root, request, work);
    }

    /** Floe reads the table Kernel's appends wrote: the same rows, by count and sum of ids, or the run fails. */
    static void verifyAppends(PeerJvm.Outcome o, ScanWorkloads floe) {
        JVM.verifyAppends(o, floe, "delta");
    }
}
