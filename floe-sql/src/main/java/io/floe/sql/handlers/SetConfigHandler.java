package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.sql.spark.SparkSql;
import io.floe.table.FloeException;

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
        String value = checked(s.key(), s.value());
        conf.put(s.key(), value);
        return QueryResult.message("set " + s.key() + " = " + value);
    }

    /** The settings the Spark SQL translation reads are checked here, so a typo fails at SET rather than in a later query. */
    private static String checked(String key, String value) {
        if (key.equalsIgnoreCase(SparkSql.TIME_ZONE)) {
            String v = value.trim();
            try {
                java.time.ZoneId zone = java.time.ZoneId.of(v.equalsIgnoreCase("UTC") ? "UTC" : v);
                if (zone instanceof java.time.ZoneOffset && !v.equalsIgnoreCase("UTC") && !v.equals("Z")) {
                    throw new FloeException(key + " = " + v + ": only region time zones (Europe/Paris) and UTC are supported");
                }
                return v;
            } catch (java.time.DateTimeException e) {
                throw new FloeException(key + ": unknown time zone '" + v + "'");
            }
        }
        if (key.equalsIgnoreCase(SparkSql.ANSI)) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new FloeException(key + " must be true or false, not '" + value + "'");
            }
            return v;
        }
        return value;
    }
}
