package io.floe.bench;

import io.floe.Floe;
import io.floe.engine.DuckDbDataPlane;

import java.nio.file.Path;
import java.util.Map;

/**
 * Fresh Floe instances for the cold workloads, one per run (no snapshot cached). Opening Floe is process start-up and
 * stays outside the timing; so is starting its DuckDB, which Floe starts at first use: once a run has started it (a
 * Delta checkpoint is Parquet, a lookup reads a data file), the later runs start it before the clock, as when Floe
 * started DuckDB on open. A workload that never needs it (an Iceberg table's count, answered by its manifests) runs
 * without it, as a process of Floe's doing the same would.
 */
final class ColdFloes {
    private boolean engineUsed;

    /** A fresh Floe at {@code dir}, its DuckDB started if an earlier run needed it. */
    Cold open(Path dir, Map<String, String> options) throws Exception {
        Floe floe = Floe.open(dir.toString(), options);
        try {
            ChildSettings.apply(floe);
            if (engineUsed) {
                engine(floe).connection();
            }
            return new Cold(floe);
        } catch (Exception | Error e) {
            floe.close();
            throw e;
        }
    }

    /** Whether a run has needed DuckDB. */
    boolean engineUsed() {
        return engineUsed;
    }

    private static DuckDbDataPlane engine(Floe floe) {
        return (DuckDbDataPlane) floe.warehouse().dataPlane();
    }

    /** One run's Floe; closing it notes whether the run started DuckDB. */
    final class Cold implements AutoCloseable {
        private final Floe floe;

        private Cold(Floe floe) {
            this.floe = floe;
        }

        Floe floe() {
            return floe;
        }

        @Override
        public void close() {
            engineUsed |= engine(floe).database().started();
            floe.close();
        }
    }
}
