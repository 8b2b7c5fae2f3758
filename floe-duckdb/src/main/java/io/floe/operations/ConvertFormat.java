package io.floe.operations;

import io.floe.dataplane.DataPlane;
import io.floe.storage.TablePaths;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.TableDefinition;
import io.floe.table.TableFormats;
import io.floe.table.Transaction;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CONVERT TO &lt;format&gt;: writes another format's metadata over the data files of a table's current version, in
 * the same directory, without rewriting data (what Delta calls UniForm, done on request): afterwards one copy of the
 * files reads as both. The target's metadata is a new version whose files are exactly the source's; running it again
 * brings the target up to the source's latest version. Each format then owns its own metadata; neither sees the
 * other's later writes, and VACUUM of either keeps every file the other references.
 */
public final class ConvertFormat {
    /** The property recording which format a converted table's files came from (readers lay out files by it). */
    public static final String CONVERTED_FROM = "floe.converted-from";

    public record Result(CommitResult commit, String targetFormat, int files, long rows, boolean created) {
    }

    private ConvertFormat() {
    }

    public static Result run(DataPlane engine, Table source, String targetFormat) {
        if (source.format().equals(targetFormat)) {
            throw new FloeException("table " + source.name() + " is already a " + targetFormat + " table");
        }
        Snapshot s = source.snapshot();
        for (var f : s.schema().fields()) {
            if (f.hasPhysicalName()) {
                throw new FloeException("CONVERT TO " + targetFormat.toUpperCase(java.util.Locale.ROOT) + ": table " + source.name()
                        + " uses column mapping (its files name columns " + f.physicalName() + "…), which the conversion does not carry over yet");
            }
        }
        boolean fromIceberg = source.format().equals("iceberg");
        if (!fromIceberg && (!s.partitionSpec().isIdentityOnly() || !source.dataLayout().equals(io.floe.table.DataLayout.DELTA))) {
            throw new FloeException("CONVERT TO " + targetFormat.toUpperCase(java.util.Locale.ROOT) + " converts Delta and Iceberg tables only");
        }
        if (fromIceberg && source.dataLayout().equals(io.floe.table.DataLayout.DELTA)) {
            throw new FloeException("table " + source.name() + " was itself converted from Delta: use the Delta table");
        }
        List<DataFile> files = s.files();
        for (DataFile f : files) {
            if (f.deletionVector() != null) {
                throw new FloeException("CONVERT: data file " + f.path() + " of " + source.name() + " has a deletion vector; run"
                        + " OPTIMIZE (or REORG TABLE … APPLY (PURGE)) first so every file holds only live rows");
            }
        }
        Table target = TableFormats.named(targetFormat).open(source.name(), source.store(), source.rootKey(), engine);
        boolean created = !target.exists();
        Transaction txn;
        // Iceberg's files carry field ids: the Delta side finds columns by them (column mapping mode 'id', the same ids);
        // its partition columns are Iceberg's identity fields, transforms have no Delta form
        StructType schema = fromIceberg ? withOwnIdentities(s.schema()) : s.schema();
        io.floe.table.PartitionSpec partitioning = fromIceberg && !s.partitionSpec().isIdentityOnly()
                ? io.floe.table.PartitionSpec.UNPARTITIONED : s.partitionSpec();
        if (created) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put(CONVERTED_FROM, source.format());
            if (fromIceberg) {
                props.put("delta.columnMapping.mode", "id");
            }
            txn = target.newCreateTransaction(new TableDefinition(schema, partitioning, props, null));
        } else {
            Snapshot t = target.snapshot();
            if (!source.format().equals(t.properties().get(CONVERTED_FROM))) {
                throw new FloeException("a " + targetFormat + " table that was not converted from this " + source.format()
                        + " table already exists at " + source.location());
            }
            txn = target.newTransaction();
            txn.updateSchema(s.schema());
            txn.readWholeTable().forEach(f -> txn.remove(f, true));
        }
        StructType from = s.schema();
        StructType to = txn.schema();
        List<DataFile> converted = new ArrayList<>(files.size());
        long rows = 0;
        for (DataFile f : files) {
            // the target's path form (Iceberg: absolute); statistics re-keyed from the source's field ids to the target's
            String rel = f.path().contains("://") || f.path().startsWith("file:") ? null : TablePaths.decode(f.path());
            String path = rel == null ? f.path() : target.relativePath(rel);
            var stats = f.stats();
            if (stats != null) {
                List<Map<String, Object>> byName = stats.toColumnPaths(from);
                stats = io.floe.table.FileStats.fromColumnPaths(to, stats.numRecords(), byName.get(0), byName.get(1), byName.get(2),
                        stats.tightBounds());
                rows += stats.numRecords() == null ? 0 : stats.numRecords();
            }
            Map<String, Object> pv = f.partitionValues();
            if (partitioning.isUnpartitioned()) {
                pv = Map.of();
            }
            converted.add(new DataFile(path, pv, f.size(), f.modificationTime(), true, stats, null, Map.of()));
        }
        txn.addAll(converted);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("numFiles", converted.size());
        metrics.put("numOutputRows", rows);
        metrics.put("sourceVersion", s.version());
        CommitResult r = txn.commit(new Operation("CONVERT", Map.of("sourceFormat", Operation.json(source.format()),
                "sourceVersion", String.valueOf(s.version())), Map.of()).withMetrics(metrics));
        return new Result(r, targetFormat, converted.size(), rows, created);
    }

    /** Every struct field (nested ones too) with its id as its identity and its name as its physical name. */
    private static StructType withOwnIdentities(StructType s) {
        List<io.floe.types.StructField> out = new ArrayList<>();
        for (io.floe.types.StructField f : s.fields()) {
            if (f.id() <= 0) {
                throw new FloeException("column " + f.name() + " has no field id to convert by");
            }
            Map<String, Object> meta = new LinkedHashMap<>(f.metadata());
            meta.remove(io.floe.types.StructField.NESTED_FIELD_IDS); // Iceberg's list/map ids: no Delta counterpart
            out.add(f.withIdentity(f.id(), f.name()).withMetadata(meta).withType(withOwnIdentities(f.type())));
        }
        return new StructType(out);
    }

    private static io.floe.types.DataType withOwnIdentities(io.floe.types.DataType t) {
        if (t instanceof StructType st) {
            return withOwnIdentities(st);
        }
        if (t instanceof io.floe.types.ArrayType a) {
            return new io.floe.types.ArrayType(withOwnIdentities(a.elementType()), a.containsNull());
        }
        if (t instanceof io.floe.types.MapType m) {
            return new io.floe.types.MapType(withOwnIdentities(m.keyType()), withOwnIdentities(m.valueType()), m.valueContainsNull());
        }
        return t;
    }
}
