package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.operations.ConvertFormat;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.Table;

import java.util.List;

/** CONVERT TO ICEBERG t: Iceberg metadata over a Delta table's files, in its directory; the data is not rewritten. */
public final class ConvertHandler implements StatementHandler<SqlStatement.Convert> {
    private final SessionContext ctx;

    public ConvertHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.Convert c) {
        Table t = ctx.table(c.table());
        ConvertFormat.Result r = ConvertFormat.run(ctx.engine(), t, c.format());
        String path = c.format() + ".`" + t.location() + "`";
        return new QueryResult(List.of("format", "version", "num_files", "num_rows"), List.of("VARCHAR", "BIGINT", "BIGINT", "BIGINT"),
                List.of(List.of(c.format(), r.commit().version(), (long) r.files(), r.rows())),
                (r.created() ? "converted " : "refreshed the " + c.format() + " metadata of ") + SessionContext.display(c.table())
                        + ": " + r.files() + " files readable as " + path + " (version " + r.commit().version() + ")");
    }
}
