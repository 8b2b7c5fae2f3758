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
        if (!s.partitionSpec().isIdentityOnly() || !source.dataLayout().equals(io.floe.table.DataLayout.DELTA)) {
            throw new FloeException("CONVERT TO " + targetFormat.toUpperCase(java.util.Locale.ROOT) + " converts Delta tables only so far");
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
        if (created) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put(CONVERTED_FROM, source.format());
            txn = target.newCreateTransaction(new TableDefinition(s.schema(), s.partitionSpec(), props, null));
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
            converted.add(new DataFile(path, f.partitionValues(), f.size(), f.modificationTime(), true, stats, null, Map.of()));
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
}
