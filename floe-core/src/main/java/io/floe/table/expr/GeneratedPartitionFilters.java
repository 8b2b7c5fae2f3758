package io.floe.table.expr;

import io.floe.table.GeneratedColumns;
import io.floe.types.DataType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Partition pruning through generated partition columns (Delta's optimizable partition expressions): a table partitioned
 * by {@code d DATE GENERATED ALWAYS AS (CAST(ts AS DATE))} is pruned by a filter on {@code ts}, because a condition
 * {@code ts >= X} implies {@code d >= CAST(X AS DATE)}. The implied bounds are added to the predicate (ANDed, so they
 * never keep a file the predicate skips nor skip one it may match). The common monotonic forms are recognised:
 * {@code CAST(c AS DATE)}, {@code to_date(c)}, {@code date(c)}, {@code year(c)} and {@code date_format(c, 'yyyy-MM')}
 * (also {@code 'yyyy-MM-dd'}, {@code 'yyyyMM'}, {@code 'yyyyMMdd'}, {@code 'yyyy'}). A TIMESTAMP source is converted in
 * the writer's session time zone, which the metadata does not record: its bounds are widened by a day either way.
 */
final class GeneratedPartitionFilters {
    private static final String COL = "`?([A-Za-z_][A-Za-z0-9_]*)`?";
    private static final Pattern CAST_DATE = Pattern.compile("(?i)CAST\\s*\\(\\s*" + COL + "\\s+AS\\s+DATE\\s*\\)");
    private static final Pattern TO_DATE = Pattern.compile("(?i)(?:to_date|date)\\s*\\(\\s*" + COL + "\\s*\\)");
    private static final Pattern YEAR = Pattern.compile("(?i)year\\s*\\(\\s*" + COL + "\\s*\\)");
    private static final Pattern DATE_FORMAT = Pattern.compile("(?i)date_format\\s*\\(\\s*" + COL
            + "\\s*,\\s*'(yyyy-MM|yyyy-MM-dd|yyyyMM|yyyyMMdd|yyyy)'\\s*\\)");
    private static final Duration ZONE_SLACK = Duration.ofDays(1);

    /** A generated partition column {@code partition} = f({@code source}), f monotonic non-decreasing. */
    private record Derivation(String partition, String source, DataType sourceType, Function<LocalDateTime, Literal> f) {
    }

    private GeneratedPartitionFilters() {
    }

    /** The predicate with the bounds it implies on generated partition columns; the predicate itself when none. */
    static Expression augment(Expression predicate, StructType schema, Set<String> partitionColumns) {
        List<Derivation> derivations = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (partitionColumns.contains(f.name().toLowerCase(Locale.ROOT))) {
                GeneratedColumns.expression(f).flatMap(e -> derivation(f, e, schema)).ifPresent(derivations::add);
            }
        }
        if (derivations.isEmpty()) {
            return predicate;
        }
        List<Expression> implied = new ArrayList<>();
        for (Expression term : Expressions.conjuncts(predicate)) {
            if (!(term instanceof Comparison c)) {
                continue;
            }
            ComparisonOp op = c.op();
            Column col;
            Literal lit;
            if (c.left() instanceof Column l && c.right() instanceof Literal r) {
                col = l;
                lit = r;
            } else if (c.right() instanceof Column r && c.left() instanceof Literal l) {
                col = r;
                lit = l;
                op = flip(op);
            } else {
                continue;
            }
            if (col.path().size() != 1 || lit.isNull()) {
                continue;
            }
            for (Derivation d : derivations) {
                if (!d.source().equalsIgnoreCase(col.name())) {
                    continue;
                }
                Column target = Column.of(d.partition());
                boolean lower = op == ComparisonOp.GT || op == ComparisonOp.GE || op == ComparisonOp.EQ || op == ComparisonOp.NULL_SAFE_EQ;
                boolean upper = op == ComparisonOp.LT || op == ComparisonOp.LE || op == ComparisonOp.EQ || op == ComparisonOp.NULL_SAFE_EQ;
                if (lower) {
                    value(lit.value(), d.sourceType(), false).map(d.f())
                            .ifPresent(v -> implied.add(Comparison.of(target, ComparisonOp.GE, v)));
                }
                if (upper) {
                    value(lit.value(), d.sourceType(), true).map(d.f())
                            .ifPresent(v -> implied.add(Comparison.of(target, ComparisonOp.LE, v)));
                }
            }
        }
        if (implied.isEmpty()) {
            return predicate;
        }
        List<Expression> all = new ArrayList<>();
        all.add(predicate);
        all.addAll(implied);
        return And.of(all);
    }

    private static ComparisonOp flip(ComparisonOp op) {
        return switch (op) {
            case LT -> ComparisonOp.GT;
            case LE -> ComparisonOp.GE;
            case GT -> ComparisonOp.LT;
            case GE -> ComparisonOp.LE;
            default -> op;
        };
    }

    private static Optional<Derivation> derivation(StructField partition, String expression, StructType schema) {
        String e = expression.trim();
        Matcher m;
        Function<LocalDateTime, Literal> f = null;
        String source = null;
        if ((m = CAST_DATE.matcher(e)).matches() || (m = TO_DATE.matcher(e)).matches()) {
            if (partition.type() == PrimitiveType.DATE) {
                source = m.group(1);
                f = t -> new Literal(t.toLocalDate(), PrimitiveType.DATE);
            }
        } else if ((m = YEAR.matcher(e)).matches()) {
            if (partition.type() == PrimitiveType.INTEGER || partition.type() == PrimitiveType.LONG) {
                source = m.group(1);
                f = t -> new Literal((long) t.getYear(), partition.type());
            }
        } else if ((m = DATE_FORMAT.matcher(e)).matches()) {
            if (partition.type() == PrimitiveType.STRING) {
                source = m.group(1);
                DateTimeFormatter fmt = DateTimeFormatter.ofPattern(m.group(2), Locale.ROOT);
                // four-digit years only: their strings sort as the dates do
                f = t -> t.getYear() < 1000 || t.getYear() > 9999 ? null : new Literal(t.format(fmt), PrimitiveType.STRING);
            }
        }
        if (source == null) {
            return Optional.empty();
        }
        Optional<StructField> src = schema.field(source);
        if (src.isEmpty() || !(src.get().type() == PrimitiveType.TIMESTAMP || src.get().type() == PrimitiveType.TIMESTAMP_NTZ
                || src.get().type() == PrimitiveType.DATE)) {
            return Optional.empty();
        }
        return Optional.of(new Derivation(partition.name(), src.get().name(), src.get().type(), f));
    }

    /**
     * The local date-time to bound the generated value from, for a literal compared with the source column: the value
     * itself for DATE and TIMESTAMP_NTZ sources, a day beyond it (in the bound's direction) for TIMESTAMP ones.
     */
    private static Optional<LocalDateTime> value(Object v, DataType sourceType, boolean upper) {
        LocalDateTime t;
        boolean zoned = sourceType == PrimitiveType.TIMESTAMP;
        if (v instanceof Instant i) {
            t = LocalDateTime.ofInstant(i, ZoneOffset.UTC);
            zoned = true;
        } else if (v instanceof LocalDateTime l) {
            t = l;
        } else if (v instanceof LocalDate d) {
            t = d.atStartOfDay();
        } else if (v instanceof String s) {
            TypedValues.ParsedTimestamp p = TypedValues.parseTimestamp(s).orElse(null);
            if (p == null) {
                return Optional.empty();
            }
            t = p.offset() == null ? p.local() : LocalDateTime.ofInstant(p.toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        } else {
            return Optional.empty();
        }
        if (zoned) {
            t = upper ? t.plus(ZONE_SLACK) : t.minus(ZONE_SLACK);
        }
        return Optional.of(t);
    }
}
