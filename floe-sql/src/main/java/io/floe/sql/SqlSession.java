package io.floe.sql;

import io.floe.ResultStream;
import io.floe.ProgressListener;
import io.floe.QueryResult;
import io.floe.catalog.Catalog;
import io.floe.catalog.Warehouse;
import io.floe.engine.DuckDbDataPlane;
import io.floe.sql.handlers.AlterTableHandler;
import io.floe.sql.handlers.CreateTableHandler;
import io.floe.sql.handlers.DeleteHandler;
import io.floe.sql.handlers.DescribeDetailHandler;
import io.floe.sql.handlers.DescribeHistoryHandler;
import io.floe.sql.handlers.DescribeTableHandler;
import io.floe.sql.handlers.DropTableHandler;
import io.floe.sql.handlers.ExplainHandler;
import io.floe.sql.handlers.InsertHandler;
import io.floe.sql.handlers.MergeHandler;
import io.floe.sql.handlers.OptimizeHandler;
import io.floe.sql.handlers.QueryHandler;
import io.floe.sql.handlers.RestoreHandler;
import io.floe.sql.handlers.SetConfigHandler;
import io.floe.sql.handlers.ShowTablesHandler;
import io.floe.sql.handlers.UpdateHandler;
import io.floe.sql.handlers.VacuumHandler;
import io.floe.sql.parser.Query;
import io.floe.sql.parser.SqlParser;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.FloeException;
import io.floe.table.StatementScope;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executes SQL against a warehouse: parses a script ({@link SqlParser}), then hands each statement to the handler of
 * its kind ({@code io.floe.sql.handlers}). Floe's own statements (DDL, DML, maintenance, history) run through the
 * operations; queries run in DuckDB with each table reference replaced by a scan of exactly the files of the requested
 * version that survive partition pruning and statistics skipping ({@link QueryPlanner}). Owns the session's settings
 * (SET key = value).
 */
public final class SqlSession {
    /** Spark's switch for schema evolution on writes, honoured under the same name. */
    public static final String AUTO_MERGE_CONF = "spark.databricks.delta.schema.autoMerge.enabled";

    private final Warehouse warehouse;
    private final Map<String, String> conf = new ConcurrentHashMap<>();
    private final SessionContext ctx;
    private final Map<Class<?>, StatementHandler<?>> handlers = new HashMap<>();
    private final QueryHandler queries;
    private volatile ProgressListener progress = ProgressListener.NONE;

    public SqlSession(Warehouse warehouse, DuckDbDataPlane engine) {
        this.warehouse = warehouse;
        this.ctx = new SessionContext(warehouse, engine, conf);
        // CHECK constraints are kept in Spark SQL (as Delta and Spark keep them); DuckDB evaluates their translation
        engine.translateStoredExpressionsWith((sql, schema) -> io.floe.sql.spark.SparkSql.expression(
                io.floe.sql.parser.SqlParser.parseExpression(sql), ref -> {
                    throw new FloeException("a stored expression cannot read a table: " + sql);
                }, io.floe.sql.spark.SparkSql.options(conf), Map.of("", schema)));
        this.queries = new QueryHandler(ctx);
        register(SqlStatement.QueryStatement.class, queries);
        register(SqlStatement.Explain.class, new ExplainHandler(ctx));
        register(SqlStatement.CreateTable.class, new CreateTableHandler(ctx));
        register(SqlStatement.DropTable.class, new DropTableHandler(ctx));
        AlterTableHandler alter = new AlterTableHandler(ctx);
        for (Class<?> c : SqlStatement.AlterTable.class.getPermittedSubclasses()) {
            handlers.put(c, alter);
        }
        register(SqlStatement.Insert.class, new InsertHandler(ctx));
        register(SqlStatement.Update.class, new UpdateHandler(ctx));
        register(SqlStatement.Delete.class, new DeleteHandler(ctx));
        register(SqlStatement.Merge.class, new MergeHandler(ctx));
        register(SqlStatement.Optimize.class, new OptimizeHandler(ctx));
        register(SqlStatement.Reorg.class, new io.floe.sql.handlers.ReorgHandler(ctx));
        register(SqlStatement.Vacuum.class, new VacuumHandler(ctx));
        register(SqlStatement.Restore.class, new RestoreHandler(ctx));
        register(SqlStatement.DescribeHistory.class, new DescribeHistoryHandler(ctx));
        register(SqlStatement.DescribeDetail.class, new DescribeDetailHandler(ctx));
        register(SqlStatement.DescribeTable.class, new DescribeTableHandler(ctx));
        register(SqlStatement.ShowTables.class, new ShowTablesHandler(ctx));
        register(SqlStatement.SetConfig.class, new SetConfigHandler(ctx));
        register(SqlStatement.Call.class, new io.floe.sql.handlers.CallHandler(ctx));
        register(SqlStatement.Convert.class, new io.floe.sql.handlers.ConvertHandler(ctx));
        register(SqlStatement.MoveColumn.class, new io.floe.sql.handlers.MoveColumnHandler(ctx));
        io.floe.sql.handlers.ViewHandler views = new io.floe.sql.handlers.ViewHandler(ctx);
        register(SqlStatement.CreateView.class, views::execute);
        register(SqlStatement.DropView.class, views::execute);
        io.floe.sql.handlers.PartitionEvolutionHandler partitions = new io.floe.sql.handlers.PartitionEvolutionHandler(ctx);
        register(SqlStatement.AddPartitionField.class, partitions::execute);
        register(SqlStatement.DropPartitionField.class, partitions::execute);
        register(SqlStatement.ReplacePartitionField.class, partitions::execute);
        io.floe.sql.handlers.RefsHandler refs = new io.floe.sql.handlers.RefsHandler(ctx);
        register(SqlStatement.CreateRef.class, refs::execute);
        register(SqlStatement.DropRef.class, refs::execute);
    }

    private <S extends SqlStatement> void register(Class<S> kind, StatementHandler<S> handler) {
        handlers.put(kind, handler);
    }

    /** Whether a statement kind has a handler (every kind the parser produces must). */
    boolean handles(Class<?> kind) {
        return handlers.containsKey(kind);
    }

    public void setProgressListener(ProgressListener l) {
        this.progress = l == null ? ProgressListener.NONE : l;
    }

    /** What the session's handlers share (for tests in this package). */
    SessionContext context() {
        return ctx;
    }

    /** The session's settings (SET key = value); live. */
    public Map<String, String> conf() {
        return conf;
    }

    /**
     * Parses a script of ';'-separated statements and checks that this build can run each, before anything runs.
     *
     * @throws io.floe.sql.parser.SqlParseException naming the line:column of the first problem
     */
    public List<SqlStatement> parse(String script) {
        List<SqlStatement> known = parsedQueries.get(script);
        if (known != null) {
            return known;
        }
        List<SqlStatement> statements = SqlParser.parseScript(script);
        for (SqlStatement s : statements) {
            SupportChecks.check(script, s);
        }
        if (script.length() <= PARSED_MAX_CHARS && statements.stream().allMatch(s -> s instanceof SqlStatement.QueryStatement)) {
            List<SqlStatement> kept = List.copyOf(statements);
            parsedQueries.put(script, kept);
            return kept;
        }
        return statements;
    }

    /** Longer scripts are parsed each time. */
    private static final int PARSED_MAX_CHARS = 16 * 1024;

    /**
     * Scripts of queries only, parsed (issue 16: a point lookup run again spent a tenth of Floe's share lexing and
     * parsing the same text). Parsing depends on the text alone and queries are immutable values; statements that
     * change something are parsed each time.
     */
    private final Map<String, List<SqlStatement>> parsedQueries = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<SqlStatement>> eldest) {
                    return size() > 64;
                }
            });

    /** Runs every statement of the script in order; stops at the first error. Nothing runs if any statement fails to parse. */
    public List<QueryResult> execute(String script) {
        List<SqlStatement> statements = parse(script);
        List<QueryResult> out = new ArrayList<>();
        int i = 0;
        for (SqlStatement s : statements) {
            progress.onProgress("statement", i++, statements.size());
            out.add(run(s));
        }
        return out;
    }

    /**
     * Runs one parsed statement (from {@link #parse}) and returns its rows as a stream: a query's rows are read from
     * the data plane as they are consumed (bounded memory); other statements' results come whole. Close the stream.
     */
    public ResultStream stream(SqlStatement s) {
        SupportChecks.check(null, s);
        if (s instanceof SqlStatement.QueryStatement q) {
            try (StatementScope scope = StatementScope.open()) { // planning: each table probed once
                return queries.stream(q);
            }
        }
        return ResultStream.of(run(s));
    }

    /** Runs one parsed statement (from {@link #parse}). */
    public QueryResult execute(SqlStatement s) {
        SupportChecks.check(null, s);
        return run(s);
    }

    @SuppressWarnings("unchecked")
    private QueryResult run(SqlStatement s) {
        StatementHandler<SqlStatement> h = (StatementHandler<SqlStatement>) handlers.get(s.getClass());
        if (h == null) {
            throw new FloeException("statement not supported: " + s.getClass().getSimpleName());
        }
        try (StatementScope scope = StatementScope.open()) { // each table's newest version probed once per statement
            return h.execute(s);
        }
    }

    /** What EXPLAIN shows for one table scan. */
    public record ScanInfo(String table, long version, int total, int afterPartitionPruning, int afterStatsSkipping, String detail) {
        public ScanInfo(String table, long version, int total, int afterPartitionPruning, int afterStatsSkipping) {
            this(table, version, total, afterPartitionPruning, afterStatsSkipping, null);
        }

        public String line() {
            return "scan " + table + (version < 0 ? "" : "@v" + version) + ": files total=" + total + " after_partition_pruning=" + afterPartitionPruning
                    + " after_stats_skipping=" + afterStatsSkipping + (detail == null ? "" : " " + detail);
        }
    }

    /** The scans a query (or EXPLAIN of one) would do, for tools and tests. */
    public List<ScanInfo> explainScans(String query) {
        SqlStatement s = SqlParser.parse(query);
        Query q;
        if (s instanceof SqlStatement.Explain e) {
            q = e.query();
        } else if (s instanceof SqlStatement.QueryStatement qs) {
            q = qs.query();
        } else {
            throw new FloeException("line " + s.span().position() + ": not a query: " + s.span().text(query));
        }
        SupportChecks.check(query, s);
        List<ScanInfo> scans = new ArrayList<>();
        ctx.planner().plan(q, scans);
        return scans;
    }

    /** Names of the catalog's tables (for completion in the shell). */
    public List<String> tableNames() {
        return warehouse.listTables().stream().map(Catalog.Entry::name).toList();
    }
}
