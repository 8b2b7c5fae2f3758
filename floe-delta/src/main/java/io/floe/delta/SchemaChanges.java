package io.floe.delta;

import io.floe.table.CheckConstraint;
import io.floe.table.FloeException;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a schema replacement ({@code Transaction.updateSchema}) changes besides added columns, checked against the
 * Delta protocol before anything is written:
 *
 * <ul>
 *   <li>type changes: only the widenings the Type Widening feature defines, only where
 *       {@code delta.enableTypeWidening} is true, each recorded in the field's {@code delta.typeChanges} metadata;
 *       anything else (narrowing, int to string, …) is refused naming the column and both types;</li>
 *   <li>dropped columns: only under column mapping (data files keep the column; readers must stop seeing it, which
 *       only a mapped schema can say), never a partition column or one a CHECK constraint uses.</li>
 * </ul>
 */
final class SchemaChanges {
    static final String TYPE_CHANGES = "delta.typeChanges";
    static final String ENABLE_TYPE_WIDENING = "delta.enableTypeWidening";

    /** The schema to store, and what it changed. */
    record Result(StructType schema, boolean widened, List<String> dropped) {
    }

    private final String table;
    private final Map<String, String> config;
    private boolean widened;
    private final List<String> dropped = new ArrayList<>();

    private SchemaChanges(String table, Map<String, String> config) {
        this.table = table;
        this.config = config;
    }

    static Result apply(String table, StructType current, StructType proposed, Map<String, String> config,
                        List<String> partitionColumns, List<CheckConstraint> constraints) {
        SchemaChanges c = new SchemaChanges(table, config);
        StructType out = c.struct(current, proposed, "", partitionColumns);
        if (!c.dropped.isEmpty()) {
            c.checkDrops(out, partitionColumns, constraints);
        }
        return new Result(out, c.widened, List.copyOf(c.dropped));
    }

    private StructType struct(StructType current, StructType proposed, String prefix, List<String> partitionColumns) {
        for (StructField cur : current.fields()) {
            if (proposed.field(cur.name()).isEmpty()) {
                dropped.add(prefix + cur.name());
            }
        }
        List<StructField> out = new ArrayList<>();
        for (StructField p : proposed.fields()) {
            StructField cur = current.field(p.name()).orElse(null);
            out.add(cur == null ? p : field(cur, p, prefix, prefix.isEmpty() && partitionColumns.stream()
                    .anyMatch(c -> c.equalsIgnoreCase(p.name()))));
        }
        return new StructType(out);
    }

    private StructField field(StructField cur, StructField p, String prefix, boolean partition) {
        if (p.id() == 0 && cur.id() != 0) {
            // the same column, given without its identity: keep its id and physical name (a new one would lose its data)
            p = new StructField(p.name(), p.type(), p.nullable(), p.metadata(), cur.id(), cur.hasPhysicalName() ? cur.physicalName() : null);
        }
        Map<String, Object> meta = new LinkedHashMap<>(p.metadata());
        Object history = cur.metadata().get(TYPE_CHANGES);
        if (history != null) {
            meta.putIfAbsent(TYPE_CHANGES, history); // writers must keep it when the schema changes
        }
        String path = prefix + p.name();
        if (cur.type() instanceof StructType cs && p.type() instanceof StructType ps) {
            StructField q = p;
            return q.withType(struct(cs, ps, path + ".", List.of())).withMetadata(meta);
        }
        List<Map<String, Object>> changes = new ArrayList<>();
        typeChanges(path, cur.type(), p.type(), "", changes);
        if (!changes.isEmpty()) {
            if (partition) {
                throw new FloeException("table " + table + ": changing the type of partition column " + path
                        + " is not supported by Floe");
            }
            if (!"true".equalsIgnoreCase(config.get(ENABLE_TYPE_WIDENING))) {
                Map<String, Object> first = changes.get(0);
                throw new FloeException("table " + table + ": changing column " + path + " from " + first.get("fromType")
                        + " to " + first.get("toType") + " needs type widening on the table: ALTER TABLE … SET TBLPROPERTIES ('"
                        + ENABLE_TYPE_WIDENING + "' = 'true') first");
            }
            List<Object> all = new ArrayList<>();
            if (meta.get(TYPE_CHANGES) instanceof List<?> l) {
                all.addAll(l);
            }
            all.addAll(changes);
            meta.put(TYPE_CHANGES, all);
            widened = true;
        }
        return p.withMetadata(meta);
    }

    /** Collects the type changes from {@code from} to {@code to} (fieldPath relative to the field), refusing what is not a widening. */
    private void typeChanges(String column, DataType from, DataType to, String fieldPath, List<Map<String, Object>> out) {
        if (from.equals(to)) {
            return;
        }
        if (from instanceof ArrayType a && to instanceof ArrayType b) {
            typeChanges(column, a.elementType(), b.elementType(), join(fieldPath, "element"), out);
            return;
        }
        if (from instanceof MapType a && to instanceof MapType b) {
            typeChanges(column, a.keyType(), b.keyType(), join(fieldPath, "key"), out);
            typeChanges(column, a.valueType(), b.valueType(), join(fieldPath, "value"), out);
            return;
        }
        if (from instanceof StructType || to instanceof StructType) {
            // a struct inside an array or map: its fields carry no metadata of their own to record a change in
            throw new FloeException("table " + table + ": changing the fields of a struct inside an array or map ("
                    + column + ") is not supported by Floe");
        }
        if (!isWidening(from, to)) {
            throw new FloeException("table " + table + ": cannot change column " + column + (fieldPath.isEmpty() ? "" : " (" + fieldPath + ")")
                    + " from " + from.simpleString() + " to " + to.simpleString() + ": only widening type changes are allowed"
                    + " (byte→short→int→long, float→double, byte/short/int→double, date→timestamp_ntz, decimal precision and"
                    + " scale up by at least as much precision as scale, integers to a decimal that holds them)");
        }
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("fromType", from.simpleString());
        change.put("toType", to.simpleString());
        if (!fieldPath.isEmpty()) {
            change.put("fieldPath", fieldPath);
        }
        out.add(change);
    }

    private static String join(String path, String part) {
        return path.isEmpty() ? part : path + "." + part;
    }

    /** The type changes the Delta protocol's Type Widening feature allows. */
    static boolean isWidening(DataType from, DataType to) {
        if (from instanceof PrimitiveType f && to instanceof PrimitiveType t) {
            int fi = integralRank(f);
            int ti = integralRank(t);
            if (fi >= 0 && ti >= 0) {
                return ti > fi;
            }
            if (t == PrimitiveType.DOUBLE) {
                return f == PrimitiveType.FLOAT || (fi >= 0 && f != PrimitiveType.LONG);
            }
            return f == PrimitiveType.DATE && t == PrimitiveType.TIMESTAMP_NTZ;
        }
        if (to instanceof DecimalType t) {
            if (from instanceof DecimalType f) {
                int k1 = t.precision() - f.precision();
                int k2 = t.scale() - f.scale();
                return k2 >= 0 && k1 >= k2;
            }
            if (from instanceof PrimitiveType f && integralRank(f) >= 0) {
                int base = f == PrimitiveType.LONG ? 20 : 10;
                int k1 = t.precision() - base;
                int k2 = t.scale();
                return k2 >= 0 && k1 >= k2;
            }
        }
        return false;
    }

    private static int integralRank(PrimitiveType t) {
        return switch (t) {
            case BYTE -> 0;
            case SHORT -> 1;
            case INTEGER -> 2;
            case LONG -> 3;
            default -> -1;
        };
    }

    private void checkDrops(StructType out, List<String> partitionColumns, List<CheckConstraint> constraints) {
        String mode = config.getOrDefault(DeltaConfig.COLUMN_MAPPING_MODE, "none");
        if ("none".equals(mode)) {
            throw new FloeException("table " + table + ": dropping column(s) " + dropped + " needs column mapping (the data files"
                    + " keep the column, only a mapped schema can hide it): ALTER TABLE … SET TBLPROPERTIES ('"
                    + DeltaConfig.COLUMN_MAPPING_MODE + "' = 'name') first");
        }
        for (String d : dropped) {
            if (partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(d))) {
                throw new FloeException("table " + table + ": cannot drop partition column " + d);
            }
            String leaf = d.substring(d.lastIndexOf('.') + 1);
            Pattern used = Pattern.compile("(?<![\\w`])`?" + Pattern.quote(leaf.toLowerCase(Locale.ROOT)) + "`?(?![\\w`])");
            for (CheckConstraint c : constraints) {
                if (used.matcher(c.expression().toLowerCase(Locale.ROOT)).find()) {
                    throw new FloeException("table " + table + ": cannot drop column " + d + ": " + c.name() + " uses it ("
                            + c.expression() + "); drop the constraint first");
                }
            }
        }
        if (out.fields().isEmpty()) {
            throw new FloeException("table " + table + ": cannot drop every column of the table");
        }
    }
}
