package io.floe.table.expr;

import java.util.List;
import java.util.Objects;

/**
 * A column of the table, by its logical name; a nested struct field has a path of more than one name
 * ({@code address.city} is {@code [address, city]}). Names are matched case-insensitively, as Spark does.
 */
public record Column(List<String> path) implements Expression {
    public Column {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a column path needs at least one name");
        }
        path = List.copyOf(path);
    }

    public static Column of(String... path) {
        return new Column(List.of(path));
    }

    /** The top-level column name (the first element of the path). */
    public String name() {
        return path.get(0);
    }

    @Override
    public String toString() {
        return String.join(".", path.stream().map(Column::quoteIfNeeded).toList());
    }

    private static String quoteIfNeeded(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_]*") ? s : "`" + s.replace("`", "``") + "`";
    }
}
