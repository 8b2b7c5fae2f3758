package io.floe.sql.handlers;

import io.floe.ResultStream;
import io.floe.QueryResult;
import io.floe.sql.JdbcResults;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement.QueryStatement;
import io.floe.table.FloeException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** SELECT, WITH, VALUES, …: planned by the session's planner, run by DuckDB. */
public final class QueryHandler implements StatementHandler<QueryStatement> {
    private final SessionContext ctx;

    public QueryHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(QueryStatement q) {
        try (ResultStream rows = stream(q)) {
            return rows.toResult();
        }
    }

    /** The query's rows as the data plane produces them (bounded memory); the caller closes the stream. */
    public ResultStream stream(QueryStatement q) {
        io.floe.sql.spark.SparkSql.Planned planned = ctx.planner().planned(q.query(), new java.util.ArrayList<>());
        String sql = planned.sql();
        Connection c = ctx.engine().connection();
        Statement st = null;
        try {
            st = c.createStatement();
            if (!st.execute(sql)) {
                st.close();
                return ResultStream.of(QueryResult.message("ok"));
            }
            return ResultStream.over(st, st.getResultSet()).withColumnTypes(planned.reportedTypes());
        } catch (SQLException e) {
            if (st != null) {
                try {
                    st.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new FloeException("statement at " + SessionContext.position(q.span()) + ": " + cleanDuckDbMessage(e.getMessage()), e);
        }
    }

    static String cleanDuckDbMessage(String m) {
        return io.floe.sql.spark.SparkErrors.fromDataPlane(m);
    }
}
