package io.floe.sql;

import io.floe.sql.Expr.And;
import io.floe.sql.Expr.Between;
import io.floe.sql.Expr.Column;
import io.floe.sql.Expr.Comparison;
import io.floe.sql.Expr.In;
import io.floe.sql.Expr.IsNull;
import io.floe.sql.Expr.Literal;
import io.floe.sql.Expr.Not;
import io.floe.sql.Expr.Or;
import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides from the log alone — partition values and min/max/nullCount statistics — whether a data
 * file can hold a row for which a WHERE condition is TRUE. Conservative by construction: anything it
 * cannot prove false (unknown columns, functions, missing statistics) keeps the file.
 */
public final class FilePruning {
    private final StructType schema;
    private final List<String> partitionColumns;
    private final String tableAlias;
    private final boolean partitionsOnly;

    private FilePruning(StructType schema, List<String> partitionColumns, String tableAlias, boolean partitionsOnly) {
        this.schema = schema;
        this.partitionColumns = partitionColumns;
        this.tableAlias = tableAlias;
        this.partitionsOnly = partitionsOnly;
    }

    /** Keeps files that may match, using partition values and statistics. {@code alias}: how the query names the table. */
    public static Predicate<DataFile> filter(Expr where, StructType schema, List<String> partitionColumns, String alias) {
        FilePruning p = new FilePruning(schema, partitionColumns, alias, false);
        return f -> p.mightMatch(where, f);
    }

    /** Keeps files whose partition values may match (statistics ignored): EXPLAIN's after_partition_pruning. */
    public static Predicate<DataFile> partitionFilter(Expr where, StructType schema, List<String> partitionColumns, String alias) {
        FilePruning p = new FilePruning(schema, partitionColumns, alias, true);
        return f -> p.mightMatch(where, f);
    }

    /** Whether every column the condition names is a partition column (OPTIMIZE WHERE needs that). */
    public static boolean onlyPartitionColumns(Expr e, List<String> partitionColumns) {
        if (e instanceof Column c) {
            return partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(c.name()));
        }
        if (e instanceof Comparison c) {
            return onlyPartitionColumns(c.left(), partitionColumns) && onlyPartitionColumns(c.right(), partitionColumns);
        }
        if (e instanceof And a) {
            return onlyPartitionColumns(a.left(), partitionColumns) && onlyPartitionColumns(a.right(), partitionColumns);
        }
        if (e instanceof Or o) {
            return onlyPartitionColumns(o.left(), partitionColumns) && onlyPartitionColumns(o.right(), partitionColumns);
        }
        if (e instanceof Not n) {
            return onlyPartitionColumns(n.inner(), partitionColumns);
        }
        if (e instanceof IsNull n) {
            return onlyPartitionColumns(n.inner(), partitionColumns);
        }
        if (e instanceof In in) {
            return onlyPartitionColumns(in.inner(), partitionColumns) && in.values().stream().allMatch(v -> v instanceof Literal);
        }
        if (e instanceof Between b) {
            return onlyPartitionColumns(b.inner(), partitionColumns) && b.low() instanceof Literal && b.high() instanceof Literal;
        }
        return e instanceof Literal;
    }

    boolean mightMatch(Expr e, DataFile f) {
        if (e instanceof And a) {
            return mightMatch(a.left(), f) && mightMatch(a.right(), f);
        }
        if (e instanceof Or o) {
            return mightMatch(o.left(), f) || mightMatch(o.right(), f);
        }
        if (e instanceof Not n) {
            return mightMatchNot(n.inner(), f);
        }
        if (e instanceof Literal l) {
            return !(l.value() == null || Boolean.FALSE.equals(l.value()));
        }
        if (e instanceof IsNull n) {
            Optional<Range> r = range(n.inner(), f);
            if (r.isEmpty() || r.get().nullCount == null) {
                return true;
            }
            Range x = r.get();
            return n.negated() ? (x.numRecords == null || x.nullCount < x.numRecords) : x.nullCount > 0;
        }
        if (e instanceof Comparison c) {
            if (c.left() instanceof Column && c.right() instanceof Literal lit) {
                return compare(c.op(), c.left(), lit, f);
            }
            if (c.right() instanceof Column && c.left() instanceof Literal lit) {
                return compare(flip(c.op()), c.right(), lit, f);
            }
            return true;
        }
        if (e instanceof In in && !in.negated()) {
            for (Expr v : in.values()) {
                if (!(v instanceof Literal lit) || compare("=", in.inner(), lit, f)) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof Between b && !b.negated() && b.low() instanceof Literal lo && b.high() instanceof Literal hi) {
            return compare(">=", b.inner(), lo, f) && compare("<=", b.inner(), hi, f);
        }
        return true;
    }

    /** Whether NOT inner may be TRUE for some row (De Morgan and inverted comparisons; NULLs are never TRUE). */
    private boolean mightMatchNot(Expr inner, DataFile f) {
        if (inner instanceof Not n) {
            return mightMatch(n.inner(), f);
        }
        if (inner instanceof And a) {
            return mightMatchNot(a.left(), f) || mightMatchNot(a.right(), f);
        }
        if (inner instanceof Or o) {
            return mightMatchNot(o.left(), f) && mightMatchNot(o.right(), f);
        }
        if (inner instanceof IsNull n) {
            return mightMatch(new IsNull(n.inner(), !n.negated()), f);
        }
        if (inner instanceof Comparison c && !c.op().equals("<=>")) {
            String inv = switch (c.op()) {
                case "=" -> "<>";
                case "<>" -> "=";
                case "<" -> ">=";
                case "<=" -> ">";
                case ">" -> "<=";
                default -> "<";
            };
            return mightMatch(new Comparison(inv, c.left(), c.right()), f);
        }
        if (inner instanceof Literal l) {
            return Boolean.FALSE.equals(l.value());
        }
        return true;
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }

    /** What the file's log entry says about a column: its value range and null count (any may be unknown). */
    private record Range(Comparable<Object> min, Comparable<Object> max, Long nullCount, Long numRecords, boolean exact) {
    }

    private Optional<StructField> field(Expr e) {
        if (!(e instanceof Column c) || c.parts().size() > 2) {
            return Optional.empty();
        }
        if (c.qualifier() != null && (tableAlias == null || !c.qualifier().equalsIgnoreCase(tableAlias))) {
            return Optional.empty();
        }
        return schema.field(c.name());
    }

    private boolean isPartition(StructField f) {
        return partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(f.name()));
    }

    @SuppressWarnings("unchecked")
    private Optional<Range> range(Expr col, DataFile file) {
        Optional<StructField> of = field(col);
        if (of.isEmpty()) {
            return Optional.empty();
        }
        StructField f = of.get();
        Long n = file.stats() == null ? null : file.stats().numRecords();
        if (isPartition(f)) {
            String raw = file.partitionValues().containsKey(f.physicalName()) ? file.partitionValues().get(f.physicalName())
                    : lookup(file.partitionValues(), f.name());
            if (raw == null) {
                return Optional.of(new Range(null, null, n == null ? 1L : n, n, true));
            }
            Comparable<Object> v = (Comparable<Object>) typed(raw, f.type(), false);
            return v == null ? Optional.empty() : Optional.of(new Range(v, v, 0L, n, true));
        }
        if (partitionsOnly || file.stats() == null) {
            return Optional.empty();
        }
        FileStats s = file.stats();
        List<String> path = List.of(f.physicalName());
        Comparable<Object> lo = (Comparable<Object>) typed(s.min(path), f.type(), false);
        Comparable<Object> hi = (Comparable<Object>) typed(s.max(path), f.type(), true);
        return Optional.of(new Range(lo, hi, s.nullCount(path), n, false));
    }

    private static String lookup(Map<String, String> pv, String col) {
        for (var e : pv.entrySet()) {
            if (e.getKey().equalsIgnoreCase(col)) {
                return e.getValue();
            }
        }
        return null;
    }

    private boolean compare(String op, Expr col, Literal lit, DataFile f) {
        if (lit.value() == null) {
            return op.equals("<=>") ? mightMatch(new IsNull(col, false), f) : false; // x op NULL is never TRUE
        }
        Optional<StructField> field = field(col);
        Optional<Range> r = range(col, f);
        if (field.isEmpty() || r.isEmpty()) {
            return true;
        }
        @SuppressWarnings("unchecked")
        Comparable<Object> v = (Comparable<Object>) typed(lit.value(), field.get().type(), false);
        if (v == null) {
            return true;
        }
        Range x = r.get();
        if (x.exact && x.min == null) {
            return false; // the partition value is NULL: no comparison is TRUE
        }
        if (x.numRecords != null && x.nullCount != null && x.numRecords > 0 && x.nullCount.equals(x.numRecords)) {
            return false; // every value is NULL
        }
        try {
            return switch (op) {
                case "=", "<=>" -> (x.min == null || x.min.compareTo(v) <= 0) && (x.max == null || x.max.compareTo(v) >= 0);
                // only a file whose every non-null value equals v has no row where col <> v is TRUE
                case "<>" -> !(x.min != null && x.max != null && x.min.compareTo(v) == 0 && x.max.compareTo(v) == 0);
                case "<" -> x.min == null || x.min.compareTo(v) < 0;
                case "<=" -> x.min == null || x.min.compareTo(v) <= 0;
                case ">" -> x.max == null || x.max.compareTo(v) > 0;
                case ">=" -> x.max == null || x.max.compareTo(v) >= 0;
                default -> true;
            };
        } catch (ClassCastException e) {
            return true;
        }
    }

    /**
     * A value (from stats JSON, a partition string or a literal) as a comparable of the column's type, or null if
     * it cannot be read as one. {@code upperBound} widens timestamp maxima by the millisecond stats may have cut off.
     */
    static Comparable<?> typed(Object v, DataType t, boolean upperBound) {
        if (v == null) {
            return null;
        }
        try {
            String s = v.toString().trim();
            if (t == PrimitiveType.STRING) {
                return v instanceof String str ? new CodePoints(str) : null;
            }
            if (t == PrimitiveType.BYTE || t == PrimitiveType.SHORT || t == PrimitiveType.INTEGER || t == PrimitiveType.LONG
                    || t == PrimitiveType.FLOAT || t == PrimitiveType.DOUBLE || t instanceof DecimalType) {
                if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                    return null;
                }
                return new BigDecimal(s);
            }
            if (t == PrimitiveType.DATE) {
                return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
            }
            if (t == PrimitiveType.TIMESTAMP) {
                Instant i = instant(s);
                return upperBound ? i.plusMillis(1) : i;
            }
            if (t == PrimitiveType.TIMESTAMP_NTZ) {
                LocalDateTime l = LocalDateTime.parse(s.replace(' ', 'T').replace("Z", ""));
                return upperBound ? l.plusNanos(1_000_000) : l;
            }
            if (t == PrimitiveType.BOOLEAN) {
                return s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    private static Instant instant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (RuntimeException e) {
            return TableResolver.parseTimestamp(s);
        }
    }

    /** Strings compared by code point, which is the UTF-8 byte order Parquet statistics use. */
    record CodePoints(String s) implements Comparable<CodePoints> {
        @Override
        public int compareTo(CodePoints o) {
            int i = 0;
            int j = 0;
            while (i < s.length() && j < o.s.length()) {
                int a = s.codePointAt(i);
                int b = o.s.codePointAt(j);
                if (a != b) {
                    return Integer.compare(a, b);
                }
                i += Character.charCount(a);
                j += Character.charCount(b);
            }
            return Integer.compare(s.length() - i, o.s.length() - j);
        }
    }
}
