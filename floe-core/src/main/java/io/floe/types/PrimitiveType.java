package io.floe.types;

import java.util.Locale;
import java.util.Optional;

/** The atomic types of the Delta protocol. */
public enum PrimitiveType implements DataType {
    BOOLEAN("boolean"),
    BYTE("byte"),
    SHORT("short"),
    INTEGER("integer"),
    LONG("long"),
    FLOAT("float"),
    DOUBLE("double"),
    STRING("string"),
    BINARY("binary"),
    DATE("date"),
    /** Microseconds since the epoch, UTC-adjusted (Spark's TIMESTAMP). */
    TIMESTAMP("timestamp"),
    /** Microseconds since the epoch, no time zone (Spark's TIMESTAMP_NTZ). */
    TIMESTAMP_NTZ("timestamp_ntz");

    private final String name;

    PrimitiveType(String name) {
        this.name = name;
    }

    @Override
    public String simpleString() {
        return name;
    }

    @Override
    public String sqlString() {
        return switch (this) {
            case BYTE -> "tinyint";
            case SHORT -> "smallint";
            case INTEGER -> "int";
            case LONG -> "bigint";
            default -> name;
        };
    }


    /** Parses a Delta/Spark primitive type name, accepting the SQL aliases (int, bigint, tinyint, …). */
    public static Optional<PrimitiveType> parse(String s) {
        return Optional.ofNullable(switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "boolean", "bool" -> BOOLEAN;
            case "byte", "tinyint" -> BYTE;
            case "short", "smallint" -> SHORT;
            case "integer", "int" -> INTEGER;
            case "long", "bigint" -> LONG;
            case "float", "real" -> FLOAT;
            case "double" -> DOUBLE;
            case "string", "varchar", "text" -> STRING;
            case "binary", "blob" -> BINARY;
            case "date" -> DATE;
            case "timestamp", "timestamp_ltz" -> TIMESTAMP;
            case "timestamp_ntz" -> TIMESTAMP_NTZ;
            default -> null;
        });
    }

    @Override
    public String toString() {
        return name;
    }
}
