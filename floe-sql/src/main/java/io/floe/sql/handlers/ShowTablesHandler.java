package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.catalog.Catalog;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.FloeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHOW TABLES [IN default] [[LIKE] 'pattern']: the catalog's tables (Spark's patterns: * any text, | alternatives). */
public final class ShowTablesHandler implements StatementHandler<SqlStatement.ShowTables> {
    private final SessionContext ctx;

    public ShowTablesHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.ShowTables s) {
        if (!s.namespace().isEmpty()) {
            String ns = s.namespace().get(s.namespace().size() - 1);
            if (!ns.equalsIgnoreCase("default") && !ns.equalsIgnoreCase("floe")) {
                throw new FloeException(SessionContext.position(s.span()) + ": no namespace " + String.join(".", s.namespace())
                        + ": Floe has one namespace (default)");
            }
        }
        Pattern pattern = s.pattern() == null ? null : pattern(s.pattern());
        List<List<Object>> rows = new ArrayList<>();
        for (Catalog.Entry e : ctx.warehouse().listTables()) {
            if (pattern == null || pattern.matcher(e.name().toLowerCase(Locale.ROOT)).matches()) {
                rows.add(List.of("default", e.name(), false));
            }
        }
        return new QueryResult(List.of("namespace", "tableName", "isTemporary"), List.of("VARCHAR", "VARCHAR", "BOOLEAN"), rows, null);
    }

    /** Spark's SHOW TABLES pattern: '*' matches any text, '|' separates alternatives, case-insensitive. */
    static Pattern pattern(String spark) {
        List<String> alternatives = new ArrayList<>();
        for (String alt : spark.trim().toLowerCase(Locale.ROOT).split("\\|")) {
            List<String> parts = new ArrayList<>();
            for (String part : alt.trim().split("\\*", -1)) {
                parts.add(Pattern.quote(part));
            }
            alternatives.add(String.join(".*", parts));
        }
        return Pattern.compile(String.join("|", alternatives));
    }
}
