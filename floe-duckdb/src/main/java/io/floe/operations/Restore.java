package io.floe.operations;

import io.floe.table.Table;
import io.floe.table.Snapshot;
import io.floe.table.Transaction;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.Operation;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RESTORE TABLE … TO VERSION AS OF n | TIMESTAMP AS OF t: one new commit that removes the files
 * added since and re-adds the files removed since, so the table reads as that version again. Fails
 * naming a missing file (e.g. one VACUUM deleted) before committing anything.
 */
public final class Restore {
    public record Result(CommitResult commit, long restoredVersion, int numRemovedFiles, int numRestoredFiles,
                         long removedFilesSize, long restoredFilesSize, long tableSizeAfterRestore, int numOfFilesAfterRestore) {
    }

    private Restore() {
    }

    public static Result toVersion(Table table, long version) {
        return run(table, table.snapshotAt(version), "version", String.valueOf(version));
    }

    public static Result toTimestamp(Table table, Instant ts) {
        return run(table, table.snapshotAsOf(ts), "timestamp", Operation.json(ts.toString()));
    }

    private static Result run(Table table, Snapshot target, String paramName, String paramValue) {
        Transaction txn = table.newTransaction();
        Snapshot current = txn.readSnapshot().orElseThrow();
        Map<String, DataFile> now = byKey(txn.readWholeTable());
        Map<String, DataFile> then = byKey(target.files());
        int removed = 0;
        int restored = 0;
        long removedBytes = 0;
        long restoredBytes = 0;
        for (var e : now.entrySet()) {
            if (!then.containsKey(e.getKey())) {
                txn.remove(e.getValue(), true);
                removed++;
                removedBytes += e.getValue().size();
            }
        }
        for (var e : then.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                String key = table.resolveKey(e.getValue().path());
                if (table.store().stat(key).isEmpty()) {
                    throw new FloeException("cannot restore table " + table.name() + " to version " + target.version()
                            + ": its data file " + e.getValue().path() + " no longer exists (deleted by VACUUM?); nothing was changed");
                }
                txn.add(e.getValue().withDataChange(true));
                restored++;
                restoredBytes += e.getValue().size();
            }
        }
        if (!target.schema().equals(current.schema()) || !target.properties().equals(current.properties())) {
            txn.restoreMetadata(target);
        }
        txn.enforcesConstraints(true); // re-adding rows that were valid at that version
        long size = then.values().stream().mapToLong(DataFile::size).sum();
        Map<String, String> params = new LinkedHashMap<>();
        params.put(paramName, paramValue);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("tableSizeAfterRestore", size);
        metrics.put("numOfFilesAfterRestore", then.size());
        metrics.put("numRemovedFiles", removed);
        metrics.put("numRestoredFiles", restored);
        metrics.put("removedFilesSize", removedBytes);
        metrics.put("restoredFilesSize", restoredBytes);
        CommitResult c = txn.commit(new Operation("RESTORE", params, Map.of()).withMetrics(metrics));
        return new Result(c, target.version(), removed, restored, removedBytes, restoredBytes, size, then.size());
    }

    private static Map<String, DataFile> byKey(List<DataFile> files) {
        Map<String, DataFile> m = new HashMap<>();
        files.forEach(f -> m.put(f.key(), f));
        return m;
    }
}
