package io.floe.table.expr;

import java.util.Objects;

/** {@code NOT inner}; NOT NULL is NULL, and NOT over an {@link Unknown} stays unknown. */
public record Not(Expression inner) implements Expression {
    public Not {
        Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String toString() {
        return "NOT " + inner;
    }
}
