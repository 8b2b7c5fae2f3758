package io.floe.table;

import io.floe.types.DataType;

import java.util.List;

/**
 * Capability of formats that expose their metadata as tables, queried as {@code t.snapshots}, {@code t.files}, …
 * (Iceberg's metadata tables, with Spark's columns).
 */
public interface MetadataTables {
    /** The metadata table names, lower case. */
    List<String> metadataTableNames();

    /** The rows of one metadata table as of {@code snapshot}. @throws FloeException for an unknown name */
    Relation metadataTable(String name, Snapshot snapshot);

    /** A small relation: column names, their types and the rows (values typed as the table model types them). */
    record Relation(List<String> columns, List<DataType> types, List<List<Object>> rows) {
    }
}
