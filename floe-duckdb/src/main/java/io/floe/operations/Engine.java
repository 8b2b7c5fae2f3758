package io.floe.operations;

import io.floe.table.DataFile;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.types.StructType;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * What the operations need of the data plane: a DuckDB connection to compute with, a way to turn a
 * table's files into a relation, and a way to write a relation as the table's data files. Operations
 * decide which files to touch; the engine does the columnar work.
 */
public interface Engine {
    /** A connection for this thread's work (temporary tables are visible on it only). */
    Connection connection();

    /**
     * DuckDB SQL (a parenthesized subquery) yielding the rows of {@code files} with the schema's logical
     * column names and types. With {@code withFilePath}, an extra VARCHAR column {@value #FILE_COLUMN}
     * holds each row's {@link DataFile#path()} as the table records it.
     */
    String scan(Table table, Snapshot snapshot, StructType schema, List<DataFile> files, boolean withFilePath);

    /**
     * Writes the rows of {@code selectSql} (logical column names of {@code schema}, in its order) as new data
     * files of the table, partitioned by {@code partitionColumns}, sized by the properties' delta.targetFileSize.
     * The files are not committed: the caller adds them to a transaction.
     */
    List<DataFile> write(Table table, StructType schema, List<String> partitionColumns, Map<String, String> properties,
                         String selectSql, boolean dataChange);

    /**
     * Writes change data rows (the table's columns plus {@value #CHANGE_TYPE_COLUMN}) under the table's
     * {@code _change_data/} directory, partitioned like the table. Returns the files as the log records them.
     */
    List<DataFile> writeChangeData(Table table, StructType schemaWithChangeType, List<String> partitionColumns,
                                   Map<String, String> properties, String selectSql);

    /** The column of change data rows that says what happened to the row. */
    String CHANGE_TYPE_COLUMN = "_change_type";

    /** The extra column {@link #scan} adds when asked for file paths. */
    String FILE_COLUMN = "__floe_file";
}
