package io.floe.engine;

import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;

/**
 * Partition values as the Delta protocol serializes them (strings in the log) and as Hive-style
 * directory names (Spark's escaping), plus the DuckDB SQL that converts between values and that form.
 */
public final class PartitionValues {
    /** Spark's directory name for a null partition value. */
    public static final String HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";

    private PartitionValues() {
    }

    /**
     * DuckDB SQL giving the protocol's string form of {@code expr} of type {@code t} (NULL stays NULL).
     * Timestamps are written adjusted to UTC in ISO-8601 form with microseconds, as the protocol recommends
     * to modern writers: unlike the zone-less form, no reader can mistake them for another zone's time.
     */
    public static String serializeSql(String expr, DataType t) {
        if (t == PrimitiveType.TIMESTAMP) {
            return "strftime(timezone('UTC', " + expr + "), '%Y-%m-%dT%H:%M:%S.%fZ')";
        }
        if (t == PrimitiveType.TIMESTAMP_NTZ) {
            return "strftime(" + expr + ", '%Y-%m-%d %H:%M:%S.%f')";
        }
        if (t == PrimitiveType.BINARY) {
            return "decode(" + expr + ")"; // the bytes as characters; fails on bytes that are not UTF-8
        }
        return "CAST(" + expr + " AS VARCHAR)";
    }

    /** DuckDB SQL turning a serialized partition value (a VARCHAR expression) back into a value of type {@code t}. */
    public static String deserializeSql(String varcharExpr, DataType t) {
        if (t == PrimitiveType.STRING) {
            return varcharExpr;
        }
        if (t == PrimitiveType.BINARY) {
            return "encode(" + varcharExpr + ")";
        }
        // TIMESTAMPTZ parses "2024-01-01 10:00:00[.ffffff]" (in the session zone, UTC) and ISO "…T…Z" alike.
        return "CAST(" + varcharExpr + " AS " + TypeMapping.duckdbType(t) + ")";
    }

    /**
     * A typed DuckDB constant for a neutral partition value ({@link io.floe.table.DataFile#partitionValues()}).
     */
    public static String literal(Object value, DataType t) {
        if (value == null) {
            return "CAST(NULL AS " + TypeMapping.duckdbType(t) + ")";
        }
        if (value instanceof byte[] b) {
            return "from_hex(" + Sql.literal(java.util.HexFormat.of().formatHex(b)) + ")";
        }
        String text;
        if (value instanceof java.time.LocalDateTime ldt) {
            text = LOCAL_MICROS.format(ldt);
        } else if (value instanceof java.math.BigDecimal d) {
            text = d.toPlainString();
        } else {
            text = value.toString(); // LocalDate, Instant (ISO-8601 with Z), numbers, booleans, strings
        }
        if (t == PrimitiveType.STRING) {
            return Sql.literal(text);
        }
        return "CAST(" + Sql.literal(text) + " AS " + TypeMapping.duckdbType(t) + ")";
    }

    private static final java.time.format.DateTimeFormatter LOCAL_MICROS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** The typed value of a partition key as {@link #serializeSql} wrote it (null for the null forms). */
    public static Object parse(String serialized, DataType t) {
        if (isNull(serialized)) {
            return null;
        }
        if (t == PrimitiveType.BINARY) {
            return serialized.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return io.floe.table.expr.TypedValues.parsePartitionValue(serialized, t);
    }

    /** True for the forms a null partition value takes in logs and directory names. */
    public static boolean isNull(String serialized) {
        return serialized == null || serialized.isEmpty() || serialized.equals(HIVE_NULL);
    }

    /** Spark's escaping of a partition value in a directory name; null becomes __HIVE_DEFAULT_PARTITION__. */
    public static String escapePathName(String value) {
        if (value == null || value.isEmpty()) {
            return HIVE_NULL;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0) {
                sb.append('%').append(String.format("%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Reverses {@link #escapePathName}: "%2F" → "/", {@value #HIVE_NULL} → null. */
    public static String unescapePathName(String name) {
        if (name.equals(HIVE_NULL)) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length() && isHex(name.charAt(i + 1)) && isHex(name.charAt(i + 2))) {
                sb.append((char) Integer.parseInt(name.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
