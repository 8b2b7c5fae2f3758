package io.floe.sql;

import io.floe.QueryResult;
import io.floe.sql.parser.Query;
import io.floe.sql.parser.TableRef;
import io.floe.sql.spark.Ast;
import io.floe.sql.spark.SparkParser;
import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.table.Snapshot;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Aggregates of a whole table answered from its metadata, as delta-spark's metadata-only query optimization answers them
 * from the log (and Iceberg's Spark scan from manifests), without reading a data file or starting the data plane:
 * {@code SELECT count(*), min(c), max(c) FROM t} (any of them, {@code count(1)}, with aliases, at a version).
 * <ul>
 * <li>A count is the files' record counts less the rows their deletes remove.</li>
 * <li>{@code min}/{@code max} of an integer column (TINYINT to BIGINT: their bounds are exact in both formats, where
 * strings are truncated, timestamps cut to milliseconds and floats leave NaN out) are the files' bounds, a file whose
 * values are all null counting for nothing. Only when no file has deleted rows (a deleted row may have held the bound)
 * and every other file has both bounds of the column. A column the table is partitioned by (identity) takes its files'
 * partition values instead, deleted rows or not, from every file with live rows.</li>
 * </ul>
 * Any other query, or a table whose metadata lacks what it needs, is planned and run as usual. The session setting
 * {@value #ENABLED} = false turns it off (delta-spark's name for its switch).
 */
public final class MetadataOnlyQuery {
    /** delta-spark's setting for answering aggregates from the log; Floe honours its false. */
    public static final String ENABLED = "spark.databricks.delta.optimizeMetadataQuery.enabled";
    /** A cheap look at the text's start first, so that no other query is parsed twice. */
    private static final Pattern CANDIDATE = Pattern.compile("(?i)\\s*select\\s+(count|min|max)\\s*\\(");

    private MetadataOnlyQuery() {
    }

    /**
     * Aggregates the metadata answered: of {@code table} at {@code version} ({@code files} files), one row of
     * {@code values} in columns named {@code columns} (each item's alias, else its text), of {@code types}.
     */
    public record Answered(String table, long version, long files, List<String> columns, List<String> types, List<Object> values,
                           List<String> functions) {
        /** The query's one-row result. */
        public QueryResult result() {
            return new QueryResult(columns, types, List.of(values), null);
        }

        /** What EXPLAIN shows in place of a scan. */
        public String line() {
            List<String> basis = new ArrayList<>();
            if (functions.contains("count")) {
                basis.add("record counts less deleted rows");
            }
            if (functions.contains("min") || functions.contains("max")) {
                basis.add("column bounds");
            }
            return String.join(", ", functions) + " " + table + "@v" + version + ": from metadata, files total=" + files + " read=0 ("
                    + String.join("; ", basis) + ")";
        }
    }

    /** The query's one-row answer, when the metadata answers it. */
    public static Optional<QueryResult> answer(Query q, SessionContext ctx) {
        return answered(q, ctx).map(Answered::result);
    }

    /** The aggregates, when the query asks only for aggregates of one of Floe's tables that its metadata answers. */
    public static Optional<Answered> answered(Query q, SessionContext ctx) {
        if (q.tables().size() != 1 || !CANDIDATE.matcher(q.sql()).lookingAt() || disabled(ctx.conf())) {
            return Optional.empty();
        }
        if (!(SparkParser.query(q.source(), q.span(), q.tables()) instanceof Ast.Select s) || !(s.from() instanceof Ast.TableRel rel)
                || !plain(s, rel)) {
            return Optional.empty();
        }
        List<Item> items = new ArrayList<>();
        for (Ast.SelectItem item : s.items()) {
            Item it = item(item, rel);
            if (it == null) {
                return Optional.empty();
            }
            items.add(it);
        }
        TableRef ref = rel.ref();
        Optional<Snapshot> found = ctx.planner().tableSnapshot(ref);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Snapshot snapshot = found.get();
        List<Object> values = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        boolean counts = items.stream().anyMatch(i -> i.column == null);
        Long rows = counts ? snapshot.numRecords() : null;
        if (counts && rows == null) {
            return Optional.empty();
        }
        Bounds bounds = null;
        StructType schema = null;
        for (Item it : items) {
            Object value;
            String type;
            if (it.column == null) {
                value = rows;
                type = "BIGINT";
            } else {
                if (schema == null) {
                    schema = snapshot.schema().withFieldIds();
                    bounds = new Bounds(snapshot.files(), snapshot.partitionSpec());
                }
                Optional<StructField> field = schema.field(it.column);
                if (field.isEmpty() || !(field.get().type() instanceof PrimitiveType p) || sqlType(p) == null) {
                    return Optional.empty();
                }
                long[] range = bounds.of(field.get().name(), field.get().id());
                if (range == null) {
                    return Optional.empty();
                }
                value = range.length == 0 ? null : typed(range[it.max ? 1 : 0], p);
                type = sqlType(p);
            }
            values.add(value);
            types.add(type);
            columns.add(it.name);
        }
        List<String> functions = List.copyOf(new LinkedHashSet<>(items.stream().map(Item::function).toList()));
        return Optional.of(new Answered(SessionContext.display(ref.table()), snapshot.version(), snapshot.fileCount(), columns, types,
                values, functions));
    }

    /** A select item: a count (column null) or the min or max of a column, named {@code name}. */
    private record Item(String name, String column, boolean max) {
        String function() {
            return column == null ? "count" : max ? "max" : "min";
        }
    }

    /** The item as an aggregate the metadata may answer, else null. */
    private static Item item(Ast.SelectItem item, Ast.TableRel rel) {
        if (!(item.expr() instanceof Ast.Call c) || c.distinct() || c.filter() != null || c.over() != null || c.ignoreNulls()
                || c.args().size() != 1) {
            return null;
        }
        String name = item.alias() != null ? item.alias() : item.text();
        Ast.Node arg = c.args().get(0);
        if (c.name().equalsIgnoreCase("count")) {
            boolean rows = arg instanceof Ast.Star star && star.qualifier().isEmpty() || arg instanceof Ast.Lit lit && lit.kind() != Ast.LitKind.NULL;
            return rows ? new Item(name, null, false) : null;
        }
        boolean max = c.name().equalsIgnoreCase("max");
        if (!max && !c.name().equalsIgnoreCase("min") || !(arg instanceof Ast.Col col)) {
            return null;
        }
        List<String> parts = col.parts();
        if (parts.size() == 2) {
            // qualified by the relation's alias, or by the table's own name when it has none
            String qualifier = rel.alias() != null ? rel.alias() : rel.ref().table().name();
            return parts.get(0).equalsIgnoreCase(qualifier) ? new Item(name, parts.get(1), max) : null;
        }
        return parts.size() == 1 ? new Item(name, parts.get(0), max) : null;
    }

    /** Items over one table (its columns not renamed), with no other clause. */
    private static boolean plain(Ast.Select s, Ast.TableRel rel) {
        return !s.distinct() && !s.items().isEmpty() && s.lateralViews().isEmpty() && s.where() == null && s.groupBy() == null
                && s.having() == null && s.windows().isEmpty() && s.qualify() == null && rel.columnAliases().isEmpty();
    }

    /** The result's type name for an integer column (as the data plane names it), null for any other type. */
    private static String sqlType(PrimitiveType p) {
        return switch (p) {
            case BYTE -> "TINYINT";
            case SHORT -> "SMALLINT";
            case INTEGER -> "INTEGER";
            case LONG -> "BIGINT";
            default -> null;
        };
    }

    private static Object typed(long v, PrimitiveType p) {
        return switch (p) {
            case BYTE -> (byte) v;
            case SHORT -> (short) v;
            case INTEGER -> (int) v;
            default -> v;
        };
    }

    /**
     * The smallest lower and largest upper bound of a column over a snapshot's files, once per column: from the files'
     * statistics, or for a column the table is partitioned by (identity), from the files' partition values.
     */
    static final class Bounds {
        private static final long[] NONE = new long[0];
        private final List<DataFile> files;
        private final io.floe.table.PartitionSpec spec;
        private final Map<Integer, Optional<long[]>> found = new java.util.HashMap<>();

        Bounds(List<DataFile> files, io.floe.table.PartitionSpec spec) {
            this.files = files;
            this.spec = spec;
        }

        /**
         * {lowest, highest} of the column's values; empty when it has none but nulls; null when the metadata cannot tell (a
         * file with deleted rows, bounds not tight, a file with values but without both bounds, a bound not an integer;
         * for a partition column, a file whose live rows or partition value are not known).
         */
        long[] of(String column, int fieldId) {
            return found.computeIfAbsent(fieldId, id -> Optional.ofNullable(spec.isIdentitySource(column)
                    ? partitionValues(column) : scan(id))).orElse(null);
        }

        /**
         * A partition column's values are its files' partition values, exact even in a file with deleted rows, as long as
         * some of its rows are live (Delta keeps no statistics for partition columns).
         */
        private long[] partitionValues(String column) {
            MinMax range = new MinMax();
            for (DataFile f : files) {
                Long live = f.liveRecords();
                if (live == null) {
                    return null;
                }
                if (live == 0) {
                    continue;
                }
                String key = f.partitionKey(column);
                if (key == null) {
                    return null; // a file of another partitioning does not say
                }
                Object v = f.partitionValues().get(key);
                if (v == null) {
                    continue; // its rows are null there
                }
                long value;
                if (integral(v)) {
                    value = ((Number) v).longValue();
                } else if (v instanceof String text) {
                    try {
                        value = Long.parseLong(text.trim()); // as Delta's log spells partition values
                    } catch (NumberFormatException e) {
                        return null;
                    }
                } else {
                    return null;
                }
                range.add(value, value);
            }
            return range.result();
        }

        private long[] scan(int fieldId) {
            MinMax range = new MinMax();
            for (DataFile f : files) {
                FileStats st = f.stats();
                if (f.deletionVector() != null || st == null || st.numRecords() == null || Boolean.FALSE.equals(st.tightBounds())) {
                    return null;
                }
                if (st.numRecords() == 0) {
                    continue;
                }
                Object min = st.min(fieldId);
                Object max = st.max(fieldId);
                if (min == null && max == null && st.numRecords().equals(st.nullCount(fieldId))) {
                    continue; // only nulls here
                }
                if (!integral(min) || !integral(max)) {
                    return null;
                }
                range.add(((Number) min).longValue(), ((Number) max).longValue());
            }
            return range.result();
        }

        /** The lowest and highest of the ranges added. */
        private static final class MinMax {
            private boolean any;
            private long lo = Long.MAX_VALUE;
            private long hi = Long.MIN_VALUE;

            void add(long low, long high) {
                any = true;
                lo = Math.min(lo, low);
                hi = Math.max(hi, high);
            }

            /** {lowest, highest}; empty when nothing was added. */
            long[] result() {
                return any ? new long[] {lo, hi} : NONE;
            }
        }

        private static boolean integral(Object v) {
            return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
        }
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
