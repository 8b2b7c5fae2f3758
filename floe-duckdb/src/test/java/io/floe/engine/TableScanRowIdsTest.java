package io.floe.engine;

import io.floe.storage.LocalObjectStore;
import io.floe.table.DataFile;
import io.floe.table.RowLineage;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static io.floe.engine.EngineTestSupport.exec;
import static io.floe.engine.EngineTestSupport.localFiles;
import static io.floe.engine.EngineTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row ids as {@link TableScan} reads them (Delta row tracking): the materialized column when not null, else the file's
 * base row id plus the row's position; by column name and by field id, also from files whose materialized columns
 * carry no field id (as Spark writes them under column mapping id mode).
 */
class TableScanRowIdsTest {
    static DuckDbDatabase plane;
    @TempDir
    Path dir;
    Connection c;
    LocalObjectStore store;

    @BeforeAll
    static void start(@TempDir Path tmp) {
        plane = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(tmp.resolve("spill")));
    }

    @AfterAll
    static void stop() {
        plane.close();
    }

    @BeforeEach
    void setUp() {
        c = plane.connection();
        store = new LocalObjectStore(dir.resolve("store"));
    }

    private void parquet(String name, String query, String options) throws IOException {
        Path p = dir.resolve("store").resolve("t").resolve(name);
        Files.createDirectories(p.getParent());
        exec(c, "COPY (" + query + ") TO '" + p + "' (FORMAT parquet" + options + ")");
    }

    private static final String ID = "_row-id-col-x";
    private static final String VERSION = "_row-commit-version-col-x";

    private static DataFile file(String name) {
        return new DataFile(name, Map.of(), 1, 0, null);
    }

    private String scan(boolean byFieldId, StructType schema) {
        // a.parquet: base 100 @ v3, never rewritten; b.parquet: base 200 @ v5, rows 1 and 2 copied with their ids
        Map<String, RowLineage.FileRowIds> bases = Map.of("a.parquet", new RowLineage.FileRowIds(100L, 3L),
                "b.parquet", new RowLineage.FileRowIds(200L, 5L));
        TableScan.RowIds ids = new TableScan.RowIds(ID, VERSION, f -> bases.get(f.path()));
        return new TableScan(localFiles(store, dir.resolve("fetched")), null).sql(new ScanSpec(schema, List.of(), store, "t/", byFieldId,
                null), List.of(file("a.parquet"), file("b.parquet")), false, false, ids, "file:/w/t/");
    }

    @Test
    void materializedIdsWinAndNullsTakeTheFilesDefaults() throws IOException {
        parquet("a.parquet", "SELECT * FROM (VALUES (1), (2)) AS v(k)", "");
        parquet("b.parquet", "SELECT * FROM (VALUES (3, 7::BIGINT, 2::BIGINT), (4, NULL, NULL), (5, 1::BIGINT, NULL)) AS v(k, \"" + ID
                + "\", \"" + VERSION + "\")", "");
        String sql = scan(false, StructType.of(new StructField("k", PrimitiveType.INTEGER, true)));
        assertThat(rows(c, "SELECT k, " + TableScan.ROW_ID_COLUMN + ", " + TableScan.ROW_COMMIT_VERSION_COLUMN + " FROM " + sql + " ORDER BY k"))
                .containsExactly(List.of(1, 100L, 3L), List.of(2, 101L, 3L), List.of(3, 7L, 2L), List.of(4, 201L, 5L), List.of(5, 1L, 5L));
        assertThat(rows(c, "SELECT _metadata.row_id, _metadata.file_name, _metadata.file_path, _metadata.row_index FROM " + sql
                + " WHERE k = 4")).containsExactly(List.of(201L, "b.parquet", "file:/w/t/b.parquet", 1L));
        assertThat(rows(c, "DESCRIBE SELECT * FROM " + sql).stream().map(r -> (String) r.get(0)).toList())
                .containsExactly("k", TableScan.ROW_ID_COLUMN, TableScan.ROW_COMMIT_VERSION_COLUMN, TableScan.METADATA_COLUMN);
    }

    @Test
    void byFieldIdTheMaterializedColumnsAreFoundByNameEvenWithoutFieldIds() throws IOException {
        parquet("a.parquet", "SELECT * FROM (VALUES (1), (2)) AS v(\"col-k\")", ", FIELD_IDS {\"col-k\": 1}");
        // Spark writes the materialized columns without field ids under id mapping
        parquet("b.parquet", "SELECT * FROM (VALUES (3, 7::BIGINT, 2::BIGINT), (4, NULL, NULL)) AS v(\"col-k\", \"" + ID + "\", \""
                + VERSION + "\")", ", FIELD_IDS {\"col-k\": 1}");
        StructType schema = StructType.of(new StructField("k", PrimitiveType.INTEGER, true, Map.of(), 1, "col-k"));
        String sql = scan(true, schema);
        assertThat(rows(c, "SELECT k, " + TableScan.ROW_ID_COLUMN + ", " + TableScan.ROW_COMMIT_VERSION_COLUMN + " FROM " + sql + " ORDER BY k"))
                .containsExactly(List.of(1, 100L, 3L), List.of(2, 101L, 3L), List.of(3, 7L, 2L), List.of(4, 201L, 5L));
    }
}
