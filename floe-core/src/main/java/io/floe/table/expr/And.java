package io.floe.table.expr;

import java.util.List;
import java.util.Objects;

/** {@code left AND right} with SQL's three-valued logic (FALSE wins over NULL). */
public record And(Expression left, Expression right) implements Expression {
    public And {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    /** The conjunction of all terms, left-deep; TRUE for none. */
    public static Expression of(List<? extends Expression> terms) {
        Expression out = null;
        for (Expression t : terms) {
            out = out == null ? t : new And(out, t);
        }
        return out == null ? Literal.TRUE : out;
    }

    @Override
    public String toString() {
        return "(" + left + " AND " + right + ")";
    }
}
