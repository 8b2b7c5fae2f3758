package io.floe.operations;

import io.floe.table.expr.And;
import io.floe.table.expr.Expression;
import io.floe.table.expr.FileSkipping;
import io.floe.table.expr.Literal;
import io.floe.table.expr.SkippingPredicate;
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
import io.floe.types.StructType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * MERGE INTO with Delta's full clause set, copy-on-write or (where the table asks for it) merge-on-read: modified target
 * rows are marked deleted in their files and only updated and inserted rows written. The source is joined (full outer join) with
 * the candidate target files only — those that can hold a row the ON condition matches, found by the
 * caller from partition values and statistics on the join keys — and each row is classified by the
 * first clause whose condition holds. Files with an updated or deleted row are rewritten; inserted
 * rows go to new files; every other file stays. A target row matched by several source rows fails, as in Delta.
 */
public final class Merge {
    /** The change a written row is for in the change feed (post-image, insert) or NULL for a copied row. */
    private static final String CHANGE = "__floe_change";

    public enum When { MATCHED, NOT_MATCHED, NOT_MATCHED_BY_SOURCE }

    public enum Action { UPDATE, UPDATE_ALL, DELETE, INSERT, INSERT_ALL }

    /**
     * One WHEN clause. {@code assignments}: column → expression for UPDATE; for INSERT the listed columns
     * and their value expressions (same order) come as assignments too.
     */
    public record Clause(When when, String condition, Action action, Map<String, String> assignments) {
    }

    /**
     * An equality of the ON condition between a target column and a source expression ({@code t.k = s.k}): the
     * source's min and max of the expression bound the target files that can hold a match.
     *
     * @param sourceExpression SQL over the source, qualified by the source's alias
     */
    public record JoinKey(String targetColumn, String sourceExpression) {
    }

    /**
     * @param source           a relation (table name or parenthesized query) with the source rows; staged once here
     * @param targetAlias      how the statement names the target (its alias or table name)
     * @param sourceAlias      how the statement names the source
     * @param on               the ON condition (data-plane SQL text)
     * @param targetCondition  what the ON condition says about target rows alone, for pruning (null: nothing)
     * @param joinKeys         the ON condition's target = source equalities, bounded by the source's range (may be empty)
     * @param targetFileFilter a further conservative filter of target files that may hold a matching row (null: none)
     * @param mergeSchema      source columns the target lacks are added to it by UPDATE SET * / INSERT * (schema evolution)
     */
    public record Spec(String source, String targetAlias, String sourceAlias, String on, List<Clause> clauses,
                       Expression targetCondition, List<JoinKey> joinKeys, Predicate<DataFile> targetFileFilter,
                       boolean mergeSchema) {
        public Spec {
            joinKeys = joinKeys == null ? List.of() : List.copyOf(joinKeys);
        }

        public Spec(String source, String targetAlias, String sourceAlias, String on, List<Clause> clauses,
                    Predicate<DataFile> targetFileFilter, boolean mergeSchema) {
            this(source, targetAlias, sourceAlias, on, clauses, null, List.of(), targetFileFilter, mergeSchema);
        }

        public Spec(String source, String targetAlias, String sourceAlias, String on, List<Clause> clauses,
                    Predicate<DataFile> targetFileFilter) {
            this(source, targetAlias, sourceAlias, on, clauses, targetFileFilter, false);
        }
    }

    public record Result(CommitResult commit, long numSourceRows, long numTargetRowsInserted, long numTargetRowsUpdated,
                         long numTargetRowsDeleted, long numTargetRowsCopied, int numTargetFilesAdded, int numTargetFilesRemoved) {
    }

    /** A target row matched several source rows that would each modify it. */
    public static final class MultipleMatchesException extends FloeException {
        public MultipleMatchesException(String message) {
            super(message);
        }
    }

    private Merge() {
    }

    /**
     * The target files that can hold a row the ON condition matches: by what it says of the target alone and by the
     * staged source's range of each join key (a key NULL in every source row matches nothing), decided from partition
     * values and statistics like any condition; null when nothing bounds them.
     */
    private static Predicate<DataFile> targetFilter(Connection c, Snapshot s, String stagedSource, Spec spec) {
        Predicate<DataFile> filter = spec.targetFileFilter();
        if (spec.targetCondition() == null && spec.joinKeys().isEmpty()) {
            return filter;
        }
        Expression condition = spec.targetCondition() == null ? Literal.TRUE : spec.targetCondition();
        Expression bounds = MergeKeyRange.bounds(c, stagedSource, spec.sourceAlias(), spec.joinKeys());
        SkippingPredicate p = new FileSkipping(s.schema(), s.partitionColumns()).compile(new And(condition, bounds));
        return filter == null ? p::mightMatch : filter.and(p::mightMatch);
    }

    /**
     * As Spark: an UPDATE clause may not set an identity column, and an INSERT clause may not give a value to a
     * GENERATED ALWAYS one (BY DEFAULT columns take explicit values; left out, both get new ones).
     */
    private static void refuseIdentityAssignments(String table, io.floe.types.StructType schema, List<Clause> clauses) {
        for (Clause cl : clauses) {
            if (cl.assignments() == null) {
                continue;
            }
            for (String col : cl.assignments().keySet()) {
                io.floe.types.StructField f = schema.fields().stream().filter(x -> x.name().equalsIgnoreCase(col)).findFirst().orElse(null);
                io.floe.table.IdentityColumn id = f == null ? null : io.floe.table.IdentityColumn.of(f).orElse(null);
                if (id == null) {
                    continue;
                }
                if (cl.action() == Action.UPDATE) {
                    throw new SchemaAlignment.ComputedColumnException("UPDATE on IDENTITY column " + f.name() + " is not supported (table "
                            + table + "); nothing was written");
                }
                if (cl.action() == Action.INSERT && !id.allowExplicitInsert()) {
                    throw new SchemaAlignment.ComputedColumnException("Providing values for GENERATED ALWAYS AS IDENTITY column " + f.name()
                            + " is not supported (table " + table + "); leave it out of the MERGE INSERT clause; nothing was written");
                }
            }
        }
    }

    public static Result run(DataPlane engine, Table table, Spec spec) {
        long start = System.currentTimeMillis();
        Connection c = engine.connection();
        Transaction txn = table.newTransaction();
        Snapshot s = txn.readSnapshot().orElseThrow();
        refuseIdentityAssignments(table.name(), s.schema(), spec.clauses());
        boolean bySource = spec.clauses().stream().anyMatch(cl -> cl.when() == When.NOT_MATCHED_BY_SOURCE);
        String ta = Sql.ident(spec.targetAlias());
        String sa = Sql.ident(spec.sourceAlias());

        String target = Sql.tempName("merge_target");
        String src = Sql.tempName("merge_source");
        String joined = Sql.tempName("merge_joined");
        try {
            Sql.exec(c, "CREATE TEMP TABLE " + src + " AS SELECT *, true AS __floe_s FROM " + spec.source());
            // NOT MATCHED BY SOURCE may change any target row, so every file is a candidate then.
            List<DataFile> candidates = RowRewrite.candidates(txn, bySource ? null : targetFilter(c, s, src, spec));
            Map<String, String> sourceCols = new HashMap<>();
            StructType schema = s.schema();
            boolean star = spec.clauses().stream().anyMatch(cl -> cl.action() == Action.UPDATE_ALL || cl.action() == Action.INSERT_ALL);
            for (String[] col : Sql.describe(c, "SELECT * FROM " + src)) {
                if (col[0].equals("__floe_s")) {
                    continue;
                }
                sourceCols.put(col[0].toLowerCase(Locale.ROOT), col[0]);
                if (spec.mergeSchema() && star && schema.field(col[0]).isEmpty()) {
                    schema = schema.add(new StructField(col[0], DuckTypes.toDataType(col[1]), true));
                }
            }
            if (schema != s.schema()) {
                txn.updateSchema(schema);
                schema = txn.schema();
            }
            List<StructField> cols = schema.fields();
            // merge-on-read: touched target rows are marked deleted by position; only changed and inserted rows are written
            boolean mor = RowRewrite.mergeOnRead(table, s, RowLevelDeletes.Command.MERGE);
            // row tracking: target rows carry their stable ids, which updated and copied rows keep
            boolean rowIds = RowRewrite.keepsRowIds(table, s);
            boolean cdc = ChangeData.enabled(table, s);
            // Copy-on-write without NOT MATCHED BY SOURCE, the change feed or row ids: only the source's rows, each with its
            // target match if any, are joined and kept (a right join); the target rows no clause changes are read again
            // from the files being rewritten, by file and position. Keeping every candidate target row instead (a full
            // join) copied the whole table into memory for a MERGE that touches every file: 10M rows, 4 GB, most of its time.
            boolean sourceSide = !bySource && !mor && !cdc && !rowIds;
            String pos = DataPlane.POSITION_COLUMN;
            String targetRows = "SELECT *, " + (sourceSide ? "" : "row_number() OVER () AS __floe_rid, ") + "true AS __floe_t FROM "
                    + engine.scan(table, s, schema, candidates, new DataPlane.ScanColumns(true, mor || sourceSide, rowIds, false));
            // the target rows are read once, by the join, unless merge-on-read (live rows per file) or the change feed
            // (pre-images) reads them again: then they are kept as a table, which copies every candidate row once more
            boolean keepTarget = mor || cdc;
            if (keepTarget) {
                Sql.exec(c, "CREATE TEMP TABLE " + target + " AS " + targetRows);
            }
            String targetRelation = keepTarget ? target : "(" + targetRows + ")";

            // Classify each joined row by the first clause whose condition holds, and compute each clause's new values.
            StringBuilder act = new StringBuilder("CASE");
            for (When w : When.values()) {
                String guard = switch (w) {
                    case MATCHED -> ta + ".__floe_t AND " + sa + ".__floe_s";
                    case NOT_MATCHED_BY_SOURCE -> ta + ".__floe_t AND " + sa + ".__floe_s IS NULL";
                    case NOT_MATCHED -> ta + ".__floe_t IS NULL";
                };
                StringBuilder inner = new StringBuilder("CASE");
                for (int i = 0; i < spec.clauses().size(); i++) {
                    Clause cl = spec.clauses().get(i);
                    if (cl.when() == w) {
                        inner.append(" WHEN ").append(cl.condition() == null ? "true" : "coalesce((" + cl.condition() + "), false)")
                                .append(" THEN ").append(i);
                    }
                }
                String choice = inner.length() == "CASE".length() ? "-1" : inner.append(" ELSE -1 END").toString();
                act.append(" WHEN ").append(guard).append(" THEN ").append(choice);
            }
            act.append(" END");
            List<String> select = new ArrayList<>();
            if (!sourceSide) {
                select.add(ta + ".__floe_rid AS __floe_rid");
            }
            select.add(ta + "." + Sql.ident(DataPlane.FILE_COLUMN) + " AS __floe_file");
            if (mor || sourceSide) {
                select.add(ta + "." + Sql.ident(pos) + " AS " + pos);
            }
            select.add("coalesce(" + ta + ".__floe_t, false) AS __floe_has_t");
            select.add("coalesce(" + sa + ".__floe_s, false) AS __floe_has_s");
            select.add(act + " AS __floe_clause");
            if (rowIds) {
                select.add(ta + "." + DataPlane.ROW_ID_COLUMN + " AS " + DataPlane.ROW_ID_COLUMN);
                select.add(ta + "." + DataPlane.ROW_COMMIT_VERSION_COLUMN + " AS " + DataPlane.ROW_COMMIT_VERSION_COLUMN);
            }
            for (int k = 0; k < cols.size(); k++) {
                StructField f = cols.get(k);
                StringBuilder v = new StringBuilder("CASE");
                boolean kept = false; // whether an UPDATE clause keeps the target's value of f
                for (int i = 0; i < spec.clauses().size(); i++) {
                    Clause cl = spec.clauses().get(i);
                    String e = valueFor(cl, f, ta, sa, sourceCols, table.name());
                    if (e != null) {
                        v.append(" WHEN ").append(act).append(" = ").append(i).append(" THEN CAST((").append(e)
                                .append(") AS ").append(TypeMapping.duckdbType(f.type())).append(")");
                    } else if (cl.action() == Action.UPDATE || cl.action() == Action.UPDATE_ALL) {
                        kept = true;
                    }
                }
                // the source-side path writes only updated and inserted rows from the join: a column every UPDATE clause
                // assigns needs no target value (UPDATE SET * reads the target's join keys alone, not its whole rows)
                String keep = sourceSide && !kept ? "CAST(NULL AS " + TypeMapping.duckdbType(f.type()) + ")" : ta + "." + Sql.ident(f.name());
                String value = v.length() == "CASE".length() ? keep : v.append(" ELSE ").append(keep).append(" END").toString();
                select.add(value + " AS " + Sql.ident(f.name()));
            }
            Sql.exec(c, "CREATE TEMP TABLE " + joined + " AS SELECT " + String.join(", ", select) + " FROM " + targetRelation + " AS " + ta
                    + (sourceSide ? " RIGHT OUTER JOIN " : " FULL OUTER JOIN ") + src + " AS " + sa + " ON " + spec.on());

            // Delta's rule: a target row may be modified by at most one source row. Matched rows only (a target row without
            // a match is joined once): also tells whether any target row comes more than once, which the rewrite must undo.
            long[] repeats = Sql.longs(c, "SELECT coalesce(sum(CASE WHEN modifying > 1 THEN 1 ELSE 0 END), 0),"
                    + " coalesce(sum(CASE WHEN matches > 1 THEN 1 ELSE 0 END), 0) FROM (SELECT "
                    + (sourceSide ? "__floe_file, " + pos : "__floe_rid") + ", count(*) FILTER (WHERE __floe_clause >= 0) AS modifying,"
                    + " count(*) AS matches FROM " + joined + " WHERE __floe_has_t AND __floe_has_s GROUP BY ALL)", 2);
            long multi = repeats[0];
            boolean repeatedTargetRows = repeats[1] > 0;
            if (multi > 0) {
                throw new MultipleMatchesException("MERGE into " + table.name() + " failed: " + multi + " target row(s) matched"
                        + " more than one source row; a target row can be updated or deleted by one source row only. "
                        + "Deduplicate the source (e.g. with ROW_NUMBER() or GROUP BY on the join keys). Nothing was changed.");
            }
            Map<Integer, Action> actions = new HashMap<>();
            for (int i = 0; i < spec.clauses().size(); i++) {
                actions.put(i, spec.clauses().get(i).action());
            }
            String deletes = inList(actions, Action.DELETE);
            String updates = inList(actions, Action.UPDATE, Action.UPDATE_ALL);
            String inserts = inList(actions, Action.INSERT, Action.INSERT_ALL);
            long numSource = Sql.count(c, "SELECT count(*) FROM " + src);
            // one pass over the joined rows for the three counts
            long[] counts = Sql.longs(c, "SELECT count(*) FILTER (WHERE __floe_has_t AND __floe_clause IN " + deletes + "),"
                    + " count(*) FILTER (WHERE __floe_has_t AND __floe_clause IN " + updates + "),"
                    + " count(*) FILTER (WHERE NOT __floe_has_t AND __floe_clause IN " + inserts + ") FROM " + joined, 3);
            long numDeleted = counts[0];
            long numUpdated = counts[1];
            long numInserted = counts[2];

            List<String> touchedPaths = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT __floe_file FROM " + joined
                    + " WHERE __floe_has_t AND __floe_clause IN " + union(deletes, updates))) {
                while (rs.next()) {
                    touchedPaths.add(rs.getString(1));
                }
            } catch (SQLException e) {
                throw new Sql.DataPlaneException(e.getMessage(), "touched files", e);
            }
            if (touchedPaths.isEmpty() && numInserted == 0) {
                return new Result(null, numSource, 0, 0, 0, 0, 0, 0);
            }
            String colList = RowRewrite.columnList(schema);
            String fileList = touchedPaths.isEmpty() ? "(NULL)" : "(" + String.join(", ", touchedPaths.stream().map(Sql::literal).toList()) + ")";
            // New content: rows of touched files (each target row once: its modifying match if any, else as it was),
            // minus deletes, plus inserted rows.
            // row tracking: updated and copied rows keep their ids, updated ones take this commit's version (NULL), inserted
            // rows get new ids (NULL)
            String keptIds = RowRewrite.rowIdColumns(rowIds, null, "__floe_clause IN " + updates);
            String newIds = rowIds ? ", CAST(NULL AS BIGINT) AS " + DataPlane.ROW_ID_COLUMN + ", CAST(NULL AS BIGINT) AS "
                    + DataPlane.ROW_COMMIT_VERSION_COLUMN : "";
            // which written rows the change feed reports (read back after generated columns are computed in place)
            String change = ", CASE WHEN __floe_clause IN " + updates + " THEN '" + ChangeData.POSTIMAGE + "' END AS " + CHANGE;
            Map<String, DataFile> byPath = new HashMap<>();
            candidates.forEach(f -> byPath.put(f.path(), f));
            String updatedRows = "SELECT " + colList + keptIds + change + " FROM " + joined + " WHERE __floe_has_t AND __floe_clause IN " + updates;
            String rewritten = mor
                    // a target row has at most one modifying match (checked above), so updated rows come once each
                    ? updatedRows
                    : sourceSide
                    // the updated rows, and the rows of the touched files that no clause modifies, read from those files again
                    ? updatedRows + (touchedPaths.isEmpty() ? "" : " UNION ALL SELECT " + qualified(schema, "t") + ", CAST(NULL AS VARCHAR) AS "
                    + CHANGE + " FROM " + engine.scan(table, s, schema, touchedPaths.stream().map(byPath::get).toList(),
                    new DataPlane.ScanColumns(true, true, false, false)) + " AS t ANTI JOIN (SELECT __floe_file, " + pos + " FROM " + joined
                    + " WHERE __floe_has_t AND __floe_clause IN " + union(deletes, updates) + ") AS m ON t." + Sql.ident(DataPlane.FILE_COLUMN)
                    + " = m.__floe_file AND t." + pos + " = m." + pos)
                    : repeatedTargetRows
                    // a target row that matched several source rows (at most one of them modifying) is written once
                    ? "SELECT " + colList + keptIds + change + " FROM (SELECT *, row_number() OVER (PARTITION BY __floe_rid ORDER BY "
                    + "(__floe_clause >= 0) DESC) AS __floe_rn FROM " + joined + " WHERE __floe_has_t AND __floe_file IN " + fileList
                    + ") WHERE __floe_rn = 1 AND __floe_clause NOT IN " + deletes
                    : "SELECT " + colList + keptIds + change + " FROM " + joined + " WHERE __floe_has_t AND __floe_file IN " + fileList
                    + " AND __floe_clause NOT IN " + deletes;
            String inserted = "SELECT " + colList + newIds + ", '" + ChangeData.INSERT + "' AS " + CHANGE + " FROM " + joined
                    + " WHERE NOT __floe_has_t AND __floe_clause IN " + inserts;
            // the rows to write are kept as a table only when something must read them before (or beside) the write:
            // constraints and generated columns to check or compute, the change feed; otherwise they stream into the write
            boolean materialize = cdc || Constraints.anyRule(schema, txn.checkConstraints());
            String out = materialize ? Sql.tempName("merge_out") : "(" + rewritten + " UNION ALL " + inserted + ")";
            if (materialize) {
                Sql.exec(c, "CREATE TEMP TABLE " + out + " AS " + rewritten + " UNION ALL " + inserted);
            }
            try {
                if (materialize) {
                    Constraints.validate(engine, table.name(), out, schema, txn.checkConstraints());
                }
                List<DataFile> added = engine.write(table, schema, s.partitionSpec(), table.writeOptions(s.properties()),
                        "(SELECT * EXCLUDE (" + CHANGE + ") FROM " + out + ")", true, rowIds ? s : null);
                long outRows = materialize ? Sql.count(c, "SELECT count(*) FROM " + out) : RowRewrite.recordsIn(added);
                List<DataFile> removed;
                int marked = 0;
                if (mor) {
                    Map<String, long[]> positions = RowRewrite.positionLists(c, "SELECT __floe_file, list(" + DataPlane.POSITION_COLUMN
                            + " ORDER BY " + DataPlane.POSITION_COLUMN + ") FROM (SELECT DISTINCT __floe_file, " + DataPlane.POSITION_COLUMN
                            + " FROM " + joined + " WHERE __floe_has_t AND __floe_clause IN " + union(deletes, updates) + ") GROUP BY 1");
                    Map<String, Long> live = new HashMap<>();
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + Sql.ident(DataPlane.FILE_COLUMN)
                            + ", count(*) FROM " + target + " GROUP BY 1")) {
                        while (rs.next()) {
                            live.put(rs.getString(1), rs.getLong(2));
                        }
                    } catch (SQLException e) {
                        throw new Sql.DataPlaneException(e.getMessage(), "live rows per file", e);
                    }
                    RowRewrite.Marked m = RowRewrite.markDeleted(txn, byPath, positions, live);
                    removed = m.removed();
                    marked = m.marked();
                } else {
                    removed = touchedPaths.stream().map(byPath::get).toList();
                    removed.forEach(f -> txn.remove(f, true));
                }
                txn.addAll(added).enforcesConstraints(true).preservesRowIds(rowIds);
                int cdcFiles = 0;
                if (cdc) {
                    String targetCols = colList;
                    String rids = "(SELECT __floe_rid FROM " + joined + " WHERE __floe_has_t AND __floe_clause IN ";
                    cdcFiles = ChangeData.write(engine, table, s, txn, "(SELECT " + targetCols + ", '" + ChangeData.PREIMAGE
                            + "' AS _change_type FROM " + target + " WHERE __floe_rid IN " + rids + updates + ")"
                            // post-images and inserts as written: generated columns computed
                            + " UNION ALL SELECT " + colList + ", " + CHANGE + " FROM " + out + " WHERE " + CHANGE + " IS NOT NULL"
                            + " UNION ALL SELECT " + targetCols + ", '" + ChangeData.DELETE + "' FROM " + target
                            + " WHERE __floe_rid IN " + rids + deletes + "))");
                }
                long copied = outRows - numInserted - numUpdated;
                Map<String, Object> metrics = new LinkedHashMap<>();
                metrics.put("numSourceRows", numSource);
                metrics.put("numTargetFilesBeforeSkipping", s.files().size());
                metrics.put("numTargetFilesAfterSkipping", candidates.size());
                metrics.put("numTargetRowsInserted", numInserted);
                metrics.put("numTargetRowsUpdated", numUpdated);
                metrics.put("numTargetRowsDeleted", numDeleted);
                metrics.put("numTargetRowsCopied", copied);
                metrics.put("numOutputRows", outRows);
                metrics.put("numTargetFilesAdded", added.size());
                metrics.put("numTargetFilesRemoved", removed.size());
                metrics.put("numTargetChangeFilesAdded", cdcFiles);
                metrics.put("numTargetDeletionVectorsAdded", marked);
                metrics.put("numTargetBytesAdded", added.stream().mapToLong(DataFile::size).sum());
                metrics.put("numTargetBytesRemoved", removed.stream().mapToLong(DataFile::size).sum());
                metrics.put("executionTimeMs", System.currentTimeMillis() - start);
                Map<String, String> params = new LinkedHashMap<>();
                params.put("predicate", Operation.json(spec.on()));
                params.put("matchedPredicates", clausesJson(spec, When.MATCHED));
                params.put("notMatchedPredicates", clausesJson(spec, When.NOT_MATCHED));
                params.put("notMatchedBySourcePredicates", clausesJson(spec, When.NOT_MATCHED_BY_SOURCE));
                CommitResult r = txn.commit(new Operation("MERGE", params, Map.of()).withMetrics(metrics));
                return new Result(r, numSource, numInserted, numUpdated, numDeleted, copied, added.size(), removed.size());
            } finally {
                if (materialize) {
                    Sql.exec(c, "DROP TABLE IF EXISTS " + out);
                }
            }
        } finally {
            for (String t : List.of(joined, target, src)) {
                Sql.exec(c, "DROP TABLE IF EXISTS " + t);
            }
        }
    }

    /** The schema's columns qualified by {@code alias}, in order. */
    private static String qualified(StructType schema, String alias) {
        List<String> cols = new ArrayList<>();
        for (StructField f : schema.fields()) {
            cols.add(alias + "." + Sql.ident(f.name()));
        }
        return String.join(", ", cols);
    }

    /** The new value of column {@code f} under clause {@code cl}, or null if the clause keeps it. */
    private static String valueFor(Clause cl, StructField f, String ta, String sa, Map<String, String> sourceCols, String table) {
        String name = f.name().toLowerCase(Locale.ROOT);
        switch (cl.action()) {
            case DELETE:
                return null;
            case UPDATE_ALL:
            case INSERT_ALL: {
                String sc = sourceCols.get(name);
                if (sc == null) {
                    if (cl.action() == Action.UPDATE_ALL) {
                        return null;
                    }
                    return "NULL";
                }
                return sa + "." + Sql.ident(sc);
            }
            default: {
                for (var e : cl.assignments().entrySet()) {
                    String target = e.getKey();
                    int dot = target.lastIndexOf('.');
                    if (dot >= 0) {
                        target = target.substring(dot + 1);
                    }
                    if (target.replace("`", "").replace("\"", "").equalsIgnoreCase(name)) {
                        return e.getValue();
                    }
                }
                return cl.action() == Action.INSERT ? "NULL" : null;
            }
        }
    }

    private static String inList(Map<Integer, Action> actions, Action... wanted) {
        List<String> ids = new ArrayList<>();
        actions.forEach((i, a) -> {
            for (Action w : wanted) {
                if (a == w) {
                    ids.add(String.valueOf(i));
                }
            }
        });
        return ids.isEmpty() ? "(-99)" : "(" + String.join(", ", ids) + ")";
    }

    private static String union(String a, String b) {
        return "(" + a.substring(1, a.length() - 1) + ", " + b.substring(1, b.length() - 1) + ")";
    }

    private static String clausesJson(Spec spec, When w) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Clause cl : spec.clauses()) {
            if (cl.when() == w) {
                Map<String, String> m = new LinkedHashMap<>();
                if (cl.condition() != null) {
                    m.put("predicate", cl.condition());
                }
                m.put("actionType", cl.action().name().toLowerCase(Locale.ROOT).replace("_all", "*").replace("insert*", "insert")
                        .replace("update*", "update"));
                out.add(m);
            }
        }
        return Operation.json(out);
    }
}
