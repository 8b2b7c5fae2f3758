package io.floe.cli.lab;

import io.floe.Floe;
import io.floe.storage.ObjectInfo;
import io.floe.table.Table;

import java.util.List;

/**
 * log-and-metadata-explosion: a Delta table's state is the replay of its log. Without checkpoints a reader
 * that opens the table cold must fetch and parse every commit file, so the cost of opening it grows with every
 * commit. A checkpoint (every delta.checkpointInterval commits, 10 by default) sums the log up in one Parquet file.
 */
public final class LogExplosionLab implements Lab {
    static final String TABLE = "lab_log_explosion";

    @Override
    public String name() {
        return "log-and-metadata-explosion";
    }

    @Override
    public String summary() {
        return "a Delta log of many commits without checkpoints vs. with them: log files read and time to open the table";
    }

    @Override
    public LabResult run(LabContext ctx) {
        int commits = ctx.scale().times(200);
        try (Floe floe = ctx.open()) {
            LabSql.dropAll(floe, TABLE);
            // a checkpoint interval no table reaches: what a writer that never checkpoints produces
            floe.sql("CREATE TABLE " + TABLE + " (id BIGINT, note STRING) USING DELTA TBLPROPERTIES ('delta.checkpointInterval' = '1000000')");
            ctx.step(commits + " small commits without checkpoints");
            for (int i = 0; i < commits; i++) {
                floe.sql("INSERT INTO " + TABLE + " VALUES (" + i + ", 'event " + i + "')");
            }
            Measure before = measure(ctx, floe);

            ctx.step("ALTER TABLE … SET TBLPROPERTIES ('delta.checkpointInterval' = '10'), then the workload goes on "
                    + "until the next multiple of 10");
            floe.sql("ALTER TABLE " + TABLE + " SET TBLPROPERTIES ('delta.checkpointInterval' = '10')");
            int more = 0;
            while (VacuumTimeTravelLab.version(floe, TABLE) % 10 != 0) {
                floe.sql("INSERT INTO " + TABLE + " VALUES (" + (commits + more) + ", 'after the fix')");
                more++;
            }
            Measure after = measure(ctx, floe);
            List<LabResult.Metric> metrics = List.of(
                    LabResult.Metric.of("version", "table version", before.version, after.version),
                    LabResult.Metric.of("commit_files", "commit files in _delta_log", before.commitFiles, after.commitFiles),
                    LabResult.Metric.of("checkpoints", "checkpoints", before.checkpoints, after.checkpoints),
                    LabResult.Metric.of("commits_since_checkpoint", "commits to replay after the last checkpoint",
                            before.commitsToReplay, after.commitsToReplay),
                    LabResult.Metric.of("log_reads", "log objects read to open the table cold", before.logReads, after.logReads),
                    LabResult.Metric.of("load_ms", "time to open the table cold, ms (best of 3)", before.loadMs, after.loadMs),
                    LabResult.Metric.of("load_ms_remote", "… with " + REQUEST_MILLIS + " ms per request, as on an object store",
                            before.remoteMs, after.remoteMs));
            return new LabResult(name(), "a log without checkpoints", ctx.scale().label(), ctx.warehouse(),
                    List.of("no checkpoints", "checkpointInterval = 10"), metrics,
                    List.of("Every commit adds one JSON file to _delta_log/. A reader that opens the table cold (a new process, "
                                    + "a new cluster, a query engine that caches nothing) lists the log and replays it: without a "
                                    + "checkpoint that is one request and one parse per commit, " + before.logReads
                                    + " reads here — and it grows with every commit, forever.",
                            "A checkpoint is the replayed state (every live file, the schema, the properties) written as one "
                                    + "Parquet file, announced in _last_checkpoint. A reader starts from the newest one and replays "
                                    + "only the commits after it: " + after.logReads + " reads. Floe, like Spark, writes one every "
                                    + "delta.checkpointInterval commits (10 by default); this table had been created with a "
                                    + "huge interval, as writers that never checkpoint effectively do.",
                            "On a local disk a small JSON file costs microseconds, so " + before.commitFiles + " of them still "
                                    + "open quickly (and reading one Parquet checkpoint has a fixed cost of its own); on an object "
                                    + "store every request costs milliseconds, which is what the last row simulates: "
                                    + LabResult.format(before.remoteMs) + " ms vs. " + LabResult.format(after.remoteMs) + " ms, and the "
                                    + "gap widens with every commit (Floe fetches commit files in parallel, which is why it is not "
                                    + "worse still).",
                            "The commit files stay until delta.logRetentionDuration (30 days) passes and a later checkpoint "
                                    + "covers them; they cost storage, not reads."),
                    List.of("ALTER TABLE " + TABLE + " SET TBLPROPERTIES ('delta.checkpointInterval' = '10');"));
        }
    }

    /** Latency injected per storage request to show what the reads cost on an object store (S3: ~10-30 ms each). */
    static final int REQUEST_MILLIS = 10;

    private record Measure(long version, long commitFiles, long checkpoints, long commitsToReplay, long logReads, double loadMs,
                           double remoteMs) {
    }

    private static Measure measure(LabContext ctx, Floe floe) {
        long version = VacuumTimeTravelLab.version(floe, TABLE);
        long reads = 0;
        long commitFiles = 0;
        long checkpoints = 0;
        long lastCheckpoint = -1;
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            // a new warehouse each time: nothing cached, as for a new process
            try (InstrumentedWarehouse wh = new InstrumentedWarehouse(ctx.warehouse(), ctx.options())) {
                Table t = wh.table(TABLE);
                wh.store().clearCalls();
                long t0 = System.nanoTime();
                t.snapshot();
                best = Math.min(best, (System.nanoTime() - t0) / 1e6);
                reads = wh.logReads();
                if (rep == 0) {
                    for (ObjectInfo o : t.store().listAll(t.rootKey() + "_delta_log/")) {
                        String n = o.key().substring(o.key().lastIndexOf('/') + 1);
                        if (n.matches("\\d{20}\\.json")) {
                            commitFiles++;
                        } else if (n.matches("\\d{20}\\.checkpoint.*\\.parquet")) {
                            checkpoints++;
                            lastCheckpoint = Math.max(lastCheckpoint, Long.parseLong(n.substring(0, 20)));
                        }
                    }
                }
            }
        }
        double ms = Math.round(best * 10) / 10.0;
        double remote;
        try (InstrumentedWarehouse wh = new InstrumentedWarehouse(ctx.warehouse(), ctx.options())) {
            Table t = wh.table(TABLE);
            wh.store().latency(null, "_delta_log/", REQUEST_MILLIS);
            long t0 = System.nanoTime();
            t.snapshot();
            remote = Math.round((System.nanoTime() - t0) / 1e5) / 10.0;
        }
        return new Measure(version, commitFiles, checkpoints, version - lastCheckpoint, reads, ms, remote);
    }
}
