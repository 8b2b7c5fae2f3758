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
    private final Map<String, AddFile> files; // keyed by path (+ DV id), in log order
    private final Map<String, RemoveFile> tombstones;
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
                  Map<String, AddFile> files, Map<String, RemoveFile> tombstones,
                  Map<String, SetTransaction> transactions, Map<String, DomainMetadata> domains, long checkpointVersion) {
        this.tableUri = tableUri;
        this.version = version;
        this.timestamp = timestamp;
        this.protocol = protocol;
        this.metadata = metadata;
        try {
            this.schema = SchemaJson.parse(metadata.schemaString());
        } catch (IllegalArgumentException | NullPointerException e) {
            // name the table and the version whose metaData carries it, not just "malformed JSON"
            throw new io.floe.table.CorruptTableException("table " + tableUri + " version " + version + ": the schema of its metaData"
                    + " action (schemaString) is unreadable: " + (metadata.schemaString() == null ? "it is missing" : e.getMessage()), e);
        }
        this.files = files;
        this.tombstones = tombstones;
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
        return files.values();
    }

    /** The live add actions by reconciliation key ({@link #fileKey}), in log order: for a replay that continues from here. */
    Map<String, AddFile> fileMap() {
        return files;
    }

    Map<String, RemoveFile> tombstoneMap() {
        return tombstones;
    }

    /** Lets {@link #files()} reuse what {@code base} converted (see {@link #previousAdds}). */
    void reuseConvertedFilesOf(DeltaSnapshot base) {
        List<DataFile> converted = base.dataFiles;
        if (converted != null && base.schema.equals(schema)
                && base.metadata.partitionColumns().equals(metadata.partitionColumns())) {
            previousAdds = base.files.values();
            previousFiles = converted;
        }
    }

    /** Removed files still inside the tombstone retention window, as the last replay saw them. */
    public Collection<RemoveFile> tombstones() {
        return tombstones.values();
    }

    /** The live add action with this reconciliation key ({@link #fileKey}), or null. */
    AddFile liveAdd(String key) {
        return files.get(key);
    }

    /** The remove action (still within tombstone retention) with this reconciliation key, or null. */
    RemoveFile tombstone(String key) {
        return tombstones.get(key);
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
        DeltaSnapshot s = new DeltaSnapshot(tableUri, this.version, timestamp, protocol, metadata, files, tombstones, transactions,
                domains, version);
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
            d = files.values().stream().map(a -> {
                DataFile f = known.get(a);
                return f != null ? f : toDataFile(a, schema, parts);
            }).toList();
            dataFiles = d;
            previousAdds = null;
            previousFiles = null;
        }
        return d;
    }

    /** The neutral form of an add action: partition values typed and keyed by column name. */
    public static DataFile toDataFile(AddFile a, StructType schema, List<String> partitionColumns) {
        DeletionVectorDescriptor dv = a.deletionVector();
        return new DataFile(a.path(), DeltaPartitionValues.read(a.partitionValues(), schema, partitionColumns, a.path()), a.size(),
                a.modificationTime(), a.dataChange(), StatsJson.parse(a.stats(), schema), dv == null ? null
                : new DeletionVector(dv.storageType(), dv.pathOrInlineDv(), dv.offset(), dv.sizeInBytes(), dv.cardinality()),
                a.tags());
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
        return "DeltaSnapshot[" + tableUri + "@v" + version + ", " + files.size() + " files]";
    }
}
