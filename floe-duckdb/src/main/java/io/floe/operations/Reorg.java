package io.floe.operations;

import io.floe.dataplane.DataPlane;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.Operation;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.Transaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * REORG TABLE t [WHERE partition-condition] APPLY (PURGE): every file with deleted rows (a deletion vector, or delete
 * files on Iceberg) is rewritten on its own without them, so the deleted data is physically gone once VACUUM removes
 * the old file. Each file keeps its own rewrite (no compaction: that is OPTIMIZE's job, as in Delta), and the commit
 * has dataChange=false: no row changes. A table with nothing to purge commits nothing.
 */
public final class Reorg {
    public record Result(CommitResult commit, int numFilesAdded, int numFilesRemoved, long numBytesAdded, long numBytesRemoved,
                         long numDeletedRowsPurged) {
    }

    private Reorg() {
    }

    /**
     * @param partitionFilter files of the partitions the WHERE selects (null: all)
     * @param predicateText   the WHERE text for history, or null
     */
    public static Result purge(DataPlane engine, Table table, Predicate<DataFile> partitionFilter, String predicateText) {
        long start = System.currentTimeMillis();
        Transaction txn = table.newTransaction();
        Snapshot s = txn.readSnapshot().orElseThrow();
        Predicate<DataFile> withDeletes = f -> f.deletionVector() != null;
        List<DataFile> files = txn.readFiles(partitionFilter == null ? withDeletes : withDeletes.and(partitionFilter));
        if (files.isEmpty()) {
            return new Result(null, 0, 0, 0, 0, 0);
        }
        List<DataFile> added = new ArrayList<>();
        long purged = 0;
        boolean rowIds = RowRewrite.keepsRowIds(table, s); // the rows kept keep their row ids (Delta row tracking)
        for (DataFile f : files) {
            // one file at a time: the scan applies its deleted rows, the write keeps the rest
            String rows = engine.scan(table, s, s.schema(), List.of(f), DataPlane.ScanColumns.NONE.withRowIds(rowIds));
            added.addAll(engine.write(table, s.schema(), s.partitionSpec(), table.writeOptions(s.properties()), rows, false,
                    rowIds ? s : null));
            purged += f.deletionVector().cardinality();
        }
        files.forEach(f -> txn.remove(f, false));
        added.forEach(f -> txn.add(f.withDataChange(false)));
        txn.enforcesConstraints(true).preservesRowIds(rowIds);
        long addedBytes = added.stream().mapToLong(DataFile::size).sum();
        long removedBytes = files.stream().mapToLong(DataFile::size).sum();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("numAddedFiles", added.size());
        metrics.put("numRemovedFiles", files.size());
        metrics.put("numAddedBytes", addedBytes);
        metrics.put("numRemovedBytes", removedBytes);
        metrics.put("numDeletionVectorsRemoved", files.size());
        metrics.put("numDeletedRowsPurged", purged);
        metrics.put("executionTimeMs", System.currentTimeMillis() - start);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("predicate", Operation.json(predicateText == null ? List.of() : List.of(predicateText)));
        params.put("applyPurge", "true");
        CommitResult r = txn.commit(new Operation("REORG", params, Map.of()).withMetrics(metrics));
        return new Result(r, added.size(), files.size(), addedBytes, removedBytes, purged);
    }
}
