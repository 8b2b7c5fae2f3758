package io.floe.iceberg;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.dataplane.DataPlane;
import io.floe.storage.ObjectStore;
import io.floe.table.DataLayout;
import io.floe.table.FileRetention;
import io.floe.table.FloeException;
import io.floe.table.HistoryEntry;
import io.floe.table.Operation;
import io.floe.table.Snapshot;
import io.floe.table.StatementScope;
import io.floe.table.Table;
import io.floe.table.TableDefinition;
import io.floe.table.TableNotFoundException;
import io.floe.table.Transaction;
import io.floe.table.WriteOptions;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Apache Iceberg table (format v2) in a Floe store, behind the neutral {@link Table}: Iceberg's own library keeps
 * the metadata tree through {@link IcebergOperations}; the data plane writes and reads the Parquet data files.
 * Versions are snapshot ids.
 */
public final class IcebergTable implements Table, FileRetention, io.floe.table.DeletionVectorReader {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Snapshot summary keys where Floe records what a commit did (DESCRIBE HISTORY reads them back). */
    static final String SUMMARY_OPERATION = "floe.operation";
    static final String SUMMARY_PARAMETERS = "floe.operation-parameters";
    static final String SUMMARY_METRICS = "floe.operation-metrics";
    static final String SUMMARY_APP_PREFIX = "floe.app-version.";
    /** Set on tables CONVERT TO ICEBERG made over another format's files (the same key as the operation's). */
    static final String CONVERTED_FROM = "floe.converted-from";
    static final long DEFAULT_TARGET_FILE_SIZE = 512L * 1024 * 1024;
    static final Duration DEFAULT_MAX_SNAPSHOT_AGE = Duration.ofDays(5);

    private final String name;
    private final ObjectStore store;
    private final String rootKey;
    private final IcebergOperations ops;
    private final DataPlane dataPlane;
    private final IcebergMaintenance maintenance = new IcebergMaintenance(this);
    private final IcebergMetadataTables metadataTables = new IcebergMetadataTables(this);
    private final IcebergRowLevelDeletes rowLevelDeletes = new IcebergRowLevelDeletes(this);
    /** Deleted row positions of data files with position deletes, by the marker planning gave them. */
    private final Map<String, long[]> deletedRows = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > 100_000;
        }
    });

    /**
     * Decoded delete files by kind and location (delete files never change once written), and the rows equality
     * deletes match in a data file: planning a snapshot again, as every query does, reads none of them twice.
     */
    private final Map<String, Object> decodedDeletes = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > 10_000;
        }
    });

    /** Data manifests decoded whole, kept across snapshots (manifests never change): what repeated plans filter. */
    private volatile ManifestCache manifests = new ManifestCache();

    IcebergTable(String name, ObjectStore store, String rootKey, DataPlane dataPlane) {
        this.name = name;
        this.store = store;
        this.rootKey = rootKey;
        this.ops = new IcebergOperations(store, rootKey);
        this.dataPlane = dataPlane;
    }

    ManifestCache manifests() {
        return manifests;
    }

    /** Keeps at most {@code maxFiles} files of decoded manifests from now on (tests: a bound small tables reach). */
    void keepManifests(int maxFiles) {
        manifests = new ManifestCache(maxFiles);
    }

    IcebergOperations operations() {
        return ops;
    }

    /** Iceberg's table API over the same operations (snapshot producers, schema and spec updates, expiry). */
    BaseTable icebergTable() {
        return new BaseTable(ops, name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String format() {
        return IcebergFormat.NAME;
    }

    @Override
    public String location() {
        return ops.location() + "/";
    }

    @Override
    public ObjectStore store() {
        return store;
    }

    @Override
    public String rootKey() {
        return rootKey;
    }

    @Override
    public boolean exists() {
        return ops.exists();
    }

    /**
     * The current metadata file, probed for once per statement (StatementScope: later asks reuse that probe and see the
     * statement's own commits); refused when the table uses what Floe cannot honour.
     */
    private IcebergOperations.Loaded loaded() {
        IcebergOperations.Loaded l = StatementScope.needsProbe(ops) ? ops.refreshLoaded() : ops.loaded();
        if (l == null) {
            throw new TableNotFoundException("Iceberg table " + location() + " does not exist (no metadata/v*.metadata.json)");
        }
        if (l.head() != checked) {
            IcebergFeatures.check(name, l.head()); // a walk of the schema: once per metadata version, not per statement
            checked = l.head();
        }
        return l;
    }

    /** The whole current metadata: history, every snapshot (time travel, expiry). */
    private TableMetadata metadata() {
        return loaded().full();
    }

    /** The metadata {@link IcebergFeatures#check} last passed. */
    private volatile TableMetadata checked;

    @Override
    public IcebergSnapshot snapshot() {
        IcebergOperations.Loaded l = loaded();
        IcebergSnapshot last = newest;
        if (last != null && last.loaded() == l) {
            return last; // unchanged: its planned files are kept (an Iceberg snapshot never changes)
        }
        IcebergSnapshot s = new IcebergSnapshot(this, l, last);
        newest = s;
        return s;
    }

    /** The snapshot {@link #snapshot()} last returned, with what it planned. */
    private volatile IcebergSnapshot newest;

    @Override
    public Snapshot snapshotAt(long version) {
        TableMetadata m = metadata();
        if (version == 0 && m.currentSnapshot() == null) {
            return new IcebergSnapshot(this, m, null, false);
        }
        org.apache.iceberg.Snapshot s = m.snapshot(version);
        if (s == null) {
            throw new FloeException("Iceberg table " + name + ": snapshot " + version + " does not exist (snapshots: "
                    + m.snapshots().stream().map(x -> String.valueOf(x.snapshotId())).toList() + ")");
        }
        return new IcebergSnapshot(this, m, s, true);
    }

    @Override
    public Snapshot snapshotAsOf(Instant time) {
        TableMetadata m = metadata();
        long millis = time.toEpochMilli();
        org.apache.iceberg.Snapshot best = null;
        // the snapshot that was current at that time, by the snapshot log (what Spark's TIMESTAMP AS OF reads)
        for (org.apache.iceberg.HistoryEntry e : m.snapshotLog()) {
            if (e.timestampMillis() <= millis) {
                best = m.snapshot(e.snapshotId());
            }
        }
        if (best == null) {
            throw new FloeException("Iceberg table " + name + " has no snapshot as of " + time
                    + (m.snapshotLog().isEmpty() ? " (it has no snapshots)" : " (the first is from "
                    + Instant.ofEpochMilli(m.snapshotLog().get(0).timestampMillis()) + ")"));
        }
        return new IcebergSnapshot(this, m, best, true);
    }

    @Override
    public Transaction newTransaction() {
        return new IcebergTransaction(this, snapshot());
    }

    @Override
    public Transaction newCreateTransaction(TableDefinition definition) {
        return new IcebergTransaction(this, definition);
    }

    @Override
    public List<HistoryEntry> history(int limit) {
        TableMetadata m = metadata();
        List<org.apache.iceberg.HistoryEntry> log = m.snapshotLog();
        List<HistoryEntry> out = new ArrayList<>();
        for (int i = log.size() - 1; i >= 0 && (limit <= 0 || out.size() < limit); i--) {
            org.apache.iceberg.Snapshot s = m.snapshot(log.get(i).snapshotId());
            if (s == null) {
                continue; // expired
            }
            out.add(historyEntry(s, log.get(i).timestampMillis()));
        }
        return out;
    }

    private static HistoryEntry historyEntry(org.apache.iceberg.Snapshot s, long madeCurrentAt) {
        Map<String, String> summary = s.summary() == null ? Map.of() : s.summary();
        String op = summary.getOrDefault(SUMMARY_OPERATION, s.operation() == null ? null : s.operation().toUpperCase(java.util.Locale.ROOT));
        Map<String, String> params = parseMap(summary.get(SUMMARY_PARAMETERS));
        Map<String, String> metrics = summary.containsKey(SUMMARY_METRICS) ? parseMap(summary.get(SUMMARY_METRICS)) : new LinkedHashMap<>();
        if (!summary.containsKey(SUMMARY_METRICS)) {
            summary.forEach((k, v) -> {
                if (!k.startsWith("floe.")) {
                    metrics.put(k, v);
                }
            });
        }
        return new HistoryEntry(s.snapshotId(), madeCurrentAt, op, params, s.parentId(), "Serializable",
                "append".equals(s.operation()), metrics, summary.getOrDefault("engine-name", null));
    }

    static Map<String, String> parseMap(String json) {
        if (json == null) {
            return new LinkedHashMap<>();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
    }

    @Override
    public WriteOptions writeOptions(Map<String, String> properties) {
        long target = parseLong(properties.get("write.target-file-size-bytes"), DEFAULT_TARGET_FILE_SIZE);
        int indexed = (int) parseLong(properties.get("write.metadata.metrics.max-inferred-column-defaults"), 100);
        // Iceberg's default codec is zstd (since 1.4), as Spark writes Iceberg tables
        return new WriteOptions(target, indexed, properties.getOrDefault("write.parquet.compression-codec", "zstd"));
    }

    private static long parseLong(String v, long dflt) {
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new FloeException("table property value '" + v + "' is not a number");
        }
    }

    @Override
    public String resolveKey(String filePath) {
        return ops.storeIO().key(filePath);
    }

    @Override
    public String relativePath(String tableRelativePath) {
        return location() + tableRelativePath; // Iceberg records absolute locations, as written
    }

    @Override
    public <C> java.util.Optional<C> capability(Class<C> type) {
        if (type == io.floe.table.SnapshotManagement.class || type == io.floe.table.PartitionEvolution.class) {
            return java.util.Optional.of(type.cast(maintenance));
        }
        if (type == io.floe.table.MetadataTables.class) {
            return java.util.Optional.of(type.cast(metadataTables));
        }
        if (type == io.floe.table.RowLevelDeletes.class) {
            return java.util.Optional.of(type.cast(rowLevelDeletes));
        }
        return Table.super.capability(type);
    }

    /**
     * Iceberg's layout, except for a table converted from Delta: its files (and those added later, to stay one kind) are
     * laid out as Delta's, without field ids and without the identity partition columns, read by column name (the
     * table's name mapping tells other readers the same).
     */
    @Override
    public DataLayout dataLayout() {
        IcebergOperations.Loaded l = ops.loaded();
        TableMetadata m = l == null ? null : l.head(); // the properties: no need for the whole metadata
        if (m != null && "delta".equals(m.properties().get(CONVERTED_FROM))) {
            return DataLayout.DELTA;
        }
        return DataLayout.ICEBERG;
    }

    // ------------------------------------------------------------------ position deletes (merge-on-read)

    /** A deleted-row marker for a data file of a snapshot, its positions kept for {@link #deletedRows(io.floe.table.DataFile)}. */
    io.floe.table.DeletionVector rememberDeletedRows(long snapshotId, String dataFile, long[] positions) {
        String token = snapshotId + ":" + dataFile;
        deletedRows.put(token, positions);
        return new io.floe.table.DeletionVector("iceberg-position-deletes", token, null, 0, positions.length);
    }

    @Override
    public long[] deletedRows(io.floe.table.DataFile file) {
        if (file.deletionVector() == null) {
            return new long[0];
        }
        long[] p = deletedRows.get(file.deletionVector().pathOrInlineDv());
        if (p == null) {
            throw new FloeException("Iceberg table " + name + ": the deletes of " + file.path() + " are no longer at hand; re-read the table");
        }
        return p;
    }

    /** The data plane, which writes position delete files; refused when the table was opened without one. */
    DataPlane dataPlane() {
        if (dataPlane == null) {
            throw new FloeException("Iceberg table " + name + ": writing position delete files needs a data plane, and none was given");
        }
        return dataPlane;
    }

    /** The positions a v3 deletion vector marks deleted, ascending. */
    long[] readDeletionVector(org.apache.iceberg.DeleteFile dv) {
        return decoded("dv:" + IcebergDeleteFiles.key(dv), () -> IcebergDeleteFiles.readVector(this, dv));
    }

    /** The positions of a data file's rows that these equality delete files (which apply to it) delete. */
    long[] equalityDeletedRows(IcebergEqualityDeletes reader, org.apache.iceberg.DataFile dataFile, List<org.apache.iceberg.DeleteFile> deletes) {
        List<String> keys = deletes.stream().map(IcebergDeleteFiles::key).sorted().toList();
        return decoded("eq:" + dataFile.location() + "|" + String.join("|", keys), () -> reader.deletedPositions(dataFile, deletes));
    }

    @SuppressWarnings("unchecked")
    private <T> T decoded(String key, java.util.function.Supplier<T> read) {
        Object v = decodedDeletes.get(key);
        if (v == null) {
            v = read.get(); // outside the lock: reading is I/O
            decodedDeletes.put(key, v);
        }
        return (T) v;
    }

    /** The positions a position-delete file deletes, by data file location. */
    Map<String, long[]> readPositionDeletes(String deleteFile) {
        return decoded("pos:" + deleteFile, () -> decodePositionDeletes(deleteFile));
    }

    private Map<String, long[]> decodePositionDeletes(String deleteFile) {
        Map<String, List<Long>> byFile = new java.util.HashMap<>();
        readRows(deleteFile, List.of("file_path", "pos"), "position delete files", row -> {
            try {
                var node = JSON.readTree(row);
                byFile.computeIfAbsent(node.get("file_path").asText(), k -> new ArrayList<>()).add(node.get("pos").asLong());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Map<String, long[]> out = new java.util.HashMap<>();
        byFile.forEach((f, ps) -> out.put(StoreFileIO.normalize(f), ps.stream().mapToLong(Long::longValue).toArray()));
        // data file locations as the manifests spell them may differ in form (file:/ vs file:///)
        Map<String, long[]> both = new java.util.HashMap<>(out);
        byFile.forEach((f, ps) -> both.put(f, out.get(StoreFileIO.normalize(f))));
        return java.util.Collections.unmodifiableMap(both);
    }

    /**
     * The rows of a Parquet file of the table (a delete file, or a data file equality deletes are matched against) as
     * JSON objects with those of {@code columns} the file has, in file order, through the data plane.
     */
    void readRows(String location, List<String> columns, String what, java.util.function.Consumer<String> rows) {
        if (dataPlane == null) {
            throw new FloeException("Iceberg table " + name + " has " + what + ", and no data plane was given to read them");
        }
        String key = resolveKey(location);
        java.nio.file.Path local = store.localPath(key).orElse(null);
        java.nio.file.Path temp = null;
        try {
            if (local == null) {
                temp = java.nio.file.Files.createTempFile("floe-iceberg-read-", ".parquet");
                store.getToFile(key, temp);
                local = temp;
            }
            dataPlane.readParquetAsJson(local, columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temp != null) {
                try {
                    java.nio.file.Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    // ------------------------------------------------------------------ VACUUM (FileRetention)

    @Override
    public Duration retention(Snapshot snapshot) {
        String v = snapshot.properties().get("history.expire.max-snapshot-age-ms");
        return v == null ? DEFAULT_MAX_SNAPSHOT_AGE : Duration.ofMillis(Long.parseLong(v.trim()));
    }

    @Override
    public String retentionProperty() {
        return "history.expire.max-snapshot-age-ms";
    }

    @Override
    public Duration historyRetention(Snapshot snapshot) {
        return retention(snapshot);
    }

    /** Every file any snapshot still in the metadata reads (data files, and the manifests that list them). */
    @Override
    public Set<String> referencedKeys(Snapshot snapshot, long cutoffMillis) {
        TableMetadata m = ((IcebergSnapshot) snapshot).metadata();
        Set<String> keys = new HashSet<>();
        Set<String> seenManifests = new HashSet<>();
        for (org.apache.iceberg.Snapshot s : m.snapshots()) {
            for (ManifestFile mf : s.allManifests(ops.io())) {
                if (!seenManifests.add(mf.path())) {
                    continue;
                }
                if (s.manifestListLocation() != null) {
                    keys.add(resolveKey(s.manifestListLocation()));
                }
                keys.add(resolveKey(mf.path()));
                if (mf.content() == org.apache.iceberg.ManifestContent.DELETES) {
                    // delete files (position deletes Spark wrote) are referenced like data files
                    try (var deletes = ManifestFiles.readDeleteManifest(mf, ops.io(), m.specsById())) {
                        for (org.apache.iceberg.DeleteFile d : deletes) {
                            keys.add(resolveKey(d.location()));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    continue;
                }
                try (CloseableIterable<String> paths = ManifestFiles.readPaths(mf, ops.io(), m.specsById())) {
                    for (String p : paths) {
                        keys.add(resolveKey(p));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return keys;
    }

    /**
     * The metadata JSON files and the version hint are never VACUUM's to delete (the metadata log names them); manifest
     * lists and manifests are, once no remaining snapshot reads them.
     */
    @Override
    public boolean isMetadata(String relativePath) {
        if (relativePath.startsWith(IcebergOperations.METADATA_DIR)) {
            return !relativePath.endsWith(".avro");
        }
        return relativePath.startsWith(".");
    }

    @Override
    public void recordMaintenance(Operation op) {
        // Iceberg's history has snapshots only: VACUUM adds none
    }

    @Override
    public void expireHistory(long cutoffMillis) {
        if (metadata().snapshots().size() <= 1) {
            return;
        }
        // Files are left to VACUUM's own sweep of unreferenced files: Iceberg's cleanup assumes a file path is never
        // added twice, which RESTORE does (it re-adds the files of the version it restores).
        icebergTable().expireSnapshots().expireOlderThan(cutoffMillis).retainLast(1).cleanExpiredFiles(false).commit();
    }
}
