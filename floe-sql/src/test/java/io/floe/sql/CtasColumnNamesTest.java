package io.floe.sql;

import io.floe.Floe;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15: CREATE TABLE … AS names each column once, as Spark requires — DuckDB would quietly rename a second x to
 * x_1, and an expression without AS would become a column named after its text.
 */
class CtasColumnNamesTest {
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

    @Test
    void duplicateColumnNamesAreRefusedNotRenamed() {
        floe.sql("CREATE TABLE src USING delta AS SELECT 1 AS a");
        for (String q : new String[] {"SELECT 1 AS x, 2 AS x", "SELECT 1 AS X, 2 AS x", "SELECT a, a FROM src",
                "SELECT s.a, t.a FROM src s, src t"}) {
            assertThatThrownBy(() -> floe.sql("CREATE TABLE t USING delta AS " + q)).as(q).isInstanceOf(FloeException.class)
                    .hasMessageContaining("COLUMN_ALREADY_EXISTS").hasMessageContaining("appears twice");
        }
        assertThat(floe.tableNames()).containsExactly("src");
    }

    @Test
    void expressionsWithoutANameAreRefused() {
        assertThatThrownBy(() -> floe.sql("CREATE TABLE t USING iceberg AS SELECT 1 + 1, upper('a') AS u"))
                .isInstanceOf(FloeException.class).hasMessageContaining("the expression 1 + 1 has no column name")
                .hasMessageContaining("line 1:14");
        assertThat(floe.tableNames()).isEmpty();
    }

    @Test
    void schemaEvolutionByInsertRefusesDuplicateNewColumns() {
        floe.sql("CREATE TABLE t (id INT) USING delta");
        floe.sql("SET spark.databricks.delta.schema.autoMerge.enabled = true");
        assertThatThrownBy(() -> floe.sql("INSERT INTO t SELECT 1 AS id, 2 AS x, 3 AS X")).isInstanceOf(FloeException.class)
                .hasMessageContaining("COLUMN_ALREADY_EXISTS").hasMessageContaining("`X`");
        assertThat(floe.sql("DESCRIBE TABLE t").rows()).hasSize(1);
        assertThatThrownBy(() -> floe.sql("INSERT INTO t SELECT 1 AS id, 1 + 1")).isInstanceOf(FloeException.class)
                .hasMessageContaining("the expression 1 + 1").hasMessageContaining("no name");
        floe.sql("INSERT INTO t SELECT 1 + 0, 2 AS x"); // an unnamed expression in a column the table has is matched by position
        assertThat(floe.sql("SELECT id, x FROM t").rows()).containsExactly(java.util.List.of(1, 2));
    }

    @Test
    void namedColumnsStillWork() {
        floe.sql("CREATE TABLE t USING delta AS WITH q AS (SELECT 1 AS a) SELECT a, a + 1 AS b FROM q UNION ALL SELECT 1, 2");
        floe.sql("CREATE TABLE u USING delta AS SELECT * FROM t");
        assertThat(floe.sql("SELECT a, b FROM u ORDER BY b").rows()).containsExactly(java.util.List.of(1, 2), java.util.List.of(1, 2));
    }
}
