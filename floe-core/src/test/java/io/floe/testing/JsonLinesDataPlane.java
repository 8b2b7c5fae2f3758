package io.floe.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.dataplane.DataPlane;
import io.floe.table.DataFile;
import io.floe.table.PartitionSpec;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.WriteOptions;
import io.floe.types.StructType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.function.Consumer;

/**
 * A data plane for format tests that need no real columnar engine: format metadata "in Parquet" (checkpoints) is
 * stored as JSON lines behind a header, and read back projected to the requested columns, as the real data plane
 * would. A file without the header is refused the way a reader refuses a file that is not Parquet. Table data
 * (scans, data file writes) is not available here; those tests run on the DuckDB data plane.
 */
public final class JsonLinesDataPlane implements DataPlane {
    private static final String HEADER = "FLOE-TEST-JSON-LINES";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void writeParquetFromJson(Path ndjson, StructType schema, Path parquetOut) {
        try {
            List<String> rows = Files.readAllLines(ndjson, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            StringBuilder out = new StringBuilder(HEADER).append('\n');
            for (String row : rows) {
                JsonNode n = JSON.readTree(row);
                ObjectNode kept = JSON.createObjectNode();
                // like a Parquet writer with a fixed schema: fields outside it are not stored
                schema.fields().forEach(f -> {
                    if (n.has(f.name())) {
                        kept.set(f.name(), n.get(f.name()));
                    }
                });
                out.append(JSON.writeValueAsString(kept)).append('\n');
            }
            Files.writeString(parquetOut, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void readParquetAsJson(Path parquet, List<String> columns, Consumer<String> rowJson) {
        try (BufferedReader r = Files.newBufferedReader(parquet, StandardCharsets.UTF_8)) {
            if (!HEADER.equals(r.readLine())) {
                throw new IllegalArgumentException("not a test data file (no header): " + parquet);
            }
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                JsonNode n = JSON.readTree(line);
                ObjectNode kept = JSON.createObjectNode();
                for (String c : columns) {
                    if (n.has(c)) {
                        kept.set(c, n.get(c));
                    }
                }
                rowJson.accept(JSON.writeValueAsString(kept));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UnsupportedOperationException noData() {
        return new UnsupportedOperationException("the JSON-lines test data plane holds format metadata only, no table data");
    }

    @Override
    public Connection connection() {
        throw noData();
    }

    @Override
    public String scan(Table table, Snapshot snapshot, StructType schema, List<DataFile> files, boolean withFilePath) {
        throw noData();
    }

    @Override
    public List<DataFile> write(Table table, StructType schema, PartitionSpec spec, WriteOptions options, String selectSql,
                                boolean dataChange) {
        throw noData();
    }

    @Override
    public List<DataFile> writeChangeData(Table table, StructType schemaWithChangeType, PartitionSpec spec, WriteOptions options,
                                          String directory, String selectSql) {
        throw noData();
    }
}
