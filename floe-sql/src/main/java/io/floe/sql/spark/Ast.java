package io.floe.sql.spark;

import io.floe.sql.parser.TableRef;

import java.math.BigDecimal;
import java.util.List;

/**
 * The syntax tree of a Spark SQL query and its expressions, as {@link SparkParser} reads it and {@link Translator}
 * renders it for DuckDB. Only what the translation needs is modelled; positions are token offsets into the source
 * (for messages).
 */
public final class Ast {
    private Ast() {
    }

    // ------------------------------------------------------------------ expressions

    /** An expression. {@code at} is the source offset where it starts. */
    public sealed interface Node permits Col, Star, Lit, Interval, Unary, Bin, Not, IsNull, IsBool, IsDistinct, InList, InQuery,
            Between, Like, Call, Lambda, Cast, Case, ScalarQuery, Exists, Subscript, Field, Row, Special {
        int at();
    }

    public record Col(List<String> parts, int at) implements Node {
    }

    public record Star(List<String> qualifier, int at) implements Node {
    }

    /** The kind of a literal. */
    public enum LitKind { NULL, BOOLEAN, INT, BIGINT, SMALLINT, TINYINT, DECIMAL, DOUBLE, FLOAT, BIG_DECIMAL, EXP_DOUBLE, STRING,
        DATE, TIMESTAMP, TIMESTAMP_NTZ, BINARY }

    /** A literal; {@code number} set for numeric kinds, {@code text} for the others (decoded). */
    public record Lit(LitKind kind, String text, BigDecimal number, int at) implements Node {
    }

    /** {@code INTERVAL …}: months, days and microseconds; {@code yearMonth} when only YEAR/MONTH units were written. */
    public record Interval(long months, long days, long micros, boolean yearMonth, int at) implements Node {
    }

    public record Unary(String op, Node operand, int at) implements Node {
    }

    /** A binary operator: + - * / % DIV || & | ^ = <> < <= > >= <=> AND OR. */
    public record Bin(String op, Node left, Node right, int at) implements Node {
    }

    public record Not(Node operand, int at) implements Node {
    }

    public record IsNull(Node operand, boolean negated, int at) implements Node {
    }

    public record IsBool(Node operand, Boolean value, boolean negated, int at) implements Node {
    }

    public record IsDistinct(Node left, Node right, boolean negated, int at) implements Node {
    }

    public record InList(Node operand, List<Node> values, boolean negated, int at) implements Node {
    }

    public record InQuery(Node operand, QueryNode query, boolean negated, int at) implements Node {
    }

    public record Between(Node operand, Node low, Node high, boolean negated, int at) implements Node {
    }

    /**
     * {@code x [NOT] LIKE|ILIKE|RLIKE p [ESCAPE e]} and {@code x [NOT] LIKE ANY|ALL (p, …)}.
     *
     * @param kind       LIKE, ILIKE or RLIKE
     * @param quantifier null, ANY or ALL
     */
    public record Like(Node operand, String kind, List<Node> patterns, String quantifier, boolean negated, String escape, int at)
            implements Node {
    }

    /** A window: {@code OVER name} ({@code name} set) or {@code OVER (partition, order, frame)}. */
    public record Window(String name, List<Node> partitionBy, List<SortItem> orderBy, String frame) {
    }

    /** A function call; {@code filter} and {@code over} may be null. */
    public record Call(String name, List<Node> args, boolean distinct, Node filter, boolean ignoreNulls, Window over, int at)
            implements Node {
    }

    public record Lambda(List<String> params, Node body, int at) implements Node {
    }

    /** A type as written: name (lower case), numeric parameters, element types, struct field names. */
    public record TypeSpec(String name, List<Integer> params, List<TypeSpec> children, List<String> fieldNames) {
    }

    public record Cast(Node operand, TypeSpec type, boolean tryCast, int at) implements Node {
    }

    public record When(Node when, Node then) {
    }

    public record Case(Node operand, List<When> whens, Node otherwise, int at) implements Node {
    }

    public record ScalarQuery(QueryNode query, int at) implements Node {
    }

    public record Exists(QueryNode query, int at) implements Node {
    }

    public record Subscript(Node base, Node index, int at) implements Node {
    }

    public record Field(Node base, String name, int at) implements Node {
    }

    public record Row(List<Node> values, int at) implements Node {
    }

    /**
     * Call syntax with keywords: EXTRACT(field FROM x), TRIM(BOTH|LEADING|TRAILING [chars] FROM x), POSITION(a IN b),
     * SUBSTRING(x FROM a [FOR b]), OVERLAY(…); {@code word} names the part (the field, trim side).
     */
    public record Special(String name, String word, List<Node> args, int at) implements Node {
    }

    // ------------------------------------------------------------------ queries

    public record SortItem(Node expr, Boolean ascending, Boolean nullsFirst) {
    }

    public record Cte(String name, List<String> columns, QueryNode query) {
    }

    /** A query expression with its ORDER BY / LIMIT / OFFSET. */
    public sealed interface QueryNode permits With, SetOp, Select, Values, Ordered, TableQuery {
    }

    public record With(List<Cte> ctes, QueryNode body) implements QueryNode {
    }

    public record SetOp(String op, boolean all, QueryNode left, QueryNode right) implements QueryNode {
    }

    /** {@code body ORDER BY … LIMIT … OFFSET …} (also a parenthesized query, with no clauses). */
    public record Ordered(QueryNode body, List<SortItem> orderBy, Node limit, Node offset, boolean parenthesized) implements QueryNode {
    }

    public record Values(List<List<Node>> rows) implements QueryNode {
    }

    /** {@code TABLE t}. */
    public record TableQuery(Relation table) implements QueryNode {
    }

    /** A select item; {@code text} is the expression as written (the column's name when it has no alias, as in Spark). */
    public record SelectItem(Node expr, String alias, String text) {
    }

    /** GROUP BY: plain expressions, or a ROLLUP / CUBE / GROUPING SETS form, or ALL. */
    public record GroupBy(String kind, List<Node> exprs, List<List<Node>> sets) {
    }

    public record NamedWindow(String name, Window window) {
    }

    /** {@code LATERAL VIEW [OUTER] gen(args) table AS col, …}. */
    public record LateralView(Call generator, boolean outer, String table, List<String> columns) {
    }

    public record Select(boolean distinct, List<SelectItem> items, Relation from, List<LateralView> lateralViews, Node where,
                         GroupBy groupBy, Node having, List<NamedWindow> windows, Node qualify) implements QueryNode {
    }

    // ------------------------------------------------------------------ relations

    public sealed interface Relation permits TableRel, NamedRel, SubqueryRel, JoinRel, ValuesRel, FunctionRel {
    }

    /** A table of Floe's (substituted by the planner). */
    public record TableRel(TableRef ref, String alias, List<String> columnAliases) implements Relation {
    }

    /** A name that is not one of Floe's tables: a WITH query or a temporary view. */
    public record NamedRel(String name, String alias, List<String> columnAliases) implements Relation {
    }

    public record SubqueryRel(QueryNode query, String alias, List<String> columnAliases, boolean lateral) implements Relation {
    }

    public record JoinRel(Relation left, Relation right, String type, Node on, List<String> using) implements Relation {
    }

    public record ValuesRel(Values values, String alias, List<String> columnAliases) implements Relation {
    }

    /** A table-valued function: range(…), explode(…), read_parquet(…), …. */
    public record FunctionRel(Call call, String alias, List<String> columnAliases) implements Relation {
    }
}
