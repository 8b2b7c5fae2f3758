package io.floe.sql.handlers;

import io.floe.ResultStream;
import io.floe.QueryResult;
import io.floe.sql.JdbcResults;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement.QueryStatement;
import io.floe.table.FloeException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** SELECT, WITH, VALUES, …: planned by the session's planner, run by DuckDB (aggregates of a whole table (count(*), min, max) answered by {@link io.floe.sql.MetadataOnlyQuery}). */
public final class QueryHandler implements StatementHandler<QueryStatement> {
    private final SessionContext ctx;
    private final PreparedQueries prepared = new PreparedQueries();

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
        var counted = io.floe.sql.MetadataOnlyQuery.answer(q.query(), ctx);
        if (counted.isPresent()) {
            return ResultStream.of(counted.get());
        }
        io.floe.sql.spark.SparkSql.Planned planned = ctx.planner().planned(q.query(), new java.util.ArrayList<>());
        String sql = planned.sql();
        Connection c = ctx.engine().connection();
        if (!planned.readsFilesDirectly()) {
            PreparedStatement ps;
            try {
                ps = prepared.take(c, sql);
                if (ps != null) {
                    try {
                        return run(c, sql, ps, planned);
                    } catch (SQLException e) {
                        close(ps); // run afresh below: whatever fails then says so as it always has
                    }
                }
                ps = c.prepareStatement(sql);
            } catch (SQLException e) {
                ps = null; // the SQL does not bind: the plain run below reports it
            }
            if (ps != null) {
                try {
                    return run(c, sql, ps, planned);
                } catch (SQLException e) {
                    close(ps);
                    throw new FloeException("statement at " + SessionContext.position(q.span()) + ": " + cleanDuckDbMessage(e.getMessage()), e);
                }
            }
        }
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

    /** Runs a prepared statement; its rows come back as a stream that gives the statement back when closed. */
    private ResultStream run(Connection c, String sql, PreparedStatement ps, io.floe.sql.spark.SparkSql.Planned planned) throws SQLException {
        if (!ps.execute()) {
            close(ps);
            return ResultStream.of(QueryResult.message("ok"));
        }
        return ResultStream.over(ps.getResultSet(), () -> prepared.giveBack(c, sql, ps)).withColumnTypes(planned.reportedTypes());
    }

    private static void close(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // it holds nothing that matters any more
        }
    }

    static String cleanDuckDbMessage(String m) {
        return io.floe.sql.spark.SparkErrors.fromDataPlane(m);
    }
}
