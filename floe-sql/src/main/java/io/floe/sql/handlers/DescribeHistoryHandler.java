package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.delta.DeltaLog;
import io.floe.delta.DeltaTable;
import io.floe.delta.actions.CommitInfo;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DESCRIBE HISTORY t [LIMIT n]: the commits, newest first, with Delta's columns. Delta-specific (it reads each
 * commit's CommitInfo), kept in this one class so that a second format can bring its own.
 */
public final class DescribeHistoryHandler implements StatementHandler<SqlStatement.DescribeHistory> {
    private final SessionContext ctx;

    public DescribeHistoryHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.DescribeHistory h) {
        DeltaTable t = ctx.table(h.table());
        List<List<Object>> rows = new ArrayList<>();
        for (DeltaLog.HistoryEntry e : t.history(h.limit() == null ? 0 : h.limit())) {
            CommitInfo ci = e.commitInfo();
            List<Object> row = new ArrayList<>();
            row.add(e.version());
            row.add(Instant.ofEpochMilli(e.timestamp()).atOffset(ZoneOffset.UTC));
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
}
