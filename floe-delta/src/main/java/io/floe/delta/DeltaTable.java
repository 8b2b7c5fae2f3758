package io.floe.delta;

import io.floe.storage.TablePaths;
import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddCDCFile;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.CommitInfo;
import io.floe.delta.actions.RemoveFile;
import io.floe.table.ChangeDataFeed;
import io.floe.table.DataFile;
import io.floe.table.DeletionVectorReader;
import io.floe.table.FileRetention;
import io.floe.table.FloeException;
import io.floe.table.HistoryEntry;
import io.floe.table.Operation;
import io.floe.table.Snapshot;
import io.floe.table.TableAlreadyExistsException;
import io.floe.table.TableDefinition;
import io.floe.table.Transaction;
import io.floe.table.WriteOptions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A Delta table: its snapshots, history and transactions, and the Delta-only capabilities (change data feed,
 * tombstone-based file retention, deletion vectors read and written).
 */
public final class DeltaTable implements io.floe.table.Table, ChangeDataFeed, FileRetention, DeletionVectorReader,
        io.floe.table.RowLevelDeletes, io.floe.table.ComputedColumnsSupport, io.floe.table.TableReplacement,
        io.floe.table.Clustering {
    private final String name;
    private final DeltaLog log;

    public DeltaTable(String name, DeltaLog log) {
        this.name = name;
        this.log = log;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String format() {
        return DeltaFormat.NAME;
    }

    @Override
    public String location() {
        return log.tableUri();
    }

    public DeltaLog log() {
        return log;
    }

    @Override
    public boolean exists() {
        return log.exists();
    }

    @Override
    public DeltaSnapshot snapshot() {
        DeltaSnapshot known = probedThisStatement();
        return known != null ? known : log.update();
    }

    @Override
    public DeltaSnapshot snapshotAt(long version) {
        return log.snapshotAt(version);
    }

    @Override
    public DeltaSnapshot snapshotAsOf(Instant time) {
        return log.snapshotAsOf(time.toEpochMilli());
    }

    @Override
    public io.floe.storage.ObjectStore store() {
        return log.store();
    }

    @Override
    public String rootKey() {
        return log.tablePrefix();
    }

    @Override
    public DeltaTransaction newTransaction() {
        DeltaSnapshot known = probedThisStatement();
        return known != null ? log.startTransaction(known) : log.startTransaction();
    }

    /**
     * The newest snapshot as this statement already found it (StatementScope: the log is probed once per statement;
     * later asks see that version plus the statement's own commits), or null when the store must be asked.
     */
    private DeltaSnapshot probedThisStatement() {
        boolean probe = io.floe.table.StatementScope.needsProbe(log);
        return probe ? null : log.cachedLatest();
    }

    /**
     * Creates the table (version 0) with the lowest protocol that covers its schema and properties. The properties
     * are checked as ALTER TABLE checks them ({@link TableProperties}), before any data is written: protocol
     * properties go into the protocol, not the configuration; with column mapping every column gets its id and
     * physical name here, as Delta requires of a mapped table from its first version.
     */
    @Override
    public DeltaTransaction newCreateTransaction(TableDefinition d) {
        if (log.exists()) {
            throw new TableAlreadyExistsException("a Delta table already exists at " + location());
        }
        Definition def = definition(d);
        DeltaTransaction txn = log.startTransaction(null);
        txn.updateProtocol(def.protocol()).updateMetadata(def.metadata());
        if (def.clustering() != null) {
            txn.addDomainMetadata(LiquidClustering.domain(def.clustering()));
        }
        return txn;
    }

    /**
     * REPLACE TABLE / CREATE OR REPLACE TABLE on the existing table: one commit that removes every file of the latest
     * version and gives the table the new definition's metadata (a new table id, as Delta's replace does). The protocol
     * only grows (the old one merged with what the definition needs), as Delta keeps it; the log and its history stay,
     * so older versions still read by time travel. The whole table is read: a concurrent write conflicts.
     */
    @Override
    public DeltaTransaction newReplaceTransaction(TableDefinition d) {
        DeltaTransaction txn = log.startTransaction();
        if (txn.readSnapshot().isEmpty()) {
            throw new io.floe.table.TableNotFoundException("Table " + location() + " cannot be replaced as it does not exist."
                    + " Use CREATE OR REPLACE TABLE to create the table.");
        }
        Definition def = definition(d);
        boolean wasClustered = LiquidClustering.clustered(txn.protocol());
        if (wasClustered && !d.partitionSpec().fields().isEmpty()) {
            throw new FloeException("table " + location() + ": replacing a clustered Delta table with a partitioned table is not"
                    + " allowed (as in Delta)");
        }
        for (io.floe.table.DataFile f : txn.readWholeTable()) {
            txn.remove(f, true);
        }
        io.floe.delta.actions.Protocol merged = TableFeatures.merge(txn.protocol(), def.protocol());
        if (!merged.equals(txn.protocol())) {
            txn.updateProtocol(merged);
        }
        txn.updateMetadata(def.metadata());
        if (def.clustering() != null || wasClustered) {
            // the clustering feature stays in the protocol: a replace without CLUSTER BY leaves it clustered by none
            txn.addDomainMetadata(LiquidClustering.domain(def.clustering() != null ? def.clustering() : List.of()));
        }
        return txn;
    }

    /** @param clustering the physical clustering column paths CLUSTER BY asked for, or null without CLUSTER BY */
    private record Definition(io.floe.delta.actions.Metadata metadata, io.floe.delta.actions.Protocol protocol,
                              List<List<String>> clustering) {
    }

    /**
     * A new table's metadata and protocol: the lowest protocol that covers its schema and properties. The properties
     * are checked as ALTER TABLE checks them ({@link TableProperties}), before any data is written: protocol
     * properties go into the protocol, not the configuration; with column mapping every column gets its id and
     * physical name here, as Delta requires of a mapped table from its first version.
     */
    private Definition definition(TableDefinition d) {
        if (d.partitionSpec().fields().size() != d.partitionSpec().identityColumns().size()) {
            throw new io.floe.table.ProtocolNotSupportedException(location(), "partition transforms",
                    "Delta tables partition by columns only (identity); " + d.partitionSpec().fields()
                    + " needs an Iceberg table or a generated column");
        }
        checkComputedColumns(d);
        Map<String, String> given = new LinkedHashMap<>();
        String clusterBy = null;
        for (var e : d.properties().entrySet()) {
            if (e.getKey().equals(io.floe.table.Clustering.DEFINITION_PROPERTY)) {
                clusterBy = e.getValue(); // CLUSTER BY: kept as domain metadata, not as a property
                continue;
            }
            String k = TableProperties.canonicalKey(e.getKey());
            if (k.equals(DeltaTransaction.MAX_COLUMN_ID)) {
                throw new FloeException("table " + location() + ": " + k + " is set by Floe, not in TBLPROPERTIES");
            }
            TableProperties.validate(location(), k, e.getValue());
            given.put(k, e.getValue());
        }
        Map<String, String> config = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            if (!TableProperties.isProtocolProperty(k)) {
                config.put(k, v);
            }
        });
        RowTracking.checkNotSuspendedAndEnabled(location(), config);
        if (RowTracking.enabled(config)) {
            config.putAll(RowTracking.withMaterializedColumnNames(config));
        }
        io.floe.types.StructType schema = d.schema();
        if (!"none".equals(config.getOrDefault(DeltaConfig.COLUMN_MAPPING_MODE, "none"))) {
            ColumnMapping.Mapped mapped = ColumnMapping.assign(schema, null, false, 0); // nested fields too
            schema = mapped.schema();
            config.put(DeltaTransaction.MAX_COLUMN_ID, String.valueOf(mapped.maxColumnId()));
        }
        io.floe.delta.actions.Metadata m = new io.floe.delta.actions.Metadata(UUID.randomUUID().toString(), null, d.description(),
                io.floe.delta.actions.Metadata.Format.PARQUET, SchemaJson.toJson(schema), d.partitionSpec().identityColumns(),
                config, System.currentTimeMillis());
        io.floe.delta.actions.Protocol protocol = TableProperties.applyProtocolProperties(location(),
                TableFeatures.protocolFor(schema, config), given, true);
        List<List<String>> clustering = null;
        if (clusterBy != null) {
            if (!d.partitionSpec().fields().isEmpty()) {
                throw new FloeException("table " + location() + ": clustering and partitioning cannot both be specified; remove"
                        + " PARTITIONED BY to create a Delta table with clustering (as Delta requires)");
            }
            clustering = LiquidClustering.resolve(location(), schema, List.of(), config, io.floe.table.Clustering.decodeColumns(clusterBy));
            protocol = TableFeatures.withFeature(protocol, LiquidClustering.FEATURE);
        }
        return new Definition(m, protocol, clustering);
    }

    /** Identity columns as Delta allows them: BIGINT, not generated too, not partition columns. */
    private void checkComputedColumns(TableDefinition d) {
        for (io.floe.types.StructField f : d.schema().fields()) {
            if (io.floe.table.IdentityColumn.of(f).isEmpty()) {
                continue;
            }
            if (io.floe.table.GeneratedColumns.expression(f).isPresent()) {
                throw new FloeException("IDENTITY column cannot be specified with a generated column expression (column "
                        + f.name() + ")");
            }
            if (f.type() != io.floe.types.PrimitiveType.LONG) {
                throw new FloeException("DataType " + f.type().simpleString() + " is not supported for IDENTITY columns (column "
                        + f.name() + "): use BIGINT");
            }
            if (d.partitionSpec().identityColumns().stream().anyMatch(c -> c.equalsIgnoreCase(f.name()))) {
                throw new FloeException("PARTITIONED BY IDENTITY column " + f.name() + " is not supported.");
            }
        }
    }

    /**
     * Delta's layout; under column mapping mode 'id' the data files carry Parquet field ids (the mapping's ids) and
     * readers find columns by them, so Floe writes and reads them that way too.
     */
    @Override
    public io.floe.table.DataLayout dataLayout() {
        // the snapshot this handle read last (the one being scanned or written): no refresh just for the layout, which
        // on S3 cost a listing probe per scan
        DeltaSnapshot s = log.cachedLatest();
        if (s == null && exists()) {
            s = snapshot();
        }
        if (s != null && "id".equals(s.properties().get(DeltaConfig.COLUMN_MAPPING_MODE))) {
            return ID_MAPPED;
        }
        return io.floe.table.DataLayout.DELTA;
    }

    private static final io.floe.table.DataLayout ID_MAPPED = new io.floe.table.DataLayout("", false, true);

    @Override
    public String resolveKey(String filePath) {
        return TablePaths.resolveKey(log.store().uri(), log.tablePrefix(), filePath);
    }

    @Override
    public String relativePath(String tableRelativePath) {
        return TablePaths.encode(tableRelativePath);
    }

    @Override
    public WriteOptions writeOptions(java.util.Map<String, String> p) {
        return new WriteOptions(DeltaConfig.targetFileSize(p), DeltaConfig.numIndexedCols(p));
    }

    @Override
    public List<HistoryEntry> history(int limit) {
        List<HistoryEntry> out = new ArrayList<>();
        for (DeltaLog.HistoryEntry e : log.history(limit)) {
            CommitInfo ci = e.commitInfo();
            out.add(ci == null ? new HistoryEntry(e.version(), e.timestamp(), null, null, null, null, null, null, null)
                    : new HistoryEntry(e.version(), e.timestamp(), ci.operation(), ci.operationParameters(), ci.readVersion(),
                    ci.isolationLevel(), ci.isBlindAppend(), ci.operationMetrics(), ci.engineInfo()));
        }
        return out;
    }

    // ------------------------------------------------------------------ change data feed

    @Override
    public boolean enabled(Snapshot snapshot) {
        return "true".equalsIgnoreCase(snapshot.properties().get(DeltaConfig.ENABLE_CDF));
    }

    @Override
    public String changeFileDirectory() {
        return "_change_data/";
    }

    @Override
    public void addChangeFiles(Transaction txn, List<DataFile> files) {
        DeltaTransaction t = (DeltaTransaction) txn;
        for (DataFile f : files) {
            t.addChangeDataFile(new AddCDCFile(f.path(), DeltaPartitionValues.write(f.partitionValues(), t.schema(),
                    t.metadata().partitionColumns()), f.size(), false, null));
        }
    }

    @Override
    public VersionChanges changesOf(long version) {
        List<Action> actions = log.readVersion(version).orElseThrow(() -> new FloeException(
                "table " + name + ": the commit of version " + version + " was cleaned up; its changes cannot be read"));
        DeltaSnapshot at = snapshotAt(version);
        io.floe.types.StructType schema = at.schema();
        List<String> parts = at.partitionColumns();
        long ts = 0;
        List<DataFile> cdc = new ArrayList<>();
        List<DataFile> adds = new ArrayList<>();
        List<DataFile> removes = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof CommitInfo ci && ci.timestamp() != null) {
                ts = ci.inCommitTimestamp() != null ? ci.inCommitTimestamp() : ci.timestamp();
            } else if (a instanceof AddCDCFile c) {
                cdc.add(new DataFile(c.path(), DeltaPartitionValues.read(c.partitionValues(), schema, parts, c.path()), c.size(), 0, null));
            } else if (a instanceof AddFile add && add.dataChange()) {
                adds.add(DeltaSnapshot.toDataFile(add, schema, parts));
            } else if (a instanceof RemoveFile r && r.dataChange()) {
                // with its deletion vector: the rows it held when removed are the deleted ones, not those deleted before
                io.floe.delta.actions.DeletionVectorDescriptor dv = r.deletionVector();
                removes.add(new DataFile(r.path(), DeltaPartitionValues.read(r.partitionValues(), schema, parts, r.path()),
                        r.size() == null ? 0 : r.size(), 0, true, StatsJson.parse(r.stats(), schema), dv == null ? null
                        : new io.floe.table.DeletionVector(dv.storageType(), dv.pathOrInlineDv(), dv.offset(), dv.sizeInBytes(),
                        dv.cardinality()), null));
            }
        }
        return new VersionChanges(version, ts, cdc, adds, removes);
    }

    // ------------------------------------------------------------------ file retention (VACUUM)

    @Override
    public Duration retention(Snapshot snapshot) {
        return DeltaConfig.deletedFileRetention(snapshot.properties());
    }

    @Override
    public String retentionProperty() {
        return "delta.deletedFileRetentionDuration";
    }

    @Override
    public Duration historyRetention(Snapshot snapshot) {
        return DeltaConfig.logRetention(snapshot.properties());
    }

    @Override
    public Set<String> referencedKeys(Snapshot snapshot, long cutoffMillis) {
        DeltaSnapshot s = (DeltaSnapshot) snapshot;
        Set<String> needed = new HashSet<>();
        for (AddFile a : s.addFiles()) {
            need(needed, a.path(), a.deletionVector());
        }
        for (RemoveFile rm : s.tombstones()) {
            if (rm.deletionTimestamp() == null || rm.deletionTimestamp() > cutoffMillis) {
                need(needed, rm.path(), rm.deletionVector());
            }
        }
        return needed;
    }

    /** A data file's key, and its deletion vector file's when the vector is stored beside the table ('u'). */
    private void need(Set<String> needed, String path, io.floe.delta.actions.DeletionVectorDescriptor dv) {
        needed.add(resolveKey(path));
        if (dv != null && "u".equals(dv.storageType())) {
            needed.add(DeletionVectorPaths.key(this, dv.pathOrInlineDv()));
        }
    }

    /** The log, and files or directories starting with '_' or '.', are not data (except _change_data). */
    @Override
    public boolean isMetadata(String rel) {
        for (String seg : rel.split("/")) {
            if ((seg.startsWith("_") && !seg.equals("_change_data")) || seg.startsWith(".")) {
                // partition directories never start with '_' or '.', so this skips only metadata and temp files
                return !seg.contains("=");
            }
        }
        return false;
    }

    /** Delta logs VACUUM START/END as commits with only commitInfo, so history shows them. */
    @Override
    public void recordMaintenance(Operation op) {
        newTransaction().commit(op);
    }

    // ------------------------------------------------------------------ deletion vectors

    /**
     * DELETE, UPDATE and MERGE all write deletion vectors where delta.enableDeletionVectors = true and the protocol
     * has the deletionVectors feature, as delta-spark does; otherwise they rewrite files.
     */
    @Override
    public boolean mergeOnRead(Snapshot snapshot, Command command) {
        DeltaSnapshot s = (DeltaSnapshot) snapshot;
        return DeltaConfig.deletionVectors(s.properties()) && TableFeatures.supports(s.protocol(), DeltaTransaction.DELETION_VECTORS);
    }

    @Override
    public long[] deletedRows(DataFile file) {
        return file.deletionVector() == null ? new long[0] : DeletionVectors.read(this, file.deletionVector());
    }

    // ------------------------------------------------------------------ liquid clustering

    @Override
    public boolean clustered(Snapshot snapshot) {
        return LiquidClustering.clustered(((DeltaSnapshot) snapshot).protocol());
    }

    @Override
    public List<String> clusteringColumns(Snapshot snapshot) {
        DeltaSnapshot s = (DeltaSnapshot) snapshot;
        if (!LiquidClustering.clustered(s.protocol())) {
            return List.of();
        }
        return LiquidClustering.physicalColumns(s.domains()).map(p -> LiquidClustering.logicalNames(s.schema(), p)).orElse(List.of());
    }

    /**
     * ALTER TABLE … CLUSTER BY (…) | NONE and the Java API's way to cluster a table: the columns are checked, the
     * protocol gets clustering (and domainMetadata), and the delta.clustering domain is written with their physical
     * names. CLUSTER BY NONE on a table that is not clustered changes nothing, as in Delta.
     */
    @Override
    public void setClusteringColumns(Transaction txn, List<String> columns) {
        DeltaTransaction t = (DeltaTransaction) txn;
        if (columns.isEmpty() && !LiquidClustering.clustered(t.protocol())) {
            return;
        }
        List<List<String>> physical = LiquidClustering.resolve(location(), t.schema(), t.metadata().partitionColumns(),
                t.properties(), columns);
        io.floe.delta.actions.Protocol p = TableFeatures.withFeature(t.protocol(), LiquidClustering.FEATURE);
        if (!p.equals(t.protocol())) {
            t.updateProtocol(p);
        }
        t.addDomainMetadata(LiquidClustering.domain(physical));
    }

    @Override
    public java.util.Optional<ClusteredFile> clusteredFile(Snapshot snapshot, DataFile file) {
        return LiquidClustering.clusteredFile(((DeltaSnapshot) snapshot).liveAdd(DeltaSnapshot.fileKey(file)), file);
    }

    @Override
    public boolean foreignClustered(Snapshot snapshot, DataFile file) {
        AddFile live = ((DeltaSnapshot) snapshot).liveAdd(DeltaSnapshot.fileKey(file));
        return live != null && live.clusteringProvider() != null && !live.clusteringProvider().equals(LiquidClustering.PROVIDER);
    }

    @Override
    public DataFile markClustered(DataFile f, String runId, List<String> columns) {
        return new DataFile(f.path(), f.partitionValues(), f.size(), f.modificationTime(), f.dataChange(), f.stats(),
                f.deletionVector(), LiquidClustering.cubeTags(f.tags(), runId, columns));
    }
}
