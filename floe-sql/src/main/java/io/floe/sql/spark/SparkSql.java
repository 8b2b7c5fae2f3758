package io.floe.sql.spark;

import io.floe.sql.parser.ParsedExpr;
import io.floe.sql.parser.Query;
import io.floe.sql.parser.TableRef;
import io.floe.types.StructType;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Spark SQL to DuckDB SQL: a query or expression as the statement parser found it (text, span, table references)
 * is parsed into a syntax tree ({@link SparkParser}) and rendered by {@link Translator}, each table reference
 * becoming the relation the planner gives for it.
 */
public final class SparkSql {
    /** The session setting for ANSI mode (Spark 4's default: on). */
    public static final String ANSI = "spark.sql.ansi.enabled";
    /** The session setting for the time zone of TIMESTAMP literals, casts, formatting and date parts. */
    public static final String TIME_ZONE = "spark.sql.session.timeZone";

    private SparkSql() {
    }

    /** The translation's settings from a session's settings. */
    public static Translator.Options options(Map<String, String> conf) {
        String ansi = null;
        String tz = null;
        for (Map.Entry<String, String> e : conf.entrySet()) { // Spark's setting names are case-insensitive
            if (e.getKey().equalsIgnoreCase(ANSI)) {
                ansi = e.getValue();
            } else if (e.getKey().equalsIgnoreCase(TIME_ZONE)) {
                tz = e.getValue();
            }
        }
        return new Translator.Options(ansi == null || !ansi.trim().equalsIgnoreCase("false"), tz == null ? "UTC" : tz.trim());
    }

    /** A query's DuckDB SQL. */
    public static String query(Query q, Function<TableRef, Translator.Scan> tables, Translator.Options options) {
        return query(q, tables, options, sql -> Map.of());
    }

    /** A query's DuckDB SQL; {@code describe} gives the column types of DuckDB file readers (read_parquet, …) it uses. */
    public static String query(Query q, Function<TableRef, Translator.Scan> tables, Translator.Options options,
                               Function<String, Map<String, io.floe.types.DataType>> describe) {
        return plan(q, tables, options, describe).sql();
    }

    /**
     * A query's DuckDB SQL and, per result column, the type to report instead of DuckDB's where they differ (null
     * elsewhere; empty when not known); whether it reads files outside any table's log ({@link Translator#readsFilesDirectly()}).
     */
    public record Planned(String sql, List<String> reportedTypes, boolean readsFilesDirectly) {
        public Planned {
            reportedTypes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(reportedTypes));
        }

        public Planned(String sql, List<String> reportedTypes) {
            this(sql, reportedTypes, false);
        }

        /** This plan, marked as reading files outside any table's log. */
        public Planned readingFilesDirectly() {
            return readsFilesDirectly ? this : new Planned(sql, reportedTypes, true);
        }
    }

    public static Planned plan(Query q, Function<TableRef, Translator.Scan> tables, Translator.Options options,
                               Function<String, Map<String, io.floe.types.DataType>> describe) {
        if (q.isSingleTable()) {
            return new Planned(tables.apply(q.tables().get(0)).sql(), List.of());
        }
        Ast.QueryNode tree = SparkParser.query(q.source(), q.span(), q.tables());
        Translator t = new Translator(options, tables, describe);
        String sql = t.query(tree);
        return new Planned(sql, t.voidTypes(), t.readsFilesDirectly());
    }

    /**
     * The select-list expressions of a query that have no name of their own (no AS, not a column): Spark would name them
     * after their text, which is no name to give a table's column. Empty for a query that is only a table reference.
     * For UNION and the like the first branch names the columns, as in Spark.
     */
    public static List<String> unnamedColumns(Query q) {
        return List.copyOf(unnamedColumnsByPosition(q).values());
    }

    /** {@link #unnamedColumns} by their 0-based position in the select list (a star counts as one item). */
    public static java.util.SortedMap<Integer, String> unnamedColumnsByPosition(Query q) {
        java.util.SortedMap<Integer, String> out = new java.util.TreeMap<>();
        if (q.isSingleTable()) {
            return out;
        }
        Ast.QueryNode node = SparkParser.query(q.source(), q.span(), q.tables());
        while (true) {
            if (node instanceof Ast.With w) {
                node = w.body();
            } else if (node instanceof Ast.Ordered o) {
                node = o.body();
            } else if (node instanceof Ast.SetOp so) {
                node = so.left();
            } else {
                break;
            }
        }
        if (node instanceof Ast.Select sel) {
            for (int i = 0; i < sel.items().size(); i++) {
                Ast.SelectItem item = sel.items().get(i);
                if (item.alias() == null && !(item.expr() instanceof Ast.Col) && !(item.expr() instanceof Ast.Star)) {
                    out.put(i, item.text());
                }
            }
        }
        return out;
    }

    /**
     * An expression's DuckDB SQL; {@code scope} gives the types of the columns it may name (by table alias), where
     * known.
     */
    public static String expression(ParsedExpr e, Function<TableRef, Translator.Scan> tables, Translator.Options options,
                                    Map<String, StructType> scope) {
        Ast.Node tree = SparkParser.expression(e.source(), e.span(), e.tables());
        return new Translator(options, tables).expression(tree, scope);
    }
}
