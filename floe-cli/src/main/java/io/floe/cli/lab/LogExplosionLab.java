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
    static final String ICEBERG_TABLE = "lab_metadata_explosion";

    @Override
    public String name() {
        return "log-and-metadata-explosion";
    }

    @Override
    public String summary() {
        return "many small commits: a Delta log without checkpoints, an Iceberg table with a manifest per commit; before and after the fix";
    }

    @Override
    public LabResult run(LabContext ctx) {
        if (ctx.format() == LabFormat.ICEBERG) {
            return runIceberg(ctx);
        }
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

    // ------------------------------------------------------------------ Iceberg: manifests

    /** Commits of the Iceberg form at small scale: fewer than Delta's, as each Iceberg commit writes more files. */
    static final int ICEBERG_COMMITS = 150;

    /**
     * The Iceberg form. Each append writes a manifest listing its files and a manifest list naming every manifest of the
     * new snapshot; unless the writer merges manifests (Iceberg's MergeAppend does, from commit.manifest.min-count-to-merge
     * on; fast appends, as streaming writers use, never do), every commit adds one, and planning any query reads them all.
     */
    private LabResult runIceberg(LabContext ctx) {
        int commits = ctx.scale().times(ICEBERG_COMMITS);
        try (Floe floe = ctx.open()) {
            LabSql.dropAll(floe, ICEBERG_TABLE);
            floe.sql("CREATE TABLE " + ICEBERG_TABLE + " (id BIGINT, note STRING) USING ICEBERG "
                    + "TBLPROPERTIES ('commit.manifest-merge.enabled' = 'false')");
            ctx.step(commits + " small commits that never merge manifests (as fast appends of a streaming writer)");
            for (int i = 0; i < commits; i++) {
                floe.sql("INSERT INTO " + ICEBERG_TABLE + " VALUES (" + i + ", 'event " + i + "')");
            }
            ManifestMeasure before = measureManifests(ctx, floe);
            String fix = "CALL system.rewrite_manifests('" + ICEBERG_TABLE + "')";
            ctx.step(fix);
            floe.sql(fix);
            ManifestMeasure after = measureManifests(ctx, floe);
            List<LabResult.Metric> metrics = List.of(
                    LabResult.Metric.of("snapshots", "snapshots", before.snapshots, after.snapshots),
                    LabResult.Metric.of("data_files", "data files", before.dataFiles, after.dataFiles),
                    LabResult.Metric.of("manifests", "manifests of the current snapshot", before.manifests, after.manifests),
                    LabResult.Metric.of("manifest_bytes", "their bytes", before.manifestBytes, after.manifestBytes),
                    LabResult.Metric.of("manifests_read", "manifests read to plan a query cold", before.manifestsRead, after.manifestsRead),
                    LabResult.Metric.of("metadata_reads", "metadata objects read to plan it (metadata file, manifest list, manifests)",
                            before.metadataReads, after.metadataReads),
                    LabResult.Metric.of("planning_ms", "cold planning time, ms (best of 3)", before.planningMs, after.planningMs),
                    LabResult.Metric.of("planning_ms_remote", "… with " + REQUEST_MILLIS + " ms per request, as on an object store (best of 3)",
                            before.remoteMs, after.remoteMs),
                    LabResult.Metric.of("metadata_file_bytes", "bytes of the current metadata/vN.metadata.json",
                            before.metadataFileBytes, after.metadataFileBytes));
            return new LabResult(name(), "a manifest per commit", ctx.scale().label(), ctx.warehouse(),
                    List.of(before.manifests + " manifests", "after rewrite_manifests"), metrics,
                    List.of("An Iceberg snapshot is a tree: the metadata file names the current snapshot's manifest list, which "
                                    + "names manifests, which list the data files with their column metrics. Every append writes "
                                    + "one new manifest for its files and a manifest list that names it and all the earlier ones. "
                                    + "Iceberg's default append (MergeAppend) merges small manifests once there are "
                                    + "commit.manifest.min-count-to-merge (100) of them; this table has "
                                    + "commit.manifest-merge.enabled = false, which is what fast appends (streaming writers, "
                                    + "frequent small jobs) produce. After " + before.snapshots + " commits, a reader that plans "
                                    + "any query cold reads " + before.metadataReads + " metadata objects, "
                                    + before.manifestsRead + " of them manifests of one or two entries each.",
                            "CALL system.rewrite_manifests rewrites the current snapshot's manifests into as few as their size "
                                    + "needs (commit.manifest.target-size-bytes, 8 MB) in a new snapshot that changes no data: "
                                    + after.manifests + " manifest(s), " + after.metadataReads + " reads to plan.",
                            "Each manifest costs a request, an Avro header and a decode, however few entries it holds: "
                                    + LabResult.format(before.planningMs) + " ms vs. " + LabResult.format(after.planningMs)
                                    + " ms to plan on a local disk (Floe reads manifests 8 at a time). On an object store every "
                                    + "request costs milliseconds more, which the last time row simulates: "
                                    + LabResult.format(before.remoteMs) + " ms vs. " + LabResult.format(after.remoteMs)
                                    + " ms, and the gap widens with every commit.",
                            "The metadata file grows too: it lists every snapshot (" + LabResult.format(before.metadataFileBytes)
                                    + " bytes for " + before.snapshots + "), and every commit rewrites it. Expiring old snapshots "
                                    + "(CALL system.expire_snapshots, or VACUUM) shrinks it; `floe doctor` flags both."),
                    List.of(fix + ";", "ALTER TABLE " + ICEBERG_TABLE
                            + " SET TBLPROPERTIES ('commit.manifest-merge.enabled' = 'true');   -- let appends merge them again"));
        }
    }

    private record ManifestMeasure(long snapshots, long dataFiles, long manifests, long manifestBytes, long manifestsRead,
                                   long metadataReads, double planningMs, double remoteMs, long metadataFileBytes) {
    }

    private static boolean isManifest(String key) {
        return key.contains("/metadata/") && key.endsWith(".avro") && !key.substring(key.lastIndexOf('/') + 1).startsWith("snap-");
    }

    private static ManifestMeasure measureManifests(LabContext ctx, Floe floe) {
        Table table = floe.table(ICEBERG_TABLE);
        io.floe.table.Snapshot current = table.snapshot();
        io.floe.table.MetadataTables meta = table.capability(io.floe.table.MetadataTables.class).orElseThrow(() ->
                new LabFailedException("Iceberg table " + ICEBERG_TABLE + " has no metadata tables"));
        io.floe.table.MetadataTables.Relation manifests = meta.metadataTable("manifests", current);
        int length = manifests.columns().indexOf("length");
        long manifestBytes = manifests.rows().stream().mapToLong(r -> ((Number) r.get(length)).longValue()).sum();
        io.floe.QueryResult detail = floe.sql("DESCRIBE DETAIL " + ICEBERG_TABLE);
        String metadataFile = String.valueOf(detail.rows().get(0).get(detail.columnIndex("metadataFile")));
        long metadataFileBytes = table.store().stat(table.resolveKey(metadataFile)).map(ObjectInfo::size).orElse(-1L);
        long manifestsRead = 0;
        long metadataReads = 0;
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            // a new warehouse each time: nothing cached, as for a new process
            try (InstrumentedWarehouse wh = new InstrumentedWarehouse(ctx.warehouse(), ctx.options())) {
                Table t = wh.table(ICEBERG_TABLE);
                wh.store().clearCalls();
                long t0 = System.nanoTime();
                t.snapshot().files();
                best = Math.min(best, (System.nanoTime() - t0) / 1e6);
                manifestsRead = wh.reads(LogExplosionLab::isManifest);
                metadataReads = wh.reads(k -> k.contains("/metadata/"));
            }
        }
        double remote = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) { // best of 3: a single cold run is mostly the machine's noise
            try (InstrumentedWarehouse wh = new InstrumentedWarehouse(ctx.warehouse(), ctx.options())) {
                Table t = wh.table(ICEBERG_TABLE);
                wh.store().latency(null, "/metadata/", REQUEST_MILLIS);
                long t0 = System.nanoTime();
                t.snapshot().files();
                remote = Math.min(remote, Math.round((System.nanoTime() - t0) / 1e5) / 10.0);
            }
        }
        return new ManifestMeasure(table.history(0).size(), current.files().size(), manifests.rows().size(), manifestBytes,
                manifestsRead, metadataReads, Math.round(best * 10) / 10.0, remote, metadataFileBytes);
    }
}
