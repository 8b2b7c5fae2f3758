package io.floe.table.expr;

import java.util.Objects;

/** {@code operand IS NULL}: never NULL itself. */
public record IsNull(Expression operand) implements Expression {
    public IsNull {
        Objects.requireNonNull(operand, "operand");
    }

    @Override
    public String toString() {
        return operand + " IS NULL";
    }
}
