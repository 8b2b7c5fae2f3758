package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Table;
import io.floe.operations.Optimize;
import io.floe.sql.Pruning;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.DataFile;

import java.util.List;
import java.util.function.Predicate;

/** OPTIMIZE t [WHERE partition-condition] [ZORDER BY (c, …)]: bin-packing or Z-ordering of the selected partitions. */
public final class OptimizeHandler implements StatementHandler<SqlStatement.Optimize> {
    private final SessionContext ctx;

    public OptimizeHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.Optimize o) {
        io.floe.sql.FileSourceTables.refuse(ctx, o.table(), "OPTIMIZE"); // plain files: no log to change
        Table t = ctx.table(o.table());
        String display = SessionContext.display(o.table());
        Predicate<DataFile> filter = null;
        String where = null;
        if (o.where() != null) {
            filter = Pruning.partitionFilter(t.snapshot(), o.where(), SessionContext.alias(o.table(), null), "OPTIMIZE WHERE", display);
            where = o.where().render();
        }
        List<String> zOrderBy = o.zOrderBy().stream().map(path -> String.join(".", path)).toList();
        Optimize.Result r = Optimize.run(ctx.engine(), t, filter, where, zOrderBy);
        return new QueryResult(List.of("path", "numFilesAdded", "numFilesRemoved", "numBytesAdded", "numBytesRemoved", "zOrderBy"),
                List.of("VARCHAR", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "VARCHAR"),
                List.of(List.of(t.location(), (long) r.numFilesAdded(), (long) r.numFilesRemoved(), r.numBytesAdded(),
                        r.numBytesRemoved(), String.join(",", r.zOrderBy()))),
                r.commit() == null ? "optimize " + display + ": nothing to do"
                        : "optimized " + display + ": " + r.numFilesRemoved() + " files → " + r.numFilesAdded()
                        + " (version " + r.commit().version() + ")");
    }
}
