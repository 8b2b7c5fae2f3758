package io.floe.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** An ordered list of fields; a table's schema is a StructType. Field lookup is case-insensitive, as in Spark. */
public record StructType(List<StructField> fields) implements DataType {
    public StructType {
        fields = List.copyOf(fields);
        var seen = new java.util.HashSet<String>();
        for (StructField f : fields) {
            if (!seen.add(f.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("duplicate column name: " + f.name());
            }
        }
    }

    public static StructType of(StructField... fields) {
        return new StructType(List.of(fields));
    }

    public Optional<StructField> field(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> fieldNames() {
        return fields.stream().map(StructField::name).toList();
    }

    public StructType add(StructField f) {
        List<StructField> l = new ArrayList<>(fields);
        l.add(f);
        return new StructType(l);
    }

    @Override
    public String simpleString() {
        return "struct<" + fields.stream().map(f -> f.name() + ":" + f.type().simpleString()).collect(Collectors.joining(",")) + ">";
    }

    @Override
    public String sqlString() {
        return "struct<" + fields.stream().map(f -> f.name() + ":" + f.type().sqlString()).collect(Collectors.joining(",")) + ">";
    }

    /**
     * The same schema with every struct field (at any depth) carrying an id: fields that have one keep it, the others
     * get the next unused ids in depth-first order. A schema without any ids (a Delta table without column mapping)
     * thus gets 1, 2, 3, … by position, the same every time it is read, so statistics keyed by field id stay valid.
     */
    public StructType withFieldIds() {
        int[] max = {0};
        boolean[] missing = {false};
        visit(this, f -> {
            max[0] = Math.max(max[0], f.id());
            missing[0] |= f.id() <= 0;
        });
        if (!missing[0]) {
            return this;
        }
        int[] next = {max[0]};
        return (StructType) assign(this, next);
    }

    private static void visit(DataType t, java.util.function.Consumer<StructField> each) {
        if (t instanceof StructType st) {
            for (StructField f : st.fields()) {
                each.accept(f);
                visit(f.type(), each);
            }
        } else if (t instanceof ArrayType a) {
            visit(a.elementType(), each);
        } else if (t instanceof MapType m) {
            visit(m.keyType(), each);
            visit(m.valueType(), each);
        }
    }

    private static DataType assign(DataType t, int[] next) {
        if (t instanceof StructType st) {
            List<StructField> out = new ArrayList<>(st.fields().size());
            for (StructField f : st.fields()) {
                int id = f.id() > 0 ? f.id() : ++next[0];
                StructField g = new StructField(f.name(), f.type(), f.nullable(), f.metadata(), id,
                        f.hasPhysicalName() ? f.physicalName() : null);
                out.add(g.withType(assign(f.type(), next)));
            }
            return new StructType(out);
        }
        if (t instanceof ArrayType a) {
            return new ArrayType(assign(a.elementType(), next), a.containsNull());
        }
        if (t instanceof MapType m) {
            DataType k = assign(m.keyType(), next);
            return new MapType(k, assign(m.valueType(), next), m.valueContainsNull());
        }
        return t;
    }

    @Override
    public String toString() {
        return simpleString();
    }
}
