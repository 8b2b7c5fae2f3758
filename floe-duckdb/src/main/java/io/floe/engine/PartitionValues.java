package io.floe.engine;

import io.floe.types.DataType;
import io.floe.types.PrimitiveType;

/**
 * Partition values as the Delta protocol serializes them (strings in the log) and as Hive-style
 * directory names (Spark's escaping), plus the DuckDB SQL that turns a column into its serialized form.
 */
public final class PartitionValues {
    /** Spark's directory name for a null partition value. */
    public static final String HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";

    private PartitionValues() {
    }

    /** DuckDB SQL giving the protocol's string form of {@code expr} of type {@code t} (NULL stays NULL). */
    public static String serializeSql(String expr, DataType t) {
        if (t == PrimitiveType.TIMESTAMP || t == PrimitiveType.TIMESTAMP_NTZ) {
            // microseconds kept; the session time zone is UTC, as the protocol wants
            return "strftime(" + expr + ", '%Y-%m-%d %H:%M:%S.%f')";
        }
        if (t == PrimitiveType.BINARY) {
            return "decode(" + expr + ")";
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
        if (t == PrimitiveType.TIMESTAMP) {
            // Both "2024-01-01 10:00:00[.ffffff]" (UTC) and ISO "…T…Z" forms parse as TIMESTAMPTZ.
            return "CAST(" + varcharExpr + " AS TIMESTAMPTZ)";
        }
        return "CAST(" + varcharExpr + " AS " + t.duckdbType() + ")";
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
}
