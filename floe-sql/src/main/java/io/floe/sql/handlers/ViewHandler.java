package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.FloeException;

/** CREATE [OR REPLACE] TEMPORARY VIEW and DROP VIEW: names for queries, kept for the session, as Spark's temp views. */
public final class ViewHandler implements StatementHandler<SqlStatement> {
    private final SessionContext ctx;

    public ViewHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement s) {
        if (s instanceof SqlStatement.CreateView v) {
            if (ctx.view(v.name()).isPresent() && !v.orReplace()) {
                if (v.ifNotExists()) {
                    return QueryResult.message("view " + v.name() + " already exists");
                }
                throw new FloeException(SessionContext.position(v.span()) + ": temporary view " + v.name()
                        + " already exists (CREATE OR REPLACE TEMPORARY VIEW replaces it)");
            }
            ctx.planner().plan(v.query()); // its tables, columns and functions are checked now, not at first use
            ctx.defineView(v.name(), v.query());
            return QueryResult.message("created temporary view " + v.name());
        }
        SqlStatement.DropView d = (SqlStatement.DropView) s;
        if (!ctx.dropView(d.name()) && !d.ifExists()) {
            throw new FloeException(SessionContext.position(d.span()) + ": no temporary view " + d.name());
        }
        return QueryResult.message("dropped view " + d.name());
    }
}
