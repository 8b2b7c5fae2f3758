package io.floe.sql.handlers;

import io.floe.engine.Sql;
import io.floe.sql.SessionContext;
import io.floe.sql.parser.Query;
import io.floe.sql.parser.Span;
import io.floe.table.FloeException;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Checks of the columns a query gives a table (CREATE TABLE … AS, INSERT with schema evolution). */
final class QueryColumns {
    private QueryColumns() {
    }

    /**
     * Refuses a query whose output names a column twice (case-insensitively, as Spark compares names): DuckDB would
     * quietly rename the second {@code x} to {@code x_1}, and a table would get a column nobody named.
     *
     * @param planned the query's DuckDB SQL ({@code QueryPlanner.plan}), which the caller then reads rows from
     */
    static void requireDistinct(SessionContext ctx, Query q, String planned, String statement, Span at) {
        if (q.isSingleTable()) {
            return; // a table's own columns
        }
        Set<String> seen = new HashSet<>();
        // the top-level query ({@code planned}, not wrapped in a subquery): there DuckDB keeps duplicate names as they are
        for (String[] col : Sql.describe(ctx.engine().connection(), planned)) {
            if (!seen.add(col[0].toLowerCase(Locale.ROOT))) {
                throw new FloeException(SessionContext.position(at) + ": [COLUMN_ALREADY_EXISTS] " + statement + ": the column `"
                        + col[0] + "` appears twice (names are case-insensitive); give each column its own name with AS");
            }
        }
    }
}
