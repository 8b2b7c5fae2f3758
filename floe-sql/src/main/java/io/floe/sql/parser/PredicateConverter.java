package io.floe.sql.parser;

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
import io.floe.table.expr.TypedValues;
import io.floe.table.expr.Unknown;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a parsed condition into the format-neutral pruning model ({@link Expression}) for one table:
 * resolves column references against the table's schema (stripping the table's qualifier), types literals
 * against the column they are compared with ('2024-01-01' against a date column is a date; 5 against a decimal
 * column is exact), and turns whatever it cannot analyse into an {@link Unknown} that keeps every file.
 *
 * <pre>{@code
 * Expression p = PredicateConverter.forTable(schema, "e").convert(delete.where());
 * SkippingPredicate s = new FileSkipping(schema, partitionColumns).compile(p);
 * }</pre>
 *
 * Literal typing follows what DuckDB does when it runs the text: a string compared with a number column must
 * spell an integer (or a number, for decimal/float columns); a string compared with a date column must be a
 * date; zone-less timestamp strings compared with a TIMESTAMP column are read in the session zone (UTC unless
 * set with {@link #withZone}). Anything else is unknown, never guessed.
 */
public final class PredicateConverter {
    private final StructType schema;
    private final Set<String> qualifiers;
    private final boolean unqualifiedAllowed;
    private final ZoneId zone;

    private PredicateConverter(StructType schema, Set<String> qualifiers, boolean unqualifiedAllowed, ZoneId zone) {
        this.schema = schema;
        this.qualifiers = qualifiers;
        this.unqualifiedAllowed = unqualifiedAllowed;
        this.zone = zone;
    }

    /**
     * @param qualifiers the names by which the condition refers to the table: its alias if it has one, else its name
     *                   (a column qualified by anything else is not the table's)
     */
    public static PredicateConverter forTable(StructType schema, Collection<String> qualifiers) {
        return new PredicateConverter(schema, qualifiers.stream().filter(q -> q != null).map(q -> q.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet()), true, ZoneOffset.UTC);
    }

    public static PredicateConverter forTable(StructType schema, String... qualifiers) {
        return forTable(schema, List.of(qualifiers));
    }

    /** For the table a query reference reads: qualified by its alias, or by its name when it has none. */
    public static PredicateConverter forReference(StructType schema, TableRef ref) {
        return forTable(schema, ref.qualifier() == null ? List.of() : List.of(ref.qualifier()));
    }

    /** Reads zone-less timestamp literals compared with TIMESTAMP columns in {@code zone} (the session's). */
    public PredicateConverter withZone(ZoneId zone) {
        return new PredicateConverter(schema, qualifiers, unqualifiedAllowed, zone);
    }

    /**
     * Only qualified columns ({@code t.c}) are the table's; unqualified names become unknown. For MERGE's ON
     * clause, where an unqualified name may be the source's.
     */
    public PredicateConverter requireQualifier() {
        return new PredicateConverter(schema, qualifiers, false, zone);
    }

    /** Converts a parsed condition (its text names unknown parts). */
    public Expression convert(ParsedExpr e) {
        return new Run(e.source()).predicate(e.tree());
    }

    /** Converts a condition's tree; {@code source} is the text its spans point into (for naming unknown parts), or null. */
    public Expression convert(Expr e, String source) {
        return new Run(source).predicate(e);
    }

    /** The filter of a query's table reference as a pruning predicate (TRUE when it has none). */
    public Expression convertFilter(TableRef ref) {
        return ref.filter() == null ? Literal.TRUE : convert(ref.filter());
    }

    /** A column resolved against the schema: the model's column (schema spelling) and its type. */
    private record Resolved(Column column, DataType type) {
    }

    /** Resolves a column reference to the table's column, or empty if it is not (certainly) one of its columns. */
    private Optional<Resolved> resolve(List<String> parts) {
        if (parts.size() >= 2 && qualifiers.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
            Optional<Resolved> r = resolvePath(parts.subList(1, parts.size()));
            if (r.isPresent()) {
                return r;
            }
        }
        if (!unqualifiedAllowed) {
            return Optional.empty();
        }
        return resolvePath(parts);
    }

    private Optional<Resolved> resolvePath(List<String> path) {
        List<String> names = new ArrayList<>();
        DataType t = schema;
        for (String p : path) {
            if (!(t instanceof StructType st)) {
                return Optional.empty();
            }
            Optional<StructField> f = st.field(p);
            if (f.isEmpty()) {
                return Optional.empty();
            }
            names.add(f.get().name());
            t = f.get().type();
        }
        return Optional.of(new Resolved(new Column(names), t));
    }

    /** One conversion: knows the source text for naming unknowns. */
    private final class Run {
        private final String source;

        Run(String source) {
            this.source = source;
        }

        Expression predicate(Expr e) {
            if (e instanceof Expr.Binary b) {
                switch (b.op()) {
                    case AND:
                        return new And(predicate(b.left()), predicate(b.right()));
                    case OR:
                        return new Or(predicate(b.left()), predicate(b.right()));
                    case EQ:
                        return comparison(ComparisonOp.EQ, b.left(), b.right(), e);
                    case NE:
                        return comparison(ComparisonOp.NE, b.left(), b.right(), e);
                    case LT:
                        return comparison(ComparisonOp.LT, b.left(), b.right(), e);
                    case LE:
                        return comparison(ComparisonOp.LE, b.left(), b.right(), e);
                    case GT:
                        return comparison(ComparisonOp.GT, b.left(), b.right(), e);
                    case GE:
                        return comparison(ComparisonOp.GE, b.left(), b.right(), e);
                    case NULL_SAFE_EQ:
                        return comparison(ComparisonOp.NULL_SAFE_EQ, b.left(), b.right(), e);
                    default:
                        return unknown(e);
                }
            }
            if (e instanceof Expr.Not n) {
                return new Not(predicate(n.operand()));
            }
            if (e instanceof Expr.BooleanLiteral b) {
                return b.value() ? Literal.TRUE : Literal.FALSE;
            }
            if (e instanceof Expr.NullLiteral) {
                return Literal.NULL;
            }
            if (e instanceof Expr.ColumnRef ref) {
                Optional<Resolved> r = resolve(ref.parts());
                return r.isPresent() && r.get().type() == PrimitiveType.BOOLEAN ? r.get().column() : unknown(e);
            }
            if (e instanceof Expr.IsNull n) {
                return isNull(n, e);
            }
            if (e instanceof Expr.IsDistinctFrom d) {
                Expression same = comparison(ComparisonOp.NULL_SAFE_EQ, d.left(), d.right(), e);
                if (same instanceof Unknown) {
                    return same;
                }
                return d.negated() ? same : new Not(same); // <=> is never NULL, so NOT is exact
            }
            if (e instanceof Expr.IsBoolean b) {
                return isBoolean(b, e);
            }
            if (e instanceof Expr.InList in) {
                Expression x = inList(in, e);
                return in.negated() && !(x instanceof Unknown) ? new Not(x) : x;
            }
            if (e instanceof Expr.Between b) {
                Expression lo = comparison(ComparisonOp.GE, b.operand(), b.low(), e);
                Expression hi = comparison(ComparisonOp.LE, b.operand(), b.high(), e);
                if (lo instanceof Unknown && hi instanceof Unknown) {
                    return unknown(e);
                }
                Expression both = new And(lo, hi); // exactly BETWEEN, NULLs included
                return b.negated() ? new Not(both) : both;
            }
            if (e instanceof Expr.Like like) {
                Expression x = like(like, e);
                return like.negated() && !(x instanceof Unknown) ? new Not(x) : x;
            }
            return unknown(e);
        }

        private Expression isNull(Expr.IsNull n, Expr whole) {
            Expr x = n.operand();
            if (x instanceof Expr.ColumnRef ref) {
                Optional<Resolved> r = resolve(ref.parts());
                if (r.isPresent()) {
                    return n.negated() ? new IsNotNull(r.get().column()) : new IsNull(r.get().column());
                }
            }
            Optional<Object> lit = naturalValue(x);
            if (lit.isPresent()) {
                boolean isNull = lit.get() == NULL_VALUE;
                return isNull != n.negated() ? Literal.TRUE : Literal.FALSE;
            }
            return unknown(whole);
        }

        /** x IS [NOT] TRUE/FALSE/UNKNOWN: never NULL, so these are exact in terms of <=> and IS NULL. */
        private Expression isBoolean(Expr.IsBoolean b, Expr whole) {
            Expression inner;
            if (b.value() == null) {
                inner = isNull(new Expr.IsNull(b.operand(), false, b.span()), whole);
            } else if (b.operand() instanceof Expr.ColumnRef ref && resolve(ref.parts()).map(r -> r.type() == PrimitiveType.BOOLEAN)
                    .orElse(false)) {
                inner = new Comparison(ComparisonOp.NULL_SAFE_EQ, resolve(ref.parts()).get().column(),
                        b.value() ? Literal.TRUE : Literal.FALSE);
            } else if (!b.negated()) {
                // p IS TRUE holds where p is TRUE (p IS FALSE where p is FALSE); that much is a sound necessary condition
                Expression p = predicate(b.operand());
                return p instanceof Unknown ? p : new And(b.value() ? p : new Not(p), unknown(whole));
            } else {
                return unknown(whole);
            }
            if (inner instanceof Unknown) {
                return inner;
            }
            return b.negated() ? new Not(inner) : inner;
        }

        private Expression inList(Expr.InList in, Expr whole) {
            if (!(in.operand() instanceof Expr.ColumnRef ref)) {
                return unknown(whole);
            }
            Optional<Resolved> r = resolve(ref.parts());
            if (r.isEmpty()) {
                return unknown(whole);
            }
            List<Expression> values = new ArrayList<>();
            for (Expr v : in.values()) {
                Optional<Literal> lit = typedLiteral(v, r.get().type());
                if (lit.isEmpty()) {
                    return unknown(whole);
                }
                values.add(lit.get());
            }
            return new In(r.get().column(), values);
        }

        /**
         * {@code x LIKE 'abc%'} on a string column: TRUE only where x starts with 'abc', i.e. 'abc' ≤ x < 'abd'. Encoded
         * as (range AND unknown): sound as a necessary condition, and sound under NOT because the unknown part keeps
         * every outcome possible.
         */
        private Expression like(Expr.Like like, Expr whole) {
            if (like.kind() != Expr.LikeKind.LIKE || like.escape() != null || !(like.operand() instanceof Expr.ColumnRef ref)
                    || !(like.pattern() instanceof Expr.StringLiteral pattern)) {
                return unknown(whole);
            }
            Optional<Resolved> r = resolve(ref.parts());
            if (r.isEmpty() || r.get().type() != PrimitiveType.STRING) {
                return unknown(whole);
            }
            String p = pattern.value();
            int cut = 0;
            while (cut < p.length() && "%_\\".indexOf(p.charAt(cut)) < 0) {
                cut++;
            }
            String prefix = p.substring(0, cut);
            if (prefix.isEmpty()) {
                return unknown(whole);
            }
            Column col = r.get().column();
            Expression necessary;
            if (cut == p.length()) {
                necessary = new Comparison(ComparisonOp.EQ, col, Literal.of(prefix));
            } else {
                Expression from = new Comparison(ComparisonOp.GE, col, Literal.of(prefix));
                Optional<String> next = TypedValues.prefixSuccessor(prefix);
                necessary = next.<Expression>map(n -> new And(from, new Comparison(ComparisonOp.LT, col, Literal.of(n)))).orElse(from);
            }
            return new And(necessary, unknown(whole));
        }

        private Expression comparison(ComparisonOp op, Expr left, Expr right, Expr whole) {
            Optional<Resolved> lc = left instanceof Expr.ColumnRef l ? resolve(l.parts()) : Optional.empty();
            Optional<Resolved> rc = right instanceof Expr.ColumnRef r ? resolve(r.parts()) : Optional.empty();
            if (lc.isPresent() && rc.isPresent()) {
                return new Comparison(op, lc.get().column(), rc.get().column());
            }
            if (lc.isPresent()) {
                return typedLiteral(right, lc.get().type()).<Expression>map(lit -> new Comparison(op, lc.get().column(), lit))
                        .orElseGet(() -> unknown(whole));
            }
            if (rc.isPresent()) {
                return typedLiteral(left, rc.get().type()).<Expression>map(lit -> new Comparison(op, lit, rc.get().column()))
                        .orElseGet(() -> unknown(whole));
            }
            Optional<Literal> a = naturalLiteral(left);
            Optional<Literal> b = naturalLiteral(right);
            if (a.isPresent() && b.isPresent()) {
                return new Comparison(op, a.get(), b.get()); // constant: 1 = 1
            }
            return unknown(whole);
        }

        // ------------------------------------------------------------------ literals

        /** A literal as a value of the column's type, if DuckDB would read it so. */
        private Optional<Literal> typedLiteral(Expr e, DataType t) {
            Optional<Object> natural = naturalValue(e);
            if (natural.isEmpty()) {
                return Optional.empty();
            }
            Object v = natural.get();
            if (v == NULL_VALUE) {
                return Optional.of(Literal.ofNull(t));
            }
            Object typed = coerce(v, t);
            if (typed == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(typed instanceof BigDecimal || (typed instanceof Long && !isIntegral(t))
                        || (typed instanceof Double && t != PrimitiveType.FLOAT && t != PrimitiveType.DOUBLE)
                        ? Literal.of(typed) : new Literal(typed, t));
            } catch (IllegalArgumentException ex) {
                return Optional.empty();
            }
        }

        private Object coerce(Object v, DataType t) {
            if (isNumeric(t)) {
                if (v instanceof Long || v instanceof BigDecimal || v instanceof Double) {
                    return v; // compared by value, as DuckDB widens both sides
                }
                if (v instanceof String s) {
                    String x = s.trim();
                    if (x.matches("[+-]?\\d{1,18}")) {
                        return Long.parseLong(x);
                    }
                    if (!isIntegral(t) && x.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                        return t instanceof DecimalType ? new BigDecimal(x) : (Object) Double.parseDouble(x);
                    }
                }
                return null;
            }
            if (!(t instanceof PrimitiveType p)) {
                return null;
            }
            switch (p) {
                case STRING:
                    return v instanceof String ? v : null;
                case BOOLEAN:
                    if (v instanceof Boolean) {
                        return v;
                    }
                    if (v instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
                        return Boolean.parseBoolean(s.trim());
                    }
                    return null;
                case DATE:
                    if (v instanceof LocalDate) {
                        return v;
                    }
                    return v instanceof String s ? date(s) : null;
                case TIMESTAMP:
                    if (v instanceof Instant) {
                        return v;
                    }
                    if (v instanceof LocalDate d) {
                        return d.atStartOfDay(zone).toInstant();
                    }
                    if (v instanceof LocalDateTime l) {
                        return l.atZone(zone).toInstant();
                    }
                    if (v instanceof String s) {
                        return TypedValues.parseTimestamp(s).map(ts -> ts.offset() != null ? ts.local().toInstant(ts.offset())
                                : ts.local().atZone(zone).toInstant()).orElse(null);
                    }
                    return null;
                case TIMESTAMP_NTZ:
                    if (v instanceof LocalDateTime) {
                        return v;
                    }
                    if (v instanceof LocalDate d) {
                        return d.atStartOfDay();
                    }
                    if (v instanceof String s) {
                        return TypedValues.parseTimestamp(s).filter(ts -> ts.offset() == null).map(TypedValues.ParsedTimestamp::local)
                                .orElse(null);
                    }
                    return null;
                default:
                    return null;
            }
        }

        /** A literal with the type its own form gives it (for constant comparisons). */
        private Optional<Literal> naturalLiteral(Expr e) {
            return naturalValue(e).map(v -> v == NULL_VALUE ? Literal.NULL : Literal.of(v));
        }

        /**
         * The value a literal node spells in its own type: Long, BigDecimal, Double, String, Boolean, LocalDate, Instant,
         * LocalDateTime, or {@link #NULL_VALUE}; empty when the node is not a literal we can read.
         */
        private Optional<Object> naturalValue(Expr e) {
            if (e instanceof Expr.NullLiteral) {
                return Optional.of(NULL_VALUE);
            }
            if (e instanceof Expr.BooleanLiteral b) {
                return Optional.of(b.value());
            }
            if (e instanceof Expr.StringLiteral s) {
                return Optional.of(s.value());
            }
            if (e instanceof Expr.NumberLiteral n) {
                BigDecimal v = n.value();
                switch (n.kind()) {
                    case INTEGER, BIGINT, SMALLINT, TINYINT:
                        try {
                            return Optional.of(v.longValueExact());
                        } catch (ArithmeticException ex) {
                            return Optional.of(v);
                        }
                    case DOUBLE, FLOAT:
                        return Optional.of(v.doubleValue());
                    default:
                        return Optional.of(v);
                }
            }
            if (e instanceof Expr.TypedLiteral t) {
                switch (t.type()) {
                    case "DATE":
                        return Optional.ofNullable(date(t.value()));
                    case "TIMESTAMP", "TIMESTAMP_LTZ":
                        return TypedValues.parseTimestamp(t.value()).map(ts -> ts.offset() != null
                                ? ts.local().toInstant(ts.offset()) : ts.local().atZone(zone).toInstant());
                    case "TIMESTAMP_NTZ":
                        return TypedValues.parseTimestamp(t.value()).filter(ts -> ts.offset() == null).map(ts -> ts.local());
                    default:
                        return Optional.empty();
                }
            }
            return Optional.empty();
        }

        private LocalDate date(String s) {
            return TypedValues.parseTimestamp(s)
                    .filter(ts -> ts.offset() == null && ts.local().toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                            && s.trim().length() <= 10)
                    .map(ts -> ts.local().toLocalDate()).orElse(null);
        }

        private Unknown unknown(Expr e) {
            Set<Column> columns = new LinkedHashSet<>();
            boolean complete = collect(e, columns);
            String text = source != null && e.span().end() <= source.length() ? e.span().text(source) : e.getClass().getSimpleName();
            return new Unknown(text, List.copyOf(columns), complete);
        }

        /** Collects the table's columns an expression reads; false if it may read something else (subquery, outer column). */
        private boolean collect(Expr e, Set<Column> out) {
            if (e instanceof Expr.ColumnRef ref) {
                Optional<Resolved> r = resolve(ref.parts());
                r.ifPresent(x -> out.add(x.column()));
                return r.isPresent();
            }
            if (e instanceof Expr.Subquery || e instanceof Expr.Exists || e instanceof Expr.InSubquery || e instanceof Expr.Opaque
                    || e instanceof Expr.Star) {
                for (Expr child : e.children()) {
                    collect(child, out);
                }
                return false;
            }
            boolean complete = true;
            for (Expr child : e.children()) {
                complete &= collect(child, out);
            }
            return complete;
        }
    }

    /** Stands for SQL NULL among literal values (Optional cannot hold null). */
    private static final Object NULL_VALUE = new Object();

    private static boolean isNumeric(DataType t) {
        return t instanceof DecimalType || t == PrimitiveType.BYTE || t == PrimitiveType.SHORT || t == PrimitiveType.INTEGER
                || t == PrimitiveType.LONG || t == PrimitiveType.FLOAT || t == PrimitiveType.DOUBLE;
    }

    private static boolean isIntegral(DataType t) {
        return t == PrimitiveType.BYTE || t == PrimitiveType.SHORT || t == PrimitiveType.INTEGER || t == PrimitiveType.LONG;
    }
}
