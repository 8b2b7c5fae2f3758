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
            return new PartitionField(src, f.transform() == Transform.IDENTITY ? src : f.name(), f.transform(), f.parameter());
        }).toList());
    }

    /** The fields as PARTITIONED BY writes them: column names for identity fields, days(ts), bucket(16, id), … */
    public List<String> sqlFields() {
        return fields.stream().map(PartitionField::sql).toList();
    }

    /** Whether every field is an identity field (the only kind Delta has). */
    public boolean isIdentityOnly() {
        return fields.stream().allMatch(f -> f.transform() == Transform.IDENTITY);
    }

    /**
     * A partition field.
     *
     * @param sourceColumn the table column it is computed from
     * @param name         the field's name (the column name for identity)
     * @param parameter    the bucket count or truncation width; null for the other transforms
     */
    public record PartitionField(String sourceColumn, String name, Transform transform, Integer parameter) {
        public PartitionField {
            if ((transform == Transform.BUCKET || transform == Transform.TRUNCATE) && (parameter == null || parameter <= 0)) {
                throw new IllegalArgumentException(transform.sqlName() + " needs a positive parameter: " + parameter);
            }
        }

        public PartitionField(String sourceColumn, String name, Transform transform) {
            this(sourceColumn, name, transform, null);
        }

        /** The field as users write it in PARTITIONED BY: {@code c}, {@code days(c)}, {@code bucket(16, c)}. */
        public String sql() {
            return switch (transform) {
                case IDENTITY -> sourceColumn;
                case BUCKET, TRUNCATE -> transform.sqlName() + "(" + parameter + ", " + sourceColumn + ")";
                case YEAR, MONTH, DAY, HOUR -> transform.sqlName() + "s(" + sourceColumn + ")";
                case VOID -> "void(" + sourceColumn + ")";
            };
        }
    }

    /** A partition transform: identity (Delta's only kind) and the Iceberg spec's others. */
    public enum Transform {
        IDENTITY, YEAR, MONTH, DAY, HOUR, BUCKET, TRUNCATE, VOID;

        public String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
