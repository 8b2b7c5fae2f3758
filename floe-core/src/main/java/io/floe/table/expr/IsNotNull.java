package io.floe.table.expr;

import java.util.Objects;

/** {@code operand IS NOT NULL}: never NULL itself. */
public record IsNotNull(Expression operand) implements Expression {
    public IsNotNull {
        Objects.requireNonNull(operand, "operand");
    }

    @Override
    public String toString() {
        return operand + " IS NOT NULL";
    }
}
