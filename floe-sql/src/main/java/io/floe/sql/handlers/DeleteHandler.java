package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Table;
import io.floe.operations.Delete;
import io.floe.sql.Pruning;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;

import java.util.List;

/** DELETE FROM t [[AS] a] [WHERE cond]: rewrites (or drops) the files that may hold a matching row. */
public final class DeleteHandler implements StatementHandler<SqlStatement.Delete> {
    private final SessionContext ctx;

    public DeleteHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.Delete d) {
        io.floe.sql.FileSourceTables.refuse(ctx, d.table(), "DELETE"); // plain files: no log to change
        Table t = ctx.table(d.table());
        String alias = SessionContext.alias(d.table(), d.alias());
        Delete.Result r = Delete.run(ctx.engine(), t, alias, ctx.planner().render(d.where()), Pruning.filter(t.snapshot(), d.where(), alias));
        return new QueryResult(List.of("num_affected_rows"), List.of("BIGINT"), List.of(List.of(r.numDeletedRows())),
                "deleted " + r.numDeletedRows() + " rows from " + SessionContext.display(d.table()) + Results.version(r.commit()));
    }
}
