package io.floe.sql.parser;

import java.util.List;

/**
 * {@code column = value} in UPDATE SET or MERGE … UPDATE SET.
 *
 * @param column the target column as written: {@code c}, {@code t.c} (qualified by the target's alias), or a nested field path
 */
public record Assignment(List<String> column, ParsedExpr value, Span span) {
    public Assignment {
        column = List.copyOf(column);
    }
}
