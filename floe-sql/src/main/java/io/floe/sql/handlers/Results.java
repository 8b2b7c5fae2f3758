package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.CommitResult;

import java.util.ArrayList;
import java.util.List;

/** How handlers shape their results and messages, the same way for every statement. */
final class Results {
    private Results() {
    }

    /** A table whose columns are all text (DESCRIBE, SET, EXPLAIN). */
    static QueryResult text(List<String> columns, List<List<Object>> rows) {
        List<String> types = new ArrayList<>();
        columns.forEach(c -> types.add("VARCHAR"));
        return new QueryResult(columns, types, rows, null);
    }

    /** "what (version n)", or "what: nothing to do" when nothing was committed. */
    static QueryResult committed(String what, CommitResult r) {
        return QueryResult.message(r == null ? what + ": nothing to do" : what + " (version " + r.version() + ")");
    }

    /** " (version n)", or " (no change)" when nothing was committed. */
    static String version(CommitResult r) {
        return r == null ? " (no change)" : " (version " + r.version() + ")";
    }
}
