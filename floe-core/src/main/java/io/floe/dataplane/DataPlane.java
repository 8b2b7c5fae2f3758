package io.floe.dataplane;

import io.floe.types.StructType;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The data-plane SPI: the columnar work that format code delegates (the lesson of Delta Kernel's
 * Engine interface: format logic does no Parquet I/O of its own). The default implementation is
 * DuckDB, in the floe-duckdb module. All paths here are local files; callers stage remote objects.
 */
public interface DataPlane extends AutoCloseable {

    /**
     * Writes newline-delimited JSON objects as one Parquet file with exactly this schema
     * (field names as given, types per {@link io.floe.types.DataType}). Used for Delta checkpoints.
     * JSON fields absent from a row are null; nested objects become structs, JSON objects under a map type become maps.
     */
    void writeParquetFromJson(Path ndjson, StructType schema, Path parquetOut);

    /**
     * Streams the rows of a Parquet file, each as one JSON object of the requested top-level columns
     * (structs as objects, maps as objects, nulls as JSON null). Requested columns the file does not
     * have are left out of every row.
     */
    void readParquetAsJson(Path parquet, List<String> columns, Consumer<String> rowJson);

    @Override
    default void close() {
    }
}
