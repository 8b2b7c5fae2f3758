package io.floe.bench.iceberg;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak resident memory (VmHWM) of this JVM, reset before each workload (Linux: writing 5 to clear_refs), as Floe's
 * side and the other peers record it, so that they are comparable.
 */
final class PeakMemory {
    private PeakMemory() {
    }

    static void reset() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (Exception | Error e) {
            // not Linux, or not permitted: the peak then spans the run so far
        }
    }

    static long kb() {
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
