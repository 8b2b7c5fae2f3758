package io.floe.sql.parser;

import java.util.List;
import java.util.function.Function;

/**
 * An expression of a statement (a WHERE, ON, CHECK or SET value), both as its exact source text, for DuckDB to
 * evaluate, and as a tree, for pruning.
 *
 * @param tree   the parsed expression
 * @param span   the text it was parsed from (including any enclosing parentheses that were part of it)
 * @param source the text given to the parser
 * @param tables table references inside its subqueries (to substitute like a query's)
 */
public record ParsedExpr(Expr tree, Span span, String source, List<TableRef> tables) {
    public ParsedExpr {
        tables = List.copyOf(tables);
    }

    /** The expression exactly as written. */
    public String sql() {
        return span.text(source);
    }

    /** The text for DuckDB with each table reference of a subquery replaced, as {@link Query#render} does. */
    public String render(Function<TableRef, String> replacement) {
        return SourceText.replace(source, span, tables, replacement);
    }

    /**
     * The text for DuckDB of an expression that has no subquery over a table (a CHECK constraint, a SET value).
     *
     * @throws IllegalStateException if it has one: such references must be substituted with {@link #render}
     */
    public String render() {
        return render(r -> {
            throw new IllegalStateException("table reference " + r.table() + " in " + sql() + " was not substituted");
        });
    }

    @Override
    public String toString() {
        return sql();
    }
}
