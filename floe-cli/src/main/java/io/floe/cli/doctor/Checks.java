package io.floe.cli.doctor;

import io.floe.table.FileRetention;
import io.floe.storage.ObjectInfo;
import io.floe.table.DataFile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The doctor's checks. Each reads {@link TableFacts} only (metadata and one listing, never data files) and
 * returns its findings; thresholds are chosen so that a well-kept table, however small, reports nothing above INFO.
 */
public final class Checks {
    /** Excess small files (beyond what compaction would leave) from which small files are a warning. */
    static final int SMALL_FILES_EXCESS = 10;
    /** Commits to replay after the last checkpoint from which opening the table gets noticeably slower. */
    static final int COMMITS_SINCE_CHECKPOINT = 50;
    /** Partitions from which a table with small partitions is over-partitioned. */
    static final int MANY_PARTITIONS = 32;
    /** Staging directories younger than this may belong to a write in progress. */
    static final Duration STAGING_AGE = Duration.ofHours(1);
    static final Duration DEFAULT_DELETED_FILE_RETENTION = Duration.ofDays(7);
    static final Duration DEFAULT_LOG_RETENTION = Duration.ofDays(30);
    static final String STAGING_PREFIX = ".floe-staging-";

    private Checks() {
    }

    /** A check: its id (as in {@link Finding#check()}) and what it does. */
    public record Check(String id, java.util.function.Function<TableFacts, List<Finding>> run) {
    }

    /** The checks for a table of this format: the format-neutral ones, and those only the format has. */
    public static List<Check> forFormat(String format) {
        if (format.equals("iceberg")) {
            return List.of(new Check("missing-files", Checks::missingFiles), new Check("small-files", Checks::smallFiles),
                    new Check("orphan-files", Checks::orphanFiles), new Check("manifests", IcebergChecks::manifests),
                    new Check("snapshot-expiry", IcebergChecks::snapshotExpiry), new Check("time-travel", Checks::timeTravel),
                    new Check("column-stats", Checks::columnStats), new Check("partitioning", Checks::partitioning),
                    new Check("deletion-vectors", Checks::deletionVectors), new Check("staging-files", Checks::stagingFiles),
                    new Check("incomplete-uploads", Checks::incompleteUploads));
        }
        return all();
    }

    /** The Delta checks. */
    public static List<Check> all() {
        return List.of(new Check("missing-files", Checks::missingFiles), new Check("small-files", Checks::smallFiles),
                new Check("orphan-files", Checks::orphanFiles), new Check("checkpoint", Checks::checkpoint),
                new Check("retention", Checks::retention), new Check("time-travel", Checks::timeTravel), new Check("column-stats", Checks::columnStats),
                new Check("partitioning", Checks::partitioning), new Check("deletion-vectors", Checks::deletionVectors),
                new Check("staging-files", Checks::stagingFiles), new Check("incomplete-uploads", Checks::incompleteUploads),
                new Check("compatibility", Checks::compatibility));
    }

    // ------------------------------------------------------------------ files

    static List<Finding> missingFiles(TableFacts f) {
        Set<String> present = new HashSet<>();
        f.listing().forEach(o -> present.add(o.key()));
        List<String> missing = new ArrayList<>();
        long bytes = 0;
        Long rows = 0L;
        for (DataFile d : f.snapshot().files()) {
            String key = f.table().resolveKey(d.path());
            // files outside the root (absolute paths, e.g. of a shallow clone) are not in the listing: ask for each
            boolean exists = key.startsWith(f.table().rootKey()) ? present.contains(key) : f.table().store().stat(key).isPresent();
            if (!exists) {
                missing.add(d.path());
                bytes += d.size();
                rows = rows == null || d.liveRecords() == null ? null : rows + d.liveRecords();
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("missingFiles", missing.size());
        ev.put("missingBytes", bytes);
        ev.put("missingRows", rows);
        ev.put("paths", missing.stream().limit(20).toList());
        return List.of(new Finding("missing-files", Severity.ERROR,
                missing.size() + " data file(s) the current version references do not exist",
                ev, "Every query that reaches these files fails (DuckDB cannot open them), and their " + (rows == null ? "" : rows + " ")
                + "rows are lost unless the files come back. Something deleted them outside the table's control: a manual "
                + "delete, a lifecycle rule, a VACUUM of a copy that shares the directory.",
                "-- put the files back from a backup or the storage's version history (paths under evidence.paths) into "
                        + f.table().location() + "; Floe has no FSCK REPAIR TABLE yet to drop their entries from the log"));
    }

    static List<Finding> smallFiles(TableFacts f) {
        long target = f.targetFileSize();
        long smallLimit = target / 4;
        Map<Map<String, Object>, long[]> perPartition = new LinkedHashMap<>(); // {smallCount, smallBytes}
        long small = 0;
        long bytes = 0;
        for (DataFile d : f.snapshot().files()) {
            bytes += d.size();
            if (d.size() < smallLimit) {
                long[] c = perPartition.computeIfAbsent(d.partitionValues(), k -> new long[2]);
                c[0]++;
                c[1] += d.size();
                small++;
            }
        }
        long excess = 0;
        long ideal = 0;
        for (long[] c : perPartition.values()) {
            long after = Math.max(1, (c[1] + target - 1) / target);
            ideal += after;
            excess += Math.max(0, c[0] - after);
        }
        if (excess < 2) {
            return List.of();
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        int files = f.snapshot().files().size();
        ev.put("files", files);
        ev.put("smallFiles", small);
        ev.put("smallFileLimitBytes", smallLimit);
        ev.put("targetFileSizeBytes", target);
        ev.put("averageFileBytes", files == 0 ? 0 : bytes / files);
        ev.put("filesAfterCompaction", files - small + ideal);
        ev.put("sizeHistogram", histogram(f.snapshot().files()));
        Severity sev = excess >= SMALL_FILES_EXCESS ? Severity.WARNING : Severity.INFO;
        return List.of(new Finding("small-files", sev,
                small + " of " + files + " data files are smaller than " + human(smallLimit) + " (a quarter of the "
                        + human(target) + " target); compaction would leave " + (files - small + ideal),
                ev, "Each file costs a " + (f.iceberg() ? "manifest entry" : "log entry") + " and a stats check at planning, and an "
                + "open and a footer read at scan time, whatever its size: with many small files that overhead is most of a "
                + "query. Right file count per partition: partition bytes / " + f.targetFileSizeProperty() + ".",
                f.iceberg() ? "CALL system.rewrite_data_files(table => '" + f.sqlName() + "');" : "OPTIMIZE " + f.sqlName() + ";"));
    }

    static Map<String, Object> histogram(List<DataFile> files) {
        String[] labels = {"< 64 KB", "64 KB – 1 MB", "1 – 16 MB", "16 – 64 MB", "64 – 256 MB", ">= 256 MB"};
        long[] limits = {64L << 10, 1L << 20, 16L << 20, 64L << 20, 256L << 20, Long.MAX_VALUE};
        long[] counts = new long[labels.length];
        for (DataFile d : files) {
            for (int i = 0; i < limits.length; i++) {
                if (d.size() < limits[i]) {
                    counts[i]++;
                    break;
                }
            }
        }
        Map<String, Object> h = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            h.put(labels[i], counts[i]);
        }
        return h;
    }

    static List<Finding> orphanFiles(TableFacts f) {
        TableFiles.Orphans o = TableFiles.orphans(f.table(), f.snapshot(), f.listing());
        if (f.iceberg()) {
            return IcebergChecks.orphanFiles(f, o);
        }
        if (o.files() == 0) {
            return List.of();
        }
        Duration retention = deletedFileRetention(f);
        long cutoff = f.nowMillis() - retention.toMillis();
        long old = o.objects().stream().filter(x -> x.lastModifiedMillis() < cutoff).count();
        long youngest = o.objects().stream().mapToLong(ObjectInfo::lastModifiedMillis).max().orElse(0);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("orphanFiles", o.files());
        ev.put("orphanBytes", o.bytes());
        ev.put("olderThanRetention", old);
        ev.put("retention", Intervals.human(retention));
        ev.put("versionsChecked", o.versionsChecked());
        ev.put("paths", o.keys().stream().limit(20).map(k -> k.substring(f.table().rootKey().length())).toList());
        String fix = old == o.files() ? "VACUUM " + f.sqlName() + ";"
                : "VACUUM " + f.sqlName() + ";   -- removes them once older than " + Intervals.human(retention) + ", from "
                + Instant.ofEpochMilli(youngest + retention.toMillis()) + " on";
        return List.of(new Finding("orphan-files", Severity.WARNING,
                o.files() + " data file(s) (" + human(o.bytes()) + ") that no version references", ev,
                "Orphans are the files of writes that never committed (a crash, a kill, a failed commit). Readers never see "
                        + "them — only the log says which files exist — but they take storage until VACUUM removes them, which "
                        + "it does only once they are older than the retention, in case a writer is still about to commit them.",
                fix));
    }

    static List<Finding> stagingFiles(TableFacts f) {
        Map<String, long[]> dirs = new TreeMap<>(); // dir → {files, bytes, newest mtime}
        for (ObjectInfo o : f.listing()) {
            String rel = o.key().substring(f.table().rootKey().length());
            int i = rel.indexOf(STAGING_PREFIX);
            if (i < 0 || (i > 0 && rel.charAt(i - 1) != '/')) {
                continue;
            }
            int end = rel.indexOf('/', i);
            String dir = end < 0 ? rel : rel.substring(0, end);
            long[] c = dirs.computeIfAbsent(dir, k -> new long[3]);
            c[0]++;
            c[1] += o.size();
            c[2] = Math.max(c[2], o.lastModifiedMillis());
        }
        if (dirs.isEmpty()) {
            return List.of();
        }
        long files = dirs.values().stream().mapToLong(c -> c[0]).sum();
        long bytes = dirs.values().stream().mapToLong(c -> c[1]).sum();
        boolean stale = dirs.values().stream().allMatch(c -> f.nowMillis() - c[2] > STAGING_AGE.toMillis());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("directories", List.copyOf(dirs.keySet()));
        ev.put("files", files);
        ev.put("bytes", bytes);
        String base = f.table().location();
        String local = base.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(base)).toString() + "/" : base;
        StringBuilder fix = new StringBuilder("VACUUM " + f.sqlName() + ";   -- removes them once older than the table's retention\n"
                + "-- sooner, while no writer is running on the table, from a shell:");
        dirs.keySet().forEach(d -> fix.append("\nrm -r '").append(local).append(d).append("'"));
        return List.of(new Finding("staging-files", stale ? Severity.WARNING : Severity.INFO,
                dirs.size() + " leftover staging director" + (dirs.size() == 1 ? "y" : "ies") + " (" + files + " files, "
                        + human(bytes) + ")" + (stale ? "" : "; the newest is under an hour old, a write may be in progress"),
                ev, "Floe's writer stages new files in " + STAGING_PREFIX + "* inside the table directory and moves them into "
                + "place; a writer that was killed leaves its staging directory behind. Readers skip it; VACUUM removes it "
                + "once nothing in it is newer than the retention (7 days by default).", fix.toString()));
    }

    /** Multipart uploads under the table that nobody completed: writers killed mid-upload (S3 bills their parts). */
    static List<Finding> incompleteUploads(TableFacts f) {
        List<io.floe.storage.PendingUpload> open = f.table().store().pendingUploads(f.table().rootKey());
        if (open.isEmpty()) {
            return List.of();
        }
        boolean stale = open.stream().allMatch(u -> f.nowMillis() - u.initiatedMillis() > STAGING_AGE.toMillis());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("uploads", open.size());
        ev.put("keys", open.stream().map(io.floe.storage.PendingUpload::key).distinct().limit(20).toList());
        return List.of(new Finding("incomplete-uploads", stale ? Severity.WARNING : Severity.INFO,
                open.size() + " incomplete multipart upload" + (open.size() == 1 ? "" : "s") + " under the table"
                        + (stale ? "" : "; the newest is under an hour old, a write may be in progress"),
                ev, "A writer killed while uploading a large file leaves its multipart upload open: invisible to readers, but its "
                + "parts stay on the server (and are billed on AWS) until the upload is aborted. VACUUM aborts those older than the "
                + "table's retention.",
                "VACUUM " + f.sqlName() + ";   -- aborts incomplete uploads older than the retention"));
    }

    // ------------------------------------------------------------------ metadata

    static List<Finding> checkpoint(TableFacts f) {
        LogFacts log = f.log();
        long version = f.snapshot().version();
        String intervalProp = f.properties().get("delta.checkpointInterval");
        int interval = intervalProp == null ? 10 : Integer.parseInt(intervalProp.trim());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("version", version);
        ev.put("lastCheckpointVersion", log.lastCheckpointVersion());
        ev.put("commitsSinceCheckpoint", log.commitsSinceCheckpoint());
        ev.put("checkpointInterval", interval);
        ev.put("logFiles", log.metadataFiles());
        if (log.metadataBytes() >= 0) {
            ev.put("logBytes", log.metadataBytes());
        }
        String fix = "ALTER TABLE " + f.sqlName() + " SET TBLPROPERTIES ('delta.checkpointInterval' = '1');\n"
                + "ALTER TABLE " + f.sqlName() + " SET TBLPROPERTIES ('delta.checkpointInterval' = '10');";
        String why = "Opening the table replays the log from the newest checkpoint: one request and one parse per commit after it. "
                + "The first statement commits with an interval of 1, which writes a checkpoint at once; the second restores "
                + "a checkpoint every 10 commits.";
        boolean disabled = interval <= 0 || interval > COMMITS_SINCE_CHECKPOINT;
        if (log.commitsSinceCheckpoint() > COMMITS_SINCE_CHECKPOINT
                || (!disabled && log.commitsSinceCheckpoint() > 2L * interval && version >= interval)) {
            String what = log.lastCheckpointVersion() < 0 ? "no checkpoint in " + (version + 1) + " commits"
                    : log.commitsSinceCheckpoint() + " commits since the last checkpoint (version " + log.lastCheckpointVersion() + ")";
            return List.of(new Finding("checkpoint", Severity.WARNING, what
                    + (disabled ? "; delta.checkpointInterval = " + interval + " effectively turns checkpoints off" : ""),
                    ev, why, fix));
        }
        if (disabled && version > 0) {
            return List.of(new Finding("checkpoint", Severity.INFO, "delta.checkpointInterval = " + interval
                    + " effectively turns checkpoints off; the log will grow without one", ev, why, fix));
        }
        return List.of();
    }

    /** The table's file retention as its format reads it (Delta: delta.deletedFileRetentionDuration). */
    static Duration deletedFileRetention(TableFacts f) {
        return f.table().capability(FileRetention.class).map(r -> r.retention(f.snapshot())).orElse(DEFAULT_DELETED_FILE_RETENTION);
    }

    static List<Finding> retention(TableFacts f) {
        Duration files = deletedFileRetention(f);
        Duration log = f.table().capability(FileRetention.class).map(r -> r.historyRetention(f.snapshot())).orElse(DEFAULT_LOG_RETENTION);
        if (files.compareTo(log) >= 0) {
            return List.of();
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("deletedFileRetention", Intervals.human(files));
        ev.put("logRetention", Intervals.human(log));
        Long lastVacuum = lastVacuumRetentionMillis(f);
        ev.put("lastVacuumRetention", lastVacuum == null ? null : Intervals.human(Duration.ofMillis(lastVacuum)));
        boolean shortened = files.compareTo(DEFAULT_DELETED_FILE_RETENTION) < 0
                || (lastVacuum != null && lastVacuum < DEFAULT_DELETED_FILE_RETENTION.toMillis());
        String summary = "VACUUM keeps removed files for " + Intervals.human(files) + " but the log keeps versions for "
                + Intervals.human(log) + ": time travel to versions older than " + Intervals.human(files) + " breaks after a VACUUM";
        return List.of(new Finding("retention", shortened ? Severity.WARNING : Severity.INFO, summary, ev,
                "DESCRIBE HISTORY lists every version the log still holds, but VACUUM deletes the files of versions older "
                        + "than delta.deletedFileRetentionDuration: SELECT … VERSION AS OF and RESTORE to them fail. "
                        + (shortened ? "This table's file retention is shorter than Delta's 7-day default, or a VACUUM ran with one." 
                        : "These are Delta's defaults; know that time travel is good for " + Intervals.human(files) + "."),
                "ALTER TABLE " + f.sqlName() + " SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = '"
                        + Intervals.property(log) + "');"));
    }

    /** Versions younger than the file retention checked for lost files (each costs a snapshot replay). */
    static final int TIME_TRAVEL_VERSIONS = 100;

    /**
     * Versions younger than delta.deletedFileRetentionDuration must still have all their files; if some are gone, a
     * VACUUM ran with a shorter retention (the check turned off) or files were deleted by hand. Older versions losing
     * files is what VACUUM is for, and is not reported.
     */
    static List<Finding> timeTravel(TableFacts f) {
        Duration retention = deletedFileRetention(f);
        long cutoff = f.nowMillis() - retention.toMillis();
        Set<String> present = new HashSet<>();
        f.listing().forEach(o -> present.add(o.key()));
        List<Long> broken = new ArrayList<>();
        long missingFiles = 0;
        for (long v : olderVersions(f)) {
            io.floe.table.Snapshot s;
            try {
                s = f.table().snapshotAt(v);
            } catch (RuntimeException e) {
                break; // gone from the log
            }
            if (s.timestamp() < cutoff) {
                break;
            }
            long missing = s.files().stream().filter(d -> !present.contains(f.table().resolveKey(d.path()))).count();
            if (missing > 0) {
                broken.add(v);
                missingFiles += missing;
            }
        }
        if (broken.isEmpty()) {
            return List.of();
        }
        java.util.Collections.reverse(broken);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("brokenVersions", broken);
        ev.put("missingFileReferences", missingFiles);
        ev.put("deletedFileRetention", Intervals.human(retention));
        Long lastVacuum = lastVacuumRetentionMillis(f);
        ev.put("lastVacuumRetention", lastVacuum == null ? null : Intervals.human(Duration.ofMillis(lastVacuum)));
        return List.of(new Finding("time-travel", Severity.WARNING, "time travel to " + broken.size() + " version(s) younger than "
                + Intervals.human(retention) + " fails: their data files are gone (versions " + broken.get(0)
                + (broken.size() > 1 ? "–" + broken.get(broken.size() - 1) : "") + ")", ev,
                "SELECT … VERSION AS OF and RESTORE to these versions fail, although they are younger than the table's "
                        + "file retention, so nobody expects it: a VACUUM ran with a shorter retention (with "
                        + "spark.databricks.delta.retentionDurationCheck.enabled = false), or files were deleted by hand. "
                        + "The lost versions cannot be brought back; keep the check on so that it does not happen again.",
                "SET spark.databricks.delta.retentionDurationCheck.enabled = true;   -- the default; never VACUUM with RETAIN below "
                        + Intervals.human(retention)));
    }

    /**
     * The versions before the current one, newest first, at most {@link #TIME_TRAVEL_VERSIONS}: Delta's count down from the
     * current version; Iceberg's are snapshot ids, in the order of the table's history.
     */
    private static List<Long> olderVersions(TableFacts f) {
        List<Long> out = new ArrayList<>();
        long current = f.snapshot().version();
        if (!f.iceberg()) {
            for (long v = current - 1; v >= 0 && v >= current - TIME_TRAVEL_VERSIONS; v--) {
                out.add(v);
            }
            return out;
        }
        for (io.floe.table.HistoryEntry h : f.table().history(TIME_TRAVEL_VERSIONS + 1)) {
            if (h.version() != current) {
                out.add(h.version());
            }
        }
        return out;
    }

    /** The retention the newest VACUUM ran with, from DESCRIBE HISTORY, or null. */
    @SuppressWarnings("unchecked")
    private static Long lastVacuumRetentionMillis(TableFacts f) {
        if (f.history() == null) {
            return null;
        }
        int op = f.history().columnIndex("operation");
        int params = f.history().columnIndex("operationParameters");
        for (List<Object> row : f.history().rows()) { // newest first
            if ("VACUUM START".equals(row.get(op)) && row.get(params) instanceof Map<?, ?> m) {
                Object r = ((Map<String, Object>) m).get("specifiedRetentionMillis");
                if (r != null) {
                    return Long.parseLong(String.valueOf(r).replace("\"", ""));
                }
            }
        }
        return null;
    }

    static List<Finding> columnStats(TableFacts f) {
        List<String> without = new ArrayList<>();
        long bytes = 0;
        for (DataFile d : f.snapshot().files()) {
            if (d.stats() == null || d.stats().numRecords() == null) {
                without.add(d.path());
                bytes += d.size();
            }
        }
        if (without.isEmpty()) {
            return List.of();
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("filesWithoutStats", without.size());
        ev.put("files", f.snapshot().files().size());
        ev.put("bytesWithoutStats", bytes);
        ev.put("paths", without.stream().limit(20).toList());
        boolean allSmall = f.snapshot().files().stream().filter(d -> d.stats() == null || d.stats().numRecords() == null)
                .allMatch(d -> d.size() < f.targetFileSize());
        return List.of(new Finding("column-stats", Severity.WARNING,
                without.size() + " of " + f.snapshot().files().size() + " data files have no column statistics", ev,
                "Without min/max/null counts, data skipping cannot rule a file out: every query reads it, and counts cannot be "
                        + "answered from the log. Files without stats come from writers that skip them (some older or "
                        + "non-Spark writers).",
                allSmall ? "OPTIMIZE " + f.sqlName() + ";   -- rewrites them with statistics"
                        : "INSERT OVERWRITE " + f.sqlName() + " SELECT * FROM " + f.sqlName() + ";   -- rewrites every file with statistics"));
    }

    static List<Finding> partitioning(TableFacts f) {
        List<String> cols = f.snapshot().partitionColumns();
        // Iceberg partitions by transforms too (days(ts), bucket(n, id)): judge the spec's fields, z-order by their sources
        List<String> fields = cols;
        if (f.iceberg()) {
            List<io.floe.table.PartitionSpec.PartitionField> spec = f.snapshot().partitionSpec().fields().stream()
                    .filter(p -> p.transform() != io.floe.table.PartitionSpec.Transform.VOID).toList();
            fields = spec.stream().map(io.floe.table.PartitionSpec.PartitionField::sql).toList();
            cols = spec.stream().map(io.floe.table.PartitionSpec.PartitionField::sourceColumn).distinct().toList();
        }
        if (cols.isEmpty()) {
            return List.of();
        }
        Map<Map<String, Object>, Long> bytes = new LinkedHashMap<>();
        for (DataFile d : f.snapshot().files()) {
            bytes.merge(d.partitionValues(), d.size(), Long::sum);
        }
        int partitions = bytes.size();
        if (partitions == 0) {
            return List.of();
        }
        List<Long> sizes = bytes.values().stream().sorted().toList();
        long median = sizes.get(sizes.size() / 2);
        long max = sizes.get(sizes.size() - 1);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("partitionColumns", f.iceberg() ? fields : cols);
        ev.put("partitions", partitions);
        ev.put("files", f.snapshot().files().size());
        ev.put("medianPartitionBytes", median);
        ev.put("largestPartitionBytes", max);
        Map.Entry<Map<String, Object>, Long> largest = bytes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        ev.put("largestPartition", largest.getKey());
        String newName = f.sqlName().startsWith(f.table().format() + ".") ? "repartitioned" : f.sqlName() + "_v2";
        String fix = f.iceberg()
                ? "CREATE TABLE " + newName + " USING ICEBERG AS SELECT * FROM " + f.sqlName() + ";\nCALL system.rewrite_data_files(table => '"
                + newName + "', strategy => 'sort', sort_order => 'zorder(" + String.join(", ", cols) + ")');   -- then point readers "
                + "and writers at " + newName + " (or partition it by a coarser transform: PARTITIONED BY (months(ts)), bucket(8, id), …)"
                : "CREATE TABLE " + newName + " AS SELECT * FROM " + f.sqlName() + ";\nOPTIMIZE " + newName
                + " ZORDER BY (" + String.join(", ", cols) + ");   -- then point readers and writers at " + newName
                + " (or partition it by a coarser column: PARTITIONED BY (…))";
        List<Finding> out = new ArrayList<>();
        long target = f.targetFileSize();
        if (partitions >= MANY_PARTITIONS && median < target / 8) {
            out.add(new Finding("partitioning", Severity.WARNING, partitions + " partitions of " + human(median)
                    + " (median) by " + (f.iceberg() ? fields : cols) + ": over-partitioned", ev,
                    "Each partition holds at least one file, so a high-cardinality partition column turns the table into "
                            + "many tiny files that no compaction can merge. Partition only by low-cardinality columns with at "
                            + "least about 1 GB per partition (dates, regions); cluster by the others with ZORDER, which data "
                            + "skipping uses just as well.", fix));
        } else if (partitions >= 4 && max > 10 * Math.max(1, median) && max > target / 8) {
            out.add(new Finding("partitioning", Severity.WARNING, "partition " + largest.getKey() + " holds " + human(max)
                    + ", " + (max / Math.max(1, median)) + "× the median partition: skewed", ev,
                    "Work on a skewed table is as slow as its largest partition: OPTIMIZE, MERGE and queries that touch it "
                            + "cannot be spread. Choose a partition column whose values are evenly sized, or none and ZORDER.",
                    fix));
        }
        return out;
    }

    static List<Finding> deletionVectors(TableFacts f) {
        long files = 0;
        long deleted = 0;
        long total = 0;
        for (DataFile d : f.snapshot().files()) {
            if (d.stats() != null && d.stats().numRecords() != null) {
                total += d.stats().numRecords();
            }
            if (d.deletionVector() != null) {
                files++;
                deleted += d.deletionVector().cardinality();
            }
        }
        if (files == 0) {
            return List.of();
        }
        double ratio = total == 0 ? 0 : (double) deleted / total;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("filesWithDeletionVectors", files);
        ev.put("deletedRows", deleted);
        ev.put("totalRows", total);
        ev.put("deletedRatio", Math.round(ratio * 1000) / 1000.0);
        return List.of(new Finding("deletion-vectors", ratio >= 0.1 ? Severity.WARNING : Severity.INFO,
                files + " files carry deletion vectors; " + Math.round(ratio * 100) + "% of their table's rows are deleted",
                ev, "A deletion vector marks rows deleted without rewriting the file: cheap to write, but every read still "
                + "scans the deleted rows and then filters them out. Rewriting the files purges them.",
                "OPTIMIZE " + f.sqlName() + ";   -- rewrites files with deletion vectors without the deleted rows"));
    }

    /** Reader protocol requirements: what another engine must implement to read the table at all. */
    static List<Finding> compatibility(TableFacts f) {
        if (f.detail() == null || f.detail().rows().isEmpty()) {
            return List.of();
        }
        List<Object> row = f.detail().rows().get(0);
        int reader = ((Number) row.get(f.detail().columnIndex("minReaderVersion"))).intValue();
        int writer = ((Number) row.get(f.detail().columnIndex("minWriterVersion"))).intValue();
        if (reader < 2) {
            return List.of();
        }
        Object features = row.get(f.detail().columnIndex("tableFeatures"));
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("minReaderVersion", reader);
        ev.put("minWriterVersion", writer);
        ev.put("tableFeatures", features instanceof List<?> l ? List.copyOf(l) : List.of());
        return List.of(new Finding("compatibility", Severity.INFO, "readers need Delta reader version " + reader
                + (reader >= 3 ? " and the table features " + features : " (column mapping)"), ev,
                "An engine that does not implement every reader feature refuses the table (older Spark/Delta Lake "
                        + "releases, and Trino's and DuckDB's Delta readers in older versions). Check the engines that read "
                        + "this table before enabling more features; a protocol is never downgraded.",
                null));
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v >= 100 ? String.valueOf(Math.round(v)) : String.format(java.util.Locale.ROOT, "%.1f", v)) + " " + units[u];
    }
}
