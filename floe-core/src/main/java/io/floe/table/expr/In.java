package io.floe.table.expr;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code operand IN (values…)}: TRUE if it equals one of them; NULL if it is NULL, or if it equals none and one
 * of the values is NULL; else FALSE. NOT IN is {@code Not(In(…))}.
 */
public record In(Expression operand, List<Expression> values) implements Expression {
    public In {
        Objects.requireNonNull(operand, "operand");
        values = List.copyOf(values);
    }

    @Override
    public String toString() {
        return operand + " IN (" + values.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }
}
