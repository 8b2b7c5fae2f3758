package io.floe.sql.spark;

import io.floe.sql.parser.TableRef;
import io.floe.sql.spark.Ast.*;
import io.floe.sql.spark.SType.Kind;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders a Spark SQL syntax tree as DuckDB SQL that answers as Spark does: NULL ordering, 0-based subscripts,
 * truncating casts, Spark's division, LIKE's default escape, typed literals, date arithmetic, and Spark's functions
 * (mapped in {@link Functions}). Types are tracked as far as they can be told ({@link SType}) because several of
 * these rules depend on them.
 */
public final class Translator {
    /**
     * Session settings that change answers.
     *
     * @param ansi     spark.sql.ansi.enabled (Spark 4's default: true): invalid casts, overflow and division by zero raise
     * @param timeZone spark.sql.session.timeZone
     */
    public record Options(boolean ansi, String timeZone) {
        public static final Options DEFAULT = new Options(true, "UTC");

        boolean utc() {
            return timeZone == null || timeZone.equalsIgnoreCase("UTC") || timeZone.equals("Z") || timeZone.equalsIgnoreCase("GMT")
                    || timeZone.equals("+00:00") || timeZone.equals("Etc/UTC");
        }
    }

    /** What a table reference becomes: DuckDB relation text, and the table's schema (null when unknown). */
    /**
     * A table scan: its SQL, its columns (null when unknown) and the hidden columns it adds after them (Spark's
     * {@code _metadata}), which {@code SELECT *} leaves out as Spark does.
     */
    public record Scan(String sql, StructType schema, List<String> hidden) {
        public Scan {
            hidden = List.copyOf(hidden);
        }

        public Scan(String sql, StructType schema) {
            this(sql, schema, List.of());
        }
    }

    /** A rendered expression. */
    record R(String sql, SType type) {
    }

    /** A column visible in a query block; {@code sql}, when set, is how a reference to it is rendered. */
    record Column(String qualifier, String name, SType type, String sql) {
        Column(String qualifier, String name, SType type) {
            this(qualifier, name, type, null);
        }
    }

    /** A rendered query and its output columns. */
    record QR(String sql, List<Column> columns) {
    }

    /** Names visible while rendering: FROM columns, lambda parameters, WITH queries, named windows. */
    static final class Env {
        final Env parent;
        final List<Column> columns = new ArrayList<>();
        final Map<String, R> lambdaParams = new HashMap<>();
        final Map<String, List<Column>> ctes = new HashMap<>();
        final Map<String, Window> windows = new HashMap<>();
        /** Qualifier → hidden columns of the scans this block reads, which its stars leave out. */
        final Map<String, List<String>> hidden = new HashMap<>();

        Env(Env parent) {
            this.parent = parent;
        }

        List<Column> cte(String name) {
            for (Env e = this; e != null; e = e.parent) {
                List<Column> c = e.ctes.get(name.toLowerCase(Locale.ROOT));
                if (c != null) {
                    return c;
                }
            }
            return null;
        }
    }

    final Options options;
    private List<Column> output = List.of();
    private final Function<TableRef, Scan> tables;
    /** Each reference is planned once (planning records what the scan reads). */
    private final Map<TableRef, Scan> scans = new java.util.IdentityHashMap<>();
    private final Functions functions;

    public Translator(Options options, Function<TableRef, Scan> tables) {
        this(options, tables, sql -> Map.of());
    }

    /**
     * @param describe the columns (name → type, where Floe has a type for them) of a DuckDB relation such as
     *                 {@code read_parquet('…')}, so that expressions over them are typed like table columns
     */
    public Translator(Options options, Function<TableRef, Scan> tables, Function<String, Map<String, io.floe.types.DataType>> describe) {
        this.options = options;
        this.tables = tables;
        this.describe = describe;
        this.functions = new Functions(this);
    }

    final Function<String, Map<String, io.floe.types.DataType>> describe;

    /** The DuckDB SQL of a query. */
    public String query(QueryNode q) {
        QR r = query(q, new Env(null));
        output = r.columns();
        return r.sql();
    }

    /** Set when the query reads files through DuckDB's own readers (read_csv(…), FROM 'f.parquet'), not a table's log. */
    boolean readsFilesDirectly;

    /**
     * Whether the query reads files outside any table's log (DuckDB's own file readers): they may change in place,
     * where a table's data files never do.
     */
    public boolean readsFilesDirectly() {
        return readsFilesDirectly;
    }

    /**
     * Per output column of the last {@link #query(QueryNode)}: the type to report instead of the data plane's where
     * Spark's has a void part ({@code SELECT NULL} is void, {@code array()} array&lt;void&gt;), which DuckDB reports as
     * INTEGER; null where the data plane's type stands. Such a column (or part) holds only NULLs, so the report is exact.
     */
    public List<String> voidTypes() {
        return output.stream().map(c -> voidType(c.type())).toList();
    }

    private static String voidType(SType t) {
        if (t.is(SType.Kind.NULL)) {
            return "NULL";
        }
        if (t.is(SType.Kind.ARRAY) && !t.children().isEmpty()) {
            String e = voidType(t.children().get(0));
            return e == null ? null : e + "[]";
        }
        if (t.is(SType.Kind.MAP) && t.children().size() == 2 && t.children().get(0).is(SType.Kind.NULL)
                && t.children().get(1).is(SType.Kind.NULL)) {
            return "MAP(NULL, NULL)";
        }
        return null;
    }

    /** The DuckDB SQL of a standalone expression (a WHERE, SET value, ON condition) over the given columns. */
    public String expression(Node e, Map<String, StructType> tablesInScope) {
        Env env = new Env(null);
        tablesInScope.forEach((alias, schema) -> {
            if (schema != null) {
                for (StructField f : schema.fields()) {
                    env.columns.add(new Column(alias, f.name(), SType.of(f.type())));
                }
            }
        });
        return expr(e, env).sql();
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String str(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    // ------------------------------------------------------------------ queries

    QR query(QueryNode q, Env env) {
        if (q instanceof With w) {
            Env inner = new Env(env);
            List<String> parts = new ArrayList<>();
            for (Cte c : w.ctes()) {
                QR body = query(c.query(), inner);
                List<Column> cols = rename(body.columns(), c.columns(), c.name());
                inner.ctes.put(c.name().toLowerCase(Locale.ROOT), cols);
                parts.add(ident(c.name()) + (c.columns().isEmpty() ? "" : "(" + joinIdents(c.columns()) + ")") + " AS (" + body.sql() + ")");
            }
            QR body = query(w.body(), inner);
            return new QR("WITH " + String.join(", ", parts) + " " + body.sql(), body.columns());
        }
        if (q instanceof SetOp s) {
            QR l = query(s.left(), env);
            QR r = query(s.right(), env);
            List<Column> cols = new ArrayList<>();
            for (int i = 0; i < l.columns().size(); i++) {
                SType rt = i < r.columns().size() ? r.columns().get(i).type() : SType.UNKNOWN;
                cols.add(new Column(null, l.columns().get(i).name(), SType.wider(l.columns().get(i).type(), rt)));
            }
            // DuckDB's UNION matches by position as Spark's does; ALL keeps duplicates
            return new QR("(" + l.sql() + ") " + s.op() + (s.all() ? " ALL" : "") + " (" + r.sql() + ")", cols);
        }
        if (q instanceof Ordered o) {
            if (o.body() instanceof Select sel && !o.orderBy().isEmpty()) {
                return select(sel, env, o.orderBy(), o.limit(), o.offset());
            }
            QR body = query(o.body(), env);
            if (o.parenthesized() && o.orderBy().isEmpty()) {
                return new QR("(" + body.sql() + ")", body.columns());
            }
            StringBuilder sb = new StringBuilder("SELECT * FROM (" + body.sql() + ") AS ").append(ident("__q"));
            Env orderEnv = new Env(env);
            for (Column c : body.columns()) {
                orderEnv.columns.add(new Column(null, c.name(), c.type()));
            }
            // ORDER BY may name columns of the FROM that the select list drops, so order inside the block when it is one
            if (o.body() instanceof Select sel && !o.orderBy().isEmpty()) {
                return select(sel, env, o.orderBy(), o.limit(), o.offset());
            }
            if (!o.orderBy().isEmpty()) {
                sb.append(" ORDER BY ").append(sortItems(o.orderBy(), orderEnv));
            }
            appendLimit(sb, o.limit(), o.offset(), env);
            return new QR(sb.toString(), body.columns());
        }
        if (q instanceof Select s) {
            return select(s, env, List.of(), null, null);
        }
        if (q instanceof Values v) {
            return values(v, env);
        }
        if (q instanceof TableQuery t) {
            Env inner = new Env(env);
            String from = relation(t.table(), inner);
            return new QR("SELECT * FROM " + from, inner.columns);
        }
        throw new IllegalStateException("unknown query node " + q);
    }

    private void appendLimit(StringBuilder sb, Node limit, Node offset, Env env) {
        if (limit != null) {
            sb.append(" LIMIT ").append(expr(limit, env).sql());
        }
        if (offset != null) {
            sb.append(" OFFSET ").append(expr(offset, env).sql());
        }
    }

    private static String joinIdents(List<String> names) {
        return String.join(", ", names.stream().map(Translator::ident).toList());
    }

    private static List<Column> rename(List<Column> cols, List<String> names, String qualifier) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            String n = i < names.size() ? names.get(i) : cols.get(i).name();
            out.add(new Column(qualifier, n, cols.get(i).type()));
        }
        return out;
    }

    private QR values(Values v, Env env) {
        List<String> rows = new ArrayList<>();
        List<SType> types = new ArrayList<>();
        for (List<Node> row : v.rows()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                R r = expr(row.get(i), env);
                cells.add(r.sql());
                if (types.size() <= i) {
                    types.add(r.type());
                } else {
                    types.set(i, SType.wider(types.get(i), r.type()));
                }
            }
            rows.add("(" + String.join(", ", cells) + ")");
        }
        List<Column> cols = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            cols.add(new Column(null, "col" + (i + 1), types.get(i)));
        }
        List<String> names = cols.stream().map(Column::name).toList();
        return new QR("SELECT * FROM (VALUES " + String.join(", ", rows) + ") AS " + ident("__v") + "(" + joinIdents(names) + ")", cols);
    }

    private static String itemName(SelectItem item) {
        if (item.alias() != null) {
            return item.alias();
        }
        if (item.expr() instanceof Col c) {
            return c.parts().get(c.parts().size() - 1);
        }
        return item.text();
    }

    private QR select(Select s, Env outer, List<SortItem> orderBy, Node limit, Node offset) {
        List<Column> columns = new ArrayList<>();
        Env env = new Env(outer);
        StringBuilder sb = new StringBuilder("SELECT ");
        if (s.distinct()) {
            sb.append("DISTINCT ");
        }
        String from = s.from() == null ? null : relation(s.from(), env);
        StringBuilder lateral = new StringBuilder();
        lateralViews(s, env, lateral);
        for (NamedWindow w : s.windows()) {
            env.windows.put(w.name().toLowerCase(Locale.ROOT), w.window());
        }
        List<String> items = new ArrayList<>();
        for (SelectItem item : s.items()) {
            if (item.expr() instanceof Star st) {
                items.add((st.qualifier().isEmpty() ? "*" : joinDotted(st.qualifier()) + ".*") + hiddenExcluded(st, env));
                for (Column c : env.columns) {
                    if (c.sql() == null && (st.qualifier().isEmpty()
                            || st.qualifier().get(st.qualifier().size() - 1).equalsIgnoreCase(c.qualifier()))) {
                        columns.add(new Column(null, c.name(), c.type()));
                    }
                }
                continue;
            }
            R r = expr(item.expr(), env);
            columns.add(new Column(null, itemName(item), r.type()));
            if (item.alias() != null) {
                items.add(r.sql() + " AS " + ident(item.alias()));
            } else if (item.expr() instanceof Col c) {
                items.add(r.sql() + (c.parts().size() > 1 && !isQualifier(c.parts().get(0), env) ? " AS " + ident(itemName(item)) : ""));
            } else {
                // named as written, as Spark names it (not after the rewritten SQL)
                items.add(r.sql() + " AS " + ident(item.text()));
            }
        }
        sb.append(String.join(", ", items));
        if (from != null) {
            sb.append(" FROM ").append(from);
        }
        sb.append(lateral);
        if (s.where() != null) {
            sb.append(" WHERE ").append(expr(s.where(), env).sql());
        }
        if (s.groupBy() != null) {
            sb.append(" GROUP BY ").append(groupBy(s.groupBy(), env));
        }
        if (s.having() != null) {
            sb.append(" HAVING ").append(expr(s.having(), env).sql());
        }
        if (s.qualify() != null) {
            sb.append(" QUALIFY ").append(expr(s.qualify(), env).sql());
        }
        if (!orderBy.isEmpty()) {
            // ORDER BY may use select aliases as well as FROM columns
            Env orderEnv = new Env(env);
            for (Column c : columns) {
                orderEnv.columns.add(c);
            }
            sb.append(" ORDER BY ").append(sortItems(orderBy, orderEnv));
        }
        appendLimit(sb, limit, offset, env);
        return new QR(sb.toString(), columns);
    }

    private boolean isQualifier(String name, Env env) {
        for (Column c : env.columns) {
            if (name.equalsIgnoreCase(c.qualifier())) {
                return true;
            }
        }
        return false;
    }

    private void lateralViews(Select s, Env env, StringBuilder out) {
        int n = 0;
        for (LateralView lv : s.lateralViews()) {
            String gen = lv.generator().name();
            if (lv.generator().args().size() != 1) {
                throw SparkSqlException.unsupported("LATERAL VIEW " + gen + " with " + lv.generator().args().size() + " arguments");
            }
            R arg = expr(lv.generator().args().get(0), env);
            String alias = lv.table() != null ? lv.table() : "__lv" + (n++);
            List<String> cols = new ArrayList<>();
            String inner;
            List<Column> added = new ArrayList<>();
            switch (gen) {
                case "explode", "explode_outer" -> {
                    if (arg.type().is(Kind.MAP)) {
                        cols.add(lv.columns().size() > 0 ? lv.columns().get(0) : "key");
                        cols.add(lv.columns().size() > 1 ? lv.columns().get(1) : "value");
                        inner = "SELECT unnest(map_keys(" + arg.sql() + ")) AS " + ident(cols.get(0)) + ", unnest(map_values(" + arg.sql()
                                + ")) AS " + ident(cols.get(1));
                        added.add(new Column(alias, cols.get(0), arg.type().children().get(0)));
                        added.add(new Column(alias, cols.get(1), arg.type().valueType()));
                    } else {
                        cols.add(lv.columns().isEmpty() ? "col" : lv.columns().get(0));
                        inner = "SELECT unnest(" + arg.sql() + ") AS " + ident(cols.get(0));
                        added.add(new Column(alias, cols.get(0), arg.type().element()));
                    }
                }
                case "posexplode", "posexplode_outer" -> {
                    cols.add(lv.columns().size() > 0 ? lv.columns().get(0) : "pos");
                    cols.add(lv.columns().size() > 1 ? lv.columns().get(1) : "col");
                    inner = "SELECT CAST(generate_subscripts(" + arg.sql() + ", 1) - 1 AS INTEGER) AS " + ident(cols.get(0)) + ", unnest("
                            + arg.sql() + ") AS " + ident(cols.get(1));
                    added.add(new Column(alias, cols.get(0), SType.INT));
                    added.add(new Column(alias, cols.get(1), arg.type().element()));
                }
                default -> throw SparkSqlException.unsupported("LATERAL VIEW " + gen);
            }
            boolean outerJoin = lv.outer() || gen.endsWith("_outer");
            out.append(outerJoin ? " LEFT JOIN LATERAL (" : " CROSS JOIN LATERAL (").append(inner).append(") AS ").append(ident(alias))
                    .append(outerJoin ? " ON true" : "");
            env.columns.addAll(added);
        }
    }

    private String groupBy(GroupBy g, Env env) {
        return switch (g.kind()) {
            case "ALL" -> "ALL";
            case "ROLLUP", "CUBE" -> g.kind() + " (" + exprs(g.exprs(), env) + ")";
            case "SETS" -> {
                List<String> sets = new ArrayList<>();
                for (List<Node> set : g.sets()) {
                    sets.add("(" + exprs(set, env) + ")");
                }
                yield "GROUPING SETS (" + String.join(", ", sets) + ")";
            }
            default -> exprs(g.exprs(), env);
        };
    }

    private String exprs(List<Node> nodes, Env env) {
        List<String> out = new ArrayList<>();
        for (Node n : nodes) {
            out.add(expr(n, env).sql());
        }
        return String.join(", ", out);
    }

    /** Spark sorts NULLs first when ascending and last when descending; DuckDB's default is NULLS LAST both ways. */
    String sortItems(List<SortItem> items, Env env) {
        List<String> out = new ArrayList<>();
        for (SortItem s : items) {
            boolean asc = s.ascending() == null || s.ascending();
            boolean nullsFirst = s.nullsFirst() != null ? s.nullsFirst() : asc;
            out.add(expr(s.expr(), env).sql() + (asc ? " ASC" : " DESC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST"));
        }
        return String.join(", ", out);
    }

    private static String joinDotted(List<String> parts) {
        return String.join(".", parts.stream().map(Translator::ident).toList());
    }

    // ------------------------------------------------------------------ relations

    /** {@code EXCLUDE (…)} of the hidden columns a star would otherwise show, or "". */
    private static String hiddenExcluded(Star st, Env env) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        String q = st.qualifier().isEmpty() ? null : st.qualifier().get(st.qualifier().size() - 1).toLowerCase(Locale.ROOT);
        env.hidden.forEach((qualifier, cols) -> {
            if (q == null || q.equals(qualifier)) {
                names.addAll(cols);
            }
        });
        return names.isEmpty() ? "" : " EXCLUDE (" + String.join(", ", names.stream().map(Translator::ident).toList()) + ")";
    }

    /** Renders a FROM item and adds its columns to {@code env}. */
    String relation(Relation r, Env env) {
        if (r instanceof TableRel t) {
            Scan scan = scans.computeIfAbsent(t.ref(), tables);
            String q = t.alias() != null ? t.alias() : t.ref().qualifier();
            if (!scan.hidden().isEmpty()) {
                env.hidden.put(q == null ? "" : q.toLowerCase(Locale.ROOT), scan.hidden());
            }
            if (scan.schema() != null) {
                List<StructField> fields = scan.schema().fields();
                for (int i = 0; i < fields.size(); i++) {
                    String name = i < t.columnAliases().size() ? t.columnAliases().get(i) : fields.get(i).name();
                    env.columns.add(new Column(q, name, SType.of(fields.get(i).type())));
                }
            }
            return scan.sql() + aliasText(t.alias(), t.columnAliases());
        }
        if (r instanceof NamedRel n) {
            List<Column> cte = env.cte(n.name());
            String q = n.alias() != null ? n.alias() : n.name();
            if (cte != null) {
                env.columns.addAll(rename(cte, n.columnAliases(), q));
            }
            return ident(n.name()) + aliasText(n.alias(), n.columnAliases());
        }
        if (r instanceof SubqueryRel s) {
            QR q = query(s.query(), s.lateral() ? env : new Env(env));
            env.columns.addAll(rename(q.columns(), s.columnAliases(), s.alias()));
            return (s.lateral() ? "LATERAL " : "") + "(" + q.sql() + ")" + aliasText(s.alias() == null ? "__sq" : s.alias(), s.columnAliases());
        }
        if (r instanceof ValuesRel v) {
            QR q = values(v.values(), env);
            String alias = v.alias() == null ? "__values" : v.alias();
            env.columns.addAll(rename(q.columns(), v.columnAliases(), alias));
            return "(" + q.sql() + ")" + aliasText(alias, v.columnAliases());
        }
        if (r instanceof JoinRel j) {
            String left = relation(j.left(), env);
            String right = relation(j.right(), env);
            String type = j.type();
            StringBuilder sb = new StringBuilder(left);
            sb.append(type.equals("CROSS") && j.on() == null && j.using().isEmpty() ? ", " : " " + type + " JOIN ").append(right);
            if (j.on() != null) {
                sb.append(" ON ").append(expr(j.on(), env).sql());
            } else if (!j.using().isEmpty()) {
                sb.append(" USING (").append(joinIdents(j.using())).append(")");
            } else if (!type.equals("CROSS") && !type.startsWith("NATURAL")) {
                sb.append(" ON true");
            }
            return sb.toString();
        }
        if (r instanceof FunctionRel f) {
            return functions.tableFunction(f, env);
        }
        throw new IllegalStateException("unknown relation " + r);
    }

    static String aliasText(String alias, List<String> cols) {
        if (alias == null) {
            return "";
        }
        return " AS " + ident(alias) + (cols.isEmpty() ? "" : "(" + joinIdents(cols) + ")");
    }

    // ------------------------------------------------------------------ expressions

    R expr(Node n, Env env) {
        if (n instanceof Lit l) {
            return literal(l);
        }
        if (n instanceof Col c) {
            return column(c, env);
        }
        if (n instanceof Star) {
            return new R("*", SType.UNKNOWN);
        }
        if (n instanceof Interval i) {
            String text = "INTERVAL '" + i.months() + " months " + i.days() + " days " + i.micros() + " microseconds'";
            SType t = i.yearMonth() ? SType.INTERVAL_YM : i.micros() == 0 ? SType.INTERVAL_DAY : SType.INTERVAL_DT;
            return new R(text, t);
        }
        if (n instanceof Unary u) {
            R o = expr(u.operand(), env);
            return switch (u.op()) {
                case "-" -> new R("(- " + o.sql() + ")", o.type().is(Kind.STRING) ? SType.DOUBLE : o.type());
                case "+" -> o;
                default -> new R("(~" + o.sql() + ")", o.type());
            };
        }
        if (n instanceof Not x) {
            return new R("(NOT " + bool(x.operand(), env) + ")", SType.BOOLEAN);
        }
        if (n instanceof Bin b) {
            return Operators.binary(this, b, env);
        }
        if (n instanceof IsNull x) {
            return new R("(" + expr(x.operand(), env).sql() + (x.negated() ? " IS NOT NULL)" : " IS NULL)"), SType.BOOLEAN);
        }
        if (n instanceof IsBool x) {
            String v = x.value() == null ? "NULL" : x.value().toString().toUpperCase(Locale.ROOT);
            String op = x.value() == null ? (x.negated() ? " IS NOT NULL" : " IS NULL") : (x.negated() ? " IS NOT " : " IS ") + v;
            return new R("(" + bool(x.operand(), env) + op + ")", SType.BOOLEAN);
        }
        if (n instanceof IsDistinct x) {
            R[] p = Operators.comparable(this, expr(x.left(), env), expr(x.right(), env));
            return new R("(" + p[0].sql() + (x.negated() ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") + p[1].sql() + ")", SType.BOOLEAN);
        }
        if (n instanceof InList x) {
            R o = expr(x.operand(), env);
            List<String> vals = new ArrayList<>();
            for (Node v : x.values()) {
                R[] p = Operators.comparable(this, o, expr(v, env));
                vals.add(p[1].sql());
                o = p[0];
            }
            return new R("(" + o.sql() + (x.negated() ? " NOT IN (" : " IN (") + String.join(", ", vals) + "))", SType.BOOLEAN);
        }
        if (n instanceof InQuery x) {
            return new R("(" + expr(x.operand(), env).sql() + (x.negated() ? " NOT IN (" : " IN (") + query(x.query(), new Env(env)).sql()
                    + "))", SType.BOOLEAN);
        }
        if (n instanceof Between x) {
            R o = expr(x.operand(), env);
            R lo = Operators.comparable(this, o, expr(x.low(), env))[1];
            R hi = Operators.comparable(this, o, expr(x.high(), env))[1];
            return new R("(" + o.sql() + (x.negated() ? " NOT BETWEEN " : " BETWEEN ") + lo.sql() + " AND " + hi.sql() + ")", SType.BOOLEAN);
        }
        if (n instanceof Like x) {
            return like(x, env);
        }
        if (n instanceof Call c) {
            return functions.call(c, env);
        }
        if (n instanceof Lambda) {
            throw new SparkSqlException("a lambda function is only allowed as an argument of a higher-order function");
        }
        if (n instanceof Cast c) {
            return Casts.cast(this, expr(c.operand(), env), SType.of(c.type()), c.tryCast() || !options.ansi());
        }
        if (n instanceof Case c) {
            return caseExpr(c, env);
        }
        if (n instanceof ScalarQuery s) {
            QR q = query(s.query(), new Env(env));
            return new R("(" + q.sql() + ")", q.columns().size() == 1 ? q.columns().get(0).type() : SType.UNKNOWN);
        }
        if (n instanceof Exists e) {
            return new R("(EXISTS (" + query(e.query(), new Env(env)).sql() + "))", SType.BOOLEAN);
        }
        if (n instanceof Subscript s) {
            return subscript(s, env);
        }
        if (n instanceof Field f) {
            R base = expr(f.base(), env);
            return new R("(" + base.sql() + ")." + ident(f.name()), base.type().field(f.name()));
        }
        if (n instanceof Row r) {
            List<String> vals = new ArrayList<>();
            for (Node v : r.values()) {
                vals.add(expr(v, env).sql());
            }
            return new R("(" + String.join(", ", vals) + ")", SType.UNKNOWN);
        }
        if (n instanceof Special s) {
            return functions.special(s, env);
        }
        throw new IllegalStateException("unknown node " + n);
    }

    /** A condition: a string operand is read as a boolean the way Spark casts it. */
    String bool(Node n, Env env) {
        R r = expr(n, env);
        if (r.type().is(Kind.STRING)) {
            return Casts.cast(this, r, SType.BOOLEAN, !options.ansi()).sql();
        }
        return r.sql();
    }

    private R literal(Lit l) {
        return switch (l.kind()) {
            case NULL -> new R("NULL", SType.NULL);
            case BOOLEAN -> new R(l.text(), SType.BOOLEAN);
            case STRING -> new R(str(l.text()), SType.STRING);
            case INT -> {
                BigDecimal v = l.number();
                if (v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0 && v.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0) {
                    // DuckDB reads -2147483648 as the negation of a BIGINT
                    yield new R(v.signum() < 0 ? "CAST(" + v.toPlainString() + " AS INTEGER)" : v.toPlainString(), SType.INT);
                }
                if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 && v.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
                    yield new R("CAST(" + v.toPlainString() + " AS BIGINT)", SType.BIGINT);
                }
                if (v.precision() > 38) {
                    throw new SparkSqlException("number " + v.toPlainString() + " is out of range");
                }
                yield new R("CAST(" + v.toPlainString() + " AS DECIMAL(" + v.precision() + ", 0))", SType.decimal(v.precision(), 0));
            }
            case BIGINT -> integral(l, "BIGINT", SType.BIGINT, Long.MIN_VALUE, Long.MAX_VALUE);
            case SMALLINT -> integral(l, "SMALLINT", SType.SMALLINT, Short.MIN_VALUE, Short.MAX_VALUE);
            case TINYINT -> integral(l, "TINYINT", SType.TINYINT, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case DOUBLE, EXP_DOUBLE -> new R("CAST(" + l.number().toString() + " AS DOUBLE)", SType.DOUBLE);
            case FLOAT -> new R("CAST(" + l.number().toString() + " AS FLOAT)", SType.FLOAT);
            case DECIMAL, BIG_DECIMAL -> {
                BigDecimal v = l.number();
                int scale = Math.max(v.scale(), 0);
                int precision = Math.max(v.precision(), scale);
                if (v.scale() < 0) {
                    v = v.setScale(0);
                    precision = v.precision();
                }
                if (precision > 38) {
                    throw new SparkSqlException("decimal literal " + l.text() + " has more than 38 digits");
                }
                yield new R("CAST(" + v.toPlainString() + " AS DECIMAL(" + precision + ", " + scale + "))", SType.decimal(precision, scale));
            }
            case DATE -> new R("CAST(" + str(l.text().trim()) + " AS DATE)", SType.DATE);
            case TIMESTAMP -> new R(localToInstant("CAST(" + str(l.text().trim()) + " AS TIMESTAMP)"), SType.TIMESTAMP);
            case TIMESTAMP_NTZ -> new R("CAST(" + str(l.text().trim()) + " AS TIMESTAMP)", SType.TIMESTAMP_NTZ);
            case BINARY -> new R("unhex(" + str(l.text()) + ")", SType.BINARY);
        };
    }

    private R integral(Lit l, String duck, SType t, long min, long max) {
        BigDecimal v = l.number();
        if (v.scale() > 0 && v.stripTrailingZeros().scale() > 0 || v.compareTo(BigDecimal.valueOf(min)) < 0
                || v.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new SparkSqlException("numeric literal " + l.text() + " does not fit in " + duck);
        }
        return new R("CAST(" + v.toBigInteger() + " AS " + duck + ")", t);
    }

    /** A wall-clock TIMESTAMP (no zone) read in the session time zone, as a TIMESTAMPTZ. */
    String localToInstant(String naive) {
        return options.utc() ? "CAST(" + naive + " AS TIMESTAMPTZ)" : "timezone(" + str(options.timeZone()) + ", " + naive + ")";
    }

    /** A TIMESTAMPTZ as the wall-clock time of the session time zone (a TIMESTAMP). */
    String instantToLocal(String tz) {
        return options.utc() ? "CAST(" + tz + " AS TIMESTAMP)" : "timezone(" + str(options.timeZone()) + ", " + tz + ")";
    }

    private R column(Col c, Env env) {
        List<String> parts = c.parts();
        if (parts.size() == 1) {
            for (Env e = env; e != null; e = e.parent) {
                R lp = e.lambdaParams.get(parts.get(0).toLowerCase(Locale.ROOT));
                if (lp != null) {
                    return lp;
                }
            }
        }
        // qualifier.column[.field…] or column[.field…]
        for (Env e = env; e != null; e = e.parent) {
            if (parts.size() >= 2) {
                for (Column col : e.columns) {
                    if (parts.get(0).equalsIgnoreCase(col.qualifier()) && parts.get(1).equalsIgnoreCase(col.name())) {
                        String sql = col.sql() == null ? joinDotted(parts) : col.sql();
                        return new R(sql, fields(col.type(), parts.subList(2, parts.size())));
                    }
                }
            }
            for (Column col : e.columns) {
                if (parts.get(0).equalsIgnoreCase(col.name())) {
                    if (parts.size() > 1 && !col.type().is(Kind.STRUCT) && col.type().known()) {
                        continue;
                    }
                    String sql = col.sql() == null ? joinDotted(parts) : col.sql();
                    return new R(sql, fields(col.type(), parts.subList(1, parts.size())));
                }
            }
            if (parts.size() == 1) {
                R lp = e.lambdaParams.get(parts.get(0).toLowerCase(Locale.ROOT));
                if (lp != null) {
                    return lp;
                }
            }
        }
        return new R(joinDotted(parts), SType.UNKNOWN);
    }

    private static SType fields(SType t, List<String> path) {
        for (String f : path) {
            t = t.field(f);
        }
        return t;
    }

    private R like(Like x, Env env) {
        R operand = expr(x.operand(), env);
        String o = operand.type().is(Kind.STRING) || !operand.type().known() ? operand.sql() : "CAST(" + operand.sql() + " AS VARCHAR)";
        List<String> tests = new ArrayList<>();
        for (Node p : x.patterns()) {
            R pat = expr(p, env);
            if (x.kind().equals("RLIKE")) {
                tests.add("regexp_matches(" + o + ", " + pat.sql() + ")");
            } else {
                // Spark's LIKE escapes with a backslash unless told otherwise; DuckDB's has no default escape
                String escape = x.escape() == null ? "\\" : x.escape();
                tests.add("(" + o + (x.kind().equals("ILIKE") ? " ILIKE " : " LIKE ") + pat.sql() + " ESCAPE " + str(escape) + ")");
            }
        }
        if (x.quantifier() == null) {
            return new R(x.negated() ? "(NOT " + tests.get(0) + ")" : tests.get(0), SType.BOOLEAN);
        }
        // x NOT LIKE ANY (p, q) is true when x fails to match any one of them (Spark negates each test, not the whole)
        List<String> each = x.negated() ? tests.stream().map(s -> "(NOT " + s + ")").toList() : tests;
        return new R("(" + String.join(x.quantifier().equals("ALL") ? " AND " : " OR ", each) + ")", SType.BOOLEAN);
    }

    private R caseExpr(Case c, Env env) {
        StringBuilder sb = new StringBuilder("CASE");
        R operand = c.operand() == null ? null : expr(c.operand(), env);
        List<R> results = new ArrayList<>();
        List<String> whens = new ArrayList<>();
        for (When w : c.whens()) {
            if (operand != null) {
                R[] p = Operators.comparable(this, operand, expr(w.when(), env));
                whens.add(p[1].sql());
            } else {
                if (expr(w.when(), env).type().is(Kind.NULL)) {
                    throw new SparkSqlException("[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] a CASE WHEN condition must be BOOLEAN, not NULL");
                }
                whens.add(bool(w.when(), env));
            }
            results.add(expr(w.then(), env));
        }
        R otherwise = c.otherwise() == null ? null : expr(c.otherwise(), env);
        SType t = SType.NULL;
        for (R r : results) {
            t = SType.wider(t, r.type());
        }
        if (otherwise != null) {
            t = SType.wider(t, otherwise.type());
        }
        if (operand != null) {
            sb.append(' ').append(operand.sql());
        }
        for (int i = 0; i < whens.size(); i++) {
            sb.append(" WHEN ").append(whens.get(i)).append(" THEN ").append(coerce(results.get(i), t));
        }
        if (otherwise != null) {
            sb.append(" ELSE ").append(coerce(otherwise, t));
        }
        sb.append(" END");
        return new R(sb.toString(), t);
    }

    /** A value as the common type of a CASE/COALESCE/IF's branches (Spark widens; DuckDB may fail to unify). */
    String coerce(R r, SType to) {
        if (!to.known() || to.is(Kind.NULL) || r.type().equals(to) || r.type().is(Kind.NULL) || !r.type().known()) {
            return r.sql();
        }
        if (to.isNumeric() && r.type().isNumeric()) {
            return "CAST(" + r.sql() + " AS " + to.duck() + ")";
        }
        if (to.is(Kind.STRING) && !r.type().is(Kind.STRING)) {
            return Casts.cast(this, r, SType.STRING, false).sql();
        }
        return r.sql();
    }

    private R subscript(Subscript s, Env env) {
        R base = expr(s.base(), env);
        R idx = expr(s.index(), env);
        SType bt = base.type();
        if (bt.is(Kind.MAP) || (!bt.known() && idx.type().is(Kind.STRING))) {
            return new R("(" + base.sql() + ")[" + idx.sql() + "]", bt.valueType());
        }
        if (bt.is(Kind.STRUCT)) {
            return new R("(" + base.sql() + ")[" + idx.sql() + "]", SType.UNKNOWN);
        }
        if (!bt.is(Kind.ARRAY)) {
            throw new SparkSqlException("subscript [" + "…] on " + (bt.known() ? "a value of type " + bt.sparkName() : "an expression whose type Floe cannot tell")
                    + " is not supported");
        }
        // Spark's [] is 0-based; out of range is an error in ANSI mode and NULL otherwise (DuckDB's negative indexes count from the end)
        String i = "(" + idx.sql() + ")";
        String a = "(" + base.sql() + ")";
        String outOfRange = options.ansi()
                ? "error('[INVALID_ARRAY_INDEX] The index ' || " + i + " || ' is out of bounds. The array has ' || len(" + a + ") || ' elements.')"
                : "NULL";
        return new R("CASE WHEN " + i + " < 0 OR " + i + " >= len(" + a + ") THEN " + outOfRange + " ELSE " + a + "[" + i + " + 1] END",
                bt.element());
    }

    /** Binds lambda parameters for rendering a lambda's body. */
    Env lambdaEnv(Env env, List<String> params, List<R> bindings) {
        Env inner = new Env(env);
        for (int i = 0; i < params.size(); i++) {
            inner.lambdaParams.put(params.get(i).toLowerCase(Locale.ROOT), bindings.get(i));
        }
        return inner;
    }

    String window(Window w, Env env) {
        if (w.name() != null) {
            for (Env e = env; e != null; e = e.parent) {
                Window named = e.windows.get(w.name().toLowerCase(Locale.ROOT));
                if (named != null) {
                    return window(named, env);
                }
            }
            throw new SparkSqlException("window " + w.name() + " is not defined");
        }
        List<String> parts = new ArrayList<>();
        if (!w.partitionBy().isEmpty()) {
            parts.add("PARTITION BY " + exprs(w.partitionBy(), env));
        }
        if (!w.orderBy().isEmpty()) {
            parts.add("ORDER BY " + sortItems(w.orderBy(), env));
        }
        if (w.frame() != null) {
            parts.add(w.frame());
        }
        return "(" + String.join(" ", parts) + ")";
    }
}
