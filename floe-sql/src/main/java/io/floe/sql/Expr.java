package io.floe.sql;

import java.util.List;

/**
 * The part of an expression Floe analyses for file pruning; everything else is {@link Opaque}
 * (DuckDB evaluates the full text, Floe only needs to know what it cannot use).
 */
public sealed interface Expr {
    record Column(List<String> parts) implements Expr {
        public String name() {
            return parts.get(parts.size() - 1);
        }

        public String qualifier() {
            return parts.size() > 1 ? parts.get(parts.size() - 2) : null;
        }
    }

    /** A literal: {@code value} is a String, Long, Double, BigDecimal, Boolean or null; kind says how it was written. */
    record Literal(Object value, LiteralKind kind) implements Expr {
    }

    enum LiteralKind { STRING, NUMBER, BOOLEAN, NULL, DATE, TIMESTAMP }

    record Comparison(String op, Expr left, Expr right) implements Expr {
    }

    record And(Expr left, Expr right) implements Expr {
    }

    record Or(Expr left, Expr right) implements Expr {
    }

    record Not(Expr inner) implements Expr {
    }

    record IsNull(Expr inner, boolean negated) implements Expr {
    }

    record In(Expr inner, List<Expr> values, boolean negated) implements Expr {
    }

    record Between(Expr inner, Expr low, Expr high, boolean negated) implements Expr {
    }

    /** Anything Floe does not analyse: function calls, arithmetic, subqueries, CASE … */
    record Opaque(String text) implements Expr {
    }
}
