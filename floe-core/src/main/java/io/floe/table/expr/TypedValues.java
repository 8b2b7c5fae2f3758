package io.floe.table.expr;

import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values in the Java classes {@link Literal} uses: parsing them from the text forms table metadata uses, and
 * comparing them the way SQL engines (Spark, DuckDB) do.
 */
public final class TypedValues {
    // "2024-01-01", "2024-01-01 10:00", "2024-01-01T10:00:00.123456", each optionally with "Z" or an offset
    private static final Pattern TIMESTAMP = Pattern.compile(
            "([+-]?\\d{4,})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{0,9}))?)?)?"
                    + "\\s*(Z|UTC|[+-]\\d{1,2}(?::?\\d{2})?(?::?\\d{2})?)?");

    private TypedValues() {
    }

    /** A timestamp as written: its local date-time and, when the text had one, its offset from UTC. */
    public record ParsedTimestamp(LocalDateTime local, ZoneOffset offset) {
        /** The instant, reading a zone-less value in {@code defaultOffset}. */
        public Instant toInstant(ZoneOffset defaultOffset) {
            return local.toInstant(offset == null ? defaultOffset : offset);
        }
    }

    /** Parses "yyyy-MM-dd[( |T)HH:mm[:ss[.fffffffff]]][Z|±hh[:mm]]"; empty when the text is not such a timestamp. */
    public static Optional<ParsedTimestamp> parseTimestamp(String text) {
        Matcher m = TIMESTAMP.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            LocalTime time = LocalTime.MIDNIGHT;
            if (m.group(4) != null) {
                int nanos = 0;
                if (m.group(7) != null && !m.group(7).isEmpty()) {
                    nanos = Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
                }
                time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
            }
            ZoneOffset offset = null;
            String z = m.group(8);
            if (z != null) {
                offset = z.equals("Z") || z.equals("UTC") ? ZoneOffset.UTC : ZoneOffset.of(normalizeOffset(z));
            }
            return Optional.of(new ParsedTimestamp(LocalDateTime.of(date, time), offset));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String normalizeOffset(String z) {
        String sign = z.substring(0, 1);
        String digits = z.substring(1).replace(":", "");
        if (digits.length() == 1) {
            digits = "0" + digits;
        }
        StringBuilder sb = new StringBuilder(sign).append(digits, 0, 2);
        for (int i = 2; i + 2 <= digits.length(); i += 2) {
            sb.append(':').append(digits, i, i + 2);
        }
        return sb.toString();
    }

    /**
     * A partition value as the Delta protocol serializes it, read as a value of {@code type}: numbers in decimal
     * text, booleans as true/false, dates as yyyy-MM-dd, timestamps as "yyyy-MM-dd HH:mm:ss[.ffffff]" (read as UTC,
     * as Floe's data plane reads them) or ISO-8601 with an offset. Null and "" are NULL (returned as null).
     *
     * @throws IllegalArgumentException if the text is not a value of that type, or the type has no literal form here
     */
    public static Object parsePartitionValue(String serialized, DataType type) {
        if (serialized == null || serialized.isEmpty()) {
            return null;
        }
        String s = serialized.trim();
        try {
            if (type instanceof DecimalType) {
                return new BigDecimal(s);
            }
            if (type instanceof PrimitiveType p) {
                switch (p) {
                    case BYTE, SHORT, INTEGER, LONG:
                        return Long.parseLong(s);
                    case FLOAT, DOUBLE:
                        return Double.parseDouble(s);
                    case STRING:
                        return serialized;
                    case BOOLEAN:
                        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                            return Boolean.parseBoolean(s);
                        }
                        break;
                    case DATE:
                        return LocalDate.parse(s);
                    case TIMESTAMP: {
                        Optional<ParsedTimestamp> t = parseTimestamp(s);
                        if (t.isPresent()) {
                            return t.get().toInstant(ZoneOffset.UTC);
                        }
                        break;
                    }
                    case TIMESTAMP_NTZ: {
                        Optional<ParsedTimestamp> t = parseTimestamp(s);
                        if (t.isPresent() && t.get().offset() == null) {
                            return t.get().local();
                        }
                        break;
                    }
                    default:
                        break;
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a " + type.simpleString() + " partition value: '" + serialized + "'", e);
        }
        throw new IllegalArgumentException("not a " + type.simpleString() + " partition value: '" + serialized + "'");
    }

    /** Thrown by {@link #compare} for values of kinds that do not compare (a string and a date, …). */
    public static final class IncomparableException extends RuntimeException {
        IncomparableException(Object a, Object b) {
            super("cannot compare " + a.getClass().getSimpleName() + " with " + b.getClass().getSimpleName(), null, false, false);
        }
    }

    /**
     * Compares two non-null values as Spark and DuckDB do: numbers by value across Long/BigDecimal/Double (in the
     * double domain when either is a double, NaN above every number and equal to itself, -0.0 equal to 0.0),
     * strings by code point (UTF-8 byte order, as Parquet statistics are ordered), false before true, and dates,
     * instants and local date-times chronologically.
     *
     * @throws IncomparableException for values of different kinds
     */
    public static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof LocalDate x && b instanceof LocalDate y) {
            return x.compareTo(y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
            return x.compareTo(y);
        }
        throw new IncomparableException(a, b);
    }

    private static int compareNumbers(Number a, Number b) {
        if (a instanceof Double || b instanceof Double || a instanceof Float || b instanceof Float) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
            }
            return x < y ? -1 : x > y ? 1 : 0; // not Double.compare: -0.0 equals 0.0 in SQL
        }
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return toBigDecimal(a).compareTo(toBigDecimal(b));
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof java.math.BigInteger i) {
            return new BigDecimal(i);
        }
        if (isIntegral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(n.doubleValue());
    }

    /** Orders strings by code point, which is the order of their UTF-8 bytes. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * The least string greater than every string that starts with {@code prefix} (its last code point raised by
     * one, dropping trailing maximal code points), or empty if there is none.
     */
    public static Optional<String> prefixSuccessor(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            int next = cps[i] + 1;
            if (next == Character.MIN_SURROGATE) {
                next = Character.MAX_SURROGATE + 1; // surrogates are not characters
            }
            if (next <= Character.MAX_CODE_POINT) {
                cps[i] = next;
                return Optional.of(new String(cps, 0, i + 1));
            }
        }
        return Optional.empty();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
