package io.floe.operations;

import io.floe.table.Table;
import io.floe.table.Snapshot;
import io.floe.table.Transaction;
import io.floe.dataplane.DataPlane;
import io.floe.engine.Sql;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.Operation;
import io.floe.table.RowLevelDeletes;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * DELETE FROM t [WHERE cond], copy-on-write, or merge-on-read where the table asks for it (the matching rows of a file
 * are marked deleted, the file kept: Delta deletion vectors, Iceberg position deletes). Copy-on-write: files the pruning predicate rules out are not read;
 * files whose every row matches are removed without rewriting; only files with some matching rows
 * are rewritten without them. A DELETE without WHERE is metadata-only.
 */
public final class Delete {
    public record Result(CommitResult commit, long numDeletedRows, int numRemovedFiles, int numAddedFiles,
                         long numCopiedRows, long numRemovedBytes, long numAddedBytes, int numDeletionVectorsAdded) {
    }

    private Delete() {
    }

    /**
     * @param condition  DuckDB boolean expression over the table's columns (null = every row)
     * @param fileFilter conservative pruning: false only for files that cannot hold a matching row (null = all files)
     */
    public static Result run(DataPlane engine, Table table, String condition, Predicate<DataFile> fileFilter) {
        return run(engine, table, null, condition, fileFilter);
    }

    /** @param alias how the condition names the table (null: the table's name) */
    public static Result run(DataPlane engine, Table table, String alias, String condition, Predicate<DataFile> fileFilter) {
        String as = RowRewrite.alias(table, alias);
        long start = System.currentTimeMillis();
        Transaction txn = table.newTransaction();
        Snapshot s = txn.readSnapshot().orElseThrow();
        List<DataFile> candidates = RowRewrite.candidates(txn, condition == null ? null : fileFilter);
        Connection c = engine.connection();
        long deleted;
        List<DataFile> removedFiles = new ArrayList<>();
        List<DataFile> added = List.of();
        List<DataFile> touched = removedFiles;
        long copied = 0;
        int marked = 0;
        boolean rowIds = RowRewrite.keepsRowIds(table, s);
        if (condition == null) {
            removedFiles.addAll(candidates);
            deleted = candidates.stream().mapToLong(f -> f.liveRecords() == null ? 0 : f.liveRecords()).sum();
        } else if (RowRewrite.mergeOnRead(table, s, RowLevelDeletes.Command.DELETE)) {
            // merge-on-read: files only some rows of match keep their bytes; their rows are marked deleted
            RowRewrite.FileMatches m = RowRewrite.classify(engine, c, table, s, candidates, condition, as, true);
            deleted = m.matchedRows();
            removedFiles.addAll(m.allMatch().values());
            touched = m.touched();
            marked = RowRewrite.markDeleted(txn, m.someMatch(), m.positions(), Map.of()).marked();
        } else {
            RowRewrite.FileMatches m = RowRewrite.classify(engine, c, table, s, candidates, condition, as);
            deleted = m.matchedRows();
            removedFiles.addAll(m.allMatch().values());
            removedFiles.addAll(m.someMatch().values());
            if (!m.someMatch().isEmpty()) {
                // row tracking: the surviving rows are copied with their ids and commit versions
                String keep = "(SELECT " + RowRewrite.columnList(s) + RowRewrite.rowIdColumns(rowIds, null, null) + " FROM "
                        + RowRewrite.scanAll(engine, table, s, new ArrayList<>(m.someMatch().values()), rowIds) + " AS " + Sql.ident(as)
                        + " WHERE NOT coalesce((" + condition + "), false))";
                added = engine.write(table, s.schema(), s.partitionSpec(), table.writeOptions(s.properties()), keep, true,
                        rowIds ? s : null);
                copied = m.rowsInRewrittenFiles() - m.matchedInRewrittenFiles();
            }
        }
        if (touched.isEmpty()) {
            return new Result(null, 0, 0, 0, 0, 0, 0, 0);
        }
        removedFiles.forEach(f -> txn.remove(f, true));
        txn.addAll(added).enforcesConstraints(true).preservesRowIds(rowIds);
        int cdcFiles = 0;
        if (ChangeData.enabled(table, s)) {
            cdcFiles = ChangeData.write(engine, table, s, txn, "(SELECT " + RowRewrite.columnList(s) + ", '" + ChangeData.DELETE
                    + "' AS _change_type FROM " + RowRewrite.scanAll(engine, table, s, touched) + " AS "
                    + Sql.ident(as) + (condition == null ? "" : " WHERE coalesce((" + condition + "), false)") + ")");
        }
        long removedBytes = removedFiles.stream().mapToLong(DataFile::size).sum();
        long addedBytes = added.stream().mapToLong(DataFile::size).sum();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("numRemovedFiles", removedFiles.size());
        metrics.put("numAddedFiles", added.size());
        metrics.put("numDeletedRows", deleted);
        metrics.put("numCopiedRows", copied);
        metrics.put("numDeletionVectorsAdded", marked);
        metrics.put("numAddedChangeFiles", cdcFiles);
        metrics.put("numRemovedBytes", removedBytes);
        metrics.put("numAddedBytes", addedBytes);
        metrics.put("executionTimeMs", System.currentTimeMillis() - start);
        Map<String, String> params = Map.of("predicate", Operation.json(List.of(condition == null ? "true" : condition)));
        CommitResult r = txn.commit(new Operation("DELETE", params, Map.of()).withMetrics(metrics));
        return new Result(r, deleted, removedFiles.size(), added.size(), copied, removedBytes, addedBytes, marked);
    }
}
