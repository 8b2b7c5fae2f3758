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


    static String quote(String ident) {
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String toString() {
        return simpleString();
    }
}
