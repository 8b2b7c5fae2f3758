package io.floe.sql;

import io.floe.Floe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Delta column mapping mode 'id': Floe's files carry the mapping's ids as Parquet field ids and are read by them. */
class DeltaIdMappingTest {
    @TempDir
    Path dir;

    @Test
    void writesFieldIdsAndReadsThemBack() throws Exception {
        try (Floe floe = Floe.open(dir.resolve("wh").toString())) {
            floe.sql("CREATE TABLE t (id BIGINT, name STRING, p STRING) USING delta PARTITIONED BY (p)"
                    + " TBLPROPERTIES ('delta.columnMapping.mode' = 'id')");
            floe.sql("INSERT INTO t VALUES (1, 'a', 'x'), (2, 'b', 'y')");
            floe.sql("ALTER TABLE t RENAME COLUMN name TO label");
            floe.sql("INSERT INTO t VALUES (3, 'c', 'x')");
            assertThat(floe.sql("SELECT id, label, p FROM t ORDER BY id").rows())
                    .containsExactly(List.of(1L, "a", "x"), List.of(2L, "b", "y"), List.of(3L, "c", "x"));
            Path file;
            try (var s = Files.walk(dir.resolve("wh/t"))) {
                file = s.filter(x -> x.toString().endsWith(".parquet") && !x.toString().contains("_delta_log")).findFirst().orElseThrow();
            }
            List<Integer> ids = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                 ResultSet rs = c.createStatement().executeQuery("SELECT field_id FROM parquet_schema('" + file + "') WHERE field_id IS NOT NULL")) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                }
            }
            assertThat(ids).hasSize(2).allMatch(i -> i > 0);
        }
    }
}
