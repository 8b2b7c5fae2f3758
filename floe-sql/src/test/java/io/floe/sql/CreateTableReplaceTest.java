package io.floe.sql;

import io.floe.Floe;
import io.floe.table.FloeException;
import io.floe.table.TableNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17: CREATE OR REPLACE TABLE and REPLACE TABLE [AS SELECT] replace a table's schema, partitioning, properties and
 * data in one new commit and keep its history: earlier versions still read by time travel.
 */
class CreateTableReplaceTest {
    @TempDir
    Path dir;
    Floe floe;

    @BeforeEach
    void open() {
        floe = Floe.open(dir.resolve("wh").toString());
    }

    @AfterEach
    void close() {
        floe.close();
    }

    private List<List<Object>> rows(String sql) {
        return floe.sql(sql).rows();
    }

    private List<Object> operations(String table) {
        io.floe.QueryResult h = floe.sql("DESCRIBE HISTORY " + table);
        int i = h.columnNames().indexOf("operation");
        return h.rows().stream().map(r -> r.get(i)).toList();
    }

    @Test
    void createOrReplaceWithColumnsKeepsHistoryAndTimeTravel() {
        floe.sql("CREATE TABLE t (id INT, s STRING) USING delta PARTITIONED BY (s)");
        floe.sql("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        floe.sql("CREATE OR REPLACE TABLE t (k BIGINT, v DOUBLE) USING delta TBLPROPERTIES ('delta.appendOnly' = 'false')");
        assertThat(rows("SELECT count(*) FROM t")).containsExactly(List.of(0L));
        assertThat(floe.sql("DESCRIBE t").rows().stream().map(r -> r.get(0)).toList()).containsExactly("k", "v");
        floe.sql("INSERT INTO t VALUES (10, 1.5)");
        assertThat(rows("SELECT k, v FROM t")).containsExactly(List.of(10L, 1.5));
        // the old version is still there, with its own schema
        assertThat(rows("SELECT id, s FROM t VERSION AS OF 1 ORDER BY id")).containsExactly(List.of(1, "a"), List.of(2, "b"));
        List<Object> ops = operations("t");
        assertThat(ops).containsExactly("WRITE", "CREATE OR REPLACE TABLE", "WRITE", "CREATE TABLE");
        assertThat(floe.sql("DESCRIBE DETAIL t").rows().toString()).doesNotContain("[s]");
    }

    @Test
    void replaceTableAsSelectReplacesSchemaPartitioningAndData() {
        floe.sql("CREATE TABLE src (id INT, g STRING) USING delta");
        floe.sql("INSERT INTO src VALUES (1, 'x'), (2, 'y'), (3, 'x')");
        floe.sql("CREATE TABLE t (a STRING) USING delta");
        floe.sql("INSERT INTO t VALUES ('old')");
        floe.sql("REPLACE TABLE t USING delta PARTITIONED BY (g) AS SELECT g, count(*) AS n FROM src GROUP BY g");
        assertThat(rows("SELECT g, n FROM t ORDER BY g")).containsExactly(List.of("x", 2L), List.of("y", 1L));
        assertThat(rows("SELECT a FROM t VERSION AS OF 1")).containsExactly(List.of("old"));
        floe.sql("CREATE OR REPLACE TABLE t AS SELECT id FROM src WHERE id > 2");
        assertThat(rows("SELECT id FROM t")).containsExactly(List.of(3));
        List<Object> ops = operations("t");
        assertThat(ops).containsExactly("CREATE OR REPLACE TABLE AS SELECT", "REPLACE TABLE AS SELECT", "WRITE", "CREATE TABLE");
    }

    @Test
    void createOrReplaceCreatesAMissingTableAndReplaceRefusesIt() {
        floe.sql("CREATE OR REPLACE TABLE fresh (id INT) USING delta");
        floe.sql("INSERT INTO fresh VALUES (1)");
        assertThat(rows("SELECT id FROM fresh")).containsExactly(List.of(1));
        assertThatThrownBy(() -> floe.sql("REPLACE TABLE missing (id INT) USING delta"))
                .isInstanceOf(TableNotFoundException.class)
                .hasMessageContaining("cannot be replaced as it does not exist. Use CREATE OR REPLACE TABLE to create the table.");
    }

    @Test
    void aPathTableIsReplacedWhereItIs() {
        String p = dir.resolve("by-path").toString();
        floe.sql("CREATE TABLE delta.`" + p + "` (id INT) USING delta");
        floe.sql("INSERT INTO delta.`" + p + "` VALUES (1)");
        floe.sql("CREATE OR REPLACE TABLE delta.`" + p + "` (name STRING) USING delta");
        floe.sql("INSERT INTO delta.`" + p + "` VALUES ('n')");
        assertThat(rows("SELECT name FROM delta.`" + p + "`")).containsExactly(List.of("n"));
        assertThat(rows("SELECT id FROM delta.`" + p + "` VERSION AS OF 1")).containsExactly(List.of(1));
    }

    @Test
    void icebergTablesAndFormatChangesAreRefusedByName() {
        floe.sql("CREATE TABLE ice (id INT) USING iceberg");
        assertThatThrownBy(() -> floe.sql("CREATE OR REPLACE TABLE ice (id INT) USING iceberg"))
                .isInstanceOf(FloeException.class).hasMessageContaining("CREATE OR REPLACE TABLE is not supported for iceberg tables");
        floe.sql("CREATE TABLE d (id INT) USING delta");
        assertThatThrownBy(() -> floe.sql("CREATE OR REPLACE TABLE d (id INT) USING iceberg"))
                .isInstanceOf(FloeException.class).hasMessageContaining("a replace keeps its format");
    }
}
