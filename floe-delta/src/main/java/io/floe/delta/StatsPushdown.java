package io.floe.delta;

import io.floe.table.expr.And;
import io.floe.table.expr.Column;
import io.floe.table.expr.Comparison;
import io.floe.table.expr.ComparisonOp;
import io.floe.table.expr.Expression;
import io.floe.table.expr.In;
import io.floe.table.expr.IsNotNull;
import io.floe.table.expr.IsNull;
import io.floe.table.expr.Literal;
import io.floe.table.expr.Not;
import io.floe.table.expr.Or;
import io.floe.types.DataType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A filter as a DuckDB condition over a checkpoint row's {@code add.stats} (JSON): TRUE for every file whose statistics
 * may let a row match. It must keep every file Floe's own pruning ({@code SkippingPredicate}) keeps, so it is built the
 * same way, as the outcomes a predicate may have on some row of the file, but coarser: each node gives a condition for
 * "may be TRUE" and one for "may be FALSE", and whatever is not translated is TRUE for both (anything possible).
 *
 * <p>Translated: comparisons, IN, IS [NOT] NULL of a top-level, non-partition column of an integral or date type (its
 * bounds as {@code SkippingPredicate} reads them where both read the same: an integral bound that is plainly an integer, a
 * date's first ten characters) against a literal of the same kind, and AND, OR, NOT of those. Partition columns, strings, floating
 * point, decimals, timestamps, nested fields and columns whose type was widened are left to the Java pruning that
 * runs on the files this keeps. Missing statistics, keys and unreadable values are NULL, and a NULL bound keeps the
 * file ({@code coalesce(…, true)}).
 */
final class StatsPushdown {
    /** The statistics the condition reads as text, one JSON path each; the condition refers to them as {@code __v[i]}. */
    private final List<String> paths = new ArrayList<>();
    /** The statistics the condition reads as JSON (a string keeps its quotes), referred to as {@code __j[i]}. */
    private final List<String> jsonPaths = new ArrayList<>();
    private final java.util.Set<String> pushed = new java.util.LinkedHashSet<>();
    private final StructType schema;
    private final Set<String> partitions;

    /**
     * The pushed condition: the values it reads (JSON paths into add.stats: {@code textPaths} as text, {@code jsonPaths}
     * as JSON) and the condition over them ({@code __v[i]}, {@code __j[i]}: VARCHAR, NULL where absent).
     */
    record Condition(List<String> textPaths, List<String> jsonPaths, String sql, String description) {
        /**
         * A path's section and column key ({@code $.minValues."id"} is [minValues, id]): the paths this class makes have
         * that form (a key with a quote or backslash is never pushed).
         */
        static List<String> sectionAndKey(String path) {
            int dot = path.indexOf('.', 2);
            if (!path.startsWith("$.") || dot < 0 || path.charAt(dot + 1) != '"' || !path.endsWith("\"")) {
                throw new IllegalArgumentException("not a statistics path: " + path);
            }
            return List.of(path.substring(2, dot), path.substring(dot + 2, path.length() - 1));
        }
    }

    private StatsPushdown(StructType schema, List<String> partitionColumns) {
        this.schema = schema;
        this.partitions = partitionColumns.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** The condition for {@code filter}, or empty when nothing of it can be pushed (the condition would be TRUE). */
    static Optional<Condition> of(Expression filter, StructType schema, List<String> partitionColumns) {
        StatsPushdown p = new StatsPushdown(schema, partitionColumns);
        Outcomes o = p.translate(filter);
        if (o.mayTrue.equals(TRUE)) {
            return Optional.empty();
        }
        return Optional.of(new Condition(List.copyOf(p.paths), List.copyOf(p.jsonPaths), o.mayTrue, String.join(", ", p.pushed)));
    }

    private static final String TRUE = "TRUE";
    private static final String FALSE = "FALSE";
    private static final Outcomes ANY = new Outcomes(TRUE, TRUE);

    /** SQL conditions: the predicate may be TRUE for some row of the file; it may be FALSE for some row. */
    private record Outcomes(String mayTrue, String mayFalse) {
    }

    private Outcomes translate(Expression e) {
        if (e instanceof And a) {
            Outcomes l = translate(a.left());
            Outcomes r = translate(a.right());
            return new Outcomes(and(l.mayTrue, r.mayTrue), or(l.mayFalse, r.mayFalse));
        }
        if (e instanceof Or o) {
            Outcomes l = translate(o.left());
            Outcomes r = translate(o.right());
            return new Outcomes(or(l.mayTrue, r.mayTrue), and(l.mayFalse, r.mayFalse));
        }
        if (e instanceof Not n) {
            Outcomes i = translate(n.inner());
            return new Outcomes(i.mayFalse, i.mayTrue);
        }
        if (e instanceof Literal l) {
            if (Boolean.TRUE.equals(l.value())) {
                return new Outcomes(TRUE, FALSE);
            }
            if (Boolean.FALSE.equals(l.value())) {
                return new Outcomes(FALSE, TRUE);
            }
            return ANY;
        }
        if (e instanceof Comparison c) {
            if (c.left() instanceof Column col && c.right() instanceof Literal lit) {
                return comparison(col, c.op(), lit);
            }
            if (c.left() instanceof Literal lit && c.right() instanceof Column col) {
                return comparison(col, c.op().flip(), lit);
            }
            return ANY;
        }
        if (e instanceof In in && in.operand() instanceof Column col) {
            List<String> any = new ArrayList<>();
            for (Expression v : in.values()) {
                if (!(v instanceof Literal lit)) {
                    return ANY;
                }
                if (lit.isNull()) {
                    continue; // x = NULL is never TRUE
                }
                String t = mayHold(col, ComparisonOp.EQ, lit);
                if (t == null) {
                    return ANY;
                }
                any.add(t);
            }
            if (any.isEmpty()) {
                return ANY;
            }
            pushed.add(in.toString());
            return new Outcomes(any.stream().reduce(StatsPushdown::or).orElseThrow(), TRUE);
        }
        if (e instanceof IsNull n && n.operand() instanceof Column col) {
            String mayNull = mayNull(col);
            return mayNull == null ? ANY : new Outcomes(mayNull, TRUE);
        }
        if (e instanceof IsNotNull n && n.operand() instanceof Column col) {
            String mayNull = mayNull(col);
            return mayNull == null ? ANY : new Outcomes(TRUE, mayNull);
        }
        return ANY;
    }

    private Outcomes comparison(Column col, ComparisonOp op, Literal lit) {
        if (lit.isNull() || op == ComparisonOp.NULL_SAFE_EQ) {
            return ANY;
        }
        String t = mayHold(col, op, lit);
        String f = mayHold(col, op.negate(), lit);
        if (t == null || f == null) {
            return ANY;
        }
        pushed.add(col + " " + op.symbol() + " " + lit);
        return new Outcomes(t, f);
    }

    /** A column statistics can bound here: its field and the JSON key its statistics have. */
    private record Stat(StructField field, boolean date) {
    }

    private Optional<Stat> stat(Column c) {
        if (c.path().size() != 1) {
            return Optional.empty();
        }
        Optional<StructField> f = schema.field(c.name());
        if (f.isEmpty() || partitions.contains(f.get().name().toLowerCase(Locale.ROOT))
                || f.get().metadata().containsKey(SchemaChanges.TYPE_CHANGES)) {
            return Optional.empty();
        }
        String key = physical(f.get());
        if (key.indexOf('"') >= 0 || key.indexOf('\\') >= 0) {
            return Optional.empty();
        }
        DataType t = f.get().type();
        if (t == PrimitiveType.BYTE || t == PrimitiveType.SHORT || t == PrimitiveType.INTEGER || t == PrimitiveType.LONG) {
            return Optional.of(new Stat(f.get(), false));
        }
        if (t == PrimitiveType.DATE) {
            return Optional.of(new Stat(f.get(), true));
        }
        return Optional.empty();
    }

    private static String physical(StructField f) {
        return f.physicalName() != null ? f.physicalName() : f.name();
    }

    /** "Some non-null value of the column may satisfy {@code col op lit}", or null when that is not translated. */
    private String mayHold(Column col, ComparisonOp op, Literal lit) {
        Optional<Stat> s = stat(col);
        if (s.isEmpty()) {
            return null;
        }
        String v;
        if (s.get().date()) {
            if (!(lit.value() instanceof LocalDate d) || d.getYear() < 1 || d.getYear() > 9999) {
                return null;
            }
            v = "DATE '" + d + "'";
        } else {
            if (!(lit.value() instanceof Long l)) {
                return null;
            }
            v = Long.toString(l);
        }
        String key = physical(s.get().field());
        if (op == ComparisonOp.NE) {
            return TRUE;
        }
        // bounds as SkippingPredicate reads them: a NULL one (missing, unreadable) keeps the file
        String lo = bound(s.get(), "$.minValues.\"" + key + "\"");
        String hi = bound(s.get(), "$.maxValues.\"" + key + "\"");
        return switch (op) {
            case EQ -> "(coalesce(" + lo + " <= " + v + ", true) AND coalesce(" + hi + " >= " + v + ", true))";
            case LT -> "coalesce(" + lo + " < " + v + ", true)";
            case LE -> "coalesce(" + lo + " <= " + v + ", true)";
            case GT -> "coalesce(" + hi + " > " + v + ", true)";
            case GE -> "coalesce(" + hi + " >= " + v + ", true)";
            default -> TRUE;
        };
    }

    /** "The column may be NULL in the file": unless its null count is 0; null when not translated. */
    private String mayNull(Column col) {
        Optional<Stat> s = stat(col);
        if (s.isEmpty()) {
            return null;
        }
        pushed.add(col + " IS [NOT] NULL");
        // read as JSON: SkippingPredicate counts a null count only when it is a JSON number ("0" is no count)
        String path = "$.nullCount.\"" + physical(s.get().field()) + "\"";
        int i = jsonPaths.indexOf(path);
        if (i < 0) {
            jsonPaths.add(path);
            i = jsonPaths.size() - 1;
        }
        return "coalesce(" + integer("__j[" + (i + 1) + "]") + " <> 0, true)";
    }

    private String bound(Stat s, String path) {
        String text = value(path);
        if (s.date()) {
            // LocalDate.parse of the first ten characters, as SkippingPredicate reads a date bound
            return "TRY_CAST(CASE WHEN regexp_full_match(left(" + text + ", 10), '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN left("
                    + text + ", 10) END AS DATE)";
        }
        return integer(text);
    }

    /**
     * A statistic's text as a BIGINT when it is plainly an integer, else NULL (the file is kept). DuckDB's own cast
     * would round "5.5" to 6 and read "0x10" or "1_000", where SkippingPredicate floors 5.5 and reads no bound from the
     * others: only what both read the same is used (a cast to DECIMAL that rounds as Java does was 40× slower).
     */
    private static String integer(String text) {
        return "CASE WHEN regexp_full_match(" + text + ", '-?[0-9]{1,18}') THEN CAST(" + text + " AS BIGINT) END";
    }

    /** The text of one statistic (a JSON path into add.stats), read once per row with the others. */
    private String value(String path) {
        int i = paths.indexOf(path);
        if (i < 0) {
            paths.add(path);
            i = paths.size() - 1;
        }
        return "__v[" + (i + 1) + "]";
    }

    private static String and(String a, String b) {
        if (a.equals(FALSE) || b.equals(FALSE)) {
            return FALSE;
        }
        return a.equals(TRUE) ? b : b.equals(TRUE) ? a : "(" + a + " AND " + b + ")";
    }

    private static String or(String a, String b) {
        if (a.equals(TRUE) || b.equals(TRUE)) {
            return TRUE;
        }
        return a.equals(FALSE) ? b : b.equals(FALSE) ? a : "(" + a + " OR " + b + ")";
    }
}
