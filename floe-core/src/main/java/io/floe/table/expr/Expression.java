package io.floe.table.expr;

/**
 * A format-neutral predicate over a table's rows, small enough to be evaluated against what a table's
 * metadata says about each data file (partition values, min/max/null-count statistics). It is not a general
 * expression language: whatever cannot be analysed is an {@link Unknown}, which may be TRUE for any row.
 *
 * <p>Semantics are SQL's three-valued logic: a comparison with NULL is NULL, and only TRUE selects a row.
 * {@link Column} and {@link Literal} are values (operands); the other forms are predicates.
 */
public sealed interface Expression permits Column, Literal, Comparison, And, Or, Not, IsNull, IsNotNull, In, Unknown {

    /** The columns this expression reads, in order of appearance (duplicates removed). */
    default java.util.List<Column> columns() {
        java.util.LinkedHashSet<Column> out = new java.util.LinkedHashSet<>();
        Expressions.collectColumns(this, out);
        return java.util.List.copyOf(out);
    }
}
