package io.floe.dataplane;

import io.floe.table.DataFile;
import io.floe.table.PartitionSpec;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.WriteOptions;
import io.floe.types.StructType;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The data-plane SPI: all columnar work, so that formats and operations do no Parquet I/O of their own (the lesson of
 * Delta Kernel's Engine interface). Floe decides which files; the data plane reads and writes them. The default
 * implementation is DuckDB ({@code DuckDbDataPlane} in the floe-duckdb module).
 *
 * <p>Two audiences: table formats use only {@link #writeParquetFromJson} / {@link #readParquetAsJson} (their own
 * metadata in Parquet, such as Delta checkpoints); operations use the rest (SQL over a table's files, writing new
 * data files). Paths here are local files; callers stage remote objects.
 */
public interface DataPlane extends AutoCloseable {
    /** The column of change data rows saying what happened to the row. */
    String CHANGE_TYPE_COLUMN = "_change_type";

    /** The extra column {@link #scan} adds when asked for file paths. */
    String FILE_COLUMN = "__floe_file";

    /** The extra column {@link #scan} adds when asked for row positions: the row's 0-based index in its file (BIGINT). */
    String POSITION_COLUMN = "__floe_pos";

    /** The extra column {@link #scan} adds when asked for row ids: each row's stable row id (BIGINT, row tracking). */
    String ROW_ID_COLUMN = "__floe_row_id";

    /** The extra column {@link #scan} adds when asked for row ids: each row's stable row commit version (BIGINT). */
    String ROW_COMMIT_VERSION_COLUMN = "__floe_row_commit_version";

    /**
     * The struct column {@link #scan} adds when asked for file metadata, as Spark's hidden {@code _metadata}: file_path,
     * file_name, file_size, file_block_start, file_block_length, file_modification_time, row_index and, where the table
     * tracks rows, row_id, row_commit_version, base_row_id, default_row_commit_version.
     */
    String METADATA_COLUMN = "_metadata";

    /**
     * What a scan adds after the table's columns.
     *
     * @param filePath {@value #FILE_COLUMN}
     * @param position {@value #POSITION_COLUMN}
     * @param rowIds   {@value #ROW_ID_COLUMN} and {@value #ROW_COMMIT_VERSION_COLUMN} (tables with row lineage only)
     * @param metadata {@value #METADATA_COLUMN}
     */
    record ScanColumns(boolean filePath, boolean position, boolean rowIds, boolean metadata) {
        public static final ScanColumns NONE = new ScanColumns(false, false, false, false);
        /** The file path plus stable row ids: what a rewrite that keeps rows' ids reads. */
        public static final ScanColumns ROW_IDS = new ScanColumns(true, false, true, false);

        public ScanColumns withPosition(boolean p) {
            return new ScanColumns(filePath || p, p, rowIds, metadata);
        }

        public ScanColumns withRowIds(boolean r) {
            return new ScanColumns(filePath, position, r, metadata);
        }
    }

    // ------------------------------------------------------------------ format metadata

    /**
     * Writes newline-delimited JSON objects as one Parquet file with exactly this schema
     * (field names as given, types per {@link io.floe.types.DataType}). Used for Delta checkpoints.
     * JSON fields absent from a row are null; nested objects become structs, JSON objects under a map type become maps.
     * Top-level fields with an id ({@link io.floe.types.StructField#id()} &gt; 0) carry it as their Parquet field id
     * (Iceberg's position delete files need theirs); rows are written in the order given.
     */
    void writeParquetFromJson(Path ndjson, StructType schema, Path parquetOut);

    /**
     * A text field holding JSON in a top-level struct column, written a second time parsed: {@code parsedField}, added
     * at the end of the struct, holds the text's values typed as {@code type} (a struct whose field names are the JSON
     * keys), as Delta's checkpoints hold {@code add.stats_parsed} beside {@code add.stats}.
     */
    record ParsedJson(String column, String textField, String parsedField, StructType type) {
        public ParsedJson {
            java.util.Objects.requireNonNull(column, "column");
            java.util.Objects.requireNonNull(textField, "textField");
            java.util.Objects.requireNonNull(parsedField, "parsedField");
            java.util.Objects.requireNonNull(type, "type");
        }
    }

    /**
     * As {@link #writeParquetFromJson(Path, StructType, Path)}, with the {@code parsed} fields added. A parsed value is
     * the text's only when it is exactly of its type (a JSON integer in range for an integer, a finite number with a
     * fraction or exponent that the type holds exactly for a floating point one, a string for text, a date or a
     * timestamp — a zoned one with its zone —, a boolean); any other
     * value (another JSON type, 1.5 for an integer, a key the text lacks) is null, and the whole field is null where the
     * text is null or not JSON: the parsed form never says more than the text. Decimal and binary leaves are not
     * supported. A data plane that cannot parse writes the text alone (the parsed form is a copy, never required).
     */
    default void writeParquetFromJson(Path ndjson, StructType schema, Path parquetOut, List<ParsedJson> parsed) {
        writeParquetFromJson(ndjson, schema, parquetOut);
    }

    /**
     * Streams the rows of a Parquet file, each as one JSON object of the requested top-level columns
     * (structs as objects, maps as objects, nulls as JSON null). Requested columns the file does not
     * have are left out of every row.
     */
    void readParquetAsJson(Path parquet, List<String> columns, Consumer<String> rowJson);

    /**
     * As {@link #readParquetAsJson(Path, List, Consumer)}; with {@code nonNullRowsOnly}, rows in which every requested
     * column the file has is null are left out (a Delta checkpoint's metaData, protocol, … rows among a million add rows).
     * The default reads every row: callers must accept all-null rows either way.
     */
    default void readParquetAsJson(Path parquet, List<String> columns, boolean nonNullRowsOnly, Consumer<String> rowJson) {
        readParquetAsJson(parquet, columns, rowJson);
    }

    /**
     * Streams typed values of a Parquet file, without a text form in between: for each row in which at least one of the
     * top-level columns {@code anyNonNull} is not null (those the file lacks count as null), the values of {@code columns}
     * in their order. A column is a top-level name or a dotted path into structs ({@code add.path}); one the file does
     * not have reads as null. Values: VARCHAR as String, integers as their Java box (Integer, Long, …), BOOLEAN as
     * Boolean, a MAP as a {@code java.util.Map} in the file's order, a STRUCT as a {@code Map<String, Object>} of its
     * fields, null as null. The array passed to {@code row} is reused for the next row: copy what you keep.
     *
     * @throws UnsupportedOperationException if this data plane cannot (callers then read {@link #readParquetAsJson})
     */
    default void readParquetColumns(Path parquet, List<String> columns, List<String> anyNonNull, Consumer<Object[]> row) {
        throw new UnsupportedOperationException("this data plane cannot read Parquet columns typed");
    }

    // ------------------------------------------------------------------ table data

    /** A JDBC connection for this thread's work (temporary tables are visible on it only). */
    Connection connection();

    /**
     * SQL (a parenthesized subquery) yielding the rows of {@code files} with the schema's logical column names and
     * types, deleted rows left out. With {@code withFilePath}, an extra VARCHAR column {@value #FILE_COLUMN} holds each
     * row's {@link DataFile#path()} as the table records it.
     */
    String scan(Table table, Snapshot snapshot, StructType schema, List<DataFile> files, boolean withFilePath);

    /**
     * As {@link #scan(Table, Snapshot, StructType, List, boolean)} with the file path, and with {@code withPosition} also
     * {@value #POSITION_COLUMN}: each row's physical position in its file, what merge-on-read deletes mark
     * ({@link io.floe.table.Transaction#deleteRows}).
     */
    default String scan(Table table, Snapshot snapshot, StructType schema, List<DataFile> files, boolean withFilePath,
                        boolean withPosition) {
        if (withPosition) {
            throw new UnsupportedOperationException("this data plane cannot scan row positions");
        }
        return scan(table, snapshot, schema, files, withFilePath);
    }

    /**
     * As {@link #scan(Table, Snapshot, StructType, List, boolean, boolean)} with the extra columns {@code columns} asks for.
     * Row ids ({@link ScanColumns#rowIds}) need a table whose {@link io.floe.table.RowLineage} is enabled.
     */
    default String scan(Table table, Snapshot snapshot, StructType schema, List<DataFile> files, ScanColumns columns) {
        if (columns.rowIds() || columns.metadata()) {
            throw new UnsupportedOperationException("this data plane cannot scan row ids or file metadata");
        }
        return scan(table, snapshot, schema, files, columns.filePath(), columns.position());
    }

    /**
     * Writes the rows of {@code selectSql} (logical column names of {@code schema}, in its order) as new data files of
     * the table, partitioned by {@code spec}. The files are not committed: the caller adds them to a transaction.
     */
    List<DataFile> write(Table table, StructType schema, PartitionSpec spec, WriteOptions options, String selectSql,
                         boolean dataChange);

    /**
     * As {@link #write(Table, StructType, PartitionSpec, WriteOptions, String, boolean)}; with {@code rowIdsOf} (the
     * snapshot whose row lineage the rows come from, or null) {@code selectSql} also has {@value #ROW_ID_COLUMN} and
     * {@value #ROW_COMMIT_VERSION_COLUMN}, written to the table's hidden materialized row id columns: a copied row keeps
     * its id (and, unless NULL, its commit version); NULLs take the new file's defaults (new rows, updated versions).
     */
    default List<DataFile> write(Table table, StructType schema, PartitionSpec spec, WriteOptions options, String selectSql,
                                 boolean dataChange, Snapshot rowIdsOf) {
        if (rowIdsOf != null) {
            throw new UnsupportedOperationException("this data plane cannot write materialized row ids");
        }
        return write(table, schema, spec, options, selectSql, dataChange);
    }

    /**
     * Writes change data rows (the table's columns plus {@value #CHANGE_TYPE_COLUMN}) under {@code directory} (below
     * the table root), partitioned like the table. Returns the files as the table records them.
     */
    List<DataFile> writeChangeData(Table table, StructType schemaWithChangeType, PartitionSpec spec, WriteOptions options,
                                   String directory, String selectSql);

    /**
     * The SQL this data plane evaluates for an expression stored with a table (a CHECK constraint: Spark SQL, as Delta
     * and Spark store it) over the table's columns, unqualified. The default gives it back unchanged; Floe's SQL layer
     * installs its Spark SQL translation, so that a constraint Spark wrote (backticks, Spark's functions) means the same.
     */
    default String storedExpression(String sparkSql, StructType schema) {
        return sparkSql;
    }

    @Override
    default void close() {
    }
}
