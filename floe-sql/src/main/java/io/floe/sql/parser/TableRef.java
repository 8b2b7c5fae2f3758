package io.floe.sql.parser;

/**
 * A table read by a query, found in a FROM or JOIN position (also inside CTEs and subqueries; CTE names themselves
 * are not references), or a {@code table_changes(…)} call.
 *
 * @param table      the table named
 * @param timeTravel its time-travel clause, or null for the current version
 * @param changes    for {@code table_changes('t', from, to)}: the range; null for a plain reference
 * @param alias      the alias written after it ({@code t AS a}, {@code t a}), or null
 * @param span       the text to replace when substituting the reference: the name plus its time-travel clause
 *                   (for table_changes, the whole call); the alias stays in place
 * @param depth      how deeply nested in parentheses (subqueries) it is; 0 for the outermost query
 * @param filter     the WHERE condition of its query block when the reference is that block's only FROM item (no
 *                   join, no column aliases, nothing reshaping the rows first); conditions on the table's columns
 *                   in it may prune the table's files. Null otherwise, or when the WHERE could not be parsed.
 */
public record TableRef(TableName table, TimeTravel timeTravel, ChangeRange changes, String alias, Span span, int depth,
                       ParsedExpr filter) {

    public boolean isChanges() {
        return changes != null;
    }

    /** The name the query uses for the table's columns ({@code a} in {@code a.x}): the alias, else the table's name. */
    public String qualifier() {
        return alias != null ? alias : table.isPath() ? null : table.name();
    }

    TableRef withFilter(ParsedExpr f) {
        return new TableRef(table, timeTravel, changes, alias, span, depth, f);
    }
}
