package io.floe.sql;

import io.floe.Floe;
import io.floe.sql.parser.SqlParser;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.FloeException;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ALTER TABLE … ALTER COLUMN c TYPE t (Delta type widening) and ALTER TABLE … DROP COLUMN(S) (column mapping). */
class AlterColumnTypeAndDropColumnTest {
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

    @Test
    void parsesBothForms() {
        var ct = (SqlStatement.AlterColumnType) SqlParser.parse("ALTER TABLE t ALTER COLUMN c TYPE decimal(12, 3)");
        assertThat(ct.column()).containsExactly("c");
        assertThat(ct.type()).isEqualTo(new DecimalType(12, 3));
        var ct2 = (SqlStatement.AlterColumnType) SqlParser.parse("ALTER TABLE t CHANGE c TYPE BIGINT");
        assertThat(ct2.type()).isEqualTo(PrimitiveType.LONG);
        var dc = (SqlStatement.DropColumns) SqlParser.parse("ALTER TABLE t DROP COLUMNS IF EXISTS (a, b)");
        assertThat(dc.columns()).containsExactly(List.of("a"), List.of("b"));
        assertThat(dc.ifExists()).isTrue();
        var dc2 = (SqlStatement.DropColumns) SqlParser.parse("ALTER TABLE t DROP COLUMN a");
        assertThat(dc2.columns()).containsExactly(List.of("a"));
        assertThat(dc2.ifExists()).isFalse();
    }

    @Test
    void widenedColumnsReadOldAndNewFilesAsTheWiderType() {
        floe.sql("CREATE TABLE w (id INT, f FLOAT, d DECIMAL(5, 2), s SMALLINT) USING DELTA"
                + " TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
        floe.sql("INSERT INTO w VALUES (1, 1.5, 123.45, 7), (2147483647, -2.25, -999.99, -32768)");
        floe.sql("ALTER TABLE w ALTER COLUMN id TYPE BIGINT");
        floe.sql("ALTER TABLE w ALTER COLUMN f TYPE DOUBLE");
        floe.sql("ALTER TABLE w ALTER COLUMN d TYPE DECIMAL(10, 4)");
        floe.sql("ALTER TABLE w ALTER COLUMN s TYPE INT");
        floe.sql("INSERT INTO w VALUES (9000000000, 1e300, 123456.7891, 100000)");
        assertThat(floe.sql("DESCRIBE w").rows().stream().map(r -> r.get(1).toString().toLowerCase()).toList())
                .containsExactly("bigint", "double", "decimal(10,4)", "int");
        assertThat(rows("SELECT id, f, d, s FROM w ORDER BY id")).containsExactly(
                List.of(1L, 1.5, new BigDecimal("123.4500"), 7),
                List.of(2147483647L, -2.25, new BigDecimal("-999.9900"), -32768),
                List.of(9000000000L, 1e300, new BigDecimal("123456.7891"), 100000));
        // a filter on a widened column finds the old file's rows (their stale bounds are not used to skip)
        assertThat(rows("SELECT id FROM w WHERE f = CAST(CAST(1.5 AS FLOAT) AS DOUBLE)")).containsExactly(List.of(1L));
        assertThat(rows("SELECT count(*) FROM w WHERE id > 2147483646")).containsExactly(List.of(2L));
        // rewriting an old file writes the wider type
        floe.sql("UPDATE w SET s = s + 1 WHERE id = 1");
        assertThat(rows("SELECT s FROM w WHERE id = 1")).containsExactly(List.of(8));
        assertThat(rows("SELECT id FROM w VERSION AS OF 1 ORDER BY id")).hasSize(2);
    }

    @Test
    void narrowingAndUnknownColumnsAreRefusedAndNothingIsWritten() {
        floe.sql("CREATE TABLE n (id BIGINT, s STRING) USING DELTA TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE n ALTER COLUMN id TYPE INT")).isInstanceOf(FloeException.class)
                .hasMessageContaining("from long to integer");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE n ALTER COLUMN s TYPE INT")).hasMessageContaining("from string to integer");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE n ALTER COLUMN nope TYPE INT")).hasMessageContaining("no column nope");
        floe.sql("CREATE TABLE plain (id INT) USING DELTA");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE plain ALTER COLUMN id TYPE BIGINT")).hasMessageContaining("delta.enableTypeWidening");
        assertThat(floe.table("n").snapshot().version()).isZero();
        assertThat(floe.table("plain").snapshot().version()).isZero();
    }

    @Test
    void droppedColumnsDisappearButOlderVersionsKeepThem() {
        floe.sql("CREATE TABLE d (id BIGINT, a STRING, b DOUBLE, p STRING) USING DELTA PARTITIONED BY (p)");
        floe.sql("INSERT INTO d VALUES (1, 'x', 1.0, 'p1'), (2, 'y', 2.0, 'p2')");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE d DROP COLUMN a")).isInstanceOf(FloeException.class)
                .hasMessageContaining("needs column mapping");
        floe.sql("ALTER TABLE d SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
        floe.sql("ALTER TABLE d DROP COLUMN a");
        assertThat(floe.sql("SELECT * FROM d").columnNames()).containsExactly("id", "b", "p");
        floe.sql("ALTER TABLE d ADD COLUMNS (a INT)"); // a new column, not the old data
        floe.sql("INSERT INTO d VALUES (3, 3.0, 'p1', 30)");
        assertThat(rows("SELECT id, b, p, a FROM d ORDER BY id")).containsExactly(java.util.Arrays.asList(1L, 1.0, "p1", null),
                java.util.Arrays.asList(2L, 2.0, "p2", null), List.of(3L, 3.0, "p1", 30));
        assertThat(rows("SELECT a FROM d VERSION AS OF 1 ORDER BY id")).containsExactly(List.of("x"), List.of("y"));
        floe.sql("ALTER TABLE d DROP COLUMNS IF EXISTS (nope, b)");
        assertThat(floe.sql("SELECT * FROM d").columnNames()).containsExactly("id", "p", "a");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE d DROP COLUMN p")).hasMessageContaining("partition column p");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE d DROP COLUMN nope")).hasMessageContaining("no column nope");
        floe.sql("UPDATE d SET a = 1 WHERE id = 1");
        assertThat(rows("SELECT id, a FROM d ORDER BY id")).containsExactly(List.of(1L, 1), java.util.Arrays.asList(2L, null), List.of(3L, 30));
    }

    @Test
    void aStructFieldIsDroppedByItsPath() {
        floe.sql("CREATE TABLE ns (id BIGINT, st STRUCT<a: INT, b: STRING>) USING DELTA"
                + " TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
        floe.sql("INSERT INTO ns VALUES (1, named_struct('a', 1, 'b', 'x'))");
        floe.sql("ALTER TABLE ns DROP COLUMN st.b");
        floe.sql("INSERT INTO ns VALUES (2, named_struct('a', 2))");
        assertThat(rows("SELECT id, st.a FROM ns ORDER BY id")).containsExactly(List.of(1L, 1), List.of(2L, 2));
        assertThat(floe.table("ns").snapshot().schema().field("st").orElseThrow().type().simpleString()).isEqualTo("struct<a:integer>");
        assertThat(rows("SELECT st.b FROM ns VERSION AS OF 1")).containsExactly(List.of("x"));
        assertThatThrownBy(() -> floe.sql("ALTER TABLE ns DROP COLUMN st.zz")).hasMessageContaining("no column st.zz");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE ns DROP COLUMN id.x")).hasMessageContaining("no column id.x");
    }

    @Test
    void dateToTimestampNtzAndIntToDoubleReadOldFilesAsTheNewType() {
        floe.sql("CREATE TABLE w2 (i INT, dt DATE, b TINYINT) USING DELTA TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
        floe.sql("INSERT INTO w2 VALUES (3, DATE '2024-02-29', 5)");
        floe.sql("ALTER TABLE w2 ALTER COLUMN i TYPE DOUBLE");
        floe.sql("ALTER TABLE w2 ALTER COLUMN dt TYPE TIMESTAMP_NTZ");
        floe.sql("ALTER TABLE w2 ALTER COLUMN b TYPE DECIMAL(12, 2)");
        // only the old file: read as the new types
        assertThat(rows("SELECT i, dt, b FROM w2")).containsExactly(
                List.of(3.0, java.time.LocalDateTime.of(2024, 2, 29, 0, 0), new BigDecimal("5.00")));
        floe.sql("INSERT INTO w2 VALUES (0.5, TIMESTAMP '2024-03-01 10:00:00', 1234567.89)");
        assertThat(rows("SELECT i, dt, b FROM w2 ORDER BY i")).containsExactly(
                List.of(0.5, java.time.LocalDateTime.of(2024, 3, 1, 10, 0), new BigDecimal("1234567.89")),
                List.of(3.0, java.time.LocalDateTime.of(2024, 2, 29, 0, 0), new BigDecimal("5.00")));
        assertThat(rows("SELECT count(*) FROM w2 WHERE dt < TIMESTAMP '2024-03-01 00:00:00'")).containsExactly(List.of(1L));
    }
}
