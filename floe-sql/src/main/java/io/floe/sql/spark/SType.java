package io.floe.sql.spark;

import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Spark type of an expression as far as the translation can tell ({@link Kind#UNKNOWN} where it cannot): it
 * decides how operators and casts are rendered where DuckDB's rules differ from Spark's.
 */
record SType(Kind kind, int precision, int scale, List<SType> children, List<String> names) {
    enum Kind { UNKNOWN, NULL, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT, DOUBLE, STRING, BINARY, DATE, TIMESTAMP,
        TIMESTAMP_NTZ, INTERVAL_YM, INTERVAL_DT, INTERVAL_DAY, ARRAY, MAP, STRUCT }

    static final SType UNKNOWN = of(Kind.UNKNOWN);
    static final SType NULL = of(Kind.NULL);
    static final SType BOOLEAN = of(Kind.BOOLEAN);
    static final SType TINYINT = of(Kind.TINYINT);
    static final SType SMALLINT = of(Kind.SMALLINT);
    static final SType INT = of(Kind.INT);
    static final SType BIGINT = of(Kind.BIGINT);
    static final SType FLOAT = of(Kind.FLOAT);
    static final SType DOUBLE = of(Kind.DOUBLE);
    static final SType STRING = of(Kind.STRING);
    static final SType BINARY = of(Kind.BINARY);
    static final SType DATE = of(Kind.DATE);
    static final SType TIMESTAMP = of(Kind.TIMESTAMP);
    static final SType TIMESTAMP_NTZ = of(Kind.TIMESTAMP_NTZ);
    static final SType INTERVAL_YM = of(Kind.INTERVAL_YM);
    static final SType INTERVAL_DT = of(Kind.INTERVAL_DT);
    static final SType INTERVAL_DAY = of(Kind.INTERVAL_DAY);

    SType {
        children = List.copyOf(children);
        names = List.copyOf(names);
    }

    static SType of(Kind k) {
        return new SType(k, 0, 0, List.of(), List.of());
    }

    static SType decimal(int p, int s) {
        return new SType(Kind.DECIMAL, Math.min(p, 38), Math.min(s, 38), List.of(), List.of());
    }

    static SType array(SType element) {
        return new SType(Kind.ARRAY, 0, 0, List.of(element), List.of());
    }

    static SType map(SType k, SType v) {
        return new SType(Kind.MAP, 0, 0, List.of(k, v), List.of());
    }

    static SType struct(List<String> names, List<SType> types) {
        return new SType(Kind.STRUCT, 0, 0, types, names);
    }

    /** This type without literal details (a narrowed integer literal is an INT). */
    SType plain() {
        return scale == -1 ? INT : this;
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean known() {
        return kind != Kind.UNKNOWN;
    }

    boolean isIntegral() {
        return kind == Kind.TINYINT || kind == Kind.SMALLINT || kind == Kind.INT || kind == Kind.BIGINT;
    }

    boolean isFractional() {
        return kind == Kind.FLOAT || kind == Kind.DOUBLE;
    }

    boolean isNumeric() {
        return isIntegral() || isFractional() || kind == Kind.DECIMAL;
    }

    boolean isTimestamp() {
        return kind == Kind.TIMESTAMP || kind == Kind.TIMESTAMP_NTZ;
    }

    boolean isInterval() {
        return kind == Kind.INTERVAL_DT || kind == Kind.INTERVAL_YM || kind == Kind.INTERVAL_DAY;
    }

    SType element() {
        return children.isEmpty() ? UNKNOWN : children.get(0);
    }

    SType valueType() {
        return children.size() < 2 ? UNKNOWN : children.get(1);
    }

    /** An integral type as the decimal that holds all its values (Spark's rule for mixed arithmetic). */
    SType asDecimal() {
        return switch (kind) {
            case TINYINT -> decimal(3, 0);
            case SMALLINT -> decimal(5, 0);
            case INT -> scale == -1 ? decimal(precision, 0) : decimal(10, 0);
            case BIGINT -> decimal(20, 0);
            case DECIMAL -> this;
            default -> null;
        };
    }

    private int rank() {
        return switch (kind) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INT -> 3;
            case BIGINT -> 4;
            default -> 0;
        };
    }

    /** The wider of two numeric types by Spark's rules (integral widening, then decimal, then double). */
    static SType wider(SType a, SType b) {
        a = a.plain();
        b = b.plain();
        if (a.is(Kind.NULL)) {
            return b;
        }
        if (b.is(Kind.NULL) || a.equals(b)) {
            return a;
        }
        if (!a.known() || !b.known()) {
            return UNKNOWN;
        }
        if (a.isIntegral() && b.isIntegral()) {
            return a.rank() >= b.rank() ? a : b;
        }
        if (a.isFractional() || b.isFractional()) {
            if (!a.isNumeric() || !b.isNumeric()) {
                return UNKNOWN;
            }
            SType other = a.is(Kind.FLOAT) ? b : a;
            boolean floatOnly = (a.is(Kind.FLOAT) || b.is(Kind.FLOAT)) && (other.is(Kind.FLOAT) || other.is(Kind.TINYINT) || other.is(Kind.SMALLINT));
            return floatOnly ? FLOAT : DOUBLE;
        }
        SType da = a.asDecimal();
        SType db = b.asDecimal();
        if (da != null && db != null) {
            int s = Math.max(da.scale, db.scale);
            int intDigits = Math.max(da.precision - da.scale, db.precision - db.scale);
            return decimal(Math.min(38, intDigits + s), s);
        }
        if (a.is(Kind.STRING) || b.is(Kind.STRING)) {
            return a.is(Kind.STRING) ? b : a;
        }
        if (a.is(Kind.DATE) && b.isTimestamp()) {
            return b;
        }
        if (b.is(Kind.DATE) && a.isTimestamp()) {
            return a;
        }
        return a;
    }

    /** The DuckDB type name. */
    String duck() {
        return switch (kind) {
            case BOOLEAN -> "BOOLEAN";
            case TINYINT -> "TINYINT";
            case SMALLINT -> "SMALLINT";
            case INT -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DECIMAL -> "DECIMAL(" + precision + ", " + scale + ")";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case STRING -> "VARCHAR";
            case BINARY -> "BLOB";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMPTZ";
            case TIMESTAMP_NTZ -> "TIMESTAMP";
            case INTERVAL_YM, INTERVAL_DT, INTERVAL_DAY -> "INTERVAL";
            case ARRAY -> element().duck() + "[]";
            case MAP -> "MAP(" + children.get(0).duck() + ", " + children.get(1).duck() + ")";
            case STRUCT -> {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < children.size(); i++) {
                    parts.add(Translator.ident(names.get(i)) + " " + children.get(i).duck());
                }
                yield "STRUCT(" + String.join(", ", parts) + ")";
            }
            case NULL -> "INTEGER";
            case UNKNOWN -> throw new IllegalStateException("no DuckDB type for an unknown type");
        };
    }

    /** Spark's name of the type, as typeof() prints it. */
    String sparkName() {
        return switch (kind) {
            case NULL -> "void";
            case BOOLEAN -> "boolean";
            case TINYINT -> "tinyint";
            case SMALLINT -> "smallint";
            case INT -> "int";
            case BIGINT -> "bigint";
            case DECIMAL -> "decimal(" + precision + "," + scale + ")";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case STRING -> "string";
            case BINARY -> "binary";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMP_NTZ -> "timestamp_ntz";
            case INTERVAL_YM -> "interval year to month";
            case INTERVAL_DT -> "interval day to second";
            case INTERVAL_DAY -> "interval day";
            case ARRAY -> "array<" + element().sparkName() + ">";
            case MAP -> "map<" + children.get(0).sparkName() + "," + children.get(1).sparkName() + ">";
            case STRUCT -> {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < children.size(); i++) {
                    parts.add(names.get(i) + ":" + children.get(i).sparkName());
                }
                yield "struct<" + String.join(",", parts) + ">";
            }
            case UNKNOWN -> throw SparkSqlException.unsupported("typeof() of an expression whose type Floe cannot tell");
        };
    }

    /** A type as written in CAST or a column list. */
    static SType of(Ast.TypeSpec t) {
        String n = t.name();
        List<Integer> p = t.params();
        return switch (n) {
            case "boolean", "bool" -> BOOLEAN;
            case "tinyint", "byte" -> TINYINT;
            case "smallint", "short" -> SMALLINT;
            case "int", "integer", "int4" -> INT;
            case "bigint", "long", "int8" -> BIGINT;
            case "float", "real" -> FLOAT;
            case "double" -> DOUBLE;
            case "decimal", "dec", "numeric" -> decimal(p.isEmpty() ? 10 : p.get(0), p.size() < 2 ? 0 : p.get(1));
            case "string", "varchar", "char", "text" -> STRING;
            case "binary", "blob", "bytea" -> BINARY;
            case "date" -> DATE;
            case "timestamp", "timestamp_ltz", "timestamptz" -> TIMESTAMP;
            case "timestamp_ntz" -> TIMESTAMP_NTZ;
            case "array" -> array(of(t.children().get(0)));
            case "map" -> map(of(t.children().get(0)), of(t.children().get(1)));
            case "struct" -> struct(t.fieldNames(), t.children().stream().map(SType::of).toList());
            default -> {
                if (n.startsWith("interval")) {
                    yield n.contains("year") || n.contains("month") ? INTERVAL_YM : n.equals("interval day") ? INTERVAL_DAY : INTERVAL_DT;
                }
                throw SparkSqlException.unsupported("type " + n.toUpperCase(Locale.ROOT));
            }
        };
    }

    /** A column type of a Floe table. */
    static SType of(DataType t) {
        if (t instanceof DecimalType d) {
            return decimal(d.precision(), d.scale());
        }
        if (t instanceof ArrayType a) {
            return array(of(a.elementType()));
        }
        if (t instanceof MapType m) {
            return map(of(m.keyType()), of(m.valueType()));
        }
        if (t instanceof StructType s) {
            return struct(s.fields().stream().map(StructField::name).toList(), s.fields().stream().map(f -> of(f.type())).toList());
        }
        if (t instanceof PrimitiveType p) {
            return switch (p) {
                case BOOLEAN -> BOOLEAN;
                case BYTE -> TINYINT;
                case SHORT -> SMALLINT;
                case INTEGER -> INT;
                case LONG -> BIGINT;
                case FLOAT -> FLOAT;
                case DOUBLE -> DOUBLE;
                case STRING -> STRING;
                case BINARY -> BINARY;
                case DATE -> DATE;
                case TIMESTAMP -> TIMESTAMP;
                case TIMESTAMP_NTZ -> TIMESTAMP_NTZ;
                default -> UNKNOWN;
            };
        }
        return UNKNOWN;
    }

    /** The type of a field of a struct, or UNKNOWN. */
    SType field(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return children.get(i);
            }
        }
        return UNKNOWN;
    }
}
