package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.sql.SessionContext;
import io.floe.sql.SqlSession;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement.Explain;

import java.util.ArrayList;
import java.util.List;

/** EXPLAIN &lt;query&gt;: one line per table scan, with the files it reads after pruning and skipping (or the count the metadata answers). */
public final class ExplainHandler implements StatementHandler<Explain> {
    private final SessionContext ctx;

    public ExplainHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(Explain e) {
        var counted = io.floe.sql.MetadataOnlyQuery.answered(e.query(), ctx);
        if (counted.isPresent()) {
            return Results.text(List.of("plan"), List.of(List.of(counted.get().line())));
        }
        List<SqlSession.ScanInfo> scans = new ArrayList<>();
        ctx.planner().plan(e.query(), scans);
        List<List<Object>> rows = new ArrayList<>();
        for (SqlSession.ScanInfo s : scans) {
            rows.add(List.of(s.line()));
        }
        return Results.text(List.of("plan"), rows);
    }
}
