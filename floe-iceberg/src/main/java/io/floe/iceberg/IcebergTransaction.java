package io.floe.iceberg;

import io.floe.table.CheckConstraint;
import io.floe.table.CommitResult;
import io.floe.table.CommitStateUnknownException;
import io.floe.table.ConcurrentAppendException;
import io.floe.table.ConcurrentDeleteDeleteException;
import io.floe.table.ConcurrentDeleteReadException;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.MetadataChangedException;
import io.floe.table.Operation;
import io.floe.table.PartitionSpec;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.table.Snapshot;
import io.floe.table.TableAlreadyExistsException;
import io.floe.table.TableDefinition;
import io.floe.table.TableNotFoundException;
import io.floe.table.Transaction;
import io.floe.types.DataType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.Transactions;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.util.ContentFileUtil;
import org.apache.iceberg.util.DataFileSet;
import org.apache.iceberg.util.DeleteFileSet;
import org.apache.iceberg.util.SnapshotUtil;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A Floe transaction on an Iceberg table. Reads are recorded as Floe's predicates over data files; the commit turns
 * the added and removed files into Iceberg's own snapshot producers (append, overwrite, or rewrite for changes that
 * move rows without changing them), schema changes into {@link UpdateSchema} and properties into
 * {@link UpdateProperties}, all in one Iceberg transaction committed through {@link IcebergOperations}.
 *
 * <p>Losing a race never retries blindly inside Iceberg: the commit is rebased here, after checking what the winning
 * snapshots did against what this transaction read (data files added that a read predicate selects, files removed
 * that it read or removes, schema changes under a schema change), and fails with the typed conflict naming the
 * winning snapshot.
 */
final class IcebergTransaction implements Transaction {
    /**
     * As Delta's: a writer gives up only when it never gets a turn. 100 was too few for 8 writers on S3, where one of
     * them lost 100 races in a row (W6 with --format iceberg --warehouse s3 failed; with this bound none lost).
     */
    static final int MAX_ATTEMPTS = 10_000;

    /** {@link #MAX_ATTEMPTS}, per transaction so that a test can reach it. */
    int maxAttempts = MAX_ATTEMPTS;

    private final IcebergTable table;
    private final IcebergSnapshot read;
    private final TableDefinition creating;
    private Schema createSchema;
    private StructType schema;
    private PartitionSpec spec;
    private Map<String, String> properties;
    private final List<Consumer<UpdateSchema>> schemaSteps = new ArrayList<>();
    private final Map<String, String> setProps = new LinkedHashMap<>();
    private final Set<String> unsetProps = new HashSet<>();
    private final List<DataFile> adds = new ArrayList<>();
    private final Map<String, DataFile> removes = new LinkedHashMap<>();
    private boolean readAll;
    private final List<Predicate<DataFile>> readPredicates = new ArrayList<>();
    private final Set<String> readPaths = new HashSet<>();
    private final Map<String, Long> appVersions = new LinkedHashMap<>();
    /** Rows this transaction marks deleted (merge-on-read), by data file path: positions ascending. */
    private final Map<String, long[]> rowDeletes = new LinkedHashMap<>();
    /** The delete files written for {@link #rowDeletes}, once (a rebased attempt commits the same files). */
    private IcebergDeleteFiles.Written writtenDeletes;

    /** A transaction on an existing table, reading {@code read}. */
    IcebergTransaction(IcebergTable table, IcebergSnapshot read) {
        this.table = table;
        this.read = read;
        this.creating = null;
        this.schema = read.schema();
        this.spec = read.partitionSpec();
        this.properties = read.properties();
    }

    /** The transaction creating the table. */
    IcebergTransaction(IcebergTable table, TableDefinition definition) {
        this.table = table;
        this.read = null;
        this.creating = definition;
        this.createSchema = IcebergSchemas.newSchema(definition.schema());
        this.schema = IcebergSchemas.toFloe(createSchema);
        this.spec = IcebergSchemas.toFloe(IcebergSchemas.toIceberg(definition.partitionSpec(), createSchema));
        this.properties = definition.properties();
        IcebergProperties.validate(table.name(), properties);
    }

    @Override
    public Optional<? extends Snapshot> readSnapshot() {
        return Optional.ofNullable(read);
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return spec;
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public List<CheckConstraint> checkConstraints() {
        return List.of(); // Iceberg has no CHECK constraints; NOT NULL is the schema's required fields
    }

    @Override
    public List<DataFile> readWholeTable() {
        readAll = true;
        List<DataFile> files = read == null ? List.of() : read.files();
        files.forEach(f -> readPaths.add(f.path()));
        return files;
    }

    @Override
    public List<DataFile> readFiles(Predicate<DataFile> filter) {
        readPredicates.add(filter);
        List<DataFile> files = read == null ? List.of() : read.files().stream().filter(filter).toList();
        files.forEach(f -> readPaths.add(f.path()));
        return files;
    }

    @Override
    public Transaction add(DataFile f) {
        adds.add(f);
        return this;
    }

    @Override
    public Transaction remove(DataFile f, boolean dataChange) {
        removes.put(f.path(), f.withDataChange(dataChange));
        return this;
    }

    /**
     * Marks rows of {@code file} deleted. With no positions it restates the file's existing deletes in the table's
     * preferred form (one file-scoped position delete file, or one deletion vector): what rewrite_position_delete_files
     * asks of every file, and a commit that restates anything also drops delete files no live data file uses.
     */
    @Override
    public Transaction deleteRows(DataFile file, long[] positions) {
        requireExisting("deleting rows");
        if (read.metadata().formatVersion() < 2) {
            throw new ProtocolNotSupportedException(table.name(), "row-level deletes in format v1",
                    "Iceberg format v1 has no delete files; upgrade with 'format-version' = '2'");
        }
        long[] sorted = positions.clone();
        java.util.Arrays.sort(sorted);
        rowDeletes.merge(file.path(), sorted, io.floe.table.RowPositions::union);
        return this;
    }

    // ------------------------------------------------------------------ metadata changes

    @Override
    public Transaction updateSchema(StructType target) {
        requireExisting("changing the schema");
        List<Consumer<UpdateSchema>> steps = new ArrayList<>();
        diff(List.of(), schema, target, steps);
        reorder(schema, target, steps);
        if (!steps.isEmpty()) {
            schemaSteps.addAll(steps);
            schema = predictSchema();
        }
        return this;
    }

    @Override
    public Transaction renameColumn(String from, String to) {
        requireExisting("renaming a column");
        if (properties.containsKey(IcebergTable.CONVERTED_FROM)) {
            throw new FloeException("columns of Iceberg table " + table.name() + " cannot be renamed: it was converted from "
                    + properties.get(IcebergTable.CONVERTED_FROM) + " and its files are read by column name");
        }
        StructField f = schema.field(from).orElseThrow(() -> new FloeException("column " + from + " does not exist in " + schema.fieldNames()));
        schemaSteps.add(u -> u.renameColumn(f.name(), to));
        schema = predictSchema();
        return this;
    }

    /** The steps that turn {@code from} into {@code to}, matched by name (case-insensitively, as Spark resolves). */
    private void diff(List<String> path, StructType from, StructType to, List<Consumer<UpdateSchema>> steps) {
        for (StructField old : from.fields()) {
            if (to.field(old.name()).isEmpty()) {
                String name = dotted(path, old.name());
                steps.add(u -> u.deleteColumn(name));
            }
        }
        for (StructField nf : to.fields()) {
            Optional<StructField> old = from.field(nf.name());
            String name = dotted(path, nf.name());
            if (old.isEmpty()) {
                Type t = IcebergSchemas.type(nf.type(), new AtomicInteger(1_000_000));
                Object comment = nf.metadata().get(IcebergSchemas.COMMENT);
                String parent = path.isEmpty() ? null : String.join(".", path);
                steps.add(u -> u.addColumn(parent, nf.name(), t, comment == null ? null : comment.toString()));
                continue;
            }
            StructField o = old.get();
            DataType ot = IcebergSchemas.normalize(o.type());
            DataType nt = IcebergSchemas.normalize(nf.type());
            if (ot instanceof StructType os && nt instanceof StructType ns) {
                List<String> sub = new ArrayList<>(path);
                sub.add(o.name());
                diff(sub, os, ns, steps);
            } else if (!sameType(ot, nt)) {
                Type t = IcebergSchemas.type(nt, new AtomicInteger(1_000_000));
                if (!t.isPrimitiveType()) {
                    throw new FloeException("column " + name + " cannot change type from " + ot.simpleString() + " to " + nt.simpleString());
                }
                steps.add(u -> u.updateColumn(name, t.asPrimitiveType()));
            }
            if (nf.nullable() && !o.nullable()) {
                steps.add(u -> u.makeColumnOptional(name));
            } else if (!nf.nullable() && o.nullable()) {
                throw new FloeException("column " + name + " cannot become NOT NULL: existing Iceberg data files may hold nulls");
            }
            Object oc = o.metadata().get(IcebergSchemas.COMMENT);
            Object nc = nf.metadata().get(IcebergSchemas.COMMENT);
            if (nc != null && !nc.equals(oc)) {
                steps.add(u -> u.updateColumnDoc(name, nc.toString()));
            }
        }
    }

    /** Moves that give the top-level columns the target's order (Iceberg's moveFirst / moveAfter), when it differs. */
    private static void reorder(StructType from, StructType to, List<Consumer<UpdateSchema>> steps) {
        List<String> kept = new ArrayList<>();
        for (StructField f : from.fields()) {
            to.field(f.name()).ifPresent(n -> kept.add(f.name().toLowerCase(Locale.ROOT)));
        }
        List<String> wanted = new ArrayList<>();
        for (StructField f : to.fields()) {
            if (from.field(f.name()).isPresent()) {
                wanted.add(f.name().toLowerCase(Locale.ROOT));
            }
        }
        boolean appendedOnly = to.fields().size() >= kept.size()
                && to.fields().subList(0, kept.size()).stream().allMatch(f -> from.field(f.name()).isPresent());
        if (kept.equals(wanted) && appendedOnly) {
            return; // same order, new columns at the end: what Iceberg's addColumn does anyway
        }
        String prev = null;
        for (StructField f : to.fields()) {
            String name = from.field(f.name()).map(StructField::name).orElse(f.name());
            String after = prev;
            steps.add(after == null ? u -> u.moveFirst(name) : u -> u.moveAfter(name, after));
            prev = name;
        }
    }

    /** Types equal ignoring field ids and nullability of nested elements (what {@link #diff} compares). */
    private static boolean sameType(DataType a, DataType b) {
        return IcebergSchemas.type(a, new AtomicInteger()).equals(IcebergSchemas.type(b, new AtomicInteger()))
                || a.simpleString().equals(b.simpleString());
    }

    private static String dotted(List<String> path, String name) {
        return path.isEmpty() ? name : String.join(".", path) + "." + name;
    }

    /** The schema the steps give on the read metadata, ids assigned by Iceberg's own schema update. */
    private StructType predictSchema() {
        UpdateSchema u = new BaseTable(new FrozenOperations(read.metadata(), table.operations().io()), table.name()).updateSchema();
        schemaSteps.forEach(s -> s.accept(u));
        try {
            return IcebergSchemas.toFloe(u.apply());
        } catch (IllegalArgumentException | IllegalStateException | ValidationException e) {
            throw new FloeException("schema change refused for Iceberg table " + table.name() + ": " + e.getMessage());
        }
    }

    @Override
    public Transaction updateProperties(Map<String, String> set, Collection<String> unset) {
        requireExisting("changing properties");
        IcebergProperties.validate(table.name(), set);
        String fv = set.get(org.apache.iceberg.TableProperties.FORMAT_VERSION);
        if (fv != null && Integer.parseInt(fv.trim()) < read.metadata().formatVersion()) {
            throw new FloeException("Iceberg table " + table.name() + " is format v" + read.metadata().formatVersion()
                    + " and cannot be downgraded to v" + fv.trim() + ": a format version only goes up");
        }
        if (unset.contains(org.apache.iceberg.TableProperties.FORMAT_VERSION)) {
            throw new FloeException("the format-version of Iceberg table " + table.name() + " cannot be unset");
        }
        setProps.putAll(set);
        unsetProps.addAll(unset);
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.putAll(set);
        unset.forEach(p::remove);
        properties = p;
        return this;
    }

    @Override
    public Transaction addCheckConstraint(String name, String expression) {
        throw new ProtocolNotSupportedException(table.name(), "CHECK constraints", "Iceberg tables have no CHECK constraints");
    }

    @Override
    public Transaction dropCheckConstraint(String name) {
        throw new ProtocolNotSupportedException(table.name(), "CHECK constraints", "Iceberg tables have no CHECK constraints");
    }

    @Override
    public Transaction restoreMetadata(Snapshot target) {
        updateSchema(target.schema());
        Map<String, String> set = new LinkedHashMap<>(target.properties());
        set.entrySet().removeIf(e -> e.getValue().equals(properties.get(e.getKey())));
        List<String> unset = properties.keySet().stream().filter(k -> !target.properties().containsKey(k)).toList();
        if (!set.isEmpty() || !unset.isEmpty()) {
            updateProperties(set, unset);
        }
        return this;
    }

    @Override
    public Optional<Long> applicationVersion(String appId) {
        if (appVersions.containsKey(appId)) {
            return Optional.of(appVersions.get(appId));
        }
        if (read == null || read.icebergSnapshot() == null) {
            return Optional.empty();
        }
        return applicationVersion(read.metadata(), read.icebergSnapshot().snapshotId(), appId);
    }

    private static Optional<Long> applicationVersion(TableMetadata m, long fromSnapshot, String appId) {
        for (org.apache.iceberg.Snapshot s : SnapshotUtil.ancestorsOf(fromSnapshot, m::snapshot)) {
            String v = s.summary() == null ? null : s.summary().get(IcebergTable.SUMMARY_APP_PREFIX + appId);
            if (v != null) {
                return Optional.of(Long.parseLong(v));
            }
        }
        return Optional.empty();
    }

    @Override
    public Transaction setApplicationVersion(String appId, long version) {
        appVersions.put(appId, version);
        return this;
    }

    @Override
    public Transaction enforcesConstraints(boolean v) {
        return this;
    }

    @Override
    public Transaction writesChangeData(boolean v) {
        return this;
    }

    private void requireExisting(String what) {
        if (read == null) {
            throw new FloeException(what + " is not possible while creating Iceberg table " + table.name());
        }
    }

    // ------------------------------------------------------------------ commit

    @Override
    public CommitResult commit(Operation op) {
        return creating != null ? commitCreate(op) : commitUpdate(op);
    }

    private CommitResult commitCreate(Operation op) {
        IcebergOperations ops = table.operations();
        Map<String, String> props = new LinkedHashMap<>(creating.properties());
        // Iceberg's default codec, recorded as Iceberg's library records it; Floe's writes honour the property
        props.putIfAbsent("write.parquet.compression-codec", "zstd");
        if (creating.description() != null) {
            props.put("comment", creating.description());
        }
        if (props.containsKey(IcebergTable.CONVERTED_FROM)) {
            // files written by another format carry no field ids: readers (Spark) match their columns by name
            props.put(org.apache.iceberg.TableProperties.DEFAULT_NAME_MAPPING,
                    org.apache.iceberg.mapping.NameMappingParser.toJson(org.apache.iceberg.mapping.MappingUtil.create(createSchema)));
        }
        org.apache.iceberg.PartitionSpec ispec = IcebergSchemas.toIceberg(creating.partitionSpec(), createSchema);
        TableMetadata meta = TableMetadata.newTableMetadata(createSchema, ispec, SortOrder.unsorted(), ops.location(), props);
        IcebergFiles.requireSameIds(schema, meta.schema());
        org.apache.iceberg.Transaction t = Transactions.createTableTransaction(table.name(), new GuardedOperations(ops, null), meta);
        if (!adds.isEmpty()) {
            AppendFiles a = t.newAppend();
            adds.forEach(f -> a.appendFile(IcebergFiles.toIceberg(f, meta.spec(), meta.schema())));
            summarize(a, op);
            a.commit();
        }
        try {
            t.commitTransaction();
        } catch (LostRace e) {
            throw new TableAlreadyExistsException("Iceberg table " + table.location() + " already exists");
        } catch (org.apache.iceberg.exceptions.CommitStateUnknownException e) {
            throw new CommitStateUnknownException(table.name(), 1, e);
        }
        TableMetadata now = ops.current();
        return new CommitResult(now.currentSnapshot() == null ? 0 : now.currentSnapshot().snapshotId(), 1, now.lastUpdatedMillis());
    }

    private CommitResult commitUpdate(Operation op) {
        IcebergOperations ops = table.operations();
        boolean blindAppend = removes.isEmpty() && rowDeletes.isEmpty() && !readAll && readPredicates.isEmpty() && schemaSteps.isEmpty();
        if (!rowDeletes.isEmpty() && writtenDeletes == null) {
            writtenDeletes = writeDeletes();
        }
        boolean committed = false;
        try {
            CommitResult r = commitAttempts(ops, blindAppend, op);
            committed = true;
            return r;
        } catch (CommitStateUnknownException e) {
            committed = true; // the delete files may be referenced: never cleaned up
            throw e;
        } finally {
            if (!committed && writtenDeletes != null && !writtenDeletes.keys().isEmpty()) {
                try {
                    table.store().deleteWithin(table.rootKey(), writtenDeletes.keys());
                } catch (RuntimeException ignored) {
                    // best effort: an unreferenced file, which VACUUM removes
                }
            }
        }
    }

    /**
     * Writes the delete files of {@link #rowDeletes}: for each data file all its deleted positions (the earlier ones
     * and the new). A delete file goes when every live data file it applies to is rewritten here (its rows are all in
     * the new files): the file's own position delete files and vector, and files shared by several data files once all
     * of them are. A commit that restates deletes also drops dangling ones, which apply to no live data file.
     */
    private IcebergDeleteFiles.Written writeDeletes() {
        Map<String, IcebergSnapshot.Entry> byPath = new HashMap<>();
        Map<String, org.apache.iceberg.DeleteFile> applied = new LinkedHashMap<>();
        Map<String, Set<String>> appliesTo = new HashMap<>();
        for (IcebergSnapshot.Entry e : read.entries()) {
            byPath.put(e.floe().path(), e);
            for (org.apache.iceberg.DeleteFile d : e.deletes()) {
                String k = IcebergDeleteFiles.key(d);
                applied.putIfAbsent(k, d);
                appliesTo.computeIfAbsent(k, x -> new HashSet<>()).add(e.floe().path());
            }
        }
        int formatVersion = read.metadata().formatVersion();
        List<IcebergDeleteFiles.Target> targets = new ArrayList<>();
        Set<String> rewritten = new HashSet<>();
        boolean restating = false;
        for (var rd : rowDeletes.entrySet()) {
            IcebergSnapshot.Entry e = byPath.get(rd.getKey());
            if (e == null) {
                throw new FloeException("cannot delete rows of " + rd.getKey() + ": it is not a data file of the snapshot this transaction read");
            }
            if (removes.containsKey(rd.getKey())) {
                throw new FloeException("data file " + rd.getKey() + " is both removed and has rows deleted in one transaction");
            }
            boolean restate = rd.getValue().length == 0;
            restating |= restate;
            if (restate && preferredForm(e, formatVersion)) {
                continue; // nothing to restate
            }
            long[] all = io.floe.table.RowPositions.union(table.deletedRows(e.floe()), rd.getValue());
            if (all.length == 0) {
                // its delete files name none of its rows: nothing to write, and nothing of it lost when they go
                rewritten.add(rd.getKey());
                continue;
            }
            long rows = e.floe().stats().numRecords(); // Iceberg's record count, which every manifest entry has
            if (all.length > 0 && (all[0] < 0 || all[all.length - 1] >= rows)) {
                throw new FloeException("cannot delete rows of " + rd.getKey() + ": positions must be within its " + rows + " rows");
            }
            targets.add(new IcebergDeleteFiles.Target(e, null, all));
            rewritten.add(rd.getKey());
        }
        // Iceberg's model of the files whose rows are deleted: read again from their manifests, only for these
        Map<String, org.apache.iceberg.DataFile> data = read.icebergFiles(targets.stream().map(IcebergDeleteFiles.Target::entry).toList());
        targets.replaceAll(t -> new IcebergDeleteFiles.Target(t.entry(), data.get(t.entry().floe().path()), t.positions()));
        List<org.apache.iceberg.DeleteFile> replaced = new ArrayList<>();
        applied.forEach((k, d) -> {
            if (d.content() == org.apache.iceberg.FileContent.POSITION_DELETES && rewritten.containsAll(appliesTo.get(k))) {
                replaced.add(d);
            }
        });
        if (restating) {
            for (org.apache.iceberg.DeleteFile d : liveDeleteFiles()) {
                if (d.content() == org.apache.iceberg.FileContent.POSITION_DELETES && !appliesTo.containsKey(IcebergDeleteFiles.key(d))) {
                    replaced.add(d);
                }
            }
        }
        return IcebergDeleteFiles.write(table, formatVersion, read.metadata().specsById(), targets, replaced);
    }

    /**
     * Whether a data file's position deletes are none, or already one file-scoped position delete file (v2) or one
     * vector (v3). Equality deletes are not position deletes' business: they stay as they are.
     */
    private static boolean preferredForm(IcebergSnapshot.Entry e, int formatVersion) {
        List<org.apache.iceberg.DeleteFile> positional = e.deletes().stream()
                .filter(d -> d.content() == org.apache.iceberg.FileContent.POSITION_DELETES).toList();
        if (positional.size() != 1) {
            return positional.isEmpty();
        }
        org.apache.iceberg.DeleteFile d = positional.get(0);
        return formatVersion >= 3 ? ContentFileUtil.isDV(d)
                : d.format() == org.apache.iceberg.FileFormat.PARQUET && ContentFileUtil.isFileScoped(d);
    }

    /** Every live delete file of the read snapshot, from its delete manifests. */
    private List<org.apache.iceberg.DeleteFile> liveDeleteFiles() {
        FileIO io = table.operations().io();
        List<org.apache.iceberg.DeleteFile> out = new ArrayList<>();
        for (org.apache.iceberg.ManifestFile m : read.icebergSnapshot().deleteManifests(io)) {
            try (var r = org.apache.iceberg.ManifestFiles.readDeleteManifest(m, io, read.metadata().specsById())) {
                for (org.apache.iceberg.DeleteFile d : r) {
                    out.add(d.copy());
                }
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }
        return out;
    }

    private CommitResult commitAttempts(IcebergOperations ops, boolean blindAppend, Operation op) {
        // manifests and manifest lists that lost attempts wrote: referenced by nothing, deleted together at the end
        List<String> abandoned = new ArrayList<>();
        java.util.concurrent.locks.ReentrantLock gate = ops.gate().lock;
        try {
            for (int attempt = 1; ; attempt++) {
                long lostNanos;
                // this JVM's writers of the table take turns (see CommitGate): none loses to another of them
                gate.lock();
                try {
                    long started = System.nanoTime();
                    // the first attempt builds on what this statement read, or on what a writer of this JVM committed
                    // since (the conditional create of the next metadata file fails if anyone else did); a retry after a
                    // lost race looks again
                    TableMetadata base;
                    if (attempt == 1 && ops.current() != null) {
                        ops.catchUpWithGate();
                        base = ops.current();
                    } else {
                        base = ops.refresh();
                    }
                    CommitResult done = attempt(ops, base, blindAppend, op, attempt, abandoned);
                    if (done != null) {
                        return done;
                    }
                    lostNanos = System.nanoTime() - started;
                } finally {
                    ops.releaseGate();
                }
                io.floe.table.LostRacePause.pause(attempt, lostNanos, LOST_RACE_PAUSE);
            }
        } finally {
            ops.storeIO().deleteUnreferenced(table.rootKey(), abandoned);
        }
    }

    /** One commit attempt on {@code base}: its result, or null when it lost the race (and may retry). */
    private CommitResult attempt(IcebergOperations ops, TableMetadata base, boolean blindAppend, Operation op, int attempt,
                                 List<String> abandoned) {
        if (base == null) {
            throw new TableNotFoundException("Iceberg table " + table.location() + " was dropped");
        }
        if (!blindAppend) {
            checkConflicts(base);
        }
        if (!rowDeletes.isEmpty() && base.formatVersion() != read.metadata().formatVersion()) {
            throw new MetadataChangedException(table.name(), currentId(base), "the table's format version changed concurrently (v"
                    + read.metadata().formatVersion() + " to v" + base.formatVersion() + "), and the row deletes were written for v"
                    + read.metadata().formatVersion());
        }
        if (!schemaSteps.isEmpty() && base.currentSchemaId() != read.metadata().currentSchemaId()) {
            throw new MetadataChangedException(table.name(), currentId(base), "the schema was changed concurrently");
        }
        for (var e : appVersions.entrySet()) {
            Optional<Long> done = base.currentSnapshot() == null ? Optional.empty()
                    : applicationVersion(base, base.currentSnapshot().snapshotId(), e.getKey());
            Optional<Long> seen = applicationVersion(e.getKey());
            if (!done.equals(seen) && done.isPresent() && done.get() >= e.getValue()) {
                throw new io.floe.table.ConcurrentTransactionException(table.name(), currentId(base),
                        "application " + e.getKey() + " committed version " + done.get() + " concurrently");
            }
        }
        GuardedOperations guarded = new GuardedOperations(ops, base);
        org.apache.iceberg.Transaction itx = Transactions.newTransaction(table.name(), guarded);
        // an attempt's files are deleted only when nothing can reference them: it failed before creating its
        // metadata file, or that create was refused (any other failure of the create may hide its landing)
        boolean creating = false;
        boolean lost = false;
        try {
            boolean changed = apply(itx, base, op);
            if (!changed) {
                return new CommitResult(currentId(base), attempt, System.currentTimeMillis());
            }
            creating = true;
            itx.commitTransaction();
            TableMetadata now = ops.current();
            org.apache.iceberg.Snapshot s = now.currentSnapshot();
            return new CommitResult(s == null ? 0 : s.snapshotId(), attempt, s == null ? now.lastUpdatedMillis() : s.timestampMillis());
        } catch (LostRace | ValidationException | CommitFailedException e) {
            lost = true;
            if (attempt >= maxAttempts) {
                throw new io.floe.table.CommitRetriesExhaustedException(table.name(), currentId(ops.refresh()), attempt);
            }
            return null;
        } catch (org.apache.iceberg.exceptions.CommitStateUnknownException e) {
            throw new CommitStateUnknownException(table.name(), ops.currentVersion() + 1, e);
        } finally {
            if (lost || !creating) {
                abandoned.addAll(guarded.written());
            }
        }
    }

    /**
     * Bound of the pause after a lost race, in multiples of the lost attempt's own time (from its refresh to the refused
     * create of the metadata file): the losers of one version spread out instead of all chasing the next at once.
     */
    static final int LOST_RACE_PAUSE = 2; // W6 on S3: 0 gave 18 commits/s (4,474 retries), 1 gave 44/s, 2 gave 46/s

    private static long currentId(TableMetadata m) {
        return m == null || m.currentSnapshot() == null ? 0 : m.currentSnapshot().snapshotId();
    }

    /** Applies this transaction's changes to {@code itx}; false when there is nothing to commit. */
    private boolean apply(org.apache.iceberg.Transaction itx, TableMetadata base, Operation op) {
        boolean changed = false;
        if (!schemaSteps.isEmpty()) {
            UpdateSchema u = itx.updateSchema();
            schemaSteps.forEach(s -> s.accept(u));
            u.commit();
            IcebergFiles.requireSameIds(schema, itx.table().schema());
            changed = true;
        }
        if (!setProps.isEmpty() || !unsetProps.isEmpty()) {
            UpdateProperties p = itx.updateProperties();
            setProps.forEach(p::set);
            unsetProps.forEach(p::remove);
            p.commit();
            changed = true;
        }
        if (adds.isEmpty() && removes.isEmpty() && rowDeletes.isEmpty()) {
            return changed;
        }
        org.apache.iceberg.PartitionSpec ispec = itx.table().spec();
        Schema ischema = itx.table().schema();
        Map<String, IcebergSnapshot.Entry> readFiles = new HashMap<>();
        if (!removes.isEmpty()) {
            for (IcebergSnapshot.Entry e : read.entries()) {
                readFiles.put(e.floe().path(), e);
            }
        }
        // position delete files scoped to a removed data file no longer apply to anything: they go with it (Iceberg
        // itself drops the deletion vectors of removed files)
        List<org.apache.iceberg.DeleteFile> orphaned = new ArrayList<>();
        for (String p : removes.keySet()) {
            required(readFiles, p).deletes().stream()
                    .filter(d -> ContentFileUtil.isFileScoped(d) && !ContentFileUtil.isDV(d)).forEach(orphaned::add);
        }
        // Iceberg's model of the removed files: read again from their manifests (the snapshot keeps Floe's only)
        Map<String, org.apache.iceberg.DataFile> removed = removes.isEmpty() ? Map.of()
                : read.icebergFiles(removes.keySet().stream().map(p -> required(readFiles, p)).toList());
        boolean rearrangeOnly = !removes.isEmpty() && rowDeletes.isEmpty() && removes.values().stream().noneMatch(DataFile::dataChange)
                && adds.stream().noneMatch(DataFile::dataChange);
        Long from = base.currentSnapshot() == null ? null : base.currentSnapshot().snapshotId();
        SnapshotUpdate<?> update;
        boolean restateOnly = adds.isEmpty() && removes.isEmpty() && rowDeletes.values().stream().allMatch(p -> p.length == 0);
        if (restateOnly) {
            // no row changes: a rewrite of delete files, as Iceberg's rewrite_position_delete_files commits it
            if (writtenDeletes.added().isEmpty() && writtenDeletes.replaced().isEmpty()) {
                return changed;
            }
            RewriteFiles r = itx.newRewrite();
            r.rewriteFiles(Set.of(), DeleteFileSet.of(writtenDeletes.replaced()), Set.of(), DeleteFileSet.of(writtenDeletes.added()));
            if (from != null) {
                r.validateFromSnapshot(from);
            }
            update = r;
        } else if (!rowDeletes.isEmpty()) {
            RowDelta d = itx.newRowDelta();
            adds.forEach(f -> d.addRows(IcebergFiles.toIceberg(f, ispec, ischema)));
            removes.keySet().forEach(p -> d.removeRows(removed.get(p)));
            writtenDeletes.added().forEach(d::addDeletes);
            DeleteFileSet gone = DeleteFileSet.of(writtenDeletes.replaced());
            gone.addAll(orphaned);
            gone.forEach(d::removeDeletes);
            if (from != null) {
                // Floe's own checks (checkConflicts) ran against every commit up to base; these hold the line up to the swap
                d.validateFromSnapshot(from).validateDataFilesExist(rowDeletes.keySet()).validateDeletedFiles()
                        .validateNoConflictingDeleteFiles();
            }
            update = d;
        } else if (removes.isEmpty()) {
            AppendFiles a = itx.newAppend();
            adds.forEach(f -> a.appendFile(IcebergFiles.toIceberg(f, ispec, ischema)));
            update = a;
        } else if (rearrangeOnly) {
            RewriteFiles r = itx.newRewrite();
            removes.keySet().forEach(p -> r.deleteFile(removed.get(p)));
            orphaned.forEach(r::deleteFile);
            adds.forEach(f -> r.addFile(IcebergFiles.toIceberg(f, ispec, ischema)));
            if (from != null) {
                r.validateFromSnapshot(from);
            }
            update = r;
        } else {
            OverwriteFiles o = itx.newOverwrite();
            DataFileSet doomed = DataFileSet.create();
            removes.keySet().forEach(p -> doomed.add(removed.get(p)));
            o.deleteFiles(doomed, DeleteFileSet.of(orphaned));
            adds.forEach(f -> o.addFile(IcebergFiles.toIceberg(f, ispec, ischema)));
            if (from != null) {
                o.validateFromSnapshot(from);
            }
            update = o;
        }
        if (base.currentSnapshot() == null || base.currentSnapshot().allManifests(itx.table().io()).size() <= SAME_THREAD_MANIFESTS) {
            // a commit's manifest tasks (writing its manifests, reading and filtering those it lists) run here, not on
            // Iceberg's shared pool (as many threads as cores for every writer of the JVM), whose waits poll every
            // 10 ms: that was 40 of an S3 append's 50 ms, and most of a local overwrite's 40 ms
            update.scanManifestsWith(SameThread.INSTANCE);
            update.writeManifestsWith(SameThread.INSTANCE, 1);
        }
        summarize(update, op);
        update.commit();
        return true;
    }

    /**
     * Up to this many manifests (what Iceberg's default merging keeps a table of appends at) a commit reads them in its
     * own thread; a table with more is read on Iceberg's pool, where its requests to a remote store run two at a time.
     */
    private static final int SAME_THREAD_MANIFESTS = 100;

    private IcebergSnapshot.Entry required(Map<String, IcebergSnapshot.Entry> files, String path) {
        IcebergSnapshot.Entry f = files.get(path);
        if (f == null) {
            throw new FloeException("cannot remove " + path + ": it is not a data file of the snapshot this transaction read");
        }
        return f;
    }

    private void summarize(SnapshotUpdate<?> u, Operation op) {
        u.set(IcebergTable.SUMMARY_OPERATION, op.name());
        if (!op.parameters().isEmpty()) {
            u.set(IcebergTable.SUMMARY_PARAMETERS, Operation.json(op.parameters()));
        }
        if (!op.metrics().isEmpty()) {
            u.set(IcebergTable.SUMMARY_METRICS, Operation.json(op.metrics()));
        }
        appVersions.forEach((app, v) -> u.set(IcebergTable.SUMMARY_APP_PREFIX + app, Long.toString(v)));
    }

    /**
     * What the snapshots committed since this transaction's read did, against what it read and removes: Delta's
     * rules, which Iceberg's serializable isolation agrees with.
     */
    private void checkConflicts(TableMetadata base) {
        long readId = read.version();
        org.apache.iceberg.Snapshot cur = base.currentSnapshot();
        if (cur == null || cur.snapshotId() == readId) {
            return;
        }
        if (readId != 0 && !SnapshotUtil.isAncestorOf(cur.snapshotId(), readId, base::snapshot)) {
            throw new ConcurrentDeleteReadException(table.name(), cur.snapshotId(),
                    "the table was rolled back or its history replaced since snapshot " + readId + " was read");
        }
        FileIO io = table.operations().io();
        Iterable<org.apache.iceberg.Snapshot> since = readId == 0 ? SnapshotUtil.ancestorsOf(cur.snapshotId(), base::snapshot)
                : SnapshotUtil.ancestorsBetween(cur.snapshotId(), readId, base::snapshot);
        for (org.apache.iceberg.Snapshot s : since) {
            for (org.apache.iceberg.DataFile removed : s.removedDataFiles(io)) {
                String p = removed.location();
                if (rowDeletes.containsKey(p)) {
                    throw new ConcurrentRowDeletesException(table.name(), s.snapshotId(), p,
                            "was removed or rewritten by a concurrent commit while this transaction deleted rows of it");
                }
                if (removes.containsKey(p)) {
                    throw new ConcurrentDeleteDeleteException(table.name(), s.snapshotId(), "data file " + p
                            + " was removed by a concurrent commit as well");
                }
                if (readPaths.contains(p) && !removes.isEmpty()) {
                    throw new ConcurrentDeleteReadException(table.name(), s.snapshotId(), "data file " + p
                            + ", which this transaction read, was removed by a concurrent commit");
                }
            }
            if (readAll || !readPredicates.isEmpty()) {
                for (org.apache.iceberg.DataFile added : s.addedDataFiles(io)) {
                    DataFile f = IcebergFiles.toFloe(added, base.specsById().get(added.specId()), base.schema(), s.timestampMillis());
                    if (readAll || readPredicates.stream().anyMatch(p -> p.test(f))) {
                        throw new ConcurrentAppendException(table.name(), s.snapshotId(), "data file " + f.path()
                                + " was added concurrently to data this transaction read");
                    }
                }
            }
            for (org.apache.iceberg.DeleteFile d : s.addedDeleteFiles(io)) {
                checkAddedDeletes(s.snapshotId(), d);
            }
            if (writtenDeletes != null && !writtenDeletes.replaced().isEmpty()) {
                Set<String> replacing = new HashSet<>();
                writtenDeletes.replaced().forEach(d -> replacing.add(IcebergDeleteFiles.key(d)));
                for (org.apache.iceberg.DeleteFile d : s.removedDeleteFiles(io)) {
                    if (replacing.contains(IcebergDeleteFiles.key(d))) {
                        throw new ConcurrentDeleteDeleteException(table.name(), s.snapshotId(), "delete file " + d.location()
                                + " was removed by a concurrent commit while this transaction replaced it");
                    }
                }
            }
        }
    }

    /**
     * Row deletes a concurrent commit added. Deletes of a data file this transaction deletes rows of or removes conflict
     * (a rewrite would bring the deleted rows back; two position delete files for it could each miss the other's
     * rows once merged); deletes of a file it only read conflict as a removal of it would; deletes of files it did
     * not read let it rebase. Deletes not scoped to one file (equality deletes, partition-wide position deletes)
     * conflict with any read, as they may hit anything read.
     */
    private void checkAddedDeletes(long winner, org.apache.iceberg.DeleteFile d) {
        String ref = ContentFileUtil.referencedDataFileLocation(d);
        if (ref == null) {
            if (!readPaths.isEmpty() || !rowDeletes.isEmpty()) {
                throw new ConcurrentDeleteReadException(table.name(), winner, "a concurrent commit added row-level deletes ("
                        + d.location() + ") that may apply to data this transaction read");
            }
            return;
        }
        if (rowDeletes.containsKey(ref) || removes.containsKey(ref)) {
            throw new ConcurrentRowDeletesException(table.name(), winner, ref, "had rows deleted by a concurrent commit while this"
                    + " transaction " + (removes.containsKey(ref) ? "rewrote or removed it" : "deleted rows of it as well"));
        }
        if (readPaths.contains(ref)) {
            throw new ConcurrentDeleteReadException(table.name(), winner, "data file " + ref
                    + ", which this transaction read, had rows deleted by a concurrent commit");
        }
    }

    /** A lost race, raised instead of Iceberg's CommitFailedException so that Iceberg does not retry on its own. */
    static final class LostRace extends RuntimeException {
        LostRace(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * The table's operations fixed at one attempt's base, with a lost race surfaced to the rebase loop above rather
     * than handled inside Iceberg: Iceberg's transaction re-applies its updates when a refresh shows a newer version —
     * an overwrite's deletes of files already gone are then silently dropped and both overwrites land. So a newer
     * version (another thread's commit through the same handle) is a lost race, and the loop checks its conflicts.
     */
    private static final class GuardedOperations implements TableOperations {
        private final IcebergOperations ops;
        private final TableMetadata base;
        private final RecordingIO io;

        GuardedOperations(IcebergOperations ops, TableMetadata base) {
            this.ops = ops;
            this.base = base;
            this.io = new RecordingIO(ops.io());
        }

        /** The files this attempt wrote (manifests, the manifest list). */
        List<String> written() {
            synchronized (io.written) {
                return List.copyOf(io.written);
            }
        }

        @Override
        public TableMetadata current() {
            return base;
        }

        /** No probe: a commit after the base makes the conditional create fail (see {@link IcebergOperations#commit}). */
        @Override
        public TableMetadata refresh() {
            TableMetadata now = ops.current();
            if (now != base && (now == null || base == null || !java.util.Objects.equals(now.metadataFileLocation(), base.metadataFileLocation()))) {
                throw new LostRace(new CommitFailedException("the table changed during the commit attempt"));
            }
            return base;
        }

        @Override
        public void commit(TableMetadata base, TableMetadata metadata) {
            try {
                ops.commit(base, metadata);
            } catch (CommitFailedException e) {
                throw new LostRace(e);
            }
        }

        @Override
        public FileIO io() {
            return io;
        }

        @Override
        public String metadataFileLocation(String fileName) {
            return ops.metadataFileLocation(fileName);
        }

        @Override
        public LocationProvider locationProvider() {
            return ops.locationProvider();
        }
    }

    /**
     * The table's FileIO, noting every file an attempt creates: Iceberg leaves a lost attempt's manifests and manifest
     * list behind when the failure is not its own (its cleanup runs for its CleanableFailure exceptions only), and an
     * attempt lost on S3 each time left two unreferenced files (7,800 per 800 commits of 8 writers).
     */
    private static final class RecordingIO implements org.apache.iceberg.io.SupportsBulkOperations {
        private final FileIO io;
        private final List<String> written = new ArrayList<>();

        RecordingIO(FileIO io) {
            this.io = io;
        }

        @Override
        public org.apache.iceberg.io.InputFile newInputFile(String path) {
            return io.newInputFile(path);
        }

        @Override
        public org.apache.iceberg.io.InputFile newInputFile(String path, long length) {
            return io.newInputFile(path, length);
        }

        @Override
        public org.apache.iceberg.io.OutputFile newOutputFile(String path) {
            synchronized (written) {
                written.add(path);
            }
            return io.newOutputFile(path);
        }

        @Override
        public void deleteFile(String path) {
            io.deleteFile(path);
        }

        @Override
        public void deleteFiles(Iterable<String> paths) {
            if (io instanceof org.apache.iceberg.io.SupportsBulkOperations bulk) {
                bulk.deleteFiles(paths);
            } else {
                paths.forEach(io::deleteFile);
            }
        }

        @Override
        public Map<String, String> properties() {
            return io.properties();
        }
    }

    /** Runs each task in the thread that submits it: a task is done when submit returns. */
    private static final class SameThread extends java.util.concurrent.AbstractExecutorService {
        static final SameThread INSTANCE = new SameThread();

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void shutdown() {
            throw new UnsupportedOperationException("shared");
        }

        @Override
        public List<Runnable> shutdownNow() {
            throw new UnsupportedOperationException("shared");
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
            return false;
        }
    }

    /** Operations fixed at one metadata version: for computing a schema update's result without committing it. */
    private static final class FrozenOperations implements TableOperations {
        private final TableMetadata metadata;
        private final FileIO io;

        FrozenOperations(TableMetadata metadata, FileIO io) {
            this.metadata = metadata;
            this.io = io;
        }

        @Override
        public TableMetadata current() {
            return metadata;
        }

        @Override
        public TableMetadata refresh() {
            return metadata;
        }

        @Override
        public void commit(TableMetadata base, TableMetadata updated) {
            throw new UnsupportedOperationException("a frozen view does not commit");
        }

        @Override
        public FileIO io() {
            return io;
        }

        @Override
        public String metadataFileLocation(String fileName) {
            return metadata.location() + "/metadata/" + fileName;
        }

        @Override
        public LocationProvider locationProvider() {
            return org.apache.iceberg.LocationProviders.locationsFor(metadata.location(), metadata.properties());
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
