package io.floe.engine;

import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.PrimitiveType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Converts column values between their logical form (the table's names, what queries see) and their
 * physical form (the names in the data files, which differ under column mapping, also inside structs).
 * {@link #duckdbType} spells the physical type (physical field names); {@link #logicalType} the logical one.
 *
 * <p>DuckDB casts structs by field name (missing fields become NULL, extra ones are dropped), so a plain
 * CAST converts whenever logical and physical names agree; only renamed nested fields need a rebuild.
 */
public final class TypeMapping {
    private TypeMapping() {
    }

    /** The type as DuckDB spells it, with the data files' (physical) field names. */
    public static String duckdbType(DataType t) {
        if (t instanceof StructType s) {
            return "STRUCT(" + s.fields().stream().map(f -> Sql.ident(f.physicalName()) + " " + duckdbType(f.type()))
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (t instanceof ArrayType a) {
            return duckdbType(a.elementType()) + "[]";
        }
        if (t instanceof MapType m) {
            return "MAP(" + duckdbType(m.keyType()) + ", " + duckdbType(m.valueType()) + ")";
        }
        if (t instanceof DecimalType d) {
            return "DECIMAL(" + d.precision() + ", " + d.scale() + ")";
        }
        return switch ((PrimitiveType) t) {
            case BOOLEAN -> "BOOLEAN";
            case BYTE -> "TINYINT";
            case SHORT -> "SMALLINT";
            case INTEGER -> "INTEGER";
            case LONG -> "BIGINT";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case STRING -> "VARCHAR";
            case BINARY -> "BLOB";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMPTZ";
            case TIMESTAMP_NTZ -> "TIMESTAMP";
        };
    }

    /** The DuckDB type with the logical (table) field names. */
    public static String logicalType(DataType t) {
        if (t instanceof StructType s) {
            return "STRUCT(" + s.fields().stream().map(f -> Sql.ident(f.name()) + " " + logicalType(f.type()))
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (t instanceof ArrayType a) {
            return logicalType(a.elementType()) + "[]";
        }
        if (t instanceof MapType m) {
            return "MAP(" + logicalType(m.keyType()) + ", " + logicalType(m.valueType()) + ")";
        }
        return duckdbType(t);
    }

    /** True when some nested struct field has a physical name other than its name. */
    static boolean hasNestedRenames(DataType t) {
        if (t instanceof StructType s) {
            return s.fields().stream().anyMatch(f -> !f.physicalName().equals(f.name()) || hasNestedRenames(f.type()));
        }
        if (t instanceof ArrayType a) {
            return hasNestedRenames(a.elementType());
        }
        if (t instanceof MapType m) {
            return hasNestedRenames(m.keyType()) || hasNestedRenames(m.valueType());
        }
        return false;
    }

    /** SQL turning {@code expr}, a value in file (physical) form, into the logical value of type {@code t}. */
    static String toLogical(String expr, DataType t) {
        return convert(expr, t, true, new AtomicInteger());
    }

    /** SQL turning {@code expr}, a value in logical form, into the physical value written to files. */
    static String toPhysical(String expr, DataType t) {
        return convert(expr, t, false, new AtomicInteger());
    }

    private static String convert(String expr, DataType t, boolean toLogical, AtomicInteger vars) {
        String fromType = toLogical ? duckdbType(t) : logicalType(t);
        String toType = toLogical ? logicalType(t) : duckdbType(t);
        if (!hasNestedRenames(t)) {
            return "CAST(" + expr + " AS " + toType + ")"; // same names on both sides: casting is enough
        }
        // Cast to the source form first (by name: absent nested fields become NULL), then rebuild renamed.
        String src = "CAST(" + expr + " AS " + fromType + ")";
        String x = "__floe_x" + vars.incrementAndGet();
        if (t instanceof StructType s) {
            List<String> parts = new ArrayList<>();
            for (StructField f : s.fields()) {
                String from = toLogical ? f.physicalName() : f.name();
                String to = toLogical ? f.name() : f.physicalName();
                parts.add(Sql.ident(to) + " := " + convert(x + "." + Sql.ident(from), f.type(), toLogical, vars));
            }
            // a one-element list binds the value to a lambda variable, so it is computed once
            return "list_transform([" + src + "], lambda " + x + ": CASE WHEN " + x + " IS NULL THEN NULL ELSE struct_pack("
                    + String.join(", ", parts) + ") END)[1]";
        }
        if (t instanceof ArrayType a) {
            return "list_transform(" + src + ", lambda " + x + ": " + convert(x, a.elementType(), toLogical, vars) + ")";
        }
        MapType m = (MapType) t;
        return "map_from_entries(list_transform(map_entries(" + src + "), lambda " + x + ": struct_pack(key := "
                + convert(x + ".key", m.keyType(), toLogical, vars) + ", value := "
                + convert(x + ".value", m.valueType(), toLogical, vars) + ")))";
    }
}
