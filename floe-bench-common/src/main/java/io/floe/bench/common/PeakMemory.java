package io.floe.bench.common;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory (VmHWM), which counts native memory (DuckDB's, Spark's off-heap) as well as the Java
 * heap. Linux lets a process reset its own high-water mark (writing 5 to /proc/self/clear_refs), so each workload gets its
 * own peak instead of the whole run's; Floe's side and every peer read it alike, so that they are comparable.
 */
public final class PeakMemory {
    private PeakMemory() {
    }

    /** Starts a new high-water mark at the current resident size; a no-op where the kernel does not allow it. */
    public static void reset() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (Exception | Error e) {
            // not Linux, or not permitted: the peak then spans the run so far, which is still an upper bound
        }
    }

    /** Peak resident memory in KiB since the last reset, or -1 where /proc is not there. */
    public static long kb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not on Linux
        }
        return -1;
    }
}
