package io.floe.engine;

import io.floe.table.MetadataTables;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.MapType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Small relations computed in Java (metadata tables) as DuckDB SQL: typed constants in a VALUES list. */
public final class Relations {
    private Relations() {
    }

    /** A parenthesized DuckDB subquery with the relation's rows, columns named and typed as it says. */
    public static String sql(MetadataTables.Relation r) {
        List<String> cols = r.columns();
        if (r.rows().isEmpty()) {
            List<String> nulls = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                nulls.add("CAST(NULL AS " + TypeMapping.logicalType(r.types().get(i)) + ") AS " + Sql.ident(cols.get(i)));
            }
            return "(SELECT " + String.join(", ", nulls) + " WHERE false)";
        }
        List<String> rows = new ArrayList<>(r.rows().size());
        for (List<Object> row : r.rows()) {
            List<String> vals = new ArrayList<>(row.size());
            for (int i = 0; i < cols.size(); i++) {
                vals.add(literal(row.get(i), r.types().get(i)));
            }
            rows.add("(" + String.join(", ", vals) + ")");
        }
        return "(SELECT * FROM (VALUES " + String.join(", ", rows) + ") AS m(" + String.join(", ", cols.stream().map(Sql::ident).toList())
                + "))";
    }

    /** A typed DuckDB constant: primitives as partition values are, structs (maps by field name), lists and maps nested. */
    static String literal(Object v, DataType t) {
        if (v == null) {
            return "CAST(NULL AS " + TypeMapping.logicalType(t) + ")";
        }
        if (t instanceof StructType st) {
            Map<?, ?> m = (Map<?, ?>) v;
            List<String> parts = new ArrayList<>();
            for (StructField f : st.fields()) {
                parts.add(Sql.literal(f.name()) + ": " + literal(m.get(f.name()), f.type()));
            }
            return "CAST({" + String.join(", ", parts) + "} AS " + TypeMapping.logicalType(t) + ")";
        }
        if (t instanceof ArrayType a) {
            List<String> parts = new ArrayList<>();
            for (Object x : (Iterable<?>) v) {
                parts.add(literal(x, a.elementType()));
            }
            return "CAST([" + String.join(", ", parts) + "] AS " + TypeMapping.logicalType(t) + ")";
        }
        if (t instanceof MapType mt) {
            List<String> parts = new ArrayList<>();
            Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) v).entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                parts.add(literal(e.getKey(), mt.keyType()) + ": " + literal(e.getValue(), mt.valueType()));
            }
            return "CAST(MAP {" + String.join(", ", parts) + "} AS " + TypeMapping.logicalType(t) + ")";
        }
        return PartitionValues.literal(v, t);
    }
}
