package io.floe.table.expr;

import java.util.Objects;

/** {@code left op right}; NULL when either side is NULL, except for {@link ComparisonOp#NULL_SAFE_EQ}. */
public record Comparison(ComparisonOp op, Expression left, Expression right) implements Expression {
    public Comparison {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    public static Comparison of(Expression left, ComparisonOp op, Expression right) {
        return new Comparison(op, left, right);
    }

    @Override
    public String toString() {
        return left + " " + op.symbol() + " " + right;
    }
}
