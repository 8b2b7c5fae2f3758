package io.floe.table.expr;

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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A reference model for the skipping property tests: random rows (with NULLs, NaN, long strings, sub-millisecond
 * timestamps), the data file and statistics a writer would log for them, random predicates, and SQL's
 * three-valued evaluation of a predicate on one row, written independently of the code under test.
 */
public final class SkippingModel {

    public static final StructType SCHEMA = new StructType(List.of(
            new StructField("p", PrimitiveType.LONG, true),
            new StructField("ps", PrimitiveType.STRING, true, Map.of(), 2, "col-ps-phys"),
            new StructField("pd", PrimitiveType.DATE, true),
            new StructField("a", PrimitiveType.LONG, true),
            new StructField("i", PrimitiveType.INTEGER, true),
            new StructField("b", PrimitiveType.DOUBLE, true),
            new StructField("f", PrimitiveType.FLOAT, true),
            new StructField("s", PrimitiveType.STRING, true, Map.of(), 1, "col-s-phys"),
            new StructField("d", PrimitiveType.DATE, true),
            new StructField("m", new DecimalType(10, 2), true),
            new StructField("ts", PrimitiveType.TIMESTAMP, true),
            new StructField("tn", PrimitiveType.TIMESTAMP_NTZ, true),
            new StructField("flag", PrimitiveType.BOOLEAN, true),
            new StructField("n", new StructType(List.of(new StructField("x", PrimitiveType.INTEGER, true))), true)));

    public static final List<String> PARTITION_COLUMNS = List.of("p", "ps", "pd");

    /** Leaf columns by dotted logical path, with their types. */
    public static final Map<String, DataType> LEAVES = leaves();

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final List<String> STRINGS = List.of("a", "ab", "abc", "b", "B", "\u00e9", "\ud83d\ude00", "\uffff",
            "x".repeat(33), "x".repeat(32) + "a", "x".repeat(32) + "b", "x".repeat(31) + "y", "x".repeat(32),
            "\ud83d\ude00".repeat(33));

    private SkippingModel() {
    }

    private static Map<String, DataType> leaves() {
        Map<String, DataType> m = new LinkedHashMap<>();
        for (StructField f : SCHEMA.fields()) {
            if (f.type() instanceof StructType st) {
                st.fields().forEach(c -> m.put(f.name() + "." + c.name(), c.type()));
            } else {
                m.put(f.name(), f.type());
            }
        }
        return m;
    }

    /** One row: dotted logical path → value (null = SQL NULL). */
    public record Row(Map<String, Object> values) {
        public Object get(String path) {
            return values.get(path);
        }
    }

    /** A generated data file: its rows and the metadata a writer would log. */
    public record GeneratedFile(List<Row> rows, DataFile file) {
    }

    // ------------------------------------------------------------------ values

    /** A random non-null value of a column's type, from a small domain so that values collide. */
    public static Object value(DataType t, Random r) {
        if (t instanceof DecimalType) {
            return new BigDecimal(pick(r, "-1.00", "0.10", "0.50", "1.25", "99999999.99", "0.00"));
        }
        return switch ((PrimitiveType) t) {
            case LONG -> r.nextInt(10) == 0 ? pick(r, 9007199254740993L, Long.MIN_VALUE, Long.MAX_VALUE) : (long) (r.nextInt(7) - 3);
            case INTEGER -> r.nextInt(5) - 2;
            case DOUBLE -> pick(r, -1.5, -0.0, 0.0, 0.5, 2.0, 1e300, Double.NaN, Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY, 0.1, 3.0);
            case FLOAT -> pick(r, 0.1f, 0.7f, -2.5f, 3.0f, Float.NaN, 0.0f); // 0.7f is below the double 0.7, 0.1f above 0.1
            case STRING -> r.nextInt(4) == 0 ? randomString(r) : STRINGS.get(r.nextInt(STRINGS.size()));
            case DATE -> LocalDate.of(2024, 1, 1).plusDays(r.nextInt(5));
            case TIMESTAMP -> T0.plus(pick(r, 0L, 1L, 999L, 1000L, 1001L, 1_000_000L, 86_400_000_500L), ChronoUnit.MICROS);
            case TIMESTAMP_NTZ -> LocalDateTime.ofInstant(T0, ZoneOffset.UTC)
                    .plus(pick(r, 0L, 1L, 999L, 1000L, 1001L, 1_000_000L), ChronoUnit.MICROS);
            case BOOLEAN -> r.nextBoolean();
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        // mostly long runs of 'x' with a varying tail, so that cut statistics matter
        int n = r.nextBoolean() ? 30 + r.nextInt(6) : r.nextInt(36);
        for (int k = 0; k < n; k++) {
            sb.append(k < n - 2 && n > 30 ? "x" : pick(r, "x", "y", "a", "\u00e9"));
        }
        return sb.toString();
    }

    @SafeVarargs
    static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    // ------------------------------------------------------------------ files

    public static GeneratedFile file(Random r, int index) {
        Map<String, Object> partition = new LinkedHashMap<>();
        for (String p : PARTITION_COLUMNS) {
            DataType t = LEAVES.get(p);
            Object v = r.nextInt(5) == 0 ? null : value(t, r);
            if ("".equals(v)) {
                v = null; // the protocol cannot tell an empty string from NULL
            }
            partition.put(p, v);
        }
        int n = r.nextInt(7);
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Map<String, Object> row = new LinkedHashMap<>(partition);
            for (var e : LEAVES.entrySet()) {
                if (!partition.containsKey(e.getKey())) {
                    row.put(e.getKey(), r.nextInt(4) == 0 ? null : value(e.getValue(), r));
                }
            }
            rows.add(new Row(row));
        }
        // neutral partition values: typed, keyed by column name (formats convert their own serialization)
        Map<String, Object> pv = new LinkedHashMap<>();
        pv.put("p", partition.get("p"));
        pv.put("ps", partition.get("ps"));
        pv.put("pd", partition.get("pd"));
        FileStats stats = r.nextInt(10) == 0 ? null : stats(rows, r);
        return new GeneratedFile(rows, new DataFile("part-" + index + ".parquet", pv, 100, 0, stats));
    }

    private static final DateTimeFormatter MILLIS_Z = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    /** Statistics as writers log them: Floe's (raised string maxima), Spark's and naive ones (truncated maxima). */
    private static FileStats stats(List<Row> rows, Random r) {
        Map<String, Object> min = new LinkedHashMap<>();
        Map<String, Object> max = new LinkedHashMap<>();
        Map<String, Object> nulls = new LinkedHashMap<>();
        for (var e : LEAVES.entrySet()) {
            String path = e.getKey();
            if (PARTITION_COLUMNS.contains(path)) {
                continue;
            }
            DataType t = e.getValue();
            List<String> physical = physicalPath(path);
            long nullCount = rows.stream().filter(row -> row.get(path) == null).count();
            if (r.nextInt(10) != 0) {
                put(nulls, physical, nullCount);
            }
            List<Object> values = rows.stream().map(row -> row.get(path)).filter(v -> v != null)
                    .filter(v -> !(v instanceof Double d && d.isNaN()) && !(v instanceof Float f && f.isNaN())).toList();
            if (values.isEmpty() || t == PrimitiveType.BOOLEAN) {
                continue;
            }
            Object lo = values.stream().reduce((x, y) -> referenceCompare(x, y) <= 0 ? x : y).orElseThrow();
            Object hi = values.stream().reduce((x, y) -> referenceCompare(x, y) >= 0 ? x : y).orElseThrow();
            if (r.nextInt(10) != 0) {
                put(min, physical, encode(lo, t, false, r));
            }
            if (r.nextInt(10) != 0) {
                put(max, physical, encode(hi, t, true, r));
            }
        }
        Long numRecords = r.nextInt(20) == 0 ? null : (long) rows.size();
        return FileStats.fromColumnPaths(SCHEMA, numRecords, min, max, nulls, r.nextBoolean() ? null : Boolean.TRUE);
    }

    private static Object encode(Object v, DataType t, boolean upper, Random r) {
        if (t instanceof DecimalType) {
            return r.nextBoolean() ? v : ((BigDecimal) v).doubleValue();
        }
        return switch ((PrimitiveType) t) {
            case INTEGER -> ((Integer) v).longValue();
            case FLOAT -> Double.parseDouble(Float.toString((Float) v));
            case STRING -> {
                String s = (String) v;
                int cps = s.codePointCount(0, s.length());
                if (cps <= 32) {
                    yield s;
                }
                String prefix = s.substring(0, s.offsetByCodePoints(0, 32));
                if (!upper) {
                    yield prefix;
                }
                yield switch (r.nextInt(3)) {
                    case 0 -> TypedValues.prefixSuccessor(prefix).orElse(null); // Floe raises the cut maximum
                    case 1 -> prefix + new String(Character.toChars(Character.MAX_CODE_POINT)); // a tie-breaker
                    default -> prefix; // a naive writer's truncated maximum: below the real one
                };
            }
            case DATE -> v.toString();
            case TIMESTAMP -> {
                Instant i = ((Instant) v).truncatedTo(ChronoUnit.MILLIS); // Spark truncates stats to millis
                yield r.nextBoolean() ? MILLIS_Z.format(i.atOffset(ZoneOffset.UTC))
                        : MILLIS_Z.format(i.atOffset(ZoneOffset.ofHours(-7)));
            }
            case TIMESTAMP_NTZ -> MILLIS.format(((LocalDateTime) v).truncatedTo(ChronoUnit.MILLIS));
            default -> v;
        };
    }

    private static List<String> physicalPath(String path) {
        return switch (path) {
            case "s" -> List.of("col-s-phys");
            case "n.x" -> List.of("n", "x");
            default -> List.of(path);
        };
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> m, List<String> path, Object v) {
        Map<String, Object> cur = m;
        for (int k = 0; k < path.size() - 1; k++) {
            cur = (Map<String, Object>) cur.computeIfAbsent(path.get(k), x -> new LinkedHashMap<String, Object>());
        }
        cur.put(path.get(path.size() - 1), v);
    }

    // ------------------------------------------------------------------ predicates

    private static final List<String> PATHS = List.copyOf(LEAVES.keySet());
    // pairs of columns whose values compare
    private static final List<List<String>> COMPARABLE = List.of(List.of("a", "i"), List.of("a", "b"), List.of("p", "a"),
            List.of("s", "ps"), List.of("d", "pd"), List.of("m", "a"), List.of("f", "b"), List.of("n.x", "i"), List.of("b", "m"));

    public static Column column(String path) {
        return new Column(List.of(path.split("\\.")));
    }

    public static Expression predicate(Random r, int depth) {
        if (depth > 0 && r.nextInt(10) < 6) {
            return switch (r.nextInt(3)) {
                case 0 -> new And(predicate(r, depth - 1), predicate(r, depth - 1));
                case 1 -> new Or(predicate(r, depth - 1), predicate(r, depth - 1));
                default -> new Not(predicate(r, depth - 1));
            };
        }
        String path = PATHS.get(r.nextInt(PATHS.size()));
        DataType t = LEAVES.get(path);
        ComparisonOp op = ComparisonOp.values()[r.nextInt(ComparisonOp.values().length)];
        switch (r.nextInt(12)) {
            case 0, 1, 2, 3, 4: {
                Expression lit = literalFor(t, r);
                return r.nextBoolean() ? new Comparison(op, column(path), lit) : new Comparison(op, lit, column(path));
            }
            case 5: {
                List<String> pair = COMPARABLE.get(r.nextInt(COMPARABLE.size()));
                return new Comparison(op, column(pair.get(0)), column(pair.get(1)));
            }
            case 6:
                return r.nextBoolean() ? new IsNull(column(path)) : new IsNotNull(column(path));
            case 7, 8: {
                List<Expression> values = new ArrayList<>();
                int n = r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    values.add(literalFor(t, r));
                }
                return new In(column(path), values);
            }
            case 9:
                return column("flag");
            case 10:
                return pick(r, Literal.TRUE, Literal.FALSE, Literal.NULL, new Comparison(op, Literal.of(1L), Literal.of(2L)));
            default:
                return new Unknown("u" + r.nextInt(3), List.of(column(path)), true);
        }
    }

    /** A literal to compare with a column of type t: mostly of its own type, sometimes another numeric, sometimes NULL. */
    public static Literal literalFor(DataType t, Random r) {
        if (r.nextInt(12) == 0) {
            return Literal.ofNull(t);
        }
        if ((t == PrimitiveType.LONG || t == PrimitiveType.INTEGER || t instanceof DecimalType || t == PrimitiveType.DOUBLE
                || t == PrimitiveType.FLOAT) && r.nextInt(3) == 0) {
            DataType other = pick(r, PrimitiveType.LONG, PrimitiveType.DOUBLE, new DecimalType(10, 2), PrimitiveType.FLOAT);
            return literal(value(other, r), other);
        }
        return literal(value(t, r), t);
    }

    private static Literal literal(Object v, DataType t) {
        if (v instanceof Float f) {
            return new Literal(f.doubleValue(), PrimitiveType.FLOAT);
        }
        if (v instanceof Integer i) {
            return new Literal(i.longValue(), t);
        }
        return new Literal(v, t);
    }

    // ------------------------------------------------------------------ reference semantics

    /** SQL's value of the predicate on the row: TRUE, FALSE or null for NULL. */
    public static Boolean eval(Expression e, Row row) {
        if (e instanceof And a) {
            Boolean l = eval(a.left(), row);
            Boolean rr = eval(a.right(), row);
            if (Boolean.FALSE.equals(l) || Boolean.FALSE.equals(rr)) {
                return false;
            }
            return l == null || rr == null ? null : true;
        }
        if (e instanceof Or o) {
            Boolean l = eval(o.left(), row);
            Boolean rr = eval(o.right(), row);
            if (Boolean.TRUE.equals(l) || Boolean.TRUE.equals(rr)) {
                return true;
            }
            return l == null || rr == null ? null : false;
        }
        if (e instanceof Not n) {
            Boolean v = eval(n.inner(), row);
            return v == null ? null : !v;
        }
        if (e instanceof IsNull n) {
            return value(n.operand(), row) == null;
        }
        if (e instanceof IsNotNull n) {
            return value(n.operand(), row) != null;
        }
        if (e instanceof Comparison c) {
            Object l = value(c.left(), row);
            Object rr = value(c.right(), row);
            if (c.op() == ComparisonOp.NULL_SAFE_EQ) {
                return l == null || rr == null ? l == rr : referenceCompare(l, rr) == 0;
            }
            if (l == null || rr == null) {
                return null;
            }
            int k = referenceCompare(l, rr);
            return switch (c.op()) {
                case EQ -> k == 0;
                case NE -> k != 0;
                case LT -> k < 0;
                case LE -> k <= 0;
                case GT -> k > 0;
                case GE -> k >= 0;
                default -> throw new IllegalStateException();
            };
        }
        if (e instanceof In in) {
            Object x = value(in.operand(), row);
            if (x == null) {
                return null;
            }
            boolean sawNull = false;
            for (Expression v : in.values()) {
                Object y = value(v, row);
                if (y == null) {
                    sawNull = true;
                } else if (referenceCompare(x, y) == 0) {
                    return true;
                }
            }
            return sawNull ? null : false;
        }
        if (e instanceof Literal l) {
            return (Boolean) l.value();
        }
        if (e instanceof Column c) {
            return (Boolean) value(c, row);
        }
        if (e instanceof Unknown u) {
            // anything at all, but the same for the same row
            int h = Math.floorMod((row.values().toString() + u.description()).hashCode(), 3);
            return h == 0 ? Boolean.TRUE : h == 1 ? Boolean.FALSE : null;
        }
        throw new IllegalArgumentException(e.toString());
    }

    private static Object value(Expression e, Row row) {
        if (e instanceof Literal l) {
            return l.value();
        }
        if (e instanceof Column c) {
            return row.get(String.join(".", c.path()));
        }
        throw new IllegalArgumentException(e.toString());
    }

    /** How Spark and DuckDB order values: numbers by value (as doubles when one is floating, NaN highest), strings by code point. */
    public static int referenceCompare(Object x, Object y) {
        if (x instanceof Number a && y instanceof Number b) {
            boolean floating = a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float;
            if (floating) {
                double u = a.doubleValue();
                double v = b.doubleValue();
                if (Double.isNaN(u) || Double.isNaN(v)) {
                    return Double.isNaN(u) && Double.isNaN(v) ? 0 : Double.isNaN(u) ? 1 : -1;
                }
                return u == v ? 0 : u < v ? -1 : 1;
            }
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        if (x instanceof String a && y instanceof String b) {
            return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
        }
        @SuppressWarnings("unchecked")
        Comparable<Object> c = (Comparable<Object>) x;
        return c.compareTo(y);
    }
}
