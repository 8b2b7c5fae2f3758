package io.floe.delta;

import io.floe.dataplane.DataPlane;
import io.floe.table.DataFile;
import io.floe.table.PartitionSpec;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.WriteOptions;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A test data plane whose checkpoints are real Parquet files, written and read by DuckDB (floe-duckdb's data plane
 * depends on this module, so its tests cannot use it): format metadata only, no table data. Typed column reads are left
 * to the JSON path ({@link #readParquetColumns} is not implemented), which the typed one is tested against elsewhere.
 */
final class DuckDbCheckpointPlane implements DataPlane {
    private final Connection connection;

    DuckDbCheckpointPlane() {
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SQL queries run here, as DuckDB's data plane runs a lazy snapshot's checkpoint queries. */
    final java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public synchronized Connection connection() {
        queries.incrementAndGet();
        return connection;
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static String type(DataType t) {
        if (t instanceof StructType s) {
            return "STRUCT(" + s.fields().stream().map(f -> ident(f.name()) + " " + type(f.type())).collect(Collectors.joining(", "))
                    + ")";
        }
        if (t instanceof ArrayType a) {
            return type(a.elementType()) + "[]";
        }
        if (t instanceof MapType m) {
            return "MAP(" + type(m.keyType()) + ", " + type(m.valueType()) + ")";
        }
        if (t instanceof DecimalType d) {
            return "DECIMAL(" + d.precision() + ", " + d.scale() + ")";
        }
        return switch ((PrimitiveType) t) {
            case STRING -> "VARCHAR";
            case LONG -> "BIGINT";
            case INTEGER -> "INTEGER";
            case SHORT -> "SMALLINT";
            case BYTE -> "TINYINT";
            case BOOLEAN -> "BOOLEAN";
            case DOUBLE -> "DOUBLE";
            case FLOAT -> "FLOAT";
            case BINARY -> "BLOB";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMPTZ";
            case TIMESTAMP_NTZ -> "TIMESTAMP";
        };
    }

    @Override
    public synchronized void writeParquetFromJson(Path ndjson, StructType schema, Path parquetOut) {
        List<String> cols = new ArrayList<>();
        for (StructField f : schema.fields()) {
            cols.add(literal(f.name()) + ": " + literal(type(f.type())));
        }
        exec("COPY (SELECT * FROM read_json(" + literal(ndjson.toString()) + ", columns = {" + String.join(", ", cols)
                + "}, format = 'newline_delimited')) TO " + literal(parquetOut.toString()) + " (FORMAT parquet)");
    }

    @Override
    public void readParquetAsJson(Path parquet, List<String> columns, Consumer<String> rowJson) {
        readParquetAsJson(parquet, columns, false, rowJson);
    }

    @Override
    public synchronized void readParquetAsJson(Path parquet, List<String> columns, boolean nonNullRowsOnly, Consumer<String> rowJson) {
        String file = "read_parquet(" + literal(parquet.toString()) + ")";
        Set<String> present = new HashSet<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + file)) {
            while (rs.next()) {
                present.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<String> cols = columns.stream().filter(present::contains).toList();
        if (cols.isEmpty()) {
            return;
        }
        String sql = "SELECT CAST(to_json(struct_pack(" + cols.stream().map(c -> ident(c) + " := " + ident(c))
                .collect(Collectors.joining(", ")) + ")) AS VARCHAR) FROM " + file
                + (nonNullRowsOnly ? " WHERE " + cols.stream().map(c -> ident(c) + " IS NOT NULL").collect(Collectors.joining(" OR ")) : "");
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rowJson.accept(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in " + sql, e);
        }
    }

    void exec(String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in " + sql, e);
        }
    }

    @Override
    public String scan(Table table, Snapshot snapshot, StructType schema, List<DataFile> files, boolean withFilePath) {
        throw new UnsupportedOperationException("format metadata only");
    }

    @Override
    public List<DataFile> write(Table table, StructType schema, PartitionSpec spec, WriteOptions options, String selectSql,
                                boolean dataChange) {
        throw new UnsupportedOperationException("format metadata only");
    }

    @Override
    public List<DataFile> writeChangeData(Table table, StructType schemaWithChangeType, PartitionSpec spec, WriteOptions options,
                                          String directory, String selectSql) {
        throw new UnsupportedOperationException("format metadata only");
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
