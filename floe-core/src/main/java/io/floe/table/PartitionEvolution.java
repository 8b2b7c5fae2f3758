package io.floe.table;

/**
 * Capability of formats whose partitioning can change without rewriting data (Iceberg): files keep the spec they
 * were written with, and new writes use the new one.
 */
public interface PartitionEvolution {
    /** Adds a partition field; {@code name} null for the format's default name. */
    void addField(PartitionSpec.PartitionField field, String name);

    /** Drops the field with this transform of this source column. */
    void dropField(PartitionSpec.PartitionField field);

    /** Replaces one field by another in one commit. */
    void replaceField(PartitionSpec.PartitionField from, PartitionSpec.PartitionField to, String name);
}
