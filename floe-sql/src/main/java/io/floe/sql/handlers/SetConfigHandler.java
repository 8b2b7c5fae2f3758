package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** SET key = value (a session setting), SET key (shows it), SET (shows them all). */
public final class SetConfigHandler implements StatementHandler<SqlStatement.SetConfig> {
    private final SessionContext ctx;

    public SetConfigHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.SetConfig s) {
        Map<String, String> conf = ctx.conf();
        if (s.key() == null) {
            List<List<Object>> rows = new ArrayList<>();
            new TreeMap<>(conf).forEach((k, v) -> rows.add(List.of(k, v)));
            return Results.text(List.of("key", "value"), rows);
        }
        if (s.value() == null) {
            String v = conf.get(s.key());
            return Results.text(List.of("key", "value"), List.of(List.of(s.key(), v == null ? "<undefined>" : v)));
        }
        conf.put(s.key(), s.value());
        return QueryResult.message("set " + s.key() + " = " + s.value());
    }
}
