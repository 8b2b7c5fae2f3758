package io.floe.sql.parser;

import java.util.List;
import java.util.function.Function;

/**
 * A query (SELECT, WITH, VALUES, FROM-first, TABLE t, set operations) that DuckDB will run. Floe does not model
 * its structure; it keeps the text and the table references to substitute.
 *
 * @param source   the text given to the parser (spans are offsets into it)
 * @param span     the query's own text
 * @param tables   every table reference, at any depth, in order of appearance
 * @param cteNames the names the query's WITH clauses define (any depth), in order, as written
 */
public record Query(String source, Span span, List<TableRef> tables, List<String> cteNames) {
    public Query {
        tables = List.copyOf(tables);
        cteNames = List.copyOf(cteNames);
    }

    /** The query exactly as written. */
    public String sql() {
        return span.text(source);
    }

    /**
     * The query's text for DuckDB, with each table reference's span replaced by {@code replacement.apply(ref)} (e.g. a
     * DuckDB subquery over the files of the right version); aliases stay, and the few tokens the two dialects read
     * differently are translated (see {@link SourceText}).
     */
    public String render(Function<TableRef, String> replacement) {
        return SourceText.replace(source, span, tables, replacement);
    }

    /** Whether this query is just one table reference (MERGE … USING t, where the source is a table). */
    public boolean isSingleTable() {
        return tables.size() == 1 && tables.get(0).span().start() == span.start() && tables.get(0).span().end() == span.end();
    }

    @Override
    public String toString() {
        return sql();
    }
}
