package io.floe.table;

/** A rule every row must satisfy: a CHECK constraint or a column invariant, as a boolean SQL expression. */
public record CheckConstraint(String name, String expression) {
}
