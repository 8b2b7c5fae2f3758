package io.floe.sql.handlers;

import io.floe.table.HistoryEntry;
import io.floe.QueryResult;
import io.floe.table.Table;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DESCRIBE HISTORY t [LIMIT n]: the commits, newest first, with Spark's columns, from the table's format-neutral
 * history (formats without isolation levels or blind-append flags leave those NULL).
 */
public final class DescribeHistoryHandler implements StatementHandler<SqlStatement.DescribeHistory> {
    private final SessionContext ctx;

    public DescribeHistoryHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.DescribeHistory h) {
        Table t = ctx.table(h.table());
        List<List<Object>> rows = new ArrayList<>();
        for (HistoryEntry e : t.history(h.limit() == null ? 0 : h.limit())) {
            List<Object> row = new ArrayList<>();
            row.add(e.version());
            row.add(Instant.ofEpochMilli(e.timestamp()).atOffset(ZoneOffset.UTC));
            row.add(e.operation());
            row.add(e.operationParameters());
            row.add(e.readVersion());
            row.add(e.isolationLevel());
            row.add(e.isBlindAppend());
            row.add(e.operationMetrics());
            row.add(e.engineInfo());
            rows.add(row);
        }
        return new QueryResult(List.of("version", "timestamp", "operation", "operationParameters", "readVersion", "isolationLevel",
                "isBlindAppend", "operationMetrics", "engineInfo"), List.of("BIGINT", "TIMESTAMP WITH TIME ZONE", "VARCHAR",
                "MAP(VARCHAR, VARCHAR)", "BIGINT", "VARCHAR", "BOOLEAN", "MAP(VARCHAR, VARCHAR)", "VARCHAR"), rows, null);
    }
}
