package io.floe.delta;

import io.floe.storage.TablePaths;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.DeletionVectorDescriptor;
import io.floe.delta.actions.DomainMetadata;
import io.floe.delta.actions.Metadata;
import io.floe.delta.actions.Protocol;
import io.floe.delta.actions.RemoveFile;
import io.floe.delta.actions.SetTransaction;
import io.floe.table.DataFile;
import io.floe.table.DeletionVector;
import io.floe.table.Snapshot;
import io.floe.types.StructType;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable, fully replayed version of a Delta table. */
public final class DeltaSnapshot implements Snapshot {
    private final String tableUri;
    private final long version;
    private final long timestamp;
    private final Protocol protocol;
    private final Metadata metadata;
    private final StructType schema;
    /** The live add actions and tombstones, keyed by path (+ DV id) in log order; maybe still in a checkpoint. */
    private final FileState state;
    private final Map<String, SetTransaction> transactions;
    private final Map<String, DomainMetadata> domains;
    private final long checkpointVersion; // -1 if the replay started from version 0
    private volatile List<DataFile> dataFiles;
    /**
     * The add actions and their converted files of the snapshot this one was replayed from, when it had converted them and
     * its schema and partition columns are this one's: an add action both hold (the same object) is not converted again.
     * Dropped once this snapshot's files are converted, so no chain of older snapshots is kept.
     */
    private volatile Collection<AddFile> previousAdds;
    private volatile List<DataFile> previousFiles;

    DeltaSnapshot(String tableUri, long version, long timestamp, Protocol protocol, Metadata metadata,
                  FileState state, Map<String, SetTransaction> transactions, Map<String, DomainMetadata> domains,
                  long checkpointVersion) {
        this(tableUri, version, timestamp, protocol, metadata, state, transactions, domains, checkpointVersion, null);
    }

    /**
     * {@code parsedSchema}: the schema of {@code metadata}, already parsed by a snapshot holding the very same metaData
     * action (a commit that does not change it), or null to parse it here; parsing the schema JSON was ~15% of a one-row
     * append's Java time.
     */
    DeltaSnapshot(String tableUri, long version, long timestamp, Protocol protocol, Metadata metadata,
                  FileState state, Map<String, SetTransaction> transactions, Map<String, DomainMetadata> domains,
                  long checkpointVersion, StructType parsedSchema) {
        this.tableUri = tableUri;
        this.version = version;
        this.timestamp = timestamp;
        this.protocol = protocol;
        this.metadata = metadata;
        try {
            this.schema = parsedSchema != null ? parsedSchema : SchemaJson.parse(metadata.schemaString());
        } catch (IllegalArgumentException | NullPointerException e) {
            // name the table and the version whose metaData carries it, not just "malformed JSON"
            throw new io.floe.table.CorruptTableException("table " + tableUri + " version " + version + ": the schema of its metaData"
                    + " action (schemaString) is unreadable: " + (metadata.schemaString() == null ? "it is missing" : e.getMessage()), e);
        }
        this.state = state;
        this.transactions = transactions;
        this.domains = domains;
        this.checkpointVersion = checkpointVersion;
    }

    @Override
    public String format() {
        return "delta";
    }

    @Override
    public String tableUri() {
        return tableUri;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public List<String> partitionColumns() {
        return metadata.partitionColumns();
    }

    @Override
    public io.floe.table.PartitionSpec partitionSpec() {
        return io.floe.table.PartitionSpec.identity(metadata.partitionColumns());
    }

    @Override
    public String tableId() {
        return metadata.id();
    }

    @Override
    public Long createdTime() {
        return metadata.createdTime();
    }

    /** minReaderVersion, minWriterVersion and the table features, as DESCRIBE DETAIL shows them. */
    @Override
    public Map<String, Object> formatDetails() {
        List<String> features = new java.util.ArrayList<>();
        if (protocol.readerFeatures() != null) {
            features.addAll(protocol.readerFeatures());
        }
        if (protocol.writerFeatures() != null) {
            protocol.writerFeatures().stream().filter(f -> !features.contains(f)).forEach(features::add);
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("minReaderVersion", protocol.minReaderVersion());
        out.put("minWriterVersion", protocol.minWriterVersion());
        out.put("tableFeatures", features);
        return out;
    }

    @Override
    public io.floe.table.MetadataStats metadataStats() {
        long sinceCheckpoint = version - checkpointVersion; // checkpointVersion is -1 without one: every commit counts
        return new io.floe.table.MetadataStats(sinceCheckpoint + (checkpointVersion >= 0 ? 1 : 0), -1, sinceCheckpoint,
                checkpointVersion);
    }

    /** Delta keeps the table's description in its metaData action, not among the properties. */
    @Override
    public String description() {
        return metadata.description();
    }

    @Override
    public Map<String, String> properties() {
        return metadata.configuration();
    }

    public Protocol protocol() {
        return protocol;
    }

    public Metadata metadata() {
        return metadata;
    }

    public Collection<AddFile> addFiles() {
        return state.maps().files().values();
    }

    /** The live add actions by reconciliation key ({@link #fileKey}), in log order: for a replay that continues from here. */
    Map<String, AddFile> fileMap() {
        return state.maps().files();
    }

    Map<String, RemoveFile> tombstoneMap() {
        return state.maps().tombstones();
    }

    /** The file state: a replay continuing from here keeps it lazy while it is (see {@link FileState}). */
    FileState fileState() {
        return state;
    }

    /** Whether the add and remove actions were read (a snapshot loaded from a checkpoint reads them on first use). */
    boolean filesMaterialized() {
        return state.materialized();
    }

    /** The checkpoint this snapshot's files are still read from, or null (for tests). */
    CheckpointFiles checkpointFiles() {
        return state.checkpoint();
    }

    /** Lets {@link #files()} reuse what {@code base} converted (see {@link #previousAdds}). */
    void reuseConvertedFilesOf(DeltaSnapshot base) {
        List<DataFile> converted = base.dataFiles;
        if (converted != null && base.state.materialized() && base.schema.equals(schema)
                && base.metadata.partitionColumns().equals(metadata.partitionColumns())) {
            previousAdds = base.state.maps().files().values();
            previousFiles = converted;
        }
    }

    /** Removed files still inside the tombstone retention window, as the last replay saw them. */
    public Collection<RemoveFile> tombstones() {
        return state.maps().tombstones().values();
    }

    /** The live add action with this reconciliation key ({@link #fileKey}), or null. */
    AddFile liveAdd(String key) {
        return state.maps().files().get(key);
    }

    /** The remove action (still within tombstone retention) with this reconciliation key, or null. */
    RemoveFile tombstone(String key) {
        return state.maps().tombstones().get(key);
    }

    public Map<String, SetTransaction> transactions() {
        return transactions;
    }

    /** The last version this application committed, if any (for idempotent writes). */
    public Optional<Long> transactionVersion(String appId) {
        return Optional.ofNullable(transactions.get(appId)).map(SetTransaction::version);
    }

    public Map<String, DomainMetadata> domains() {
        return domains;
    }

    public long checkpointVersion() {
        return checkpointVersion;
    }

    /** The same version, known to have a checkpoint at {@code version} (written after it was replayed). */
    DeltaSnapshot withCheckpointVersion(long version) {
        DeltaSnapshot s = new DeltaSnapshot(tableUri, this.version, timestamp, protocol, metadata, state, transactions,
                domains, version, schema);
        s.dataFiles = dataFiles;
        return s;
    }

    @Override
    public List<DataFile> files() {
        List<DataFile> d = dataFiles;
        if (d == null) {
            List<String> parts = metadata.partitionColumns();
            Collection<AddFile> adds = previousAdds;
            List<DataFile> converted = previousFiles;
            java.util.IdentityHashMap<AddFile, DataFile> known = new java.util.IdentityHashMap<>();
            if (adds != null && converted != null && adds.size() == converted.size()) {
                java.util.Iterator<DataFile> it = converted.iterator();
                for (AddFile a : adds) {
                    known.put(a, it.next());
                }
            }
            // typed by this snapshot's schema; the adds are not kept (see FileState.files)
            d = state.files(schema, a -> {
                DataFile f = known.get(a);
                return f != null ? f : toDataFile(a, schema, parts);
            }, (a, out) -> {
                DataFile f = known.get(a);
                if (f != null) {
                    out.add(f);
                } else {
                    addTo(out, a, schema, parts);
                }
            });
            dataFiles = d;
            previousAdds = null;
            previousFiles = null;
        }
        return d;
    }

    /** The last filtered read of a lazy snapshot: planning the same query again reads nothing. */
    private record Pushed(io.floe.table.expr.Expression filter, List<DataFile> files, String detail) {
    }

    private volatile Pushed lastPushed;
    private volatile String planningDetail;
    private volatile Long lazyFileCount;

    /**
     * The files that may match {@code filter}. While the files are still in the checkpoint ({@link FileState}), the
     * filter's translatable part ({@link StatsPushdown}) runs in one query over the checkpoint files, which returns
     * only the add actions whose statistics may match; the tail's removes then drop theirs and the tail's adds are all
     * kept (the caller prunes every file again). Otherwise, or when nothing of the filter translates, every file.
     */
    @Override
    public List<DataFile> files(io.floe.table.expr.Expression filter) {
        if (filter == null || dataFiles != null || state.materialized()) {
            return files();
        }
        Pushed last = lastPushed;
        if (last != null && last.filter().equals(filter)) {
            planningDetail = last.detail();
            return last.files();
        }
        java.util.Optional<StatsPushdown.Condition> c = StatsPushdown.of(filter, schema, metadata.partitionColumns());
        if (c.isEmpty()) {
            planningDetail = null;
            return files();
        }
        List<AddFile> adds;
        try {
            adds = state.checkpoint().addsWhere(c.get());
        } catch (java.sql.SQLException e) {
            DeltaLog.LOG.log(System.Logger.Level.DEBUG, "reading every file of " + this + ": the filter could not be pushed"
                    + " into the checkpoint read: " + e.getMessage());
            planningDetail = null;
            return files();
        }
        Map<String, AddFile> live = new java.util.LinkedHashMap<>();
        for (AddFile a : adds) {
            live.put(fileKey(a.path(), a.deletionVector()), a);
        }
        int fromCheckpoint = live.size();
        state.tail().forEach(a -> FileState.apply(a, live, null));
        List<String> parts = metadata.partitionColumns();
        List<DataFile> out = live.values().stream().map(a -> toDataFile(a, schema, parts)).toList();
        String detail = "delta_checkpoint_filter: [" + c.get().description() + "] checkpoint_files_kept=" + fromCheckpoint
                + " tail_file_actions=" + state.tail().size();
        planningDetail = detail;
        lastPushed = new Pushed(filter, out, detail);
        return out;
    }

    @Override
    public String planningDetail() {
        return planningDetail;
    }

    /**
     * The number of live files. While they are still in the checkpoint: its add rows counted by the data plane, then
     * the tail applied to that count (which checkpoint files the tail touches is asked of the checkpoint by path).
     */
    @Override
    public long fileCount() {
        List<DataFile> listed = dataFiles;
        if (listed != null) {
            return listed.size(); // a list streamed from the checkpoint leaves the maps unbuilt: they are not needed here
        }
        if (state.materialized()) {
            return state.maps().files().size();
        }
        Long n = lazyFileCount;
        if (n == null) {
            try {
                n = countLazily();
            } catch (java.sql.SQLException e) {
                n = (long) state.maps().files().size();
            }
            lazyFileCount = n;
        }
        return n;
    }

    private long countLazily() throws java.sql.SQLException {
        long count = state.checkpoint().addCount();
        List<io.floe.delta.actions.Action> tail = state.tail();
        if (tail.isEmpty()) {
            return count;
        }
        java.util.Set<String> touched = new java.util.LinkedHashSet<>();
        for (io.floe.delta.actions.Action a : tail) {
            String p = a instanceof AddFile add ? add.path() : ((RemoveFile) a).path();
            touched.add(p);
            touched.add(TablePaths.canonical(p));
        }
        java.util.Set<String> live = new java.util.HashSet<>();
        for (AddFile a : state.checkpoint().addsWithPathIn(touched)) {
            live.add(fileKey(a.path(), a.deletionVector()));
        }
        for (io.floe.delta.actions.Action a : tail) {
            if (a instanceof AddFile add) {
                count += live.add(fileKey(add.path(), add.deletionVector())) ? 1 : 0;
            } else if (a instanceof RemoveFile r) {
                count -= live.remove(fileKey(r.path(), r.deletionVector())) ? 1 : 0;
            }
        }
        return count;
    }

    /** The neutral form of an add action: partition values typed and keyed by column name. */
    public static DataFile toDataFile(AddFile a, StructType schema, List<String> partitionColumns) {
        DeletionVectorDescriptor dv = a.deletionVector();
        return new DataFile(a.path(), DeltaPartitionValues.read(a.partitionValues(), schema, partitionColumns, a.path()), a.size(),
                a.modificationTime(), a.dataChange(), StatsJson.parse(a.stats(), schema), dv == null ? null
                : new DeletionVector(dv.storageType(), dv.pathOrInlineDv(), dv.offset(), dv.sizeInBytes(), dv.cardinality()),
                a.tags());
    }

    /**
     * {@link #toDataFile} into a list held by column: the statistics of an add the checkpoint query typed
     * ({@link StatsJson#typed}) go in as their parts, without a FileStats (and a DataFile) made per file only to be taken
     * apart again.
     */
    static void addTo(io.floe.table.ColumnarFiles.Builder out, AddFile a, StructType schema, List<String> partitionColumns) {
        TypedStats.Row typed = StatsJson.typed(a.stats(), schema);
        if (typed == null) {
            out.add(toDataFile(a, schema, partitionColumns));
            return;
        }
        DeletionVectorDescriptor dv = a.deletionVector();
        out.add(a.path(), DeltaPartitionValues.read(a.partitionValues(), schema, partitionColumns, a.path()), a.size(),
                a.modificationTime(), a.dataChange(), typed.numRecords, typed.lo, typed.hi, typed.nulls, typed.tightBounds,
                dv == null ? null : new DeletionVector(dv.storageType(), dv.pathOrInlineDv(), dv.offset(), dv.sizeInBytes(),
                        dv.cardinality()), a.tags());
    }

    /** The add action of a neutral file: partition values as the log's strings, keyed by physical name. */
    public static AddFile toAddFile(DataFile f, StructType schema, List<String> partitionColumns) {
        DeletionVector dv = f.deletionVector();
        return new AddFile(f.path(), DeltaPartitionValues.write(f.partitionValues(), schema, partitionColumns), f.size(),
                f.modificationTime(), f.dataChange(), StatsJson.toJson(f.stats(), schema), f.tags().isEmpty() ? null : f.tags(), dv == null ? null
                : new DeletionVectorDescriptor(dv.storageType(), dv.pathOrInlineDv(), dv.offset(), dv.sizeInBytes(), dv.cardinality()),
                null, null, null);
    }

    /** The remove action that takes this file out of the table at {@code timestamp}. */
    public static RemoveFile removeOf(DataFile f, StructType schema, List<String> partitionColumns, long timestamp, boolean dataChange) {
        AddFile a = toAddFile(f, schema, partitionColumns);
        return new RemoveFile(a.path(), timestamp, dataChange, true, a.partitionValues(), a.size(), a.stats(),
                a.tags(), a.deletionVector(), null, null);
    }

    /** Delta's reconciliation key of a neutral file: its path plus the deletion vector's id. */
    static String fileKey(DataFile f) {
        DeletionVector dv = f.deletionVector();
        String p = TablePaths.canonical(f.path());
        return dv == null ? p : p + "#" + dv.storageType() + dv.pathOrInlineDv() + (dv.offset() == null ? "" : "@" + dv.offset());
    }

    /** Delta's reconciliation key of a file: its path plus the deletion vector's id. */
    static String fileKey(String path, DeletionVectorDescriptor dv) {
        String p = TablePaths.canonical(path);
        return dv == null ? p : p + "#" + dv.storageType() + dv.pathOrInlineDv() + (dv.offset() == null ? "" : "@" + dv.offset());
    }

    @Override
    public String toString() {
        return "DeltaSnapshot[" + tableUri + "@v" + version + ", " + (state.materialized() ? state.maps().files().size() + " files"
                : "files in checkpoint " + state.checkpoint().version() + " + " + state.tail().size() + " file actions") + "]";
    }
}
