package io.floe.cli.lab;

import io.floe.Floe;
import io.floe.table.Table;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * vacuum-vs-time-travel: a bad job deletes half the rows. On one table someone runs VACUUM RETAIN 0 HOURS with
 * the retention check turned off before noticing: the files of every older version are gone, time travel and
 * RESTORE fail. On the other the retention check refuses that VACUUM, RESTORE brings the rows back, and a
 * VACUUM with the table's retention deletes nothing that any version younger than 7 days needs.
 */
public final class VacuumTimeTravelLab implements Lab {
    static final String AGGRESSIVE = "lab_tt_aggressive";
    static final String SAFE = "lab_tt_safe";
    private static final String CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    @Override
    public String name() {
        return "vacuum-vs-time-travel";
    }

    @Override
    public String summary() {
        return "a VACUUM with the retention check off makes old versions unreadable; the check and RESTORE save the day";
    }

    /** The history both tables share; returns the version of the bad job. */
    private static long history(Floe floe, String t, int rows, LabFormat format) {
        floe.sql("CREATE TABLE " + t + " (id BIGINT, amount DOUBLE) " + format.using());
        floe.sql("INSERT INTO " + t + " SELECT range AS id, range * 1.5 AS amount FROM range(0, " + rows + ")");
        floe.sql("UPDATE " + t + " SET amount = amount + 1 WHERE id < " + rows / 2);
        floe.sql("INSERT INTO " + t + " SELECT range AS id, range * 1.5 AS amount FROM range(" + rows + ", " + 2 * rows + ")");
        // the bad job: a filter with a bug deletes every even id
        floe.sql("DELETE FROM " + t + " WHERE id % 2 = 0");
        return version(floe, t);
    }

    @Override
    public LabResult run(LabContext ctx) {
        if (ctx.format() == LabFormat.ICEBERG) {
            return runIceberg(ctx);
        }
        int rows = ctx.scale().times(5_000);
        try (Floe floe = ctx.open()) {
            LabSql.dropAll(floe, AGGRESSIVE, SAFE);
            ctx.step("building two tables with the same history: insert, update, insert, then a bad DELETE");
            long bad = history(floe, AGGRESSIVE, rows, LabFormat.DELTA);
            history(floe, SAFE, rows, LabFormat.DELTA);
            long goodRows = LabSql.count(floe, "SELECT count(*) FROM " + SAFE + " VERSION AS OF " + (bad - 1));

            ctx.step("aggressive: SET " + CHECK + " = false; VACUUM " + AGGRESSIVE + " RETAIN 0 HOURS");
            floe.sql("SET " + CHECK + " = false");
            long deleted = filesDeleted(floe.sql("VACUUM " + AGGRESSIVE + " RETAIN 0 HOURS").message());
            floe.sql("SET " + CHECK + " = true");
            int readableAggressive = readableVersions(floe, AGGRESSIVE, bad);
            boolean restoredAggressive = tryRun(floe, "RESTORE TABLE " + AGGRESSIVE + " TO VERSION AS OF " + (bad - 1));
            long rowsAggressive = LabSql.count(floe, "SELECT count(*) FROM " + AGGRESSIVE);

            ctx.step("safe: VACUUM " + SAFE + " RETAIN 0 HOURS with the check on, RESTORE, then VACUUM " + SAFE);
            boolean refused = !tryRun(floe, "VACUUM " + SAFE + " RETAIN 0 HOURS");
            boolean restoredSafe = tryRun(floe, "RESTORE TABLE " + SAFE + " TO VERSION AS OF " + (bad - 1));
            long deletedSafe = filesDeleted(floe.sql("VACUUM " + SAFE).message());
            int readableSafe = readableVersions(floe, SAFE, bad);
            long rowsSafe = LabSql.count(floe, "SELECT count(*) FROM " + SAFE);

            List<LabResult.Metric> metrics = List.of(
                    LabResult.Metric.of("versions_checked", "versions up to the bad job", bad + 1, bad + 1),
                    LabResult.Metric.of("versions_readable", "of them with every data file still in storage", readableAggressive, readableSafe),
                    LabResult.Metric.of("vacuum_refused", "VACUUM … RETAIN 0 HOURS refused", false, refused),
                    LabResult.Metric.of("files_deleted", "data files VACUUM deleted", deleted, deletedSafe),
                    LabResult.Metric.of("restore_ok", "RESTORE to the version before the bad job worked", restoredAggressive, restoredSafe),
                    LabResult.Metric.of("rows_expected", "rows before the bad job", goodRows, goodRows),
                    LabResult.Metric.of("rows_now", "rows in the table now", rowsAggressive, rowsSafe));
            return new LabResult(name(), "an aggressive VACUUM breaks time travel", ctx.scale().label(), ctx.warehouse(),
                    List.of("check off, RETAIN 0 HOURS", "check on, RESTORE, VACUUM"), metrics,
                    List.of("Delta never changes a data file: UPDATE and DELETE write new files and log the old ones as removed. "
                                    + "Older versions keep pointing at the removed files, which is what makes time travel and "
                                    + "RESTORE possible. VACUUM deletes removed files once they are older than the retention "
                                    + "(delta.deletedFileRetentionDuration, 7 days by default).",
                            "With the retention check turned off, VACUUM … RETAIN 0 HOURS deleted " + deleted + " files that "
                                    + "versions 1 to " + (bad - 1) + " needed: only " + readableAggressive + " of " + (bad + 1)
                                    + " versions still have all their files (the empty first one and the latest), and RESTORE to the version "
                                    + "before the bad job failed: the " + LabResult.format(goodRows) + " good rows are gone for good.",
                            "With the check on, the same VACUUM was refused; RESTORE recovered all " + LabResult.format(rowsSafe) + " rows in one "
                                    + "commit (it only re-adds the old files to the log), and a VACUUM with the table's retention "
                                    + "deleted " + deletedSafe + " files. Keep the check on, and fix bad jobs before the retention "
                                    + "runs out."),
                    List.of("-- keep " + CHECK + " = true (the default)",
                            "RESTORE TABLE " + SAFE + " TO VERSION AS OF " + (bad - 1) + ";",
                            "VACUUM " + SAFE + ";   -- the table's retention: 7 days unless delta.deletedFileRetentionDuration says otherwise"));
        }
    }

    /**
     * The Iceberg form: versions are snapshots, and what makes old ones unreadable is expiring them. Spark's
     * expire_snapshots has no retention check, so an older_than of "now" (or a VACUUM with the check off) drops every
     * snapshot but the current one, and the files only they read; VACUUM with the check on refuses a retention below
     * history.expire.max-snapshot-age-ms.
     */
    private LabResult runIceberg(LabContext ctx) {
        int rows = ctx.scale().times(5_000);
        try (Floe floe = ctx.open()) {
            LabSql.dropAll(floe, AGGRESSIVE, SAFE);
            ctx.step("building two Iceberg tables with the same history: insert, update, insert, then a bad DELETE");
            history(floe, AGGRESSIVE, rows, LabFormat.ICEBERG);
            history(floe, SAFE, rows, LabFormat.ICEBERG);
            List<Long> aggressiveVersions = LabSql.versions(floe.table(AGGRESSIVE));
            List<Long> safeVersions = LabSql.versions(floe.table(SAFE));
            long goodAggressive = aggressiveVersions.get(aggressiveVersions.size() - 2);
            long goodSafe = safeVersions.get(safeVersions.size() - 2);
            long goodRows = LabSql.count(floe, "SELECT count(*) FROM " + SAFE + " VERSION AS OF " + goodSafe);

            String now = java.time.Instant.now().plusSeconds(1).toString();
            String expire = "CALL system.expire_snapshots(table => '" + AGGRESSIVE + "', older_than => TIMESTAMP '" + now
                    + "', retain_last => 1)";
            ctx.step("aggressive: " + expire);
            io.floe.QueryResult r = floe.sql(expire);
            long deleted = LabSql.longValue(r, "deleted_data_files_count");
            int readableAggressive = readableSnapshots(floe, AGGRESSIVE, aggressiveVersions);
            boolean restoredAggressive = tryRun(floe, "RESTORE TABLE " + AGGRESSIVE + " TO VERSION AS OF " + goodAggressive);
            long rowsAggressive = LabSql.count(floe, "SELECT count(*) FROM " + AGGRESSIVE);

            ctx.step("safe: VACUUM " + SAFE + " RETAIN 0 HOURS with the check on, RESTORE, then VACUUM " + SAFE);
            boolean refused = !tryRun(floe, "VACUUM " + SAFE + " RETAIN 0 HOURS");
            boolean restoredSafe = tryRun(floe, "RESTORE TABLE " + SAFE + " TO VERSION AS OF " + goodSafe);
            long deletedSafe = filesDeleted(floe.sql("VACUUM " + SAFE).message());
            int readableSafe = readableSnapshots(floe, SAFE, safeVersions);
            long rowsSafe = LabSql.count(floe, "SELECT count(*) FROM " + SAFE);

            long versions = aggressiveVersions.size();
            List<LabResult.Metric> metrics = List.of(
                    LabResult.Metric.of("versions_checked", "snapshots up to the bad job", versions, (long) safeVersions.size()),
                    LabResult.Metric.of("versions_readable", "of them still in the metadata with every data file in storage",
                            readableAggressive, readableSafe),
                    LabResult.Metric.of("vacuum_refused", "the expiry below the table's retention refused", false, refused),
                    LabResult.Metric.of("files_deleted", "data files the expiry deleted", deleted, deletedSafe),
                    LabResult.Metric.of("restore_ok", "RESTORE to the snapshot before the bad job worked", restoredAggressive, restoredSafe),
                    LabResult.Metric.of("rows_expected", "rows before the bad job", goodRows, goodRows),
                    LabResult.Metric.of("rows_now", "rows in the table now", rowsAggressive, rowsSafe));
            return new LabResult(name(), "an aggressive snapshot expiry breaks time travel", ctx.scale().label(), ctx.warehouse(),
                    List.of("expire_snapshots(older_than => now)", "VACUUM check on, RESTORE, VACUUM"), metrics,
                    List.of("An Iceberg table never changes a data file: UPDATE and DELETE write new files and commit a snapshot "
                                    + "without the old ones. Older snapshots stay in the table metadata and keep pointing at "
                                    + "their files, which is what makes VERSION AS OF <snapshot id> and RESTORE (a rollback) "
                                    + "possible. Expiring a snapshot removes it from the metadata and deletes the files that "
                                    + "only it read; history.expire.max-snapshot-age-ms (5 days by default) says how old a "
                                    + "snapshot must be first.",
                            "CALL system.expire_snapshots(…, older_than => now, retain_last => 1) has no safety check: it "
                                    + "expired " + (versions - 1) + " snapshots and deleted " + deleted + " data files. Only "
                                    + readableAggressive + " of " + versions + " snapshots can still be read (the current one); "
                                    + "time travel to the others fails because they are gone from the metadata, and RESTORE "
                                    + "to the snapshot before the bad job failed: the " + LabResult.format(goodRows)
                                    + " good rows are gone for good. VACUUM … RETAIN 0 HOURS with the retention check off does "
                                    + "the same.",
                            "With the check on, VACUUM … RETAIN 0 HOURS was refused; RESTORE recovered all "
                                    + LabResult.format(rowsSafe) + " rows in one commit (it re-adds the old snapshot's files), "
                                    + "and a VACUUM with the table's retention (expire snapshots older than 5 days, then remove "
                                    + "unreferenced files) deleted " + deletedSafe + " files. Give expire_snapshots an older_than "
                                    + "no later than the table's retention, and fix bad jobs before it runs out."),
                    List.of("RESTORE TABLE " + SAFE + " TO VERSION AS OF " + goodSafe + ";   -- or CALL system.rollback_to_snapshot('"
                                    + SAFE + "', " + goodSafe + ")",
                            "VACUUM " + SAFE + ";   -- or CALL system.expire_snapshots(table => '" + SAFE
                                    + "'): snapshots older than history.expire.max-snapshot-age-ms (5 days)"));
        }
    }

    /** Snapshots still in the table's metadata whose data files all still exist in storage. */
    private static int readableSnapshots(Floe floe, String t, List<Long> snapshots) {
        Table table = floe.table(t);
        Set<String> present = new HashSet<>();
        table.store().listAll(table.rootKey()).forEach(o -> present.add(o.key()));
        int ok = 0;
        for (long v : snapshots) {
            try {
                if (table.snapshotAt(v).files().stream().allMatch(f -> present.contains(table.resolveKey(f.path())))) {
                    ok++;
                }
            } catch (RuntimeException e) {
                // expired: gone from the metadata (or its manifests are)
            }
        }
        return ok;
    }

    static long version(Floe floe, String t) {
        return LabSql.longValue(floe.sql("DESCRIBE DETAIL " + t), "version");
    }

    /**
     * Versions up to {@code upTo} whose data files all still exist in storage. Asked of the store, not by running
     * a query: on S3 Floe reads data files through a local cache shared by processes, which may still hold copies
     * of deleted files, so a query on this machine could succeed where any other machine fails.
     */
    private static int readableVersions(Floe floe, String t, long upTo) {
        Table table = floe.table(t);
        Set<String> present = new HashSet<>();
        table.store().listAll(table.rootKey()).forEach(o -> present.add(o.key()));
        int ok = 0;
        for (long v = 0; v <= upTo; v++) {
            if (table.snapshotAt(v).files().stream().allMatch(f -> present.contains(table.resolveKey(f.path())))) {
                ok++;
            }
        }
        return ok;
    }

    /** Runs a statement; false if it failed (the failure is the measurement). */
    static boolean tryRun(Floe floe, String sql) {
        try {
            floe.sql(sql);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** "deleted 3 files (1234 bytes) of t" → 3. */
    private static long filesDeleted(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("deleted (\\d+) files").matcher(message);
        if (!m.find()) {
            throw new IllegalStateException("unexpected VACUUM message: " + message);
        }
        return Long.parseLong(m.group(1));
    }
}
