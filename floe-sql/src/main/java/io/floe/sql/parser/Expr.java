package io.floe.sql.parser;

import io.floe.types.DataType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed form of a SQL expression (Spark/Delta dialect, plus the DuckDB forms users commonly mix in:
 * {@code x::type}, {@code [1, 2]}). Every node knows its {@link Span}; a node's text is {@code span().text(source)}
 * (without enclosing parentheses). Subqueries are kept as {@link Query}s: text plus table references.
 */
public sealed interface Expr {
    Span span();

    /** The direct children. */
    default List<Expr> children() {
        return List.of();
    }

    // ------------------------------------------------------------------ names and literals

    /** A column: {@code a}, {@code t.a}, {@code `a b`}, {@code s.field.sub}; parts as written, unquoted. */
    record ColumnRef(List<String> parts, Span span) implements Expr {
        public ColumnRef {
            parts = List.copyOf(parts);
        }
    }

    /** {@code *} or {@code t.*} (in function arguments such as count(*)). */
    record Star(List<String> qualifier, Span span) implements Expr {
        public Star {
            qualifier = List.copyOf(qualifier);
        }
    }

    record NullLiteral(Span span) implements Expr {
    }

    record BooleanLiteral(boolean value, Span span) implements Expr {
    }

    /** The kind of a numeric literal, from its form: 1 (INTEGER), 1.5 (DECIMAL), 1e3 / 1.5D (DOUBLE), and Spark's suffixes. */
    enum NumberKind { INTEGER, DECIMAL, DOUBLE, FLOAT, BIGINT, SMALLINT, TINYINT, BIG_DECIMAL }

    /** A number; {@code value} is its exact value (suffix removed, exponent applied). */
    record NumberLiteral(String text, BigDecimal value, NumberKind kind, Span span) implements Expr {
    }

    /** A string literal ('…'; adjacent literals are concatenated, as Spark does). */
    record StringLiteral(String value, Span span) implements Expr {
    }

    /**
     * A typed literal: {@code DATE '…'}, {@code TIMESTAMP '…'}, {@code TIMESTAMP_NTZ '…'}, {@code TIMESTAMP_LTZ '…'},
     * {@code X'…'} (type BINARY).
     *
     * @param type the type keyword in upper case
     */
    record TypedLiteral(String type, String value, Span span) implements Expr {
    }

    /** An interval literal ({@code INTERVAL '1' DAY}, {@code INTERVAL 2 HOURS 30 MINUTES}, …), kept as text. */
    record IntervalLiteral(Span span) implements Expr {
    }

    // ------------------------------------------------------------------ operators

    enum UnaryOp { NEGATE, PLUS, BIT_NOT }

    record Unary(UnaryOp op, Expr operand, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(operand);
        }
    }

    /** NOT x (also Spark's {@code !x}). */
    record Not(Expr operand, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(operand);
        }
    }

    enum BinaryOp {
        OR("OR"), AND("AND"),
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), NULL_SAFE_EQ("<=>"),
        BIT_OR("|"), BIT_XOR("^"), BIT_AND("&"),
        ADD("+"), SUBTRACT("-"), CONCAT("||"),
        MULTIPLY("*"), DIVIDE("/"), MODULO("%"), INT_DIVIDE("DIV");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean isComparison() {
            return ordinal() >= EQ.ordinal() && ordinal() <= NULL_SAFE_EQ.ordinal();
        }
    }

    record Binary(BinaryOp op, Expr left, Expr right, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(left, right);
        }
    }

    /** {@code x IS [NOT] NULL}. */
    record IsNull(Expr operand, boolean negated, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(operand);
        }
    }

    /** {@code x IS [NOT] TRUE|FALSE|UNKNOWN}; {@code value} null for UNKNOWN. */
    record IsBoolean(Expr operand, Boolean value, boolean negated, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(operand);
        }
    }

    /** {@code a IS [NOT] DISTINCT FROM b}. */
    record IsDistinctFrom(Expr left, Expr right, boolean negated, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(left, right);
        }
    }

    /** {@code x [NOT] IN (v, …)}. */
    record InList(Expr operand, List<Expr> values, boolean negated, Span span) implements Expr {
        public InList {
            values = List.copyOf(values);
        }

        @Override
        public List<Expr> children() {
            List<Expr> out = new ArrayList<>();
            out.add(operand);
            out.addAll(values);
            return out;
        }
    }

    /** {@code x [NOT] IN (SELECT …)}. */
    record InSubquery(Expr operand, Query query, boolean negated, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(operand);
        }
    }

    /** {@code x [NOT] BETWEEN low AND high}. */
    record Between(Expr operand, Expr low, Expr high, boolean negated, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(operand, low, high);
        }
    }

    enum LikeKind { LIKE, ILIKE, RLIKE, SIMILAR_TO }

    /** {@code x [NOT] LIKE|ILIKE|RLIKE|REGEXP|SIMILAR TO pattern [ESCAPE e]}; escape null when absent. */
    record Like(Expr operand, Expr pattern, LikeKind kind, boolean negated, Expr escape, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return escape == null ? List.of(operand, pattern) : List.of(operand, pattern, escape);
        }
    }

    // ------------------------------------------------------------------ calls and forms

    /**
     * A function call {@code name(args)}; {@code windowed} when followed by OVER (…), also FILTER/WITHIN GROUP
     * clauses, which are kept in the span only.
     */
    record FunctionCall(List<String> name, List<Expr> args, boolean distinct, boolean windowed, Span span) implements Expr {
        public FunctionCall {
            name = List.copyOf(name);
            args = List.copyOf(args);
        }

        /** The function's (last) name in lower case. */
        public String simpleName() {
            return name.get(name.size() - 1).toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public List<Expr> children() {
            return args;
        }
    }

    /**
     * {@code CAST(x AS type)}, {@code TRY_CAST(…)} or {@code x::type}.
     *
     * @param typeText the type as written
     * @param type     the type as Floe knows it, or null when it is not one of Floe's types (a DuckDB-only type)
     */
    record Cast(Expr operand, String typeText, DataType type, boolean tryCast, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(operand);
        }
    }

    record WhenThen(Expr when, Expr then) {
    }

    /** {@code CASE [operand] WHEN … THEN … [ELSE …] END}; operand and otherwise may be null. */
    record Case(Expr operand, List<WhenThen> whens, Expr otherwise, Span span) implements Expr {
        public Case {
            whens = List.copyOf(whens);
        }

        @Override
        public List<Expr> children() {
            List<Expr> out = new ArrayList<>();
            if (operand != null) {
                out.add(operand);
            }
            for (WhenThen w : whens) {
                out.add(w.when());
                out.add(w.then());
            }
            if (otherwise != null) {
                out.add(otherwise);
            }
            return out;
        }
    }

    /** A scalar subquery {@code (SELECT …)}, kept as a query. */
    record Subquery(Query query, Span span) implements Expr {
    }

    /** {@code EXISTS (SELECT …)} (NOT EXISTS is a {@link Not} around it). */
    record Exists(Query query, Span span) implements Expr {
    }

    /** {@code base[index]}. */
    record Subscript(Expr base, Expr index, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(base, index);
        }
    }

    /** {@code (expr).field} — field access on something that is not a plain column path. */
    record FieldAccess(Expr base, String field, Span span) implements Expr {
        @Override
        public List<Expr> children() {
            return List.of(base);
        }
    }

    /** {@code (a, b, …)}: a row of values, as in {@code (a, b) IN ((1, 2))}. */
    record Row(List<Expr> values, Span span) implements Expr {
        public Row {
            values = List.copyOf(values);
        }

        @Override
        public List<Expr> children() {
            return values;
        }
    }

    /**
     * A construct kept as text only (lambdas, struct/array/map literals, parameters, special call syntax such as
     * {@code EXTRACT(x FROM y)}): DuckDB evaluates it; pruning treats it as unknown.
     *
     * @param kind what it is, for messages
     */
    record Opaque(String kind, Span span) implements Expr {
    }
}
