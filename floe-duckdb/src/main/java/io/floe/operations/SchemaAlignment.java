package io.floe.operations;

import io.floe.dataplane.DataPlane;
import io.floe.engine.Sql;
import io.floe.table.GeneratedColumns;
import io.floe.table.IdentityColumn;
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
        return align(null, c, table, relation, schema, targetColumns, mergeSchema);
    }

    /**
     * Also computes the columns the table computes when the rows do not supply them: generated columns from their
     * expression (Spark SQL, translated by {@code engine}), identity columns as the next values of their sequence. Rows
     * given by position may leave out exactly the computed columns. A value supplied for a GENERATED ALWAYS identity
     * column is refused; supplied generated values are checked later, with the constraints ({@link Constraints}).
     *
     * @param engine the data plane whose dialect stored expressions are translated to; null when the table has no
     *               generated column
     */
    public static Aligned align(DataPlane engine, Connection c, String table, String relation, StructType schema,
                                List<String> targetColumns, boolean mergeSchema) {
        List<String[]> in = Sql.describe(c, "SELECT * FROM " + relation);
        Map<String, String> exprs = new LinkedHashMap<>(); // table column (lower) -> expression
        List<StructField> fields = new ArrayList<>(schema.fields());
        boolean changed = false;
        List<StructField> userFields = schema.fields().stream().filter(f -> !GeneratedColumns.computed(f)).toList();
        if (targetColumns == null && in.size() == userFields.size() && userFields.size() < schema.fields().size()) {
            // VALUES for the columns the writer supplies, in order; the table computes the others
            targetColumns = userFields.stream().map(StructField::name).toList();
        }
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
        for (StructField f : out.fields()) {
            IdentityColumn id = IdentityColumn.of(f).orElse(null);
            if (id != null && !id.allowExplicitInsert() && exprs.containsKey(f.name().toLowerCase(Locale.ROOT))) {
                throw new ComputedColumnException("Providing values for GENERATED ALWAYS AS IDENTITY column " + f.name()
                        + " is not supported (table " + table + "); leave it out of the column list");
            }
        }
        List<String> select = new ArrayList<>();
        List<String> computed = new ArrayList<>(); // generated and identity columns the rows leave out, over the others
        for (StructField f : out.fields()) {
            String e = exprs.get(f.name().toLowerCase(Locale.ROOT));
            String generated = GeneratedColumns.expression(f).orElse(null);
            IdentityColumn id = IdentityColumn.of(f).orElse(null);
            if (e == null && (generated != null || id != null)) {
                String value;
                if (generated != null) {
                    if (engine == null) {
                        throw new ComputedColumnException("cannot compute generated column " + f.name() + " of table " + table);
                    }
                    value = "CAST((" + engine.storedExpression(generated, out) + ") AS " + TypeMapping.duckdbType(f.type()) + ")";
                } else {
                    // the next values of the sequence; the commit moves the high-water mark past the largest written
                    value = "CAST(" + id.firstNewValue() + " AS BIGINT) + CAST(" + id.step() + " AS BIGINT) * (row_number() OVER () - 1)";
                }
                computed.add(value + " AS " + Sql.ident(f.name()));
                select.add("CAST(NULL AS " + TypeMapping.logicalType(f.type()) + ") AS " + Sql.ident(f.name()));
                continue;
            }
            if (e == null) {
                if (!f.nullable()) {
                    throw new SchemaMismatchException("cannot write to table " + table + ": NOT NULL column " + f.name()
                            + " is missing from the data");
                }
                e = "CAST(NULL AS " + TypeMapping.logicalType(f.type()) + ")";
            }
            select.add(e + " AS " + Sql.ident(f.name()));
        }
        String rows = "(SELECT " + String.join(", ", select) + " FROM " + relation + ")";
        if (!computed.isEmpty()) {
            // computed over the aligned columns (the table's names), replacing the placeholders in the table's order
            List<String> outer = new ArrayList<>();
            int k = 0;
            for (StructField f : out.fields()) {
                boolean isComputed = !exprs.containsKey(f.name().toLowerCase(Locale.ROOT))
                        && (GeneratedColumns.expression(f).isPresent() || IdentityColumn.of(f).isPresent());
                outer.add(isComputed ? computed.get(k++) : Sql.ident(f.name()));
            }
            rows = "(SELECT " + String.join(", ", outer) + " FROM " + rows + " AS __floe_aligned)";
        }
        return new Aligned(rows, out, changed);
    }

    /** A write supplies a value the table computes itself (GENERATED ALWAYS AS IDENTITY), or the value cannot be computed. */
    public static final class ComputedColumnException extends FloeException {
        public ComputedColumnException(String message) {
            super(message);
        }
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
