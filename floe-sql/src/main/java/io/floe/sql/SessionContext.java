package io.floe.sql;

import io.floe.catalog.Warehouse;
import io.floe.table.Table;
import io.floe.engine.DuckDbDataPlane;
import io.floe.sql.parser.Span;
import io.floe.sql.parser.TableName;
import io.floe.sql.parser.TableRef;
import io.floe.table.TableNotFoundException;

import java.util.Map;

/**
 * What statement handlers share within one {@link SqlSession}: the warehouse, the data plane, the session's
 * settings, and the query planner. Also the naming rules every handler applies the same way (how a table is
 * resolved and named in messages, what alias a query uses for it).
 */
public final class SessionContext {
    private final Warehouse warehouse;
    private final DuckDbDataPlane engine;
    private final Map<String, String> conf;
    private final TableResolver resolver;
    private final QueryPlanner planner;

    SessionContext(Warehouse warehouse, DuckDbDataPlane engine, Map<String, String> conf) {
        this.warehouse = warehouse;
        this.engine = engine;
        this.conf = conf;
        this.resolver = new TableResolver(warehouse);
        this.planner = new QueryPlanner(this);
    }

    /** The session's temporary views, by lower-cased name. */
    private final Map<String, io.floe.sql.parser.Query> views = new java.util.concurrent.ConcurrentHashMap<>();

    /** The query a temporary view of this session names, if there is one. */
    public java.util.Optional<io.floe.sql.parser.Query> view(String name) {
        return java.util.Optional.ofNullable(views.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** Defines (or replaces) a temporary view; returns whether one of that name existed. */
    public boolean defineView(String name, io.floe.sql.parser.Query query) {
        return views.put(name.toLowerCase(java.util.Locale.ROOT), query) != null;
    }

    public boolean dropView(String name) {
        return views.remove(name.toLowerCase(java.util.Locale.ROOT)) != null;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public DuckDbDataPlane engine() {
        return engine;
    }

    /** The session's settings (SET key = value); live, shared with the session. */
    public Map<String, String> conf() {
        return conf;
    }

    public QueryPlanner planner() {
        return planner;
    }

    /** Whether schema evolution on writes is on (Spark's setting, or the short {@code mergeSchema}). */
    public boolean autoMerge() {
        return "true".equalsIgnoreCase(conf.get(SqlSession.AUTO_MERGE_CONF)) || "true".equalsIgnoreCase(conf.get("mergeSchema"));
    }

    /**
     * The table a statement names; a missing table is reported at the name's line:column. Remembered as the
     * statement's target: the expressions a statement renders afterwards (its SET values and conditions) name its
     * columns, whose types the Spark SQL translation needs.
     */
    public Table table(TableName name) {
        Table t = resolve(name);
        target = new Target(name, t);
        return t;
    }

    /** A table a query reads (not a statement's target). */
    Table resolve(TableName name) {
        try {
            return resolver.resolve(name);
        } catch (TableNotFoundException e) {
            throw new TableNotFoundException(position(name.span()) + ": " + e.getMessage());
        }
    }

    /** The table the current statement acts on, as resolved by its handler. */
    record Target(TableName name, Table table) {
    }

    private volatile Target target;

    /** The last table a handler resolved, or null. */
    Target target() {
        return target;
    }

    /** "line L:C", as error messages name a place in the statement. */
    public static String position(Span at) {
        return "line " + at.position();
    }

    /** How messages name a table: {@code t}, {@code db.`t`}, {@code delta.`/data/t`}. */
    public static String display(TableName n) {
        if (n.parts().size() == 1) {
            return n.name();
        }
        return n.parts().get(n.parts().size() - 2) + ".`" + n.name() + "`";
    }

    /**
     * The name a statement uses for the table's columns ({@code x} in {@code x.c}): the alias if given, else the
     * table's name; a table addressed by path is named after the last part of its path ({@code delta.`/d/events`}
     * is {@code events}), which is the alias the planner gives its scan.
     */
    public static String alias(TableName n, String alias) {
        if (alias != null) {
            return alias;
        }
        if (n.isPath()) {
            String p = n.path().replaceAll("[/\\\\]+$", "");
            return p.substring(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1).replaceAll("\\W", "_");
        }
        return n.name();
    }

    public static String alias(TableRef ref) {
        return alias(ref.table(), ref.alias());
    }
}
