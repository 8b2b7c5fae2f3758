package io.floe.types;

import java.util.Map;
import java.util.Objects;

/**
 * A named field. {@code metadata} is the field's JSON metadata from the schema (column mapping
 * ids and physical names, comments, …), values being String, Number, Boolean, List or Map.
 */
public record StructField(String name, DataType type, boolean nullable, Map<String, Object> metadata) {
    public StructField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    public StructField(String name, DataType type, boolean nullable) {
        this(name, type, nullable, Map.of());
    }

    public StructField withType(DataType t) {
        return new StructField(name, t, nullable, metadata);
    }

    public StructField withNullable(boolean n) {
        return new StructField(name, type, n, metadata);
    }

    public StructField withName(String n) {
        return new StructField(n, type, nullable, metadata);
    }

    public StructField withMetadata(Map<String, Object> m) {
        return new StructField(name, type, nullable, m);
    }

    /** The column's name in the data files: delta.columnMapping.physicalName when column mapping is on, else its name. */
    public String physicalName() {
        Object p = metadata.get("delta.columnMapping.physicalName");
        return p == null ? name : p.toString();
    }
}
