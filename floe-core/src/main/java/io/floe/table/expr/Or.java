package io.floe.table.expr;

import java.util.List;
import java.util.Objects;

/** {@code left OR right} with SQL's three-valued logic (TRUE wins over NULL). */
public record Or(Expression left, Expression right) implements Expression {
    public Or {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    /** The disjunction of all terms, left-deep; FALSE for none. */
    public static Expression of(List<? extends Expression> terms) {
        Expression out = null;
        for (Expression t : terms) {
            out = out == null ? t : new Or(out, t);
        }
        return out == null ? Literal.FALSE : out;
    }

    @Override
    public String toString() {
        return "(" + left + " OR " + right + ")";
    }
}
