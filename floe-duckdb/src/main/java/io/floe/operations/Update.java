package io.floe.operations;

import io.floe.table.Table;
import io.floe.table.Snapshot;
import io.floe.table.Transaction;
import io.floe.dataplane.DataPlane;
import io.floe.engine.Sql;
import io.floe.engine.TypeMapping;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.table.RowLevelDeletes;
import io.floe.types.StructField;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * UPDATE t SET c = e, … [WHERE cond], copy-on-write or (where the table asks for it) merge-on-read: the updated rows
 * are written as new files and their old versions marked deleted in place. Copy-on-write: only files holding a matching row are
 * rewritten (matching rows changed, the others copied); the new rows are checked against the
 * table's constraints before anything is written.
 */
public final class Update {
    public record Result(CommitResult commit, long numUpdatedRows, long numCopiedRows, int numRemovedFiles, int numAddedFiles,
                         int numDeletionVectorsAdded) {
    }

    private Update() {
    }

    /**
     * @param assignments column name → DuckDB expression (may reference the table's columns)
     * @param condition   DuckDB boolean expression, or null for every row
     */
    public static Result run(DataPlane engine, Table table, Map<String, String> assignments, String condition,
                             Predicate<DataFile> fileFilter) {
        return run(engine, table, null, assignments, condition, fileFilter);
    }

    /** @param alias how the statement names the table (null: the table's name) */
    public static Result run(DataPlane engine, Table table, String alias, Map<String, String> assignments, String condition,
                             Predicate<DataFile> fileFilter) {
        String as = RowRewrite.alias(table, alias);
        long start = System.currentTimeMillis();
        Transaction txn = table.newTransaction();
        Snapshot s = txn.readSnapshot().orElseThrow();
        Map<String, String> set = new LinkedHashMap<>();
        assignments.forEach((col, expr) -> {
            StructField f = s.schema().field(col).orElseThrow(() -> new FloeException(
                    "UPDATE " + table.name() + ": no column " + col + " (columns: " + s.schema().fieldNames() + ")"));
            set.put(f.name().toLowerCase(Locale.ROOT), expr);
        });
        String cond = condition == null ? "true" : condition;
        List<DataFile> candidates = RowRewrite.candidates(txn, condition == null ? null : fileFilter);
        Connection c = engine.connection();
        RowRewrite.FileMatches m = RowRewrite.classify(engine, c, table, s, candidates, cond, as);
        List<DataFile> touched = new ArrayList<>(m.allMatch().values());
        touched.addAll(m.someMatch().values());
        if (touched.isEmpty()) {
            return new Result(null, 0, 0, 0, 0, 0);
        }
        List<String> select = new ArrayList<>();
        for (StructField f : s.schema().fields()) {
            String e = set.get(f.name().toLowerCase(Locale.ROOT));
            String col = Sql.ident(f.name());
            select.add(e == null ? col : "CASE WHEN coalesce((" + cond + "), false) THEN CAST((" + e + ") AS "
                    + TypeMapping.duckdbType(f.type()) + ") ELSE " + col + " END AS " + col);
        }
        // merge-on-read: only the changed rows are written (as new files); their old versions are marked deleted
        boolean mor = RowRewrite.mergeOnRead(table, s, RowLevelDeletes.Command.UPDATE);
        // row tracking: every written row keeps its id; updated rows take the new commit version, copied ones keep theirs
        boolean rowIds = RowRewrite.keepsRowIds(table, s);
        String ids = RowRewrite.rowIdColumns(rowIds, null, "coalesce((" + cond + "), false)");
        String staged = Sql.tempName("update");
        boolean cdc = ChangeData.enabled(table, s);
        // the rows to write are kept as a table when something reads them besides the write (merge-on-read's positions,
        // the change feed's post-images, constraints and generated columns); otherwise they stream from the touched files
        // into the write: a copy-on-write UPDATE of 1% of a 10M-row table copied all 10M rows into memory first
        boolean materialize = mor || cdc || Constraints.anyRule(s.schema(), txn.checkConstraints());
        // __floe_updated: which staged rows the change feed reports as post-images, once generated columns are computed
        String rows = "SELECT " + String.join(", ", select) + ids + ", coalesce((" + cond
                + "), false) AS __floe_updated" + (mor ? ", " + DataPlane.FILE_COLUMN
                + ", " + DataPlane.POSITION_COLUMN + " FROM " + engine.scan(table, s, s.schema(), touched,
                new DataPlane.ScanColumns(true, true, rowIds, false)) + " AS "
                + Sql.ident(as) + " WHERE coalesce((" + cond + "), false)"
                : " FROM " + RowRewrite.scanAll(engine, table, s, touched, rowIds) + " AS " + Sql.ident(as));
        if (materialize) {
            Sql.exec(c, "CREATE TEMP TABLE " + staged + " AS " + rows);
        }
        String written = materialize ? staged : "(" + rows + ")";
        try {
            if (materialize) {
                Constraints.validateUpdate(engine, table.name(), staged, s.schema(), txn.checkConstraints(), set.keySet());
            }
            List<DataFile> added = engine.write(table, s.schema(), s.partitionSpec(), table.writeOptions(s.properties()),
                    "(SELECT " + RowRewrite.columnList(s) + RowRewrite.rowIdColumns(rowIds, null, null) + " FROM " + written + ")", true,
                    rowIds ? s : null);
            int marked = 0;
            if (mor) {
                m.allMatch().values().forEach(f -> txn.remove(f, true));
                Map<String, long[]> positions = RowRewrite.positionLists(c, "SELECT " + DataPlane.FILE_COLUMN + ", list("
                        + DataPlane.POSITION_COLUMN + " ORDER BY " + DataPlane.POSITION_COLUMN + ") FROM " + staged + " GROUP BY 1");
                positions.keySet().retainAll(m.someMatch().keySet());
                marked = RowRewrite.markDeleted(txn, m.someMatch(), positions, Map.of()).marked();
            } else {
                touched.forEach(f -> txn.remove(f, true));
            }
            txn.addAll(added).enforcesConstraints(true).preservesRowIds(rowIds);
            int cdcFiles = 0;
            if (cdc) {
                String quoted = Sql.ident(as);
                String scan = RowRewrite.scanAll(engine, table, s, touched);
                // post-images as written: the staged rows, whose generated columns are computed
                cdcFiles = ChangeData.write(engine, table, s, txn, "(SELECT " + RowRewrite.columnList(s) + ", '" + ChangeData.PREIMAGE
                        + "' AS _change_type FROM " + scan + " AS " + quoted + " WHERE coalesce((" + cond + "), false) UNION ALL SELECT "
                        + RowRewrite.columnList(s) + ", '" + ChangeData.POSTIMAGE + "' FROM " + staged + " WHERE __floe_updated)");
            }
            long totalRows = materialize ? Sql.count(c, "SELECT count(*) FROM " + staged) : RowRewrite.recordsIn(added);
            long copied = totalRows - m.matchedRows();
            int removedFiles = mor ? m.allMatch().size() : touched.size();
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("numRemovedFiles", removedFiles);
            metrics.put("numAddedFiles", added.size());
            metrics.put("numUpdatedRows", m.matchedRows());
            metrics.put("numCopiedRows", copied);
            metrics.put("numDeletionVectorsAdded", marked);
            metrics.put("numAddedChangeFiles", cdcFiles);
            metrics.put("numRemovedBytes", (mor ? new ArrayList<>(m.allMatch().values()) : touched).stream().mapToLong(DataFile::size).sum());
            metrics.put("numAddedBytes", added.stream().mapToLong(DataFile::size).sum());
            metrics.put("executionTimeMs", System.currentTimeMillis() - start);
            CommitResult r = txn.commit(new Operation("UPDATE", Map.of("predicate", Operation.json(List.of(cond))), Map.of())
                    .withMetrics(metrics));
            return new Result(r, m.matchedRows(), copied, removedFiles, added.size(), marked);
        } finally {
            if (materialize) {
                Sql.exec(c, "DROP TABLE IF EXISTS " + staged);
            }
        }
    }
}
