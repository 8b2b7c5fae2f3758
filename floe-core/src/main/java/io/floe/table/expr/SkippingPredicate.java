package io.floe.table.expr;

import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A predicate compiled against a table schema by {@link FileSkipping#compile}; evaluates it against data files.
 * Immutable and thread-safe.
 *
 * <p>How it decides: every sub-expression gets the set of outcomes (TRUE, FALSE, NULL) it might have on some row
 * of the file, an over-approximation computed from value ranges: a partition column has the file's single value,
 * a stats column the interval [min, max] plus whether NULLs and non-NULLs may occur. AND, OR and NOT combine
 * outcome sets by SQL's three-valued truth tables, so NOT over an unknown stays unknown and NULL never counts
 * as a match.
 */
public final class SkippingPredicate {
    private static final int T = 1;
    private static final int F = 2;
    private static final int N = 4;
    private static final int ANY = T | F | N;

    private final Expression predicate;
    private final Node root;

    SkippingPredicate(Expression predicate, FileSkipping skipping) {
        this.predicate = predicate;
        this.root = compile(predicate, skipping);
    }

    public Expression predicate() {
        return predicate;
    }

    /** The verdict from partition values and statistics. */
    public Verdict evaluate(DataFile file) {
        return verdict(root.eval(new Ctx(file, false)));
    }

    /** The verdict from partition values only (statistics ignored): EXPLAIN's "after partition pruning". */
    public Verdict evaluatePartitions(DataFile file) {
        return verdict(root.eval(new Ctx(file, true)));
    }

    public boolean mightMatch(DataFile file) {
        return evaluate(file).mightMatch();
    }

    public boolean mightMatchPartitions(DataFile file) {
        return evaluatePartitions(file).mightMatch();
    }

    /** Keeps the files that may match, counting what partition pruning and statistics skipping each removed. */
    public FileSelection select(Collection<DataFile> files) {
        List<DataFile> kept = new ArrayList<>();
        int afterPartitions = 0;
        for (DataFile f : files) {
            if (!mightMatchPartitions(f)) {
                continue;
            }
            afterPartitions++;
            if (mightMatch(f)) {
                kept.add(f);
            }
        }
        return new FileSelection(kept, files.size(), afterPartitions, kept.size());
    }

    private static Verdict verdict(int outcomes) {
        if ((outcomes & T) == 0) {
            return Verdict.NO_MATCH;
        }
        return outcomes == T ? Verdict.ALL_MATCH : Verdict.MAYBE;
    }

    @Override
    public String toString() {
        return predicate.toString();
    }

    // ------------------------------------------------------------------ compiled form

    /** The file being evaluated and whether statistics may be used. */
    private record Ctx(DataFile file, boolean partitionsOnly) {
    }

    /** A predicate node: the set of outcomes (bits T, F, N) it might have on some row of the file. */
    private interface Node {
        int eval(Ctx ctx);
    }

    /** An operand: the range of values it takes over the file's rows. */
    private interface Operand {
        Range range(Ctx ctx);
    }

    /**
     * Values an operand may take in a file: non-null values lie within [lo, hi] (null bound = unbounded);
     * {@code mayNull}/{@code mayNonNull} say whether NULL / non-NULL values may occur. Neither: the file has no rows.
     */
    private record Range(Object lo, Object hi, boolean mayNull, boolean mayNonNull) {
        static final Range UNKNOWN = new Range(null, null, true, true);
        static final Range ONLY_NULL = new Range(null, null, true, false);
        static final Range NO_ROWS = new Range(null, null, false, false);

        static Range exactly(Object v) {
            return v == null ? ONLY_NULL : new Range(v, v, false, true);
        }

        boolean noRows() {
            return !mayNull && !mayNonNull;
        }
    }

    private static Node compile(Expression e, FileSkipping s) {
        if (e instanceof And a) {
            Node l = compile(a.left(), s);
            Node r = compile(a.right(), s);
            return ctx -> and(l.eval(ctx), r.eval(ctx));
        }
        if (e instanceof Or o) {
            Node l = compile(o.left(), s);
            Node r = compile(o.right(), s);
            return ctx -> or(l.eval(ctx), r.eval(ctx));
        }
        if (e instanceof Not n) {
            Node inner = compile(n.inner(), s);
            return ctx -> not(inner.eval(ctx));
        }
        if (e instanceof IsNull n) {
            Operand o = operand(n.operand(), s);
            return ctx -> {
                Range r = o.range(ctx);
                return (r.mayNull ? T : 0) | (r.mayNonNull ? F : 0);
            };
        }
        if (e instanceof IsNotNull n) {
            Operand o = operand(n.operand(), s);
            return ctx -> {
                Range r = o.range(ctx);
                return (r.mayNonNull ? T : 0) | (r.mayNull ? F : 0);
            };
        }
        if (e instanceof Comparison c) {
            Operand l = operand(c.left(), s);
            Operand r = operand(c.right(), s);
            ComparisonOp op = c.op();
            return ctx -> compare(op, l.range(ctx), r.range(ctx));
        }
        if (e instanceof In in) {
            Operand x = operand(in.operand(), s);
            List<Operand> values = in.values().stream().map(v -> operand(v, s)).toList();
            return ctx -> in(x.range(ctx), values.stream().map(v -> v.range(ctx)).toList());
        }
        if (e instanceof Literal l) {
            int out = l.isNull() ? N : Boolean.TRUE.equals(l.value()) ? T : Boolean.FALSE.equals(l.value()) ? F : ANY;
            return ctx -> out;
        }
        if (e instanceof Column c) {
            // a boolean column used as a condition: TRUE where it is true
            Optional<FileSkipping.ResolvedColumn> rc = s.resolve(c);
            if (rc.isPresent() && rc.get().type() == PrimitiveType.BOOLEAN) {
                Operand o = operand(c, s);
                Range t = Range.exactly(Boolean.TRUE);
                return ctx -> compare(ComparisonOp.EQ, o.range(ctx), t);
            }
            return ctx -> ANY;
        }
        return ctx -> ANY; // Unknown
    }

    private static int and(int a, int b) {
        int out = 0;
        if ((a & T) != 0 && (b & T) != 0) {
            out |= T;
        }
        if ((a & F) != 0 || (b & F) != 0) {
            out |= F;
        }
        if (((a & N) != 0 && (b & (T | N)) != 0) || ((b & N) != 0 && (a & (T | N)) != 0)) {
            out |= N;
        }
        return out;
    }

    private static int or(int a, int b) {
        int out = 0;
        if ((a & T) != 0 || (b & T) != 0) {
            out |= T;
        }
        if ((a & F) != 0 && (b & F) != 0) {
            out |= F;
        }
        if (((a & N) != 0 && (b & (F | N)) != 0) || ((b & N) != 0 && (a & (F | N)) != 0)) {
            out |= N;
        }
        return out;
    }

    private static int not(int a) {
        return ((a & T) != 0 ? F : 0) | ((a & F) != 0 ? T : 0) | (a & N);
    }

    private static int compare(ComparisonOp op, Range a, Range b) {
        if (a.noRows() || b.noRows()) {
            return 0;
        }
        boolean bothValues = a.mayNonNull && b.mayNonNull;
        int out = 0;
        if (op == ComparisonOp.NULL_SAFE_EQ) {
            if ((a.mayNull && b.mayNull) || (bothValues && mayHold(ComparisonOp.EQ, a, b))) {
                out |= T;
            }
            if ((a.mayNull && b.mayNonNull) || (a.mayNonNull && b.mayNull) || (bothValues && mayHold(ComparisonOp.NE, a, b))) {
                out |= F;
            }
            return out;
        }
        if (bothValues && mayHold(op, a, b)) {
            out |= T;
        }
        if (bothValues && mayHold(op.negate(), a, b)) {
            out |= F;
        }
        if (a.mayNull || b.mayNull) {
            out |= N;
        }
        return out;
    }

    private static int in(Range x, List<Range> values) {
        if (x.noRows()) {
            return 0;
        }
        int out = 0;
        boolean allDiffer = x.mayNonNull;
        boolean someNull = x.mayNull;
        for (Range v : values) {
            if (x.mayNonNull && v.mayNonNull && mayHold(ComparisonOp.EQ, x, v)) {
                out |= T;
            }
            if (!(v.mayNonNull && mayHold(ComparisonOp.NE, x, v))) {
                allDiffer = false;
            }
            someNull |= v.mayNull;
        }
        if (allDiffer) {
            out |= F;
        }
        if (someNull) {
            out |= N;
        }
        return out;
    }

    /** Whether some non-null a in A and b in B may satisfy {@code a op b}. */
    private static boolean mayHold(ComparisonOp op, Range a, Range b) {
        try {
            return switch (op) {
                case EQ, NULL_SAFE_EQ -> !less(a.hi, b.lo) && !less(b.hi, a.lo);
                case NE -> !(single(a) && single(b) && TypedValues.compare(a.lo, b.lo) == 0);
                case LT -> a.lo == null || b.hi == null || TypedValues.compare(a.lo, b.hi) < 0;
                case LE -> a.lo == null || b.hi == null || TypedValues.compare(a.lo, b.hi) <= 0;
                case GT -> b.lo == null || a.hi == null || TypedValues.compare(b.lo, a.hi) < 0;
                case GE -> b.lo == null || a.hi == null || TypedValues.compare(b.lo, a.hi) <= 0;
            };
        } catch (TypedValues.IncomparableException e) {
            return true; // values of kinds we cannot order (e.g. a string literal against a date column): may hold
        }
    }

    private static boolean less(Object x, Object y) {
        return x != null && y != null && TypedValues.compare(x, y) < 0;
    }

    private static boolean single(Range r) {
        return r.lo != null && r.hi != null && TypedValues.compare(r.lo, r.hi) == 0;
    }

    // ------------------------------------------------------------------ operands

    private static Operand operand(Expression e, FileSkipping s) {
        if (e instanceof Literal l) {
            Range r = Range.exactly(l.value());
            return ctx -> r;
        }
        if (e instanceof Column c) {
            Optional<FileSkipping.ResolvedColumn> rc = s.resolve(c);
            if (rc.isEmpty()) {
                return ctx -> Range.UNKNOWN;
            }
            FileSkipping.ResolvedColumn col = rc.get();
            if (col.partition()) {
                return ctx -> partitionRange(ctx.file, col);
            }
            return ctx -> ctx.partitionsOnly ? Range.UNKNOWN : statsRange(ctx.file.stats(), col);
        }
        return ctx -> Range.UNKNOWN; // a predicate or unknown used as a value
    }

    private static Range partitionRange(DataFile f, FileSkipping.ResolvedColumn col) {
        String key = f.partitionKey(col.topField().name());
        if (key == null) {
            return Range.UNKNOWN; // the file does not say: anything is possible
        }
        Object v = f.partitionValues().get(key);
        if (v == null) {
            return Range.ONLY_NULL;
        }
        if (v instanceof Double d) {
            return widenFloating(d, col.type(), false);
        }
        return Range.exactly(v);
    }

    private static Range statsRange(FileStats stats, FileSkipping.ResolvedColumn col) {
        if (stats == null) {
            return Range.UNKNOWN;
        }
        Long rows = stats.numRecords();
        if (rows != null && rows == 0) {
            return Range.NO_ROWS;
        }
        Long nulls = stats.nullCount(col.fieldId());
        boolean mayNull = nulls == null || nulls > 0;
        boolean mayNonNull = rows == null || nulls == null || nulls < rows;
        if (!mayNonNull) {
            return Range.ONLY_NULL;
        }
        Object lo = lowerBound(stats.min(col.fieldId()), col.type());
        Object hi = upperBound(stats.max(col.fieldId()), col.type());
        return new Range(lo, hi, mayNull, true);
    }

    /** A float/double value v as a range of a few ulps around it (text round trips and float→double are inexact). */
    private static Range widenFloating(double d, DataType t, boolean unboundedAbove) {
        if (Double.isNaN(d)) {
            return new Range(d, d, false, true);
        }
        double lo = widenDown(d, t);
        double hi = widenUp(d, t);
        return new Range(Double.isNaN(lo) ? null : lo, unboundedAbove || Double.isNaN(hi) ? null : hi, false, true);
    }

    private static double widenDown(double d, DataType t) {
        if (Double.isInfinite(d)) {
            return d;
        }
        return t == PrimitiveType.FLOAT ? d - Math.ulp((float) d) : Math.nextDown(Math.nextDown(d));
    }

    private static double widenUp(double d, DataType t) {
        if (Double.isInfinite(d)) {
            return d;
        }
        return t == PrimitiveType.FLOAT ? d + Math.ulp((float) d) : Math.nextUp(Math.nextUp(d));
    }

    /** A stats minimum as a lower bound of the column's values, or null when it is missing or unreadable. */
    private static Object lowerBound(Object v, DataType t) {
        return bound(v, t, false);
    }

    /** A stats maximum as an upper bound of the column's values, or null when it is missing, unreadable or untrusted. */
    private static Object upperBound(Object v, DataType t) {
        return bound(v, t, true);
    }

    private static Object bound(Object v, DataType t, boolean upper) {
        if (v == null) {
            return null;
        }
        try {
            if (t instanceof DecimalType) {
                return decimalBound(v, upper);
            }
            if (!(t instanceof PrimitiveType p)) {
                return null;
            }
            switch (p) {
                case BYTE, SHORT, INTEGER, LONG:
                    return integralBound(v, upper);
                case FLOAT, DOUBLE: {
                    if (upper) {
                        return null; // NaN is above every number but left out of statistics
                    }
                    double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
                    if (Double.isNaN(d)) {
                        return null;
                    }
                    double lo = widenDown(d, t);
                    return Double.isNaN(lo) ? null : lo;
                }
                case STRING: {
                    if (!(v instanceof String s)) {
                        return null;
                    }
                    if (upper && s.codePointCount(0, s.length()) >= FileSkipping.STRING_STATS_PREFIX) {
                        // possibly a truncated prefix: every string starting with it is below its successor
                        return TypedValues.prefixSuccessor(s).orElse(null);
                    }
                    return s;
                }
                case BOOLEAN:
                    if (v instanceof Boolean b) {
                        return b;
                    }
                    return v.toString().equalsIgnoreCase("true") ? Boolean.TRUE
                            : v.toString().equalsIgnoreCase("false") ? Boolean.FALSE : null;
                case DATE: {
                    String s = v.toString().trim();
                    return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s); // a date-time's date part
                }
                case TIMESTAMP:
                    return instantBound(v.toString(), upper);
                case TIMESTAMP_NTZ:
                    return localBound(v.toString(), upper);
                default:
                    return null;
            }
        } catch (RuntimeException e) {
            return null; // unreadable statistics are no statistics
        }
    }

    private static Object integralBound(Object v, boolean upper) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        BigDecimal d;
        if (v instanceof Double x) {
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                return null;
            }
            d = new BigDecimal(x);
        } else if (v instanceof Number n) {
            d = TypedValues.toBigDecimal(n);
        } else {
            d = new BigDecimal(v.toString().trim());
        }
        return d.setScale(0, upper ? java.math.RoundingMode.CEILING : java.math.RoundingMode.FLOOR);
    }

    private static Object decimalBound(Object v, boolean upper) {
        if (v instanceof Double || v instanceof Float) {
            double x = ((Number) v).doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                return null;
            }
            // the decimal was rounded to the nearest double: it lies within half an ulp of it
            BigDecimal ulp = new BigDecimal(Math.ulp(x));
            BigDecimal exact = new BigDecimal(x);
            return upper ? exact.add(ulp) : exact.subtract(ulp);
        }
        if (v instanceof Number n) {
            return TypedValues.toBigDecimal(n);
        }
        return new BigDecimal(v.toString().trim());
    }

    private static Instant instantBound(String s, boolean upper) {
        TypedValues.ParsedTimestamp t = TypedValues.parseTimestamp(s).orElse(null);
        if (t == null) {
            return null;
        }
        Instant i = t.toInstant(ZoneOffset.UTC);
        // Spark truncates statistics to milliseconds; a value without an offset may have been written in any zone
        Duration slack = t.offset() == null ? Duration.ofHours(26) : Duration.of(1, ChronoUnit.MILLIS);
        return upper ? i.plus(slack) : i.minus(slack);
    }

    private static LocalDateTime localBound(String s, boolean upper) {
        TypedValues.ParsedTimestamp t = TypedValues.parseTimestamp(s).orElse(null);
        if (t == null) {
            return null;
        }
        // an offset on a zone-less value is unexpected: trust the local part only within a day
        Duration slack = t.offset() == null || t.offset().equals(ZoneOffset.UTC) ? Duration.ofMillis(1) : Duration.ofHours(26);
        return upper ? t.local().plus(slack) : t.local().minus(slack);
    }
}
