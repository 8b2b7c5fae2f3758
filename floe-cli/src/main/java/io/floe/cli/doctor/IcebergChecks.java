package io.floe.cli.doctor;

import io.floe.storage.ObjectInfo;
import io.floe.table.HistoryEntry;
import io.floe.table.MetadataTables;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks only Iceberg tables need: manifests piling up, snapshots nobody expires, and orphans (data files and
 * the manifests of commits that never happened). Each fix is the Iceberg procedure that clears it.
 */
final class IcebergChecks {
    /** Iceberg's default commit.manifest.min-count-to-merge: beyond it, a merging append would have merged manifests. */
    static final int MIN_COUNT_TO_MERGE = 100;
    /** Iceberg's default commit.manifest.target-size-bytes. */
    static final long MANIFEST_TARGET_BYTES = 8L * 1024 * 1024;
    /** Iceberg's default history.expire.min-snapshots-to-keep. */
    static final int MIN_SNAPSHOTS_TO_KEEP = 1;
    /** remove_orphan_files' default older_than: three days ago (Spark's default). */
    static final Duration ORPHAN_AGE = Duration.ofDays(3);

    private IcebergChecks() {
    }

    /** CALL procedures take the table as a string: its name, or iceberg.`/path` for a table by path. */
    static String callTable(TableFacts f) {
        return "'" + f.sqlName().replace("'", "''") + "'";
    }

    private static long longProperty(TableFacts f, String key, long dflt) {
        String v = f.properties().get(key);
        try {
            return v == null ? dflt : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /**
     * More data manifests in the current snapshot than the table's commit.manifest.min-count-to-merge: appends that never
     * merge them (fast appends, or merging turned off) and planning reads every one.
     */
    static List<Finding> manifests(TableFacts f) {
        MetadataTables meta = f.table().capability(MetadataTables.class).orElse(null);
        if (meta == null || f.snapshot().version() == 0) {
            return List.of();
        }
        MetadataTables.Relation rel = meta.metadataTable("manifests", f.snapshot());
        int content = rel.columns().indexOf("content");
        int length = rel.columns().indexOf("length");
        long manifests = 0;
        long bytes = 0;
        for (List<Object> row : rel.rows()) {
            if (content >= 0 && row.get(content) instanceof Number n && n.intValue() != 0) {
                continue; // delete manifests are counted by the deletion-vectors check's files
            }
            manifests++;
            bytes += ((Number) row.get(length)).longValue();
        }
        long threshold = longProperty(f, "commit.manifest.min-count-to-merge", MIN_COUNT_TO_MERGE);
        if (manifests <= threshold) {
            return List.of();
        }
        long target = longProperty(f, "commit.manifest.target-size-bytes", MANIFEST_TARGET_BYTES);
        long ideal = Math.max(1, (bytes + target - 1) / target);
        boolean mergeOff = "false".equalsIgnoreCase(String.valueOf(f.properties().get("commit.manifest-merge.enabled")).trim());
        int files = f.snapshot().files().size();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("manifests", manifests);
        ev.put("manifestBytes", bytes);
        ev.put("dataFiles", files);
        ev.put("dataFilesPerManifest", Math.round(10.0 * files / manifests) / 10.0);
        ev.put("manifestsAfterRewrite", ideal);
        ev.put("minCountToMerge", threshold);
        ev.put("manifestMergeEnabled", !mergeOff);
        String fix = "CALL system.rewrite_manifests(" + callTable(f) + ");";
        if (mergeOff) {
            fix += "\nALTER TABLE " + f.sqlName() + " SET TBLPROPERTIES ('commit.manifest-merge.enabled' = 'true');";
        }
        return List.of(new Finding("manifests", Severity.WARNING, manifests + " manifests for " + files + " data files ("
                + Checks.human(bytes) + "); rewriting them would leave " + ideal, ev,
                "Planning any query reads the current snapshot's manifest list and then every manifest it names, one request "
                        + "each: many small manifests make every query's planning slow, on object stores most of all. They "
                        + "pile up when appends do not merge them (fast appends, streaming writers"
                        + (mergeOff ? ", and this table sets commit.manifest-merge.enabled = false" : "") + "). rewrite_manifests "
                        + "rewrites them into files of about commit.manifest.target-size-bytes in one snapshot that changes no data.",
                fix));
    }

    /**
     * Snapshots older than history.expire.max-snapshot-age-ms that nothing expired: they keep their files (storage),
     * and make the metadata file, which every commit rewrites, grow.
     */
    static List<Finding> snapshotExpiry(TableFacts f) {
        Duration maxAge = Checks.deletedFileRetention(f);
        long minKeep = longProperty(f, "history.expire.min-snapshots-to-keep", MIN_SNAPSHOTS_TO_KEEP);
        long cutoff = f.nowMillis() - maxAge.toMillis();
        List<HistoryEntry> history = f.table().history(0); // newest first
        long current = f.snapshot().version();
        long expirable = 0;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < history.size(); i++) {
            HistoryEntry h = history.get(i);
            if (i >= minKeep && h.version() != current && h.timestamp() < cutoff) {
                expirable++;
                oldest = Math.min(oldest, h.timestamp());
            }
        }
        if (expirable == 0) {
            return List.of();
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("snapshots", history.size());
        ev.put("olderThanMaxAge", expirable);
        ev.put("oldestSnapshot", Instant.ofEpochMilli(oldest).toString());
        ev.put("maxSnapshotAge", Intervals.human(maxAge));
        ev.put("minSnapshotsToKeep", minKeep);
        Instant olderThan = Instant.ofEpochMilli(cutoff);
        return List.of(new Finding("snapshot-expiry", Severity.WARNING, expirable + " of " + history.size()
                + " snapshots are older than history.expire.max-snapshot-age-ms (" + Intervals.human(maxAge) + ") and were never expired",
                ev, "Iceberg keeps every snapshot in the table metadata until something expires it: each one keeps the data "
                + "files only it reads (storage), and the metadata file, which lists them all and is rewritten by every commit, "
                + "grows with each. Expiring them ends time travel to them, as the table's retention says it may; VACUUM does the "
                + "same expiry, then removes unreferenced files.",
                "CALL system.expire_snapshots(table => " + callTable(f) + ", older_than => TIMESTAMP '" + olderThan + "');"));
    }

    /** Orphans of an Iceberg table: data files and manifests (or manifest lists) no snapshot references. */
    static List<Finding> orphanFiles(TableFacts f, TableFiles.Orphans data) {
        List<ObjectInfo> metadata = TableFiles.orphanMetadata(f.table(), f.listing());
        if (data.files() == 0 && metadata.isEmpty()) {
            return List.of();
        }
        long cutoff = f.nowMillis() - ORPHAN_AGE.toMillis();
        List<ObjectInfo> all = new java.util.ArrayList<>(data.objects());
        all.addAll(metadata);
        long old = all.stream().filter(x -> x.lastModifiedMillis() < cutoff).count();
        long youngest = all.stream().mapToLong(ObjectInfo::lastModifiedMillis).max().orElse(0);
        long metadataBytes = metadata.stream().mapToLong(ObjectInfo::size).sum();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("orphanFiles", data.files());
        ev.put("orphanBytes", data.bytes());
        ev.put("orphanMetadataFiles", (long) metadata.size());
        ev.put("orphanMetadataBytes", metadataBytes);
        ev.put("olderThanRetention", old);
        ev.put("retention", Intervals.human(ORPHAN_AGE));
        ev.put("versionsChecked", data.versionsChecked());
        ev.put("paths", all.stream().limit(20).map(o -> o.key().substring(f.table().rootKey().length())).toList());
        String call = "CALL system.remove_orphan_files(table => " + callTable(f) + ");";
        String fix = old == all.size() ? call : call + "   -- removes them once older than " + Intervals.human(ORPHAN_AGE)
                + " (its default older_than), from " + Instant.ofEpochMilli(youngest + ORPHAN_AGE.toMillis()) + " on";
        return List.of(new Finding("orphan-files", Severity.WARNING, data.files() + " data file(s) (" + Checks.human(data.bytes())
                + ") and " + metadata.size() + " manifest(s) or manifest list(s) (" + Checks.human(metadataBytes)
                + ") that no snapshot references", ev,
                "Orphans are the files of writes that never committed (a crash, a kill, a lost commit): data files, and the "
                        + "manifests and manifest lists written for them. Readers never see them — only the metadata says which "
                        + "files exist — but they take storage until remove_orphan_files (or VACUUM) deletes them, which it does "
                        + "only once they are older than older_than, in case a writer is still about to commit them.",
                fix));
    }
}
