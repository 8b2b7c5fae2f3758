package io.floe.table.expr;

import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * A constant. Values are held in one Java class per kind of type, so that comparisons need no guessing:
 * <ul>
 *   <li>tinyint, smallint, int, bigint: {@link Long}</li>
 *   <li>float, double: {@link Double}</li>
 *   <li>decimal: {@link BigDecimal}</li>
 *   <li>string: {@link String}; boolean: {@link Boolean}</li>
 *   <li>date: {@link LocalDate}; timestamp (UTC-adjusted): {@link Instant}; timestamp_ntz: {@link LocalDateTime}</li>
 * </ul>
 * A null {@code value} is SQL NULL (its type may then be null too). Other types (binary, nested) are not
 * literals here: a converter turns them into {@link Unknown}.
 */
public record Literal(Object value, DataType type) implements Expression {
    public static final Literal TRUE = new Literal(Boolean.TRUE, PrimitiveType.BOOLEAN);
    public static final Literal FALSE = new Literal(Boolean.FALSE, PrimitiveType.BOOLEAN);
    public static final Literal NULL = new Literal(null, null);

    public Literal {
        if (value != null) {
            value = normalize(value);
            if (type == null) {
                type = inferType(value);
            }
            checkKind(value, type);
        }
    }

    /** A literal of the natural type of {@code value} (Long → bigint, BigDecimal → its own precision/scale, …). */
    public static Literal of(Object value) {
        return new Literal(value, null);
    }

    public static Literal ofNull(DataType type) {
        return new Literal(null, type);
    }

    public boolean isNull() {
        return value == null;
    }

    private static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        return v;
    }

    private static DataType inferType(Object v) {
        if (v instanceof Long) {
            return PrimitiveType.LONG;
        }
        if (v instanceof Double) {
            return PrimitiveType.DOUBLE;
        }
        if (v instanceof BigDecimal d) {
            int scale = Math.max(0, d.scale());
            int precision = Math.max(d.precision() - d.scale() + scale, scale == 0 ? 1 : scale);
            return new DecimalType(Math.min(38, Math.max(precision, 1)), Math.min(scale, 38));
        }
        if (v instanceof String) {
            return PrimitiveType.STRING;
        }
        if (v instanceof Boolean) {
            return PrimitiveType.BOOLEAN;
        }
        if (v instanceof LocalDate) {
            return PrimitiveType.DATE;
        }
        if (v instanceof Instant) {
            return PrimitiveType.TIMESTAMP;
        }
        if (v instanceof LocalDateTime) {
            return PrimitiveType.TIMESTAMP_NTZ;
        }
        throw new IllegalArgumentException("not a literal value: " + v.getClass().getName());
    }

    private static void checkKind(Object v, DataType t) {
        Class<?> expected;
        if (t instanceof DecimalType) {
            expected = BigDecimal.class;
        } else if (t instanceof PrimitiveType p) {
            expected = switch (p) {
                case BYTE, SHORT, INTEGER, LONG -> Long.class;
                case FLOAT, DOUBLE -> Double.class;
                case STRING -> String.class;
                case BOOLEAN -> Boolean.class;
                case DATE -> LocalDate.class;
                case TIMESTAMP -> Instant.class;
                case TIMESTAMP_NTZ -> LocalDateTime.class;
                case BINARY -> null;
            };
        } else {
            expected = null;
        }
        if (expected == null || !expected.isInstance(v)) {
            throw new IllegalArgumentException("a " + t.simpleString() + " literal cannot hold " + v.getClass().getSimpleName()
                    + " " + v);
        }
    }

    @Override
    public String toString() {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (value instanceof LocalDate d) {
            return "DATE '" + d + "'";
        }
        if (value instanceof Instant i) {
            return "TIMESTAMP '" + i + "'";
        }
        if (value instanceof LocalDateTime l) {
            return "TIMESTAMP_NTZ '" + l + "'";
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }
}
