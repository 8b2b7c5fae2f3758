package io.floe.sql;

import io.floe.QueryResult;
import io.floe.sql.parser.Query;
import io.floe.sql.parser.TableRef;
import io.floe.sql.spark.Ast;
import io.floe.sql.spark.SparkParser;
import io.floe.table.Snapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code SELECT count(*) FROM t} (or {@code count(1)}, with an alias, at a version) answered from the table's metadata:
 * the sum of its files' record counts less the rows their deletes remove, as delta-spark answers it from the log
 * (its metadata-only query optimization) and Iceberg's Spark scan from manifests, without reading a data file or
 * starting the data plane. A table with a file whose record count the metadata lacks, or any other query, is planned
 * and run as usual. The session setting {@value #ENABLED} = false turns it off (delta-spark's name for its switch).
 */
public final class MetadataCount {
    /** delta-spark's setting for answering aggregates from the log; Floe honours its false. */
    public static final String ENABLED = "spark.databricks.delta.optimizeMetadataQuery.enabled";
    /** A cheap look at the text's start first, so that no other query is parsed twice. */
    private static final Pattern CANDIDATE = Pattern.compile("(?i)\\s*select\\s+count\\s*\\(");

    private MetadataCount() {
    }

    /**
     * A count the metadata answered: of {@code table} at {@code version} ({@code files} files), {@code rows} rows, in a
     * column named {@code column} (the item's alias, else its text).
     */
    public record Counted(String table, long version, long files, long rows, String column) {
        /** The query's one-row result. */
        public QueryResult result() {
            return new QueryResult(List.of(column), List.of("BIGINT"), List.of(List.of(rows)), null);
        }

        /** What EXPLAIN shows in place of a scan. */
        public String line() {
            return "count " + table + "@v" + version + ": from metadata, files total=" + files + " read=0 (record counts less deleted rows)";
        }
    }

    /** The query's one-row answer, when it is a plain count of one of Floe's tables whose metadata knows it. */
    public static Optional<QueryResult> answer(Query q, SessionContext ctx) {
        return count(q, ctx).map(Counted::result);
    }

    /** The count, when the query is a plain count of one of Floe's tables whose metadata knows it. */
    public static Optional<Counted> count(Query q, SessionContext ctx) {
        if (q.tables().size() != 1 || !CANDIDATE.matcher(q.sql()).lookingAt() || disabled(ctx.conf())) {
            return Optional.empty();
        }
        if (!(SparkParser.query(q.source(), q.span(), q.tables()) instanceof Ast.Select s) || !plainCount(s)
                || !(s.from() instanceof Ast.TableRel rel)) {
            return Optional.empty();
        }
        TableRef ref = rel.ref();
        Optional<Snapshot> snapshot = ctx.planner().tableSnapshot(ref);
        Long rows = snapshot.isEmpty() ? null : snapshot.get().numRecords();
        if (rows == null) {
            return Optional.empty();
        }
        Ast.SelectItem item = s.items().get(0);
        return Optional.of(new Counted(SessionContext.display(ref.table()), snapshot.get().version(), snapshot.get().fileCount(), rows,
                item.alias() != null ? item.alias() : item.text()));
    }

    /** One item, {@code count(*)} or a count of a non-null literal, over one relation, with no other clause. */
    private static boolean plainCount(Ast.Select s) {
        if (s.distinct() || s.items().size() != 1 || !s.lateralViews().isEmpty() || s.where() != null || s.groupBy() != null
                || s.having() != null || !s.windows().isEmpty() || s.qualify() != null) {
            return false;
        }
        if (!(s.items().get(0).expr() instanceof Ast.Call c) || !c.name().equalsIgnoreCase("count") || c.distinct()
                || c.filter() != null || c.over() != null || c.args().size() != 1) {
            return false;
        }
        Ast.Node arg = c.args().get(0);
        return arg instanceof Ast.Star star && star.qualifier().isEmpty()
                || arg instanceof Ast.Lit lit && lit.kind() != Ast.LitKind.NULL;
    }

    private static boolean disabled(Map<String, String> conf) {
        for (Map.Entry<String, String> e : conf.entrySet()) {
            if (e.getKey().equalsIgnoreCase(ENABLED)) {
                return e.getValue().trim().equalsIgnoreCase("false");
            }
        }
        return false;
    }
}
