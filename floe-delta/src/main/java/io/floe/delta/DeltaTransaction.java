package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddCDCFile;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.CommitInfo;
import io.floe.delta.actions.DomainMetadata;
import io.floe.delta.actions.Metadata;
import io.floe.delta.actions.Protocol;
import io.floe.delta.actions.RemoveFile;
import io.floe.delta.actions.SetTransaction;
import io.floe.storage.OutcomeUnknownException;
import io.floe.table.CommitResult;
import io.floe.table.CommitStateUnknownException;
import io.floe.table.ConcurrentAppendException;
import io.floe.table.ConcurrentDeleteDeleteException;
import io.floe.table.ConcurrentDeleteReadException;
import io.floe.table.ConcurrentTransactionException;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.IsolationLevel;
import io.floe.table.MetadataChangedException;
import io.floe.table.Operation;
import io.floe.table.ProtocolChangedException;
import io.floe.table.TableAlreadyExistsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * An optimistic transaction on a Delta table. It records what it read (files, partitions, the whole
 * table, application txn versions) and what it writes. {@link #commit} creates the next log file with
 * put-if-absent; on a lost race it reads the winning commits, applies Delta's conflict rules, and
 * either rebases onto them (tries the next version) or throws a typed
 * {@link io.floe.table.ConcurrentModificationException} naming the winning version.
 */
public final class DeltaTransaction implements io.floe.table.Transaction {
    public static final String ENGINE_INFO = "Floe/0.1.0";
    /** Bound on rebases; each attempt means another writer committed, so this only guards against livelock. */
    static final int MAX_ATTEMPTS = 10_000;
    /**
     * {@link #MAX_ATTEMPTS}, per transaction so that a test in this package can reach the bound in a few attempts
     * without touching other transactions of the JVM (a static setter or a system property would be shared state).
     */
    int maxAttempts = MAX_ATTEMPTS;

    private final DeltaLog log;
    private final DeltaSnapshot readSnapshot; // null when creating the table
    private IsolationLevel isolation = IsolationLevel.WRITE_SERIALIZABLE;

    private boolean readWholeTable;
    private final List<Predicate<DataFile>> readPredicates = new ArrayList<>();
    private final Set<String> readFileKeys = new HashSet<>();
    private final Set<String> readAppIds = new HashSet<>();

    private Protocol newProtocol;
    private Metadata newMetadata;
    private final Map<String, AddFile> adds = new LinkedHashMap<>();
    private final Map<String, RemoveFile> removes = new LinkedHashMap<>();
    private final List<AddCDCFile> cdcFiles = new ArrayList<>();
    private final Map<String, SetTransaction> txns = new LinkedHashMap<>();
    private final List<DomainMetadata> domains = new ArrayList<>();
    private boolean enforcesConstraints;
    private boolean writesChangeData;
    private boolean preservesRowIds;
    private boolean committed;

    DeltaTransaction(DeltaLog log, DeltaSnapshot readSnapshot) {
        this.log = log;
        this.readSnapshot = readSnapshot;
        if (readSnapshot != null) {
            // refuse a table Floe cannot write before the operation writes any data file for it
            TableFeatures.checkWritableProtocol(log.tableUri(), readSnapshot.protocol(), readSnapshot.metadata());
            String level = readSnapshot.properties().get(DeltaConfig.ISOLATION_LEVEL);
            if (level != null) {
                isolation = IsolationLevel.fromDeltaName(level);
            }
        }
    }

    /** The snapshot this transaction reads, or empty if the table does not exist yet. */
    @Override
    public Optional<DeltaSnapshot> readSnapshot() {
        return Optional.ofNullable(readSnapshot);
    }

    public long readVersion() {
        return readSnapshot == null ? -1 : readSnapshot.version();
    }

    public DeltaTransaction isolationLevel(IsolationLevel level) {
        this.isolation = level;
        return this;
    }

    // ------------------------------------------------------------ reads

    /** Marks the whole table as read (e.g. overwrite, unfiltered DELETE) and returns its files. */
    @Override
    public List<DataFile> readWholeTable() {
        readWholeTable = true;
        List<DataFile> files = readSnapshot == null ? List.of() : readSnapshot.files();
        files.forEach(f -> readFileKeys.add(keyOf(f)));
        return files;
    }

    /**
     * Reads the files that may match {@code filter} (a partition/statistics predicate). Files added
     * concurrently that match it conflict with this transaction; so does a concurrent removal of any returned file.
     */
    @Override
    public List<DataFile> readFiles(Predicate<DataFile> filter) {
        readPredicates.add(filter);
        List<DataFile> out = new ArrayList<>();
        if (readSnapshot != null) {
            for (DataFile f : readSnapshot.files()) {
                if (filter.test(f)) {
                    out.add(f);
                    readFileKeys.add(keyOf(f));
                }
            }
        }
        return out;
    }

    /** Reads the last committed version of an application's txn (idempotent writes); concurrent commits of it conflict. */
    public Optional<Long> txnVersion(String appId) {
        readAppIds.add(appId);
        return readSnapshot == null ? Optional.empty() : readSnapshot.transactionVersion(appId);
    }

    private static String keyOf(DataFile f) {
        return DeltaSnapshot.fileKey(f);
    }

    // ------------------------------------------------------------ writes

    @Override
    public DeltaTransaction add(DataFile f) {
        Metadata m = metadata();
        // a file a clustering OPTIMIZE wrote names its provider, as the clustering feature asks
        AddFile a = LiquidClustering.withProvider(DeltaSnapshot.toAddFile(f, schemaOf(m), m.partitionColumns()), protocol());
        adds.put(DeltaSnapshot.fileKey(a.path(), a.deletionVector()), a);
        return this;
    }

    @Override
    public DeltaTransaction addAll(java.util.Collection<DataFile> files) {
        files.forEach(this::add);
        return this;
    }

    /** Removes a file of the read snapshot. {@code dataChange=false} for rearrangements (OPTIMIZE). */
    @Override
    public DeltaTransaction remove(DataFile f, boolean dataChange) {
        Metadata m = metadata();
        RemoveFile r = DeltaSnapshot.removeOf(f, schemaOf(m), m.partitionColumns(), System.currentTimeMillis(),
                dataChange);
        String key = DeltaSnapshot.fileKey(r.path(), r.deletionVector());
        AddFile live = readSnapshot == null ? null : readSnapshot.liveAdd(key);
        if (live != null && (live.baseRowId() != null || live.defaultRowCommitVersion() != null)) {
            // row tracking: a remove carries the row ids of the add it removes
            r = new RemoveFile(r.path(), r.deletionTimestamp(), r.dataChange(), r.extendedFileMetadata(), r.partitionValues(),
                    r.size(), r.stats(), r.tags(), r.deletionVector(), live.baseRowId(), live.defaultRowCommitVersion());
        }
        removes.put(key, r);
        return this;
    }

    /**
     * Marks rows of a file deleted with a deletion vector (merge-on-read). The rows are kept per file and unioned
     * over calls; at commit the file's existing vector is read and unioned in, all new vectors of the commit go into
     * one deletion_vector_&lt;uuid&gt;.bin file, and the file is removed with its old vector and added again with the
     * new one (its row ids kept, its stats marked wide: they may still count deleted rows). A file left with no live
     * row is only removed. Two transactions marking rows of one file both remove its old entry, which the conflict
     * rules refuse for the second: no deleted row comes back.
     */
    @Override
    public DeltaTransaction deleteRows(DataFile file, long[] positions) {
        String table = log.tableUri();
        if (!TableFeatures.supports(protocol(), DELETION_VECTORS) || !DeltaConfig.deletionVectors(properties())) {
            throw new io.floe.table.ProtocolNotSupportedException(table, DELETION_VECTORS,
                    "deletion vectors are written only where " + TableProperties.ENABLE_DELETION_VECTORS
                            + " = true and the protocol supports them");
        }
        String key = keyOf(file);
        AddFile live = readSnapshot == null ? null : readSnapshot.liveAdd(key);
        if (live == null) {
            throw new FloeException("table " + table + ": " + file.path() + " (with its deletion vector) is not a file of version "
                    + readVersion() + "; only files of the read snapshot can have rows deleted");
        }
        Long numRecords = file.stats() == null ? null : file.stats().numRecords();
        if (numRecords == null) {
            throw new FloeException("table " + table + ": " + file.path() + " has no numRecords statistic, which a file with a "
                    + "deletion vector must have; rewrite it (OPTIMIZE) first");
        }
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < 0 || positions[i] >= numRecords || (i > 0 && positions[i] <= positions[i - 1])) {
                throw new IllegalArgumentException("row positions of " + file.path() + " must be ascending, distinct and below "
                        + numRecords + "; got " + positions[i] + " at index " + i);
            }
        }
        PendingDeletes p = pendingDeletes.get(key);
        pendingDeletes.put(key, new PendingDeletes(file, live, p == null ? positions.clone()
                : io.floe.table.RowPositions.union(p.rows(), positions)));
        return this;
    }

    static final String DELETION_VECTORS = "deletionVectors";

    /** Rows marked deleted in one file by this transaction, before the file's older vector is unioned in. */
    private record PendingDeletes(DataFile file, AddFile live, long[] rows) {
    }

    private final Map<String, PendingDeletes> pendingDeletes = new LinkedHashMap<>();

    /**
     * Turns the pending deletes into actions: reads each file's older vector, writes the unions into one vector
     * file, and stages remove (old vector) + add (new vector) per file. Runs once, before the first attempt, so a
     * rebase reuses the file.
     */
    private void stageDeletionVectors() {
        if (pendingDeletes.isEmpty()) {
            return;
        }
        DeltaTable table = new DeltaTable(log.tableUri(), log);
        List<PendingDeletes> kept = new ArrayList<>();
        List<long[]> vectors = new ArrayList<>();
        for (PendingDeletes p : pendingDeletes.values()) {
            if (removes.containsKey(keyOf(p.file()))) {
                continue; // removed outright by this transaction too
            }
            long[] rows = p.file().deletionVector() == null ? p.rows()
                    : io.floe.table.RowPositions.union(DeletionVectors.read(table, p.file().deletionVector()), p.rows());
            if (rows.length == p.file().stats().numRecords()) {
                remove(p.file(), true); // nothing left to read: drop the file, as Delta does
                continue;
            }
            kept.add(p);
            vectors.add(rows);
        }
        pendingDeletes.clear();
        if (kept.isEmpty()) {
            return;
        }
        List<io.floe.delta.actions.DeletionVectorDescriptor> dvs = DeletionVectorFile.write(log.store(), log.tablePrefix(), vectors);
        for (int i = 0; i < kept.size(); i++) {
            PendingDeletes p = kept.get(i);
            remove(p.file(), true);
            AddFile a = p.live();
            AddFile again = new AddFile(a.path(), a.partitionValues(), a.size(), a.modificationTime(), true,
                    wideBounds(a.stats()), a.tags(), dvs.get(i), a.baseRowId(), a.defaultRowCommitVersion(), a.clusteringProvider());
            adds.put(DeltaSnapshot.fileKey(again.path(), again.deletionVector()), again);
        }
    }

    /**
     * The stats of a file that gained deleted rows: as they were, with tightBounds false (min/max/nullCount may
     * still describe deleted rows, so they are bounds, not exact values; numRecords stays the physical count).
     */
    static String wideBounds(String stats) {
        if (stats == null || stats.isBlank()) {
            return stats;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n = DeltaJson.MAPPER.readTree(stats);
            if (!(n instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
                return stats;
            }
            o.put("tightBounds", false);
            return DeltaJson.write(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return stats; // unreadable stats are unknown to every reader anyway
        }
    }

    public DeltaTransaction addChangeDataFile(AddCDCFile f) {
        cdcFiles.add(f);
        return this;
    }

    public DeltaTransaction updateMetadata(Metadata m) {
        this.newMetadata = m;
        return this;
    }

    public DeltaTransaction updateProtocol(Protocol p) {
        this.newProtocol = p;
        return this;
    }

    /** Records that the application {@code appId} has committed its batch {@code version} (exactly-once writes). */
    public DeltaTransaction setTxn(String appId, long version) {
        readAppIds.add(appId);
        txns.put(appId, new SetTransaction(appId, version, System.currentTimeMillis()));
        return this;
    }

    public DeltaTransaction addDomainMetadata(DomainMetadata d) {
        domains.add(d);
        return this;
    }

    /** Declares that this write path validated CHECK constraints/invariants on every row it writes. */
    @Override
    public DeltaTransaction enforcesConstraints(boolean v) {
        this.enforcesConstraints = v;
        return this;
    }

    /** Declares that the rows this commit copies into new files carry their materialized row ids (row tracking). */
    @Override
    public DeltaTransaction preservesRowIds(boolean v) {
        this.preservesRowIds = v;
        return this;
    }

    /** Declares that this write path wrote change data files where the table's CDF is on. */
    @Override
    public DeltaTransaction writesChangeData(boolean v) {
        this.writesChangeData = v;
        return this;
    }

    // ------------------------------------------------------------ format-neutral metadata changes

    @Override
    public io.floe.types.StructType schema() {
        return schemaOf(metadata());
    }

    private Metadata parsedFor;
    private io.floe.types.StructType parsedSchema;

    /** The schema of {@code m}, parsed once per metadata (files are added one by one). */
    private io.floe.types.StructType schemaOf(Metadata m) {
        if (m != parsedFor) {
            parsedSchema = readSnapshot != null && m == readSnapshot.metadata() ? readSnapshot.schema() : SchemaJson.parse(m.schemaString());
            parsedFor = m;
        }
        return parsedSchema;
    }

    @Override
    public io.floe.table.PartitionSpec partitionSpec() {
        return io.floe.table.PartitionSpec.identity(metadata().partitionColumns());
    }

    @Override
    public Map<String, String> properties() {
        return metadata().configuration();
    }

    /** CHECK constraints ({@code delta.constraints.<name>}) and legacy column invariants. */
    @Override
    public List<io.floe.table.CheckConstraint> checkConstraints() {
        List<io.floe.table.CheckConstraint> out = new ArrayList<>();
        properties().forEach((k, v) -> {
            if (k.startsWith(CONSTRAINT_PREFIX)) {
                out.add(new io.floe.table.CheckConstraint(k.substring(CONSTRAINT_PREFIX.length()), v));
            }
        });
        for (io.floe.types.StructField f : schema().fields()) {
            Object inv = f.metadata().get("delta.invariants");
            if (inv != null) {
                try {
                    String expr = DeltaJson.MAPPER.readTree(inv.toString()).path("expression").path("expression").asText();
                    out.add(new io.floe.table.CheckConstraint("invariant on " + f.name(), expr));
                } catch (Exception e) {
                    throw new FloeException("unreadable column invariant on " + f.name() + ": " + inv);
                }
            }
        }
        return out;
    }

    static final String CONSTRAINT_PREFIX = "delta.constraints.";

    private boolean columnMappingOn(Map<String, String> config) {
        return !"none".equals(config.getOrDefault(DeltaConfig.COLUMN_MAPPING_MODE, "none"));
    }

    /** New fields get a column-mapping id and physical name when the table maps columns. */
    @Override
    public DeltaTransaction updateSchema(io.floe.types.StructType schema) {
        GeneratedColumnDependencies.checkSchemaChange(log.tableUri(), schema(), schema);
        Map<String, String> config = new LinkedHashMap<>(properties());
        // type changes must be widenings (recorded in delta.typeChanges), drops need column mapping
        SchemaChanges.Result changes = SchemaChanges.apply(log.tableUri(), schema(), schema, config, metadata().partitionColumns(),
                checkConstraints());
        schema = changes.schema();
        if (changes.widened()) {
            Protocol p = TableFeatures.withFeature(protocol(), "typeWidening");
            if (!p.equals(protocol())) {
                updateProtocol(p);
            }
        }
        if (columnMappingOn(config)) {
            // new fields, nested ones too, get ids and physical names; unmapped nested fields of older Floe tables
            // get their own names as physical names (what their files use)
            ColumnMapping.Mapped mapped = ColumnMapping.assign(schema, schema(), false,
                    Long.parseLong(config.getOrDefault(MAX_COLUMN_ID, "0")));
            config.put(MAX_COLUMN_ID, String.valueOf(mapped.maxColumnId()));
            schema = mapped.schema();
        }
        if (TableFeatures.anyType(schema, t -> t == io.floe.types.PrimitiveType.TIMESTAMP_NTZ)) {
            Protocol p = TableFeatures.withFeature(protocol(), "timestampNtz"); // a new TIMESTAMP_NTZ column needs it
            if (!p.equals(protocol())) {
                updateProtocol(p);
            }
        }
        return updateMetadata(metadata().withSchemaString(SchemaJson.toJson(schema)).withConfiguration(config));
    }

    /** Renames need column mapping: data files keep the old physical name, the schema gets the new logical one. */
    @Override
    public DeltaTransaction renameColumn(String from, String to) {
        GeneratedColumnDependencies.checkAlter(log.tableUri(), schema(), from);
        Map<String, String> config = new LinkedHashMap<>(properties());
        io.floe.types.StructType schema = schema();
        if (!columnMappingOn(config)) {
            schema = enableNameMapping(schema, config);
        } else if (!"name".equals(config.get(DeltaConfig.COLUMN_MAPPING_MODE)) && !"id".equals(config.get(DeltaConfig.COLUMN_MAPPING_MODE))) {
            throw new FloeException("table " + log.tableUri() + ": renaming columns under column mapping mode "
                    + config.get(DeltaConfig.COLUMN_MAPPING_MODE) + " is not supported");
        }
        List<io.floe.types.StructField> fields = new ArrayList<>();
        for (io.floe.types.StructField g : schema.fields()) {
            fields.add(g.name().equalsIgnoreCase(from) ? g.withName(to) : g);
        }
        return updateMetadata(metadata().withSchemaString(SchemaJson.toJson(new io.floe.types.StructType(fields)))
                .withConfiguration(config));
    }

    /**
     * Turns on column mapping mode 'name' for an unmapped table: every column keeps its name as its physical name (the
     * data files stay as they are) and gets an id; the protocol gets columnMapping. Returns the mapped schema.
     */
    private io.floe.types.StructType enableNameMapping(io.floe.types.StructType schema, Map<String, String> config) {
        // every field, nested ones too, gets an id; positional ids from parsing are not mapping ids
        ColumnMapping.Mapped mapped = ColumnMapping.assign(schema, null, true, 0);
        config.put(DeltaConfig.COLUMN_MAPPING_MODE, "name");
        config.put(MAX_COLUMN_ID, String.valueOf(mapped.maxColumnId()));
        updateProtocol(TableFeatures.withFeature(protocol(), "columnMapping"));
        return mapped.schema();
    }

    /**
     * ALTER TABLE SET / UNSET TBLPROPERTIES. Every property set is checked first ({@link TableProperties#validate}):
     * an invalid value, an unknown Delta property or one needing a feature Floe cannot keep fails before anything is
     * written. Protocol properties raise the protocol and are not stored; delta.appendOnly and
     * delta.enableChangeDataFeed set to true add their feature to the protocol where it lacks it.
     */
    @Override
    public DeltaTransaction updateProperties(Map<String, String> set, java.util.Collection<String> unset) {
        String table = log.tableUri();
        Map<String, String> canonical = new LinkedHashMap<>();
        for (var e : set.entrySet()) {
            String k = TableProperties.canonicalKey(e.getKey());
            if (k.startsWith(CONSTRAINT_PREFIX)) {
                throw new FloeException("use ALTER TABLE … ADD CONSTRAINT to add constraints");
            }
            if (k.equals(DeltaConfig.COLUMN_MAPPING_MODE) && "name".equals(e.getValue())
                    && !columnMappingOn(properties())) {
                continue; // turning on mode 'name' (as Spark allows): handled below, with the schema
            }
            if ((k.equals(DeltaConfig.COLUMN_MAPPING_MODE) && !e.getValue().equals(properties().get(k))) || k.equals(MAX_COLUMN_ID)) {
                throw new FloeException("table " + table + ": changing " + k + " is not supported"
                        + (k.equals(MAX_COLUMN_ID) ? "" : " except from 'none' to 'name'"));
            }
            TableProperties.validate(table, k, e.getValue());
            canonical.put(k, e.getValue());
        }
        Map<String, String> config = new LinkedHashMap<>(properties());
        canonical.forEach((k, v) -> {
            if (!TableProperties.isProtocolProperty(k)) {
                config.put(k, v);
            }
        });
        for (String k : unset) {
            if (TableProperties.canonicalKey(k).equals(DeltaConfig.COLUMN_MAPPING_MODE) && columnMappingOn(properties())) {
                throw new FloeException("table " + table + ": column mapping cannot be turned off by unsetting " + k);
            }
            config.remove(k);
            config.remove(TableProperties.canonicalKey(k));
        }
        Protocol p = TableProperties.applyProtocolProperties(table, protocol(), canonical, false);
        for (String feature : TableProperties.featuresSet(canonical)) {
            p = TableFeatures.withFeature(p, feature);
        }
        RowTracking.checkNotSuspendedAndEnabled(table, config);
        io.floe.types.StructType mappedSchema = null;
        if (set.entrySet().stream().anyMatch(e -> TableProperties.canonicalKey(e.getKey()).equals(DeltaConfig.COLUMN_MAPPING_MODE)
                && "name".equals(e.getValue())) && !columnMappingOn(properties())) {
            if (!p.equals(protocol())) {
                updateProtocol(p);
            }
            mappedSchema = enableNameMapping(schema(), config);
            p = protocol();
        }
        boolean enablingRowTracking = RowTracking.enabled(config) && !RowTracking.enabled(properties());
        if (!p.equals(protocol())) {
            updateProtocol(p);
        }
        Metadata m = metadata().withConfiguration(enablingRowTracking ? RowTracking.withMaterializedColumnNames(config) : config);
        updateMetadata(mappedSchema == null ? m : m.withSchemaString(SchemaJson.toJson(mappedSchema)));
        if (enablingRowTracking && readSnapshot != null) {
            backfillRowIds();
        }
        return this;
    }

    /**
     * Row tracking turned on for a table with files: every live file must have row ids in the version that turns it
     * on, so those without are committed again (no data change) and get ids with this commit. The whole table is
     * read: a concurrent writer's new files would lack ids, and a file removed meanwhile must not come back.
     */
    private void backfillRowIds() {
        readWholeTable(); // even when empty: a concurrent append (made without row ids) must not land before this commit
        List<AddFile> missing = readSnapshot.addFiles().stream().filter(a -> a.baseRowId() == null).toList();
        for (AddFile a : missing) {
            RowTracking.numRecords(a, log.tableUri()); // refuse before committing anything
            AddFile again = new AddFile(a.path(), a.partitionValues(), a.size(), a.modificationTime(), false, a.stats(), a.tags(),
                    a.deletionVector(), null, null, a.clusteringProvider());
            adds.put(DeltaSnapshot.fileKey(a.path(), a.deletionVector()), again);
        }
    }

    static final String MAX_COLUMN_ID = "delta.columnMapping.maxColumnId";

    @Override
    public DeltaTransaction addCheckConstraint(String name, String expression) {
        Map<String, String> config = new LinkedHashMap<>(properties());
        config.put(CONSTRAINT_PREFIX + name.toLowerCase(java.util.Locale.ROOT), expression);
        Protocol p = protocol();
        Protocol upgraded = TableFeatures.withFeature(p, "checkConstraints");
        if (!upgraded.equals(p)) {
            updateProtocol(upgraded);
        }
        return updateMetadata(metadata().withConfiguration(config));
    }

    @Override
    public DeltaTransaction dropCheckConstraint(String name) {
        Map<String, String> config = new LinkedHashMap<>(properties());
        config.remove(CONSTRAINT_PREFIX + name.toLowerCase(java.util.Locale.ROOT));
        return updateMetadata(metadata().withConfiguration(config));
    }

    @Override
    public DeltaTransaction restoreMetadata(io.floe.table.Snapshot target) {
        Metadata restored = ((DeltaSnapshot) target).metadata();
        Map<String, String> config = new LinkedHashMap<>(restored.configuration());
        // Features that describe the log itself stay as they are: an older version's metadata would turn in-commit
        // timestamps off behind readers' backs (or lose when they started) and give row tracking new column names.
        for (var e : properties().entrySet()) {
            if (KEPT_BY_RESTORE.contains(e.getKey()) || e.getKey().startsWith(ROW_TRACKING_PREFIX)) {
                config.put(e.getKey(), e.getValue());
            }
        }
        // identity values given since the restored version stay given: the marks never move back
        io.floe.types.StructType schema = SchemaJson.parse(restored.schemaString());
        io.floe.types.StructType marked = GeneratedColumnDependencies.keepHighWaterMarks(schema, schema());
        if (marked != schema) {
            restored = restored.withSchemaString(SchemaJson.toJson(marked));
        }
        return updateMetadata(restored.withConfiguration(config));
    }

    private static final Set<String> KEPT_BY_RESTORE = Set.of(DeltaConfig.ENABLE_ICT, DeltaConfig.ICT_ENABLEMENT_VERSION,
            DeltaConfig.ICT_ENABLEMENT_TIMESTAMP);
    static final String ROW_TRACKING_PREFIX = "delta.rowTracking.";

    @Override
    public Optional<Long> applicationVersion(String appId) {
        return txnVersion(appId);
    }

    @Override
    public DeltaTransaction setApplicationVersion(String appId, long version) {
        return setTxn(appId, version);
    }

    public Metadata metadata() {
        return newMetadata != null ? newMetadata : readSnapshot == null ? null : readSnapshot.metadata();
    }

    public Protocol protocol() {
        return newProtocol != null ? newProtocol : readSnapshot == null ? null : readSnapshot.protocol();
    }

    private boolean isBlindAppend() {
        return !readWholeTable && readPredicates.isEmpty() && readFileKeys.isEmpty() && removes.isEmpty()
                && newMetadata == null && newProtocol == null && adds.values().stream().allMatch(AddFile::dataChange);
    }

    private boolean rowLevelChange() {
        return !pendingDeletes.isEmpty() || removes.values().stream().anyMatch(RemoveFile::dataChange);
    }

    // ------------------------------------------------------------ commit

    /**
     * Commits the staged actions as the next version.
     *
     * @throws io.floe.table.ConcurrentModificationException a concurrent commit conflicts (nothing committed)
     * @throws CommitStateUnknownException the outcome is unknown; files are kept
     */
    @Override
    public CommitResult commit(Operation op) {
        if (committed) {
            throw new IllegalStateException("transaction already committed");
        }
        Metadata meta = metadata();
        Protocol proto = protocol();
        if (meta == null || proto == null) {
            throw new FloeException("table " + log.tableUri() + " does not exist: a new table's first commit needs metadata and protocol");
        }
        // identity values written by this commit move their columns' high-water marks in the same commit; computed once:
        // a concurrent commit that moved a mark changed the metadata, which fails this one rather than rebasing it
        io.floe.types.StructType marked = IdentityHighWaterMarks.after(log.tableUri(), schema(), meta.partitionColumns(), adds.values());
        if (marked != null) {
            meta = meta.withSchemaString(SchemaJson.toJson(marked));
            updateMetadata(meta);
        }
        TableFeatures.checkWritable(log.tableUri(), proto, meta, adds.values().stream().anyMatch(AddFile::dataChange),
                rowLevelChange(), enforcesConstraints, writesChangeData);
        stageDeletionVectors(); // after the checks: a refused commit leaves no vector file behind
        if (readSnapshot == null && newProtocol == null) {
            newProtocol = proto;
        }
        String txnId = UUID.randomUUID().toString();
        long version = readVersion() + 1;
        previousCommitTimestamp = readSnapshot == null ? null : readSnapshot.timestamp();
        rowIdHighWaterMark = readSnapshot == null ? RowTracking.NONE : RowTracking.highWaterMark(readSnapshot.domains());
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long now = System.currentTimeMillis();
            List<Action> actions = actions(op, txnId, now, version);
            byte[] bytes = DeltaJson.encodeCommit(actions);
            String key = log.logPrefix() + LogFile.commitName(version);
            Put put;
            try {
                put = putWithBackoff(key, bytes); // an unknown outcome settled by reading (the bytes carry txnId)
            } catch (OutcomeUnknownException e) {
                throw new CommitStateUnknownException(log.tableUri(), version, e);
            }
            if (put.created()) {
                committed = true;
                postCommit(version, actions, now);
                Long ict = DeltaLog.inCommitTimestamp(actions);
                return new CommitResult(version, attempt, ict != null ? ict : now);
            }
            if (readSnapshot == null) {
                throw new TableAlreadyExistsException("table " + log.tableUri() + " was created concurrently (version 0 exists)");
            }
            io.floe.table.LostRacePause.pause(attempt, put.lastTryNanos(), LOST_RACE_PAUSE); // scaled by the store's latency
            version = checkConflictsFrom(version) + 1;
        }
        throw new io.floe.table.CommitRetriesExhaustedException(log.tableUri(), version - 1, maxAttempts);
    }

    /** Upper bound of the pause after a lost race, in conditional PUT latencies (doubling with each further loss, to 16x). */
    static final int LOST_RACE_PAUSE = 8;

    /**
     * Whether the commit file was created, and how long the try that answered took: the lost-race pause is scaled by
     * it, so the throttling sleeps before it must not count (after one the pause would hit its cap). Timed is the
     * whole last putIfAbsentSettled, the finest this layer sees: one conditional PUT, unless its outcome was unknown
     * and settled by a read (and perhaps a resend after a 25-100 ms pause), rare enough that the pause it lengthens
     * does not matter. A store's own retries of a throttled request (S3 retries it itself, as only it knows that a 412
     * after a 503 may be our own object) are inside it too.
     */
    private record Put(boolean created, long lastTryNanos) {
    }

    /**
     * Throttling that putIfAbsentSettled reports was not applied (nothing there), so repeating it is safe; anything else
     * goes to the caller. A throttled try applied behind an intermediary's 503 is settled there, not here: the store
     * reports it, and a later refusal of the same bytes, as an unknown outcome that a read of the key decides.
     */
    private Put putWithBackoff(String key, byte[] bytes) {
        for (int attempt = 0; ; attempt++) {
            long started = System.nanoTime();
            try {
                return new Put(log.store().putIfAbsentSettled(key, bytes), System.nanoTime() - started);
            } catch (io.floe.storage.StorageException e) {
                if (!e.retryable() || e instanceof OutcomeUnknownException || attempt >= 8) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(2000, 20L << attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * The timestamp of the version before the one being attempted: its inCommitTimestamp, or its file's modification
     * time when it has none (an in-commit timestamp must exceed both). Null when creating the table.
     */
    private Long previousCommitTimestamp;

    /** The actions of an attempt to commit as {@code version}; what depends on the version is computed here. */
    private List<Action> actions(Operation op, String txnId, long now, long version) {
        List<Action> out = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>(op.parameters());
        Map<String, Object> metrics = new LinkedHashMap<>(op.metrics());
        Metadata meta = newMetadata;
        Long ict = null;
        if (DeltaConfig.inCommitTimestamps(metadata().configuration())) {
            // monotonic across writers: after the previous commit's timestamp even when this clock is behind
            ict = previousCommitTimestamp == null ? now : Math.max(now, previousCommitTimestamp + 1);
            if (readSnapshot != null && !DeltaConfig.inCommitTimestamps(readSnapshot.properties())) {
                // turned on by this commit: older commits have none, so readers must know where they start
                Map<String, String> config = new LinkedHashMap<>(meta.configuration());
                config.put(DeltaConfig.ICT_ENABLEMENT_VERSION, String.valueOf(version));
                config.put(DeltaConfig.ICT_ENABLEMENT_TIMESTAMP, String.valueOf(ict));
                meta = meta.withConfiguration(config);
            }
        }
        // commitInfo first: in-commit timestamps require it
        CommitInfo info = new CommitInfo(now, op.name(), params, metrics, readSnapshot == null ? null : readSnapshot.version(),
                isolation.deltaName(), isBlindAppend(), ENGINE_INFO, txnId, ict);
        out.add(info);
        if (newProtocol != null) {
            out.add(newProtocol);
        }
        if (meta != null) {
            out.add(meta);
        }
        out.addAll(txns.values());
        out.addAll(domains);
        List<AddFile> addActions = new ArrayList<>(adds.values());
        if (RowTracking.assigns(protocol(), metadata())) {
            // assigned per attempt: a rebase starts above the high-water mark the winners left
            long hwm = rowIdHighWaterMark;
            boolean fresh = false;
            for (int i = 0; i < addActions.size(); i++) {
                AddFile a = addActions.get(i);
                AddFile before = a.baseRowId() != null ? a : previousAdd(a);
                if (before != null && before.baseRowId() != null) {
                    // a file re-added with a deletion vector carries its ids already;
                    // recommitted (RESTORE, re-add): the ids of the last add of that file
                    a = RowTracking.withRowIds(a, before.baseRowId(), before.defaultRowCommitVersion() != null
                            ? before.defaultRowCommitVersion() : version);
                } else {
                    long base = hwm + 1;
                    hwm += RowTracking.numRecords(a, log.tableUri());
                    a = RowTracking.withRowIds(a, base, version);
                    fresh = true;
                }
                addActions.set(i, a);
            }
            if (hwm != rowIdHighWaterMark) {
                out.add(RowTracking.domain(hwm));
            }
            if (RowTracking.enabled(metadata().configuration())) {
                // rows copied into new files keep their ids only where the writer materialized them; else say the
                // stable ids changed (the protocol's tag)
                info.tag(RowTracking.PRESERVED_TAG, String.valueOf(preservesRowIds || !(fresh && !removes.isEmpty())));
            }
        }
        out.addAll(removes.values());
        out.addAll(addActions);
        out.addAll(cdcFiles);
        return out;
    }

    /** The highest row id assigned as of the version this attempt follows (row tracking). */
    private long rowIdHighWaterMark = RowTracking.NONE;

    /** The last add of the same file in the read snapshot (live, or removed within tombstone retention), or null. */
    private AddFile previousAdd(AddFile a) {
        if (readSnapshot == null) {
            return null;
        }
        String key = DeltaSnapshot.fileKey(a.path(), a.deletionVector());
        AddFile live = readSnapshot.liveAdd(key);
        if (live != null) {
            return live;
        }
        RemoveFile r = readSnapshot.tombstone(key);
        return r == null ? null : RowTracking.withRowIds(a, r.baseRowId(), r.defaultRowCommitVersion());
    }

    /**
     * Reads the commits from {@code from} to the current latest and checks each against this transaction.
     * @return the latest version seen (the next attempt goes after it)
     */
    private long checkConflictsFrom(long from) {
        long v = from;
        while (true) {
            Optional<DeltaLog.TimedCommit> winner = log.readTimedVersion(v);
            if (winner.isEmpty()) {
                return v - 1;
            }
            checkConflicts(v, winner.get().actions());
            previousCommitTimestamp = winner.get().timestamp();
            v++;
        }
    }

    private void checkConflicts(long winningVersion, List<Action> winner) {
        String table = log.tableUri();
        boolean winnerBlindAppend = false;
        List<AddFile> winnerAdds = new ArrayList<>();
        List<RemoveFile> winnerRemoves = new ArrayList<>();
        for (Action a : winner) {
            if (a instanceof Protocol) {
                throw new ProtocolChangedException(table, winningVersion, "upgraded by the concurrent commit");
            } else if (a instanceof Metadata) {
                throw new MetadataChangedException(table, winningVersion, "changed by the concurrent commit");
            } else if (a instanceof CommitInfo ci) {
                winnerBlindAppend = Boolean.TRUE.equals(ci.isBlindAppend());
            } else if (a instanceof AddFile add) {
                winnerAdds.add(add);
            } else if (a instanceof RemoveFile r) {
                winnerRemoves.add(r);
            } else if (a instanceof DomainMetadata d && d.domain().equals(RowTracking.DOMAIN) && !d.removed()) {
                // row ids the winner assigned: ours go above them (Delta's rule too), no conflict
                rowIdHighWaterMark = Math.max(rowIdHighWaterMark, RowTracking.highWaterMark(d));
            } else if (a instanceof DomainMetadata d && domains.stream().anyMatch(x -> x.domain().equals(d.domain()))) {
                // both commits set one domain (e.g. delta.clustering by two ALTER … CLUSTER BY): one would silently win
                throw new MetadataChangedException(table, winningVersion, "domain " + d.domain() + " changed by the concurrent commit");
            } else if (a instanceof SetTransaction t && readAppIds.contains(t.appId())) {
                throw new ConcurrentTransactionException(table, winningVersion, "appId " + t.appId() + " version " + t.version());
            }
        }
        // WriteSerializable: concurrent blind appends do not invalidate what we read, unless we change metadata.
        boolean checkBlindAppends = isolation == IsolationLevel.SERIALIZABLE || newMetadata != null;
        if (checkBlindAppends || !winnerBlindAppend) {
            Set<String> winnerRemovedPaths = new HashSet<>();
            winnerRemoves.forEach(r -> winnerRemovedPaths.add(io.floe.storage.TablePaths.canonical(r.path())));
            for (AddFile add : winnerAdds) {
                if (!add.dataChange()) {
                    continue;
                }
                if (add.deletionVector() != null && winnerRemovedPaths.contains(io.floe.storage.TablePaths.canonical(add.path()))) {
                    // a file re-added with a (larger) deletion vector holds no new rows; if this transaction read the
                    // file, the winner's remove of its old entry conflicts below
                    continue;
                }
                DataFile f = DeltaSnapshot.toDataFile(add, schemaOf(metadata()), metadata().partitionColumns());
                if (readWholeTable || readPredicates.stream().anyMatch(p -> p.test(f))) {
                    throw new ConcurrentAppendException(table, winningVersion, "added file " + add.path());
                }
            }
        }
        Map<String, RemoveFile> theirRemoves = new HashMap<>();
        winnerRemoves.forEach(r -> theirRemoves.put(DeltaSnapshot.fileKey(r.path(), r.deletionVector()), r));
        for (String k : theirRemoves.keySet()) {
            if (readFileKeys.contains(k) || (readWholeTable && !theirRemoves.isEmpty())) {
                throw new ConcurrentDeleteReadException(table, winningVersion, "removed file " + theirRemoves.get(k).path());
            }
            if (removes.containsKey(k)) {
                throw new ConcurrentDeleteDeleteException(table, winningVersion, "file " + theirRemoves.get(k).path());
            }
        }
    }

    private void postCommit(long version, List<Action> actions, long attemptStartedMillis) {
        DeltaSnapshot s;
        try {
            s = log.committed(version, actions, attemptStartedMillis, attemptStartedMillis);
            if (s == null) {
                s = log.update();
            }
        } catch (RuntimeException e) {
            DeltaLog.LOG.log(System.Logger.Level.WARNING, "committed version " + version + " of " + log.tableUri()
                    + " but could not reload it: " + e);
            return;
        }
        int interval = DeltaConfig.checkpointInterval(s.metadata());
        if (interval > 0 && version > 0 && version % interval == 0 && log.dataPlane() != null) {
            try {
                DeltaSnapshot at = s.version() == version ? s : log.snapshotAt(version);
                log.checkpoint(at);
                log.cleanupExpiredLogs(at, System.currentTimeMillis());
            } catch (RuntimeException e) {
                // The commit is durable; a missing checkpoint only costs replay time.
                DeltaLog.LOG.log(System.Logger.Level.WARNING, "checkpoint of " + log.tableUri() + " at version " + version
                        + " failed: " + e);
            }
        }
    }
}
