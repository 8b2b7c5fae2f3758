package io.floe.cli.doctor;

import io.floe.storage.ObjectInfo;
import io.floe.table.DataFile;
import io.floe.table.FileRetention;
import io.floe.table.Snapshot;
import io.floe.table.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What is stored under a table's root, compared with what its versions reference. */
public final class TableFiles {
    /** Versions whose files are collected to tell orphans from files older versions still need. */
    static final int MAX_VERSIONS = 1000;

    private TableFiles() {
    }

    /**
     * Data files no version references.
     *
     * @param keys            store keys, sorted
     * @param versionsChecked how many versions were replayed to decide (fewer than the log holds if capped)
     */
    public record Orphans(long files, long bytes, List<ObjectInfo> objects, long versionsChecked) {
        public List<String> keys() {
            return objects.stream().map(ObjectInfo::key).toList();
        }
    }

    /** Data files under the root: Parquet files outside hidden (_x, .x) directories. */
    public static List<ObjectInfo> dataFiles(Table table, List<ObjectInfo> listing) {
        List<ObjectInfo> out = new ArrayList<>();
        for (ObjectInfo o : listing) {
            String rel = o.key().substring(table.rootKey().length());
            if (rel.endsWith(".parquet") && !hidden(rel)) {
                out.add(o);
            }
        }
        return out;
    }

    /** A path segment starting with '_' or '.' is metadata or temporary (partition directories contain '='). */
    static boolean hidden(String rel) {
        for (String seg : rel.split("/")) {
            if ((seg.startsWith("_") || seg.startsWith(".")) && !seg.contains("=")) {
                return true;
            }
        }
        return false;
    }

    public static Orphans orphans(Table table) {
        return orphans(table, table.snapshot(), table.store().listAll(table.rootKey()));
    }

    /**
     * Files that no version from the oldest readable one (at most {@link #MAX_VERSIONS} back) to the current one
     * references. Older versions are replayed only while there are unexplained files, newest first, so a table
     * without any costs no replay at all.
     */
    public static Orphans orphans(Table table, Snapshot current, List<ObjectInfo> listing) {
        if (!table.format().equals("delta")) {
            return orphansByMetadata(table, current, listing);
        }
        Set<String> referenced = new HashSet<>();
        current.files().forEach(f -> referenced.add(table.resolveKey(f.path())));
        Map<String, ObjectInfo> candidates = new TreeMap<>();
        for (ObjectInfo o : dataFiles(table, listing)) {
            if (!referenced.contains(o.key())) {
                candidates.put(o.key(), o);
            }
        }
        long checked = 1;
        for (long v = current.version() - 1; v >= 0 && v >= current.version() - MAX_VERSIONS && !candidates.isEmpty(); v--) {
            Snapshot s;
            try {
                s = table.snapshotAt(v);
            } catch (RuntimeException e) {
                break; // older versions are gone from the log (cleaned up below a checkpoint)
            }
            for (DataFile f : s.files()) {
                candidates.remove(table.resolveKey(f.path()));
            }
            checked++;
        }
        long bytes = candidates.values().stream().mapToLong(ObjectInfo::size).sum();
        return new Orphans(candidates.size(), bytes, List.copyOf(candidates.values()), checked);
    }

    /**
     * Formats that keep every live snapshot in their metadata (Iceberg) say at once which files any of them reads
     * ({@link FileRetention#referencedKeys}); the data files under the root that none reads are orphans. Their versions
     * are snapshot ids, which cannot be counted down like Delta's.
     */
    private static Orphans orphansByMetadata(Table table, Snapshot current, List<ObjectInfo> listing) {
        Set<String> referenced = referenced(table, current);
        Map<String, ObjectInfo> orphans = new TreeMap<>();
        for (ObjectInfo o : dataFiles(table, listing)) {
            if (!referenced.contains(o.key())) {
                orphans.put(o.key(), o);
            }
        }
        long bytes = orphans.values().stream().mapToLong(ObjectInfo::size).sum();
        return new Orphans(orphans.size(), bytes, List.copyOf(orphans.values()), table.history(0).size());
    }

    private static Set<String> referenced(Table table, Snapshot current) {
        Set<String> referenced = new HashSet<>();
        current.files().forEach(f -> referenced.add(table.resolveKey(f.path())));
        table.capability(FileRetention.class).ifPresent(r -> referenced.addAll(r.referencedKeys(current, 0)));
        return referenced;
    }

    /**
     * Metadata files of commits that never happened (Iceberg: manifests and manifest lists no snapshot reads): objects the
     * format does not count as its permanent metadata, not data files, and referenced by no snapshot. Empty for Delta,
     * whose log has no such files.
     */
    public static List<ObjectInfo> orphanMetadata(Table table, List<ObjectInfo> listing) {
        if (table.format().equals("delta")) {
            return List.of();
        }
        FileRetention retention = table.capability(FileRetention.class).orElse(null);
        if (retention == null) {
            return List.of();
        }
        Set<String> referenced = referenced(table, table.snapshot());
        List<ObjectInfo> out = new ArrayList<>();
        for (ObjectInfo o : listing) {
            String rel = o.key().substring(table.rootKey().length());
            if (rel.endsWith(".avro") && !hidden(rel) && !retention.isMetadata(rel) && !referenced.contains(o.key())) {
                out.add(o);
            }
        }
        return out;
    }
}
