package io.floe.sql;

import io.floe.ProgressListener;
import io.floe.QueryResult;
import io.floe.catalog.Catalog;
import io.floe.catalog.Warehouse;
import io.floe.delta.DeltaLog;
import io.floe.delta.DeltaSnapshot;
import io.floe.delta.DeltaTable;
import io.floe.delta.actions.CommitInfo;
import io.floe.engine.DuckDbEngine;
import io.floe.operations.AlterTable;
import io.floe.operations.ChangeFeed;
import io.floe.operations.Delete;
import io.floe.operations.Merge;
import io.floe.operations.Optimize;
import io.floe.operations.Restore;
import io.floe.operations.Sql;
import io.floe.operations.Update;
import io.floe.operations.Vacuum;
import io.floe.operations.Write;
import io.floe.sql.Statement.Query;
import io.floe.sql.Statement.TableName;
import io.floe.sql.Statement.TableRef;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.TableNotFoundException;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Executes SQL against a warehouse: Floe's own statements (DDL, DML, maintenance, history) through
 * the operations; queries through DuckDB, with each table reference replaced by a scan of exactly the
 * files of the requested version that survive partition pruning and statistics skipping.
 */
public final class SqlSession {
    /** Spark's switch for schema evolution on writes, honoured under the same name. */
    public static final String AUTO_MERGE_CONF = "spark.databricks.delta.schema.autoMerge.enabled";

    private final Warehouse warehouse;
    private final DuckDbEngine engine;
    private final TableResolver resolver;
    private final Map<String, String> conf = new ConcurrentHashMap<>();
    private volatile ProgressListener progress = ProgressListener.NONE;

    public SqlSession(Warehouse warehouse, DuckDbEngine engine) {
        this.warehouse = warehouse;
        this.engine = engine;
        this.resolver = new TableResolver(warehouse);
    }

    public void setProgressListener(ProgressListener l) {
        this.progress = l == null ? ProgressListener.NONE : l;
    }

    public Map<String, String> conf() {
        return conf;
    }

    /** Runs every statement of the script in order; stops at the first error. */
    public List<QueryResult> execute(String script) {
        List<io.floe.sql.Statement> stmts = Parser.parseScript(script);
        List<QueryResult> out = new ArrayList<>();
        int i = 0;
        for (io.floe.sql.Statement s : stmts) {
            progress.onProgress("statement", i++, stmts.size());
            out.add(execute(s));
        }
        return out;
    }

    public QueryResult execute(io.floe.sql.Statement s) {
        if (s instanceof Query q) {
            return query(q);
        }
        if (s instanceof io.floe.sql.Statement.Explain e) {
            return explain(e.query());
        }
        if (s instanceof io.floe.sql.Statement.CreateTable c) {
            return create(c);
        }
        if (s instanceof io.floe.sql.Statement.Insert ins) {
            return insert(ins);
        }
        if (s instanceof io.floe.sql.Statement.Update u) {
            return update(u);
        }
        if (s instanceof io.floe.sql.Statement.Delete d) {
            return delete(d);
        }
        if (s instanceof io.floe.sql.Statement.Merge m) {
            return merge(m);
        }
        if (s instanceof io.floe.sql.Statement.Optimize o) {
            return optimize(o);
        }
        if (s instanceof io.floe.sql.Statement.Vacuum v) {
            return vacuum(v);
        }
        if (s instanceof io.floe.sql.Statement.Restore r) {
            return restore(r);
        }
        if (s instanceof io.floe.sql.Statement.DescribeHistory h) {
            return history(h);
        }
        if (s instanceof io.floe.sql.Statement.DescribeDetail d) {
            return detail(d);
        }
        if (s instanceof io.floe.sql.Statement.Describe d) {
            return describe(d);
        }
        if (s instanceof io.floe.sql.Statement.ShowTables) {
            return showTables();
        }
        if (s instanceof io.floe.sql.Statement.DropTable d) {
            return drop(d);
        }
        if (s instanceof io.floe.sql.Statement.AddColumns a) {
            return committed("added columns to " + a.table().display(), AlterTable.addColumns(table(a.table()), a.columns()));
        }
        if (s instanceof io.floe.sql.Statement.RenameColumn r) {
            return committed("renamed column " + r.from() + " to " + r.to(), AlterTable.renameColumn(table(r.table()), r.from(), r.to()));
        }
        if (s instanceof io.floe.sql.Statement.SetProperties sp) {
            return committed("set properties of " + sp.table().display(), AlterTable.setProperties(table(sp.table()), sp.properties()));
        }
        if (s instanceof io.floe.sql.Statement.UnsetProperties up) {
            return committed("unset properties of " + up.table().display(),
                    AlterTable.unsetProperties(table(up.table()), up.keys(), up.ifExists()));
        }
        if (s instanceof io.floe.sql.Statement.AddConstraint ac) {
            return committed("added constraint " + ac.name(), AlterTable.addConstraint(engine, table(ac.table()), ac.name(), ac.expression()));
        }
        if (s instanceof io.floe.sql.Statement.DropConstraint dc) {
            return committed("dropped constraint " + dc.name(), AlterTable.dropConstraint(table(dc.table()), dc.name(), dc.ifExists()));
        }
        if (s instanceof io.floe.sql.Statement.SetNotNull nn) {
            return committed((nn.notNull() ? "set" : "dropped") + " NOT NULL on " + nn.column(),
                    AlterTable.setNullable(engine, table(nn.table()), nn.column(), !nn.notNull()));
        }
        if (s instanceof io.floe.sql.Statement.SetConf sc) {
            if (sc.value() == null) {
                String v = conf.get(sc.key());
                return rows(List.of("key", "value"), List.of(List.of(sc.key(), v == null ? "<undefined>" : v)));
            }
            conf.put(sc.key(), sc.value());
            return QueryResult.message("set " + sc.key() + " = " + sc.value());
        }
        throw new FloeException("statement not supported: " + s.getClass().getSimpleName());
    }

    // ------------------------------------------------------------------ tables

    private DeltaTable table(TableName n) {
        try {
            return resolver.resolve(n.qualifier(), n.name());
        } catch (TableNotFoundException e) {
            throw new TableNotFoundException(n.at().position() + ": " + e.getMessage());
        }
    }

    private static String aliasOf(TableName n, String alias) {
        if (alias != null) {
            return alias;
        }
        if (n.isPath()) {
            String p = n.name().replaceAll("/+$", "");
            return p.substring(p.lastIndexOf('/') + 1).replaceAll("\\W", "_");
        }
        return n.name();
    }

    private static QueryResult committed(String what, CommitResult r) {
        return QueryResult.message(r == null ? what + ": nothing to do" : what + " (version " + r.version() + ")");
    }

    private static QueryResult rows(List<String> cols, List<List<Object>> rows) {
        List<String> types = new ArrayList<>();
        cols.forEach(c -> types.add("VARCHAR"));
        return new QueryResult(cols, types, rows, null);
    }

    // ------------------------------------------------------------------ queries

    /** What EXPLAIN shows for one table scan. */
    public record ScanInfo(String table, long version, int total, int afterPartitionPruning, int afterStatsSkipping) {
        public String line() {
            return "scan " + table + "@v" + version + ": files total=" + total + " after_partition_pruning=" + afterPartitionPruning
                    + " after_stats_skipping=" + afterStatsSkipping;
        }
    }

    /** The query's SQL for DuckDB with every table reference replaced by a scan; fills {@code scans}. */
    String plan(Query q, List<ScanInfo> scans) {
        Map<Integer, Renderer.Replacement> repl = new LinkedHashMap<>();
        for (TableRef ref : q.refs()) {
            DeltaTable t = table(ref.name());
            String alias = ref.alias() == null ? " AS " + Sql.ident(aliasOf(ref.name(), null)) : "";
            if (ref.changes()) {
                repl.put(ref.start(), new Renderer.Replacement(ref.end(),
                        ChangeFeed.scanSql(engine, t, ref.changesFrom(), ref.changesTo()) + alias));
                continue;
            }
            DeltaSnapshot s;
            try {
                s = TableResolver.snapshot(t, ref.version(), ref.timestamp());
            } catch (IllegalArgumentException e) {
                throw new FloeException(ref.name().at().position() + ": " + e.getMessage());
            }
            List<DataFile> files = s.files();
            int total = files.size();
            int afterPartitions = total;
            Expr where = q.where().get(ref);
            if (where != null) {
                String name = aliasOf(ref.name(), ref.alias());
                Predicate<DataFile> pp = FilePruning.partitionFilter(where, s.schema(), s.partitionColumns(), name);
                afterPartitions = (int) files.stream().filter(pp).count();
                files = files.stream().filter(FilePruning.filter(where, s.schema(), s.partitionColumns(), name)).toList();
            }
            scans.add(new ScanInfo(ref.name().display(), s.version(), total, afterPartitions, files.size()));
            repl.put(ref.start(), new Renderer.Replacement(ref.end(), engine.scan(t, s, s.schema(), files, false) + alias));
        }
        return Renderer.render(q.script(), q.from(), q.to(), repl);
    }

    private QueryResult query(Query q) {
        String sql = plan(q, new ArrayList<>());
        return run(sql, q);
    }

    private QueryResult run(String sql, Query q) {
        Connection c = engine.connection();
        try (Statement st = c.createStatement()) {
            boolean hasRows = st.execute(sql);
            if (!hasRows) {
                return QueryResult.message("ok");
            }
            try (ResultSet rs = st.getResultSet()) {
                return JdbcResults.read(rs);
            }
        } catch (SQLException e) {
            Token first = q.script().tokens().get(q.from());
            throw new FloeException("statement at " + first.position() + ": " + cleanDuckDbMessage(e.getMessage()), e);
        }
    }

    static String cleanDuckDbMessage(String m) {
        if (m == null) {
            return "query failed";
        }
        // DuckDB's LINE excerpts point into the rewritten SQL, which the user never wrote.
        int cut = m.indexOf("\n\nLINE ");
        return (cut > 0 ? m.substring(0, cut) : m).trim();
    }

    private QueryResult explain(Query q) {
        List<ScanInfo> scans = new ArrayList<>();
        plan(q, scans);
        List<List<Object>> rows = new ArrayList<>();
        for (ScanInfo s : scans) {
            rows.add(List.of(s.line()));
        }
        return rows(List.of("plan"), rows);
    }

    /** The scans a query would do, for tools and tests. */
    public List<ScanInfo> explainScans(String query) {
        List<io.floe.sql.Statement> s = Parser.parseScript(query);
        Query q = s.get(0) instanceof io.floe.sql.Statement.Explain e ? e.query() : (Query) s.get(0);
        List<ScanInfo> scans = new ArrayList<>();
        plan(q, scans);
        return scans;
    }

    /** The query as a parenthesized relation; a bare table reference (MERGE … USING t) becomes a SELECT of it. */
    private String render(Query q) {
        Token first = q.script().tokens().get(q.from());
        boolean isQuery = first.is("SELECT") || first.is("WITH") || first.is("VALUES") || first.is("FROM") || first.is("TABLE")
                || first.isSymbol("(");
        String sql = plan(q, new ArrayList<>());
        return isQuery ? "(SELECT * FROM (" + sql + "))" : "(SELECT * FROM " + sql + ")";
    }

    // ------------------------------------------------------------------ DDL / DML

    private QueryResult create(io.floe.sql.Statement.CreateTable c) {
        if (c.orReplace()) {
            throw new FloeException(c.name().at().position() + ": CREATE OR REPLACE TABLE is not supported yet; "
                    + "use DROP TABLE then CREATE TABLE, or INSERT OVERWRITE");
        }
        TableName n = c.name();
        String location = n.isPath() ? n.name() : c.location();
        boolean register = !n.isPath();
        if (register && warehouse.tableExists(n.name())) {
            if (c.ifNotExists()) {
                return QueryResult.message("table " + n.name() + " already exists");
            }
            throw new io.floe.table.TableAlreadyExistsException(n.at().position() + ": table " + n.name() + " already exists");
        }
        if (c.asSelect() != null) {
            DeltaTable t = register ? warehouse.prepareTable(n.name(), location) : warehouse.tableAt(location);
            if (!register && t.exists()) {
                throw new io.floe.table.TableAlreadyExistsException("a Delta table already exists at " + location);
            }
            StructType declared = c.columns().isEmpty() ? null : new StructType(c.columns());
            Write.Result r = Write.createAs(engine, t, render(c.asSelect()), c.partitionBy(), c.properties(), declared);
            if (register) {
                warehouse.registerTable(n.name(), location);
            }
            return QueryResult.message("created table " + n.display() + " with " + r.numOutputRows() + " rows (version "
                    + r.commit().version() + ")");
        }
        if (!register) {
            DeltaTable t = warehouse.tableAt(location);
            if (t.exists()) {
                if (c.ifNotExists()) {
                    return QueryResult.message("table at " + location + " already exists");
                }
                throw new io.floe.table.TableAlreadyExistsException("a Delta table already exists at " + location);
            }
            t.create(new StructType(c.columns()), c.partitionBy(), c.properties(), null);
            return QueryResult.message("created table " + n.display());
        }
        DeltaTable t = warehouse.createTable(n.name(), c.columns().isEmpty() ? null : new StructType(c.columns()),
                c.partitionBy(), c.properties(), location, c.ifNotExists());
        return QueryResult.message((c.columns().isEmpty() ? "registered table " : "created table ") + n.name()
                + " at " + t.location());
    }

    private boolean autoMerge() {
        return "true".equalsIgnoreCase(conf.get(AUTO_MERGE_CONF)) || "true".equalsIgnoreCase(conf.get("mergeSchema"));
    }

    private QueryResult insert(io.floe.sql.Statement.Insert ins) {
        DeltaTable t = table(ins.table());
        Predicate<DataFile> replace = null;
        if (ins.replaceWhere() != null) {
            DeltaSnapshot s = t.snapshot();
            if (!FilePruning.onlyPartitionColumns(ins.replaceWhere(), s.partitionColumns())) {
                throw new FloeException(ins.table().at().position() + ": REPLACE WHERE may only use partition columns of "
                        + ins.table().display() + " " + s.partitionColumns());
            }
            replace = FilePruning.filter(ins.replaceWhere(), s.schema(), s.partitionColumns(), aliasOf(ins.table(), null));
        }
        Write.Result r = Write.run(engine, t, render(ins.source()), new Write.Options(ins.columns(), ins.overwrite(), autoMerge(),
                replace, ins.replaceWhereText()));
        return new QueryResult(List.of("num_affected_rows", "num_inserted_rows"), List.of("BIGINT", "BIGINT"),
                List.of(List.of(r.numOutputRows(), r.numOutputRows())),
                (ins.overwrite() ? "overwrote " : "inserted ") + r.numOutputRows() + " rows into " + ins.table().display()
                        + " (version " + r.commit().version() + ")");
    }

    private Predicate<DataFile> pruning(DeltaTable t, Expr where, String alias) {
        if (where == null) {
            return null;
        }
        DeltaSnapshot s = t.snapshot();
        return FilePruning.filter(where, s.schema(), s.partitionColumns(), alias);
    }

    private QueryResult update(io.floe.sql.Statement.Update u) {
        DeltaTable t = table(u.table());
        String alias = aliasOf(u.table(), u.alias());
        Update.Result r = Update.run(engine, t, alias, u.set(), u.where(), pruning(t, u.whereTree(), alias));
        return new QueryResult(List.of("num_affected_rows"), List.of("BIGINT"), List.of(List.of(r.numUpdatedRows())),
                "updated " + r.numUpdatedRows() + " rows of " + u.table().display()
                        + (r.commit() == null ? " (no change)" : " (version " + r.commit().version() + ")"));
    }

    private QueryResult delete(io.floe.sql.Statement.Delete d) {
        DeltaTable t = table(d.table());
        String alias = aliasOf(d.table(), d.alias());
        Delete.Result r = Delete.run(engine, t, alias, d.where(), pruning(t, d.whereTree(), alias));
        return new QueryResult(List.of("num_affected_rows"), List.of("BIGINT"), List.of(List.of(r.numDeletedRows())),
                "deleted " + r.numDeletedRows() + " rows from " + d.table().display()
                        + (r.commit() == null ? " (no change)" : " (version " + r.commit().version() + ")"));
    }

    private QueryResult merge(io.floe.sql.Statement.Merge m) {
        DeltaTable t = table(m.target());
        String targetAlias = aliasOf(m.target(), m.targetAlias());
        String sourceAlias = m.sourceAlias() != null ? m.sourceAlias()
                : m.source().refs().size() == 1 && m.source().from() == tokenIndexOf(m.source(), m.source().refs().get(0))
                ? aliasOf(m.source().refs().get(0).name(), m.source().refs().get(0).alias()) : "source";
        Connection c = engine.connection();
        String src = Sql.tempName("merge_src");
        Sql.exec(c, "CREATE TEMP TABLE " + src + " AS SELECT * FROM " + render(m.source()));
        try {
            DeltaSnapshot s = t.snapshot();
            Expr prune = m.onTree();
            for (Expr.Comparison key : joinKeys(m.onTree(), targetAlias, sourceAlias)) {
                Expr.Column col = (Expr.Column) key.left();
                Object[] mm = minMax(c, src, sourceAlias, ((Expr.Opaque) key.right()).text());
                if (mm != null) {
                    prune = new Expr.And(prune, new Expr.Between(col, literal(mm[0]), literal(mm[1]), false));
                } else {
                    // every source key is NULL: no target row can match
                    prune = new Expr.And(prune, new Expr.Literal(false, Expr.LiteralKind.BOOLEAN));
                }
            }
            Predicate<DataFile> filter = FilePruning.filter(prune, s.schema(), s.partitionColumns(), targetAlias);
            List<Merge.Clause> clauses = new ArrayList<>();
            for (io.floe.sql.Statement.MergeClause mc : m.clauses()) {
                clauses.add(new Merge.Clause(Merge.When.valueOf(mc.when().name()), mc.condition(),
                        Merge.Action.valueOf(mc.action().name()), mc.assignments()));
            }
            Merge.Result r = Merge.run(engine, t, new Merge.Spec(src, targetAlias, sourceAlias, m.on(), clauses, filter, autoMerge()));
            long affected = r.numTargetRowsInserted() + r.numTargetRowsUpdated() + r.numTargetRowsDeleted();
            return new QueryResult(List.of("num_affected_rows", "num_updated_rows", "num_deleted_rows", "num_inserted_rows"),
                    List.of("BIGINT", "BIGINT", "BIGINT", "BIGINT"),
                    List.of(List.of(affected, r.numTargetRowsUpdated(), r.numTargetRowsDeleted(), r.numTargetRowsInserted())),
                    "merged into " + m.target().display() + ": " + r.numTargetRowsUpdated() + " updated, " + r.numTargetRowsInserted()
                            + " inserted, " + r.numTargetRowsDeleted() + " deleted"
                            + (r.commit() == null ? " (no change)" : " (version " + r.commit().version() + ")"));
        } finally {
            Sql.exec(c, "DROP TABLE IF EXISTS " + src);
        }
    }

    private static int tokenIndexOf(Query q, TableRef ref) {
        List<Token> ts = q.script().tokens();
        for (int i = q.from(); i < q.to(); i++) {
            if (ts.get(i).start() == ref.start()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The equalities of the ON condition between a target column and a source-only expression
     * ({@code t.k = s.k + 1}): the source's min and max of the expression bound the target files that can match.
     * Returned as Comparison(column, Opaque(source expression text)).
     */
    private static List<Expr.Comparison> joinKeys(Expr on, String targetAlias, String sourceAlias) {
        List<Expr.Comparison> out = new ArrayList<>();
        if (on instanceof Expr.And a) {
            out.addAll(joinKeys(a.left(), targetAlias, sourceAlias));
            out.addAll(joinKeys(a.right(), targetAlias, sourceAlias));
        } else if (on instanceof Expr.Comparison c && c.op().equals("=")) {
            Expr.Column target = null;
            Expr.Column source = null;
            for (Expr side : List.of(c.left(), c.right())) {
                if (side instanceof Expr.Column col && col.qualifier() != null) {
                    if (col.qualifier().equalsIgnoreCase(targetAlias)) {
                        target = col;
                    } else if (col.qualifier().equalsIgnoreCase(sourceAlias)) {
                        source = col;
                    }
                }
            }
            if (target != null && source != null) {
                out.add(new Expr.Comparison("=", target, new Expr.Opaque(Sql.ident(source.qualifier()) + "." + Sql.ident(source.name()))));
            }
        }
        return out;
    }

    private static Object[] minMax(Connection c, String src, String alias, String expr) {
        String sql = "SELECT min(" + expr + "), max(" + expr + ") FROM " + src + " AS " + Sql.ident(alias);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            Object lo = JdbcResults.toJava(rs.getObject(1));
            Object hi = JdbcResults.toJava(rs.getObject(2));
            return lo == null ? null : new Object[]{lo, hi};
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
    }

    private static Expr literal(Object v) {
        if (v instanceof Number n) {
            return new Expr.Literal(n instanceof Double || n instanceof Float ? java.math.BigDecimal.valueOf(n.doubleValue())
                    : new java.math.BigDecimal(n.toString()), Expr.LiteralKind.NUMBER);
        }
        if (v instanceof String s) {
            return new Expr.Literal(s, Expr.LiteralKind.STRING);
        }
        if (v instanceof java.time.OffsetDateTime odt) {
            return new Expr.Literal(odt.toInstant().toString(), Expr.LiteralKind.TIMESTAMP);
        }
        if (v instanceof java.time.LocalDate || v instanceof java.time.LocalDateTime || v instanceof Boolean) {
            return new Expr.Literal(v.toString(), Expr.LiteralKind.STRING);
        }
        return new Expr.Opaque("?"); // not analysable: no pruning on this key
    }

    private QueryResult optimize(io.floe.sql.Statement.Optimize o) {
        DeltaTable t = table(o.table());
        Predicate<DataFile> filter = null;
        if (o.whereTree() != null) {
            DeltaSnapshot s = t.snapshot();
            if (!FilePruning.onlyPartitionColumns(o.whereTree(), s.partitionColumns())) {
                throw new FloeException(o.table().at().position() + ": OPTIMIZE WHERE may only use partition columns of "
                        + o.table().display() + " " + s.partitionColumns());
            }
            filter = FilePruning.filter(o.whereTree(), s.schema(), s.partitionColumns(), aliasOf(o.table(), null));
        }
        Optimize.Result r = Optimize.run(engine, t, filter, o.where(), o.zOrderBy());
        return new QueryResult(List.of("path", "numFilesAdded", "numFilesRemoved", "numBytesAdded", "numBytesRemoved", "zOrderBy"),
                List.of("VARCHAR", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "VARCHAR"),
                List.of(List.of(t.location(), (long) r.numFilesAdded(), (long) r.numFilesRemoved(), r.numBytesAdded(),
                        r.numBytesRemoved(), String.join(",", r.zOrderBy()))),
                r.commit() == null ? "optimize " + o.table().display() + ": nothing to do"
                        : "optimized " + o.table().display() + ": " + r.numFilesRemoved() + " files → " + r.numFilesAdded()
                        + " (version " + r.commit().version() + ")");
    }

    private QueryResult vacuum(io.floe.sql.Statement.Vacuum v) {
        DeltaTable t = table(v.table());
        boolean check = !"false".equalsIgnoreCase(conf.getOrDefault(Vacuum.RETENTION_CHECK_CONF, "true"));
        Duration retention = v.retainHours() == null ? null : Duration.ofMillis((long) (v.retainHours() * 3_600_000));
        Vacuum.Result r = Vacuum.run(t, retention, v.dryRun(), check, System.currentTimeMillis());
        List<List<Object>> rows = new ArrayList<>();
        if (v.dryRun()) {
            for (String k : r.deletedKeys()) {
                rows.add(List.of(t.store().uri() + k));
            }
        } else {
            rows.add(List.of(t.location()));
        }
        return new QueryResult(List.of("path"), List.of("VARCHAR"), rows, (v.dryRun() ? "would delete " : "deleted ")
                + r.deletedKeys().size() + " files (" + r.deletedBytes() + " bytes) of " + v.table().display());
    }

    private QueryResult restore(io.floe.sql.Statement.Restore r) {
        DeltaTable t = table(r.table());
        Restore.Result res = r.version() != null ? Restore.toVersion(t, r.version())
                : Restore.toTimestamp(t, TableResolver.parseTimestamp(r.timestamp()));
        return new QueryResult(List.of("table_size_after_restore", "num_of_files_after_restore", "num_removed_files",
                "num_restored_files", "removed_files_size", "restored_files_size"),
                List.of("BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT"),
                List.of(List.of(res.tableSizeAfterRestore(), (long) res.numOfFilesAfterRestore(), (long) res.numRemovedFiles(),
                        (long) res.numRestoredFiles(), res.removedFilesSize(), res.restoredFilesSize())),
                "restored " + r.table().display() + " to version " + res.restoredVersion() + " (version " + res.commit().version() + ")");
    }

    private QueryResult history(io.floe.sql.Statement.DescribeHistory h) {
        DeltaTable t = table(h.table());
        List<List<Object>> rows = new ArrayList<>();
        for (DeltaLog.HistoryEntry e : t.history(h.limit() == null ? 0 : h.limit())) {
            CommitInfo ci = e.commitInfo();
            List<Object> row = new ArrayList<>();
            row.add(e.version());
            row.add(Instant.ofEpochMilli(e.timestamp()).atOffset(java.time.ZoneOffset.UTC));
            row.add(ci == null ? null : ci.operation());
            row.add(ci == null || ci.operationParameters() == null ? Map.of() : ci.operationParameters());
            row.add(ci == null ? null : ci.readVersion());
            row.add(ci == null ? null : ci.isolationLevel());
            row.add(ci == null ? null : ci.isBlindAppend());
            row.add(ci == null || ci.operationMetrics() == null ? Map.of() : ci.operationMetrics());
            row.add(ci == null ? null : ci.engineInfo());
            rows.add(row);
        }
        return new QueryResult(List.of("version", "timestamp", "operation", "operationParameters", "readVersion", "isolationLevel",
                "isBlindAppend", "operationMetrics", "engineInfo"), List.of("BIGINT", "TIMESTAMP WITH TIME ZONE", "VARCHAR",
                "MAP(VARCHAR, VARCHAR)", "BIGINT", "VARCHAR", "BOOLEAN", "MAP(VARCHAR, VARCHAR)", "VARCHAR"), rows, null);
    }

    private QueryResult detail(io.floe.sql.Statement.DescribeDetail d) {
        DeltaTable t = table(d.table());
        DeltaSnapshot s = t.snapshot();
        long size = s.files().stream().mapToLong(DataFile::size).sum();
        List<String> features = new ArrayList<>();
        if (s.protocol().readerFeatures() != null) {
            features.addAll(s.protocol().readerFeatures());
        }
        if (s.protocol().writerFeatures() != null) {
            s.protocol().writerFeatures().stream().filter(f -> !features.contains(f)).forEach(features::add);
        }
        List<Object> row = new ArrayList<>(List.of("delta", s.metadata().id(), d.table().display(), t.location()));
        row.add(s.metadata().createdTime() == null ? null : Instant.ofEpochMilli(s.metadata().createdTime()).atOffset(java.time.ZoneOffset.UTC));
        row.add(Instant.ofEpochMilli(s.timestamp()).atOffset(java.time.ZoneOffset.UTC));
        row.add(s.partitionColumns());
        row.add((long) s.files().size());
        row.add(size);
        row.add(s.properties());
        row.add(s.protocol().minReaderVersion());
        row.add(s.protocol().minWriterVersion());
        row.add(features);
        row.add(s.version());
        return new QueryResult(List.of("format", "id", "name", "location", "createdAt", "lastModified", "partitionColumns",
                "numFiles", "sizeInBytes", "properties", "minReaderVersion", "minWriterVersion", "tableFeatures", "version"),
                List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE",
                        "VARCHAR[]", "BIGINT", "BIGINT", "MAP(VARCHAR, VARCHAR)", "INTEGER", "INTEGER", "VARCHAR[]", "BIGINT"),
                List.of(row), null);
    }

    private QueryResult describe(io.floe.sql.Statement.Describe d) {
        DeltaSnapshot s = table(d.table()).snapshot();
        List<List<Object>> rows = new ArrayList<>();
        for (StructField f : s.schema().fields()) {
            rows.add(java.util.Arrays.asList(f.name(), f.type().sqlString() + (f.nullable() ? "" : " not null"),
                    (Object) f.metadata().getOrDefault("comment", null)));
        }
        if (!s.partitionColumns().isEmpty()) {
            rows.add(java.util.Arrays.asList("", "", null));
            rows.add(java.util.Arrays.asList("# Partition Information", "", null));
            rows.add(java.util.Arrays.asList("# col_name", "data_type", "comment"));
            for (String p : s.partitionColumns()) {
                StructField f = s.schema().field(p).orElseThrow();
                rows.add(java.util.Arrays.asList(f.name(), f.type().sqlString(), null));
            }
        }
        return rows(List.of("col_name", "data_type", "comment"), rows);
    }

    private QueryResult showTables() {
        List<List<Object>> rows = new ArrayList<>();
        for (Catalog.Entry e : warehouse.listTables()) {
            rows.add(List.of("default", e.name(), false));
        }
        return new QueryResult(List.of("namespace", "tableName", "isTemporary"), List.of("VARCHAR", "VARCHAR", "BOOLEAN"), rows, null);
    }

    private QueryResult drop(io.floe.sql.Statement.DropTable d) {
        if (d.table().isPath()) {
            throw new FloeException(d.table().at().position() + ": DROP TABLE takes a table name; a table addressed by path"
                    + " is not in the catalog (delete its directory to remove it)");
        }
        try {
            warehouse.dropTable(d.table().name(), d.ifExists());
        } catch (TableNotFoundException e) {
            throw new TableNotFoundException(d.table().at().position() + ": " + e.getMessage());
        }
        return QueryResult.message("dropped table " + d.table().name());
    }

    /** Names of the catalog's tables (for completion in the shell). */
    public List<String> tableNames() {
        return warehouse.listTables().stream().map(Catalog.Entry::name).toList();
    }
}
