package io.floe.types;

import java.util.Map;
import java.util.Objects;

/**
 * A named field.
 *
 * @param metadata     the field's other metadata from the schema (comments, invariants, …), values being String,
 *                     Number, Boolean, List or Map
 * @param id           the field's id (Iceberg field id, Delta column-mapping id), 0 when the table assigns none
 * @param physicalName the column's name in the data files when it differs from {@code name} (column mapping), else null
 */
public record StructField(String name, DataType type, boolean nullable, Map<String, Object> metadata, int id, String physicalName) {
    /**
     * Metadata key of a column whose type holds lists or maps, in a format that gives their elements ids (Iceberg): the
     * ids of the list elements and map keys and values inside the column, in depth-first order (a list: its element,
     * then inside the element type; a map: key, value, then inside the key and value types; a struct: inside each
     * field's type, in order). Struct fields carry their own {@link #id()}.
     */
    public static final String NESTED_FIELD_IDS = "floe.nested-field-ids";

    public StructField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    public StructField(String name, DataType type, boolean nullable, Map<String, Object> metadata) {
        this(name, type, nullable, metadata, 0, null);
    }

    public StructField(String name, DataType type, boolean nullable) {
        this(name, type, nullable, Map.of());
    }

    public StructField withType(DataType t) {
        return new StructField(name, t, nullable, metadata, id, physicalName);
    }

    public StructField withNullable(boolean n) {
        return new StructField(name, type, n, metadata, id, physicalName);
    }

    public StructField withName(String n) {
        return new StructField(n, type, nullable, metadata, id, physicalName);
    }

    public StructField withMetadata(Map<String, Object> m) {
        return new StructField(name, type, nullable, m, id, physicalName);
    }

    /** The same field with an id and a physical name (null: the logical name). */
    public StructField withIdentity(int newId, String newPhysicalName) {
        return new StructField(name, type, nullable, metadata, newId, newPhysicalName);
    }

    /** Whether the data files name this column differently from its logical name's default (column mapping). */
    public boolean hasPhysicalName() {
        return physicalName != null;
    }

    /** The column's name in the data files. */
    public String physicalName() {
        return physicalName == null ? name : physicalName;
    }
}
