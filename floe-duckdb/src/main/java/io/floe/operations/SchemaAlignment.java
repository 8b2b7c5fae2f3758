package io.floe.operations;

import io.floe.engine.Sql;
import io.floe.engine.TypeMapping;
import io.floe.table.FloeException;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Schema enforcement for writes: maps the columns of incoming rows onto the table's columns (by
 * position, or by name when the statement lists columns), refuses missing/extra columns and
 * unsafe type changes with errors naming the column, and — with mergeSchema — adds new columns.
 */
public final class SchemaAlignment {
    /** The rows to write as {@code sql} (table's logical column names, in schema order) and the schema to write with. */
    public record Aligned(String sql, StructType schema, boolean schemaChanged) {
    }

    private SchemaAlignment() {
    }

    /**
     * @param relation       a table or parenthesized query holding the incoming rows
     * @param targetColumns  the statement's column list, or null for all columns by position
     */
    public static Aligned align(Connection c, String table, String relation, StructType schema, List<String> targetColumns,
                                boolean mergeSchema) {
        List<String[]> in = Sql.describe(c, "SELECT * FROM " + relation);
        Map<String, String> exprs = new LinkedHashMap<>(); // table column (lower) -> expression
        List<StructField> fields = new ArrayList<>(schema.fields());
        boolean changed = false;
        if (targetColumns == null) {
            if (in.size() < schema.fields().size() || (in.size() > schema.fields().size() && !mergeSchema)) {
                throw new SchemaMismatchException("cannot write to table " + table + ": it has " + schema.fields().size()
                        + " columns " + schema.fieldNames() + " but the data has " + in.size() + " "
                        + in.stream().map(x -> x[0]).toList()
                        + (in.size() > schema.fields().size() ? " (set the table property or write option mergeSchema to add columns)" : ""));
            }
            for (int i = 0; i < in.size(); i++) {
                if (i < schema.fields().size()) {
                    StructField f = schema.fields().get(i);
                    exprs.put(f.name().toLowerCase(Locale.ROOT), cast(table, Sql.ident(in.get(i)[0]), in.get(i), f));
                } else {
                    String name = in.get(i)[0];
                    if (schema.field(name).isPresent()) {
                        throw new SchemaMismatchException("cannot add column " + name + " to table " + table + ": it exists");
                    }
                    StructField nf = new StructField(name, DuckTypes.toDataType(in.get(i)[1]), true);
                    fields.add(nf);
                    exprs.put(name.toLowerCase(Locale.ROOT), Sql.ident(name));
                    changed = true;
                }
            }
        } else {
            if (targetColumns.size() != in.size()) {
                throw new SchemaMismatchException("cannot write to table " + table + ": " + targetColumns.size()
                        + " columns listed " + targetColumns + " but the data has " + in.size());
            }
            for (int i = 0; i < targetColumns.size(); i++) {
                String name = targetColumns.get(i);
                var f = schema.field(name);
                if (f.isEmpty()) {
                    if (!mergeSchema) {
                        throw new SchemaMismatchException("table " + table + " has no column " + name + " (columns: "
                                + schema.fieldNames() + ")");
                    }
                    StructField nf = new StructField(name, DuckTypes.toDataType(in.get(i)[1]), true);
                    fields.add(nf);
                    exprs.put(name.toLowerCase(Locale.ROOT), Sql.ident(in.get(i)[0]));
                    changed = true;
                } else {
                    if (exprs.containsKey(f.get().name().toLowerCase(Locale.ROOT))) {
                        throw new SchemaMismatchException("column " + name + " is listed twice");
                    }
                    exprs.put(f.get().name().toLowerCase(Locale.ROOT), cast(table, Sql.ident(in.get(i)[0]), in.get(i), f.get()));
                }
            }
        }
        StructType out = new StructType(fields);
        List<String> select = new ArrayList<>();
        for (StructField f : out.fields()) {
            String e = exprs.get(f.name().toLowerCase(Locale.ROOT));
            if (e == null) {
                if (!f.nullable()) {
                    throw new SchemaMismatchException("cannot write to table " + table + ": NOT NULL column " + f.name()
                            + " is missing from the data");
                }
                e = "CAST(NULL AS " + TypeMapping.logicalType(f.type()) + ")";
            }
            select.add(e + " AS " + Sql.ident(f.name()));
        }
        return new Aligned("(SELECT " + String.join(", ", select) + " FROM " + relation + ")", out, changed);
    }

    private static String cast(String table, String expr, String[] in, StructField target) {
        DataType from;
        try {
            from = in[1].equalsIgnoreCase("\"NULL\"") || in[1].equalsIgnoreCase("NULL") ? null : DuckTypes.toDataType(in[1]);
        } catch (IllegalArgumentException e) {
            throw new SchemaMismatchException("cannot write column " + in[0] + " of type " + in[1] + " to " + target.name()
                    + " " + target.type().simpleString() + " of table " + table + ": " + e.getMessage());
        }
        if (from != null && !compatible(from, target.type())) {
            throw new SchemaMismatchException("cannot write " + from.simpleString() + " data (column " + in[0] + ") into column "
                    + target.name() + " " + target.type().simpleString() + " of table " + table);
        }
        // the rows carry logical names (struct members too); the writer turns them into the files' physical names
        return "CAST(" + expr + " AS " + TypeMapping.logicalType(target.type()) + ")";
    }

    /** Spark's ANSI store assignment, roughly: numeric widening/narrowing with overflow checks, text to dates, anything to text. */
    static boolean compatible(DataType from, DataType to) {
        if (from.equals(to) || to == PrimitiveType.STRING && !(from instanceof StructType || from instanceof MapType || from instanceof ArrayType)) {
            return true;
        }
        if (isNumeric(from) && isNumeric(to)) {
            return true;
        }
        if (from == PrimitiveType.STRING) {
            return to == PrimitiveType.DATE || to == PrimitiveType.TIMESTAMP || to == PrimitiveType.TIMESTAMP_NTZ
                    || to == PrimitiveType.BINARY;
        }
        if (isTime(from) && isTime(to)) {
            return true;
        }
        if (from instanceof ArrayType a && to instanceof ArrayType b) {
            return compatible(a.elementType(), b.elementType());
        }
        if (from instanceof MapType a && to instanceof MapType b) {
            return compatible(a.keyType(), b.keyType()) && compatible(a.valueType(), b.valueType());
        }
        if (from instanceof StructType a && to instanceof StructType b) {
            if (a.fields().size() != b.fields().size()) {
                return false;
            }
            for (int i = 0; i < a.fields().size(); i++) {
                if (!compatible(a.fields().get(i).type(), b.fields().get(i).type())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean isNumeric(DataType t) {
        return t instanceof DecimalType || t == PrimitiveType.BYTE || t == PrimitiveType.SHORT || t == PrimitiveType.INTEGER
                || t == PrimitiveType.LONG || t == PrimitiveType.FLOAT || t == PrimitiveType.DOUBLE;
    }

    private static boolean isTime(DataType t) {
        return t == PrimitiveType.DATE || t == PrimitiveType.TIMESTAMP || t == PrimitiveType.TIMESTAMP_NTZ;
    }

    /** The data does not fit the table's schema; names the column. Nothing was written. */
    public static final class SchemaMismatchException extends FloeException {
        public SchemaMismatchException(String message) {
            super(message);
        }
    }
}
