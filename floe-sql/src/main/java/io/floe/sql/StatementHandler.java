package io.floe.sql;

import io.floe.QueryResult;
import io.floe.sql.parser.SqlStatement;

/** Executes one kind of statement (see the handlers in {@code io.floe.sql.handlers}). */
@FunctionalInterface
public interface StatementHandler<S extends SqlStatement> {
    QueryResult execute(S statement);
}
