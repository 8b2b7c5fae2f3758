package io.floe.operations;

import io.floe.table.FileRetention;
import io.floe.table.Table;
import io.floe.table.Snapshot;
import io.floe.table.Transaction;
import io.floe.engine.DataFileWriter;
import io.floe.storage.ObjectInfo;
import io.floe.table.FloeException;
import io.floe.table.Operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * VACUUM: deletes data files that no version inside the retention window references, and orphans
 * (files of failed commits) older than the retention. Which files are still needed comes from the
 * log — the current files plus every file whose remove is younger than the retention — not from
 * modification times alone: OPTIMIZE's freshly removed files are still needed for time travel.
 * Never touches the format's metadata. The format says, through {@link FileRetention}, which files are needed.
 */
public final class Vacuum {
    /** Spark's switch for the safety check, honoured under the same name. */
    public static final String RETENTION_CHECK_CONF = "spark.databricks.delta.retentionDurationCheck.enabled";

    /**
     * @param deletedKeys store keys deleted (or, for a dry run, that would be)
     */
    /** @param abortedUploads keys of the stale incomplete uploads aborted (or, on a dry run, that would be) */
    public record Result(boolean dryRun, List<String> deletedKeys, long deletedBytes, long retainedFiles, Duration retention,
                         List<String> abortedUploads) {
    }

    private Vacuum() {
    }

    /**
     * @param retention       null for the table's delta.deletedFileRetentionDuration (default 7 days)
     * @param retentionCheck  false only when the user explicitly turned the safety check off
     */
    public static Result run(Table table, Duration retention, boolean dryRun, boolean retentionCheck, long nowMillis) {
        return run(null, table, retention, dryRun, retentionCheck, nowMillis);
    }

    /**
     * @param engine for reading another format's metadata that shares the table's directory (its checkpoints are
     *               Parquet); null when the caller has none
     */
    public static Result run(io.floe.dataplane.DataPlane engine, Table table, Duration retention, boolean dryRun, boolean retentionCheck,
                             long nowMillis) {
        FileRetention files = table.capability(FileRetention.class).orElseThrow(() -> new FloeException(
                "VACUUM is not supported for " + table.format() + " table " + table.name()));
        Snapshot s = table.snapshot();
        Duration tableRetention = files.retention(s);
        Duration r = retention == null ? tableRetention : retention;
        if (retentionCheck && r.compareTo(tableRetention) < 0) {
            throw new FloeException("VACUUM of " + table.name() + " with a retention of " + r.toHours()
                    + " hours is refused: it is shorter than the table's " + files.retentionProperty() + " ("
                    + tableRetention.toHours() + " hours), so it could delete files that time travel or running readers "
                    + "still need. Set " + RETENTION_CHECK_CONF + " = false to override.");
        }
        long cutoff = nowMillis - r.toMillis();
        if (!dryRun) {
            files.expireHistory(cutoff);
            s = table.snapshot();
        }
        return sweep(engine, table, files, s, cutoff, dryRun, retentionCheck, tableRetention, r, true);
    }

    /**
     * Deletes only the files no version of the table references that are older than {@code olderThanMillis} (Iceberg's
     * remove_orphan_files): no history is expired, nothing is recorded.
     */
    public static Result removeOrphans(io.floe.dataplane.DataPlane engine, Table table, long olderThanMillis, boolean dryRun) {
        FileRetention files = table.capability(FileRetention.class).orElseThrow(() -> new FloeException(
                "removing orphan files is not supported for " + table.format() + " table " + table.name()));
        Snapshot s = table.snapshot();
        Duration r = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - olderThanMillis));
        return sweep(engine, table, files, s, olderThanMillis, dryRun, true, files.retention(s), r, false);
    }

    private static Result sweep(io.floe.dataplane.DataPlane engine, Table table, FileRetention files, Snapshot s, long cutoff, boolean dryRun, boolean retentionCheck,
                                Duration tableRetention, Duration r, boolean record) {
        Set<String> needed = new java.util.HashSet<>(files.referencedKeys(s, cutoff));
        // another format's metadata over the same files (CONVERT TO …): its files and metadata are not this format's to delete
        List<FileRetention> others = new ArrayList<>();
        for (io.floe.table.TableFormat f : io.floe.table.TableFormats.all()) {
            if (!f.name().equals(table.format()) && f.existsAt(table.store(), table.rootKey())) {
                Table other = f.open(table.name(), table.store(), table.rootKey(), engine);
                FileRetention theirs = other.capability(FileRetention.class).orElseThrow(() -> new FloeException("VACUUM of "
                        + table.name() + ": a " + f.name() + " table shares its directory and cannot say which files it needs; nothing was deleted"));
                needed.addAll(theirs.referencedKeys(other.snapshot(), Long.MIN_VALUE));
                others.add(theirs);
            }
        }
        String root = table.rootKey();
        List<String> doomed = new ArrayList<>();
        long bytes = 0;
        long retained = 0;
        // Links are listed as themselves and never followed: what a link points to is not the table's to delete, and the
        // link itself is kept (it may carry data files the log names).
        List<ObjectInfo> listing = table.store().listNoFollow(root);
        for (ObjectInfo o : listing) {
            String rel = o.key().substring(root.length());
            if (o.symbolicLink()) {
                retained++;
                continue;
            }
            if (rel.startsWith(DataFileWriter.STAGING_PREFIX)) {
                continue; // judged per directory below
            }
            if (files.isMetadata(rel) || others.stream().anyMatch(x -> x.isMetadata(rel))) {
                continue;
            }
            if (needed.contains(o.key()) || o.lastModifiedMillis() >= cutoff) {
                retained++;
                continue;
            }
            doomed.add(o.key());
            bytes += o.size();
        }
        for (StagingDir d : staleStaging(listing, root, cutoff)) {
            doomed.addAll(d.keys());
            bytes += d.bytes();
        }
        // uploads a killed writer left open (S3 multipart): billed, invisible, never completed once older than the retention
        List<io.floe.storage.PendingUpload> stale = table.store().pendingUploads(root).stream()
                .filter(u -> u.initiatedMillis() < cutoff).toList();
        if (!dryRun) {
            stale.forEach(table.store()::abortUpload);
        }
        if (!dryRun && !record) {
            for (int i = 0; i < doomed.size(); i += 1000) {
                table.store().deleteWithin(root, doomed.subList(i, Math.min(doomed.size(), i + 1000)));
            }
        } else if (!dryRun) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("retentionCheckEnabled", String.valueOf(retentionCheck));
            params.put("defaultRetentionMillis", String.valueOf(tableRetention.toMillis()));
            params.put("specifiedRetentionMillis", String.valueOf(r.toMillis()));
            files.recordMaintenance(new Operation("VACUUM START", params, Map.of(
                    "numFilesToDelete", String.valueOf(doomed.size()), "sizeOfDataToDelete", String.valueOf(bytes))));
            for (int i = 0; i < doomed.size(); i += 1000) {
                // every key is checked against the table root on its real path: nothing outside the table is deleted
                table.store().deleteWithin(root, doomed.subList(i, Math.min(doomed.size(), i + 1000)));
            }
            files.recordMaintenance(new Operation("VACUUM END", Map.of("status", Operation.json("COMPLETED")), Map.of(
                    "numDeletedFiles", String.valueOf(doomed.size()), "numVacuumedDirectories", "0",
                    "numAbortedUploads", String.valueOf(stale.size()))));
        }
        return new Result(dryRun, doomed, bytes, retained, r, stale.stream().map(io.floe.storage.PendingUpload::key).toList());
    }

    /** The files of one writer's staging directory ({@code .floe-staging-<uuid>/} at the table root). */
    private record StagingDir(List<String> keys, long bytes, long newestMillis) {
    }

    /**
     * Staging directories of writers that died before publishing (kill -9): hidden from readers, never committed, so
     * their files are orphans. A directory is stale when nothing in it changed within the retention window; a live
     * writer's directory holds fresh files and is left alone (unless the retention is 0, as with any orphan).
     */
    private static List<StagingDir> staleStaging(List<ObjectInfo> listing, String root, long cutoff) {
        Map<String, List<ObjectInfo>> byDir = new LinkedHashMap<>();
        for (ObjectInfo o : listing) {
            String rel = o.key().substring(root.length());
            int slash = rel.indexOf('/');
            if (rel.startsWith(DataFileWriter.STAGING_PREFIX) && slash > 0 && !o.symbolicLink()) {
                byDir.computeIfAbsent(rel.substring(0, slash), k -> new ArrayList<>()).add(o);
            }
        }
        List<StagingDir> stale = new ArrayList<>();
        for (List<ObjectInfo> files : byDir.values()) {
            long newest = files.stream().mapToLong(ObjectInfo::lastModifiedMillis).max().orElse(Long.MAX_VALUE);
            if (newest < cutoff) {
                stale.add(new StagingDir(files.stream().map(ObjectInfo::key).toList(),
                        files.stream().mapToLong(ObjectInfo::size).sum(), newest));
            }
        }
        return stale;
    }
}
