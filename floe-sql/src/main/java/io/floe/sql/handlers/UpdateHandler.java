package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Table;
import io.floe.operations.Update;
import io.floe.sql.Pruning;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.Assignment;
import io.floe.sql.parser.SqlStatement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** UPDATE t [[AS] a] SET c = e, … [WHERE cond]: rewrites the files that may hold a matching row. */
public final class UpdateHandler implements StatementHandler<SqlStatement.Update> {
    private final SessionContext ctx;

    public UpdateHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.Update u) {
        io.floe.sql.FileSourceTables.refuse(ctx, u.table(), "UPDATE"); // plain files: no log to change
        Table t = ctx.table(u.table());
        String alias = SessionContext.alias(u.table(), u.alias());
        Map<String, String> set = assignments(ctx, u.assignments());
        Update.Result r = Update.run(ctx.engine(), t, alias, set, ctx.planner().render(u.where()),
                Pruning.filter(t.snapshot(), u.where(), alias));
        return new QueryResult(List.of("num_affected_rows"), List.of("BIGINT"), List.of(List.of(r.numUpdatedRows())),
                "updated " + r.numUpdatedRows() + " rows of " + SessionContext.display(u.table()) + Results.version(r.commit()));
    }

    /** Target column (the last part of {@code t.c}) → the value's DuckDB SQL, in order. */
    static Map<String, String> assignments(SessionContext ctx, List<Assignment> assignments) {
        Map<String, String> set = new LinkedHashMap<>();
        for (Assignment a : assignments) {
            set.put(a.column().get(a.column().size() - 1), ctx.planner().render(a.value()));
        }
        return set;
    }
}
