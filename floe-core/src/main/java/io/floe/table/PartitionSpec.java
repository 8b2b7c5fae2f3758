package io.floe.table;

import io.floe.types.StructType;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a table's rows are split into partitions: an ordered list of fields, each a transform of a source column.
 * Delta's partition columns are identity fields; Iceberg adds the other {@link Transform}s.
 */
public record PartitionSpec(List<PartitionField> fields) {
    public static final PartitionSpec UNPARTITIONED = new PartitionSpec(List.of());

    public PartitionSpec {
        fields = List.copyOf(fields);
    }

    /** A spec of identity fields over these columns (Delta's partitionColumns). */
    public static PartitionSpec identity(List<String> columns) {
        return new PartitionSpec(columns.stream().map(c -> new PartitionField(c, c, Transform.IDENTITY)).toList());
    }

    public boolean isUnpartitioned() {
        return fields.isEmpty();
    }

    /** The source columns of the identity fields, in order: the columns whose values a partition fixes. */
    public List<String> identityColumns() {
        return fields.stream().filter(f -> f.transform() == Transform.IDENTITY).map(PartitionField::sourceColumn).toList();
    }

    /** Whether {@code column} is the source of an identity field (case-insensitive, as Spark resolves names). */
    public boolean isIdentitySource(String column) {
        return identityColumns().stream().anyMatch(c -> c.equalsIgnoreCase(column));
    }

    public Optional<PartitionField> field(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The same spec with source column names spelled as the schema spells them. @throws IllegalArgumentException if one is missing */
    public PartitionSpec boundTo(StructType schema) {
        return new PartitionSpec(fields.stream().map(f -> {
            String src = schema.field(f.sourceColumn()).orElseThrow(() -> new IllegalArgumentException(
                    "partition column " + f.sourceColumn() + " is not in the schema " + schema.fieldNames())).name();
            return new PartitionField(src, f.transform() == Transform.IDENTITY ? src : f.name(), f.transform());
        }).toList());
    }

    /**
     * A partition field.
     *
     * @param sourceColumn the table column it is computed from
     * @param name         the field's name (the column name for identity)
     */
    public record PartitionField(String sourceColumn, String name, Transform transform) {
    }

    /** A partition transform. Only identity is implemented so far; the others are the Iceberg spec's. */
    public enum Transform {
        IDENTITY, YEAR, MONTH, DAY, HOUR, BUCKET, TRUNCATE, VOID;

        public String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
