package io.floe.table.expr;

import java.util.List;
import java.util.Objects;

/**
 * Something that cannot be analysed from file metadata (a function call, arithmetic, a subquery, a column of an
 * unknown table, …): it may be TRUE, FALSE or NULL for any row, so it never lets a file be skipped.
 *
 * @param description what it was, for messages and EXPLAIN (e.g. the SQL text)
 * @param columns     the table's columns it reads, as far as they are known
 * @param complete    whether {@code columns} is all it reads; false when it also depends on things that are not
 *                    columns of this table (a subquery, an outer query's column), so it cannot be said to read
 *                    only partition columns
 */
public record Unknown(String description, List<Column> columns, boolean complete) implements Expression {
    public Unknown {
        Objects.requireNonNull(description, "description");
        columns = List.copyOf(columns);
    }

    /** An unknown that reads nothing we could identify. */
    public static Unknown of(String description) {
        return new Unknown(description, List.of(), false);
    }

    @Override
    public String toString() {
        return "unknown(" + description + ")";
    }
}
