package io.floe.cli.lab;

import io.floe.Floe;
import io.floe.cli.doctor.TableFiles;
import io.floe.storage.FaultInjectingObjectStore;
import io.floe.storage.FaultInjectingObjectStore.Op;
import io.floe.table.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * crash-mid-commit: writers die at each step of a commit — injected crashes right after a data file is written,
 * right before the log entry is created, right after it is created (the writer never hears back) — and real
 * processes are killed with kill -9 in the middle of a stream of inserts. Readers always see whole versions;
 * the dead writers' data files are orphans that no version references, invisible to readers, and VACUUM
 * removes them once they are older than the retention.
 */
public final class CrashMidCommitLab implements Lab {
    static final String TABLE = "lab_crash";
    static final int BATCH = 1000;

    @Override
    public String name() {
        return "crash-mid-commit";
    }

    @Override
    public String summary() {
        return "writers crash (injected, and kill -9) at every step of a commit: readers see whole versions, VACUUM clears orphans";
    }

    private record CrashPoint(String label, boolean after, Op op, String keyRegex) {
    }

    private static final List<CrashPoint> DELTA_POINTS = List.of(
            new CrashPoint("after writing a data file", true, null, "^(?!.*_delta_log/).*\\.parquet$"),
            new CrashPoint("before creating the log entry", false, Op.PUT_IF_ABSENT, "_delta_log/\\d{20}\\.json$"),
            new CrashPoint("after creating the log entry (the writer never hears back)", true, Op.PUT_IF_ABSENT,
                    "_delta_log/\\d{20}\\.json$"));

    /** An Iceberg commit writes data files, a manifest, a manifest list, then creates metadata/vN.metadata.json. */
    private static final List<CrashPoint> ICEBERG_POINTS = List.of(
            new CrashPoint("after writing a data file", true, null, "^(?!.*/metadata/).*\\.parquet$"),
            // PUT only: a commit also reads the previous snapshot's manifest list, which must not count as writing one
            new CrashPoint("after writing the manifest", true, Op.PUT, "/metadata/(?!snap-)[^/]*\\.avro$"),
            new CrashPoint("after writing the manifest list", true, Op.PUT, "/metadata/snap-[^/]*\\.avro$"),
            new CrashPoint("before creating metadata/vN.metadata.json", false, Op.PUT_IF_ABSENT, "/metadata/v\\d+\\.metadata\\.json$"),
            new CrashPoint("after creating metadata/vN.metadata.json (the writer never hears back)", true, Op.PUT_IF_ABSENT,
                    "/metadata/v\\d+\\.metadata\\.json$"));

    @Override
    public LabResult run(LabContext ctx) throws Exception {
        int kills = ctx.scale().times(2);
        List<String> notes = new ArrayList<>();
        int injected = 0;
        int committedAnyway = 0;
        boolean iceberg = ctx.format() == LabFormat.ICEBERG;
        try (Floe floe = ctx.open()) {
            LabSql.dropAll(floe, TABLE);
            floe.sql("CREATE TABLE " + TABLE + " (id BIGINT) " + ctx.format().using());
            insert(floe, 0);
        }
        for (CrashPoint p : iceberg ? ICEBERG_POINTS : DELTA_POINTS) {
            ctx.step("INSERT with a crash " + p.label());
            long before = version(ctx);
            long batch = batches(ctx); // Delta: the version; Iceberg's versions are snapshot ids
            try (InstrumentedWarehouse wh = new InstrumentedWarehouse(ctx.warehouse(), ctx.options())) {
                FaultInjectingObjectStore.Rule rule = p.after() ? wh.store().crashAfter(p.op(), p.keyRegex())
                        : wh.store().crashBefore(p.op(), p.keyRegex());
                rule.times(1);
                try {
                    wh.sql("INSERT INTO " + TABLE + " SELECT range AS id FROM range(" + batch * BATCH + ", " + (batch + 1) * BATCH + ")");
                    throw new LabFailedException("the injected crash " + p.label() + " did not fire");
                } catch (FaultInjectingObjectStore.SimulatedCrashException e) {
                    injected++;
                } catch (RuntimeException e) {
                    if (!(rootCause(e) instanceof FaultInjectingObjectStore.SimulatedCrashException)) {
                        throw e;
                    }
                    injected++;
                }
            }
            long after = version(ctx);
            if (after != before) {
                committedAnyway++;
            }
            notes.add(p.label() + ": the table is at " + (iceberg ? "snapshot " : "version ") + after
                    + (after != before ? " (the commit landed)" : " (unchanged)"));
        }

        Path logs = ctx.localScratch().resolve("crash-mid-commit");
        Random random = new Random(42);
        {
            for (int k = 0; k < kills; k++) {
                ctx.step("kill -9 of a writing process (" + (k + 1) + "/" + kills + ")");
                List<String> args = new ArrayList<>(List.of("floe-loop", ctx.warehouse(), TABLE, String.valueOf(BATCH),
                        String.valueOf((k + 1) * LabWorker.ID_SPACE)));
                args.addAll(LabWorker.optionArgs(ctx.options()));
                ChildJvm child = ChildJvm.start(logs, "loop-" + k, args);
                long deadline = System.currentTimeMillis() + 120_000;
                while (!child.output().contains("committed batch 1")) {
                    if (!child.alive()) {
                        child.await(1);
                        throw new LabFailedException("the writing process ended before it was killed: " + child.output());
                    }
                    if (System.currentTimeMillis() > deadline) {
                        child.kill();
                        throw new LabFailedException("the writing process committed nothing in 120 s: " + child.output());
                    }
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(120)); // somewhere inside the next insert
                child.kill();
            }
        }

        try (Floe floe = ctx.open()) {
            Table table = floe.table(TABLE);
            long latest = table.snapshot().version();
            // every committed version but Delta's version 0 (the empty CREATE); an Iceberg CREATE makes no snapshot
            List<Long> versions = LabSql.versions(table).stream().filter(v -> v != 0).toList();
            int torn = 0;
            for (long v : versions) {
                long rows = LabSql.count(floe, "SELECT count(*) FROM " + TABLE + " VERSION AS OF " + v);
                long distinct = LabSql.count(floe, "SELECT count(DISTINCT id) FROM " + TABLE + " VERSION AS OF " + v);
                if (rows % BATCH != 0 || distinct != rows) {
                    torn++;
                }
            }
            long rowsBefore = LabSql.count(floe, "SELECT count(*) FROM " + TABLE);
            TableFiles.Orphans orphansBefore = TableFiles.orphans(table);
            long orphanMetadataBefore = TableFiles.orphanMetadata(table, table.store().listAll(table.rootKey())).size();
            List<String> staging = stagingKeys(table);
            long stagingDirs = staging.stream().map(CrashMidCommitLab::stagingDir).distinct().count();
            // what `floe doctor` prescribes for them: delete them (no writer is running now)
            table.store().delete(staging);
            deleteEmptyStagingDirs(table);
            long stagingAfter = stagingKeys(floe.table(TABLE)).size();

            if (iceberg) {
                String now = java.time.Instant.now().plusSeconds(1).toString();
                ctx.step("CALL system.remove_orphan_files(table => '" + TABLE + "', older_than => TIMESTAMP '" + now
                        + "') (standing in for: the default 3 days have passed)");
                floe.sql("CALL system.remove_orphan_files(table => '" + TABLE + "', older_than => TIMESTAMP '" + now + "')");
            } else {
                ctx.step("VACUUM " + TABLE + " RETAIN 0 HOURS (standing in for: the retention has passed)");
                floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
                floe.sql("VACUUM " + TABLE + " RETAIN 0 HOURS");
                floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = true");
            }
            TableFiles.Orphans orphansAfter = TableFiles.orphans(floe.table(TABLE));
            long orphanMetadataAfter = TableFiles.orphanMetadata(floe.table(TABLE), table.store().listAll(table.rootKey())).size();
            long rowsAfter = LabSql.count(floe, "SELECT count(*) FROM " + TABLE);
            long latestAfter = floe.table(TABLE).snapshot().version();
            if (iceberg) {
                return icebergResult(ctx, injected, kills, committedAnyway, versions.size(), torn, rowsBefore, rowsAfter, orphansBefore,
                        orphansAfter, orphanMetadataBefore, orphanMetadataAfter, stagingDirs, stagingAfter, notes,
                        LabSql.versions(floe.table(TABLE)).size());
            }

            List<LabResult.Metric> metrics = List.of(
                    LabResult.Metric.of("crashes_injected", "crashes injected into commits", (long) injected, null),
                    LabResult.Metric.of("kills", "writing processes killed with kill -9", (long) kills, null),
                    LabResult.Metric.of("committed_unacknowledged", "commits that landed though the writer died", (long) committedAnyway, null),
                    LabResult.Metric.of("versions_checked", "versions read back", latest, null),
                    LabResult.Metric.of("torn_versions", "versions with part of a commit or duplicates", (long) torn, null),
                    LabResult.Metric.of("rows", "rows in the latest version", rowsBefore, rowsAfter),
                    LabResult.Metric.of("orphan_files", "orphan data files (no version references them)", orphansBefore.files(), orphansAfter.files()),
                    LabResult.Metric.of("orphan_bytes", "bytes they hold", orphansBefore.bytes(), orphansAfter.bytes()),
                    LabResult.Metric.of("staging_dirs", "staging directories killed writers left", stagingDirs, stagingAfter),
                    LabResult.Metric.of("version", "table version", latest, latestAfter));
            List<String> explanation = new ArrayList<>();
            explanation.add("A Delta commit is: write the data files (under fresh names no reader looks at), then create "
                    + "_delta_log/<version>.json with an atomic put-if-absent. The second step is the commit: before it, the "
                    + "files are invisible; after it, all of them are visible at once. A writer that dies anywhere leaves the "
                    + "table at its previous version or its next, never in between — " + latest + " versions read back, "
                    + torn + " with a partial commit.");
            explanation.add("The injected crashes: " + String.join("; ", notes) + ". The last one is the awkward case: the "
                    + "commit landed but its writer never learned it. Floe reports such an outcome as unknown instead of "
                    + "failed and never deletes that commit's files; a retry must check the table first.");
            explanation.add("What the dead writers leave behind are orphans: " + orphansBefore.files() + " data files ("
                    + LabResult.format(orphansBefore.bytes()) + " bytes) that no version references. Readers never list the "
                    + "directory, so they never see them. VACUUM deletes files that no version within the retention needs "
                    + "once they are older than the retention (7 days by default; the lab uses RETAIN 0 HOURS to stand in "
                    + "for the wait), and the rows are unchanged.");
            explanation.add("A writer killed while it was still writing data files also leaves its local staging directory "
                    + "(.floe-staging-*) in the table directory: " + stagingDirs + " here. Readers and VACUUM skip hidden "
                    + "directories, so `floe doctor` reports them and prints the command that deletes them; the lab ran it.");
            return new LabResult(name(), "crash in the middle of a commit", ctx.scale().label(), ctx.warehouse(),
                    List.of("after the crashes", "after VACUUM, clean-up"), metrics, explanation,
                    List.of("VACUUM " + TABLE + ";   -- after delta.deletedFileRetentionDuration (7 days); `floe doctor " + TABLE
                            + "` shows the orphans"));
        }
    }

    private LabResult icebergResult(LabContext ctx, int injected, int kills, int committedAnyway, int checked, int torn, long rowsBefore,
                                    long rowsAfter, TableFiles.Orphans before, TableFiles.Orphans after, long metadataBefore,
                                    long metadataAfter, long stagingDirs, long stagingAfter, List<String> notes, int snapshotsAfter) {
        List<LabResult.Metric> metrics = List.of(
                LabResult.Metric.of("crashes_injected", "crashes injected into commits", (long) injected, null),
                LabResult.Metric.of("kills", "writing processes killed with kill -9", (long) kills, null),
                LabResult.Metric.of("committed_unacknowledged", "commits that landed though the writer died", (long) committedAnyway, null),
                LabResult.Metric.of("versions_checked", "snapshots read back", (long) checked, null),
                LabResult.Metric.of("torn_versions", "snapshots with part of a commit or duplicates", (long) torn, null),
                LabResult.Metric.of("rows", "rows in the current snapshot", rowsBefore, rowsAfter),
                LabResult.Metric.of("orphan_files", "orphan data files (no snapshot references them)", before.files(), after.files()),
                LabResult.Metric.of("orphan_bytes", "bytes they hold", before.bytes(), after.bytes()),
                LabResult.Metric.of("orphan_metadata", "orphan manifests and manifest lists", metadataBefore, metadataAfter),
                LabResult.Metric.of("staging_dirs", "staging directories killed writers left", stagingDirs, stagingAfter),
                LabResult.Metric.of("snapshots", "snapshots in the table's history", (long) checked, (long) snapshotsAfter));
        List<String> explanation = List.of(
                "An Iceberg commit is: write the data files, a manifest listing them, a manifest list naming every manifest of "
                        + "the new snapshot (all under fresh names no reader looks at), then create metadata/v<N+1>.metadata.json "
                        + "with an atomic put-if-absent. That last step is the commit: a reader finds the newest metadata file "
                        + "and sees the snapshot it names, whole, or the previous one. A writer that dies anywhere leaves the "
                        + "table at its previous snapshot or its next, never in between — " + checked + " snapshots read back, "
                        + torn + " with a partial commit.",
                "The injected crashes: " + String.join("; ", notes) + ". The last one is the awkward case: the metadata file "
                        + "was created but its writer never learned it. Floe reports such an outcome as unknown instead of "
                        + "failed and deletes nothing of that commit (Iceberg's library would otherwise clean up the manifests "
                        + "of a commit it believes failed); a retry must check the table first.",
                "What the dead writers leave behind are orphans: " + before.files() + " data files ("
                        + LabResult.format(before.bytes()) + " bytes) and " + metadataBefore + " manifests or manifest lists "
                        + "that no snapshot references. Readers never list the directory, so they never see them. "
                        + "CALL system.remove_orphan_files deletes unreferenced files older than older_than (3 days by default, "
                        + "in case a writer is still about to commit them; the lab passes the current time to stand in for the "
                        + "wait), and the rows are unchanged. VACUUM does the same after expiring old snapshots.",
                "A writer killed while it was still writing data files also leaves its local staging directory "
                        + "(.floe-staging-*) in the table directory: " + stagingDirs + " here. Readers skip it, `floe doctor` "
                        + "reports it and prints the command that deletes it; the lab ran it.");
        return new LabResult(name(), "crash in the middle of a commit", ctx.scale().label(), ctx.warehouse(),
                List.of("after the crashes", "after remove_orphan_files, clean-up"), metrics, explanation,
                List.of("CALL system.remove_orphan_files(table => '" + TABLE + "');   -- orphans older than 3 days; `floe doctor "
                        + TABLE + "` shows them"));
    }

    /** Batches committed so far (each commit adds one of {@link #BATCH} rows): the next batch's number. */
    private static long batches(LabContext ctx) {
        try (Floe floe = ctx.open()) {
            return LabSql.count(floe, "SELECT count(*) FROM " + TABLE) / BATCH;
        }
    }

    private static List<String> stagingKeys(Table table) {
        return table.store().listAll(table.rootKey()).stream().map(io.floe.storage.ObjectInfo::key)
                .filter(k -> k.substring(table.rootKey().length()).startsWith(".floe-staging-")).toList();
    }

    private static String stagingDir(String key) {
        int i = key.indexOf(".floe-staging-");
        int end = key.indexOf('/', i);
        return end < 0 ? key : key.substring(0, end);
    }

    /** A local store leaves the emptied directories; they hold nothing, but they would still look like leftovers. */
    private static void deleteEmptyStagingDirs(Table table) throws java.io.IOException {
        if (!table.location().startsWith("file:")) {
            return;
        }
        Path root = Path.of(java.net.URI.create(table.location()));
        try (var s = java.nio.file.Files.list(root)) {
            for (Path p : s.filter(x -> x.getFileName().toString().startsWith(".floe-staging-")).toList()) {
                ConcurrentWritersLab.deleteTree(p);
            }
        }
    }

    private static void insert(Floe floe, long batch) {
        floe.sql("INSERT INTO " + TABLE + " SELECT range AS id FROM range(" + batch * BATCH + ", " + (batch + 1) * BATCH + ")");
    }

    private static long version(LabContext ctx) {
        try (Floe floe = ctx.open()) {
            return floe.table(TABLE).snapshot().version();
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof FaultInjectingObjectStore.SimulatedCrashException) {
                return t;
            }
            t = t.getCause();
        }
        return t;
    }
}
