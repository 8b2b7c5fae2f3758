package io.floe.sql.spark;

import io.floe.Floe;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spark's answers where DuckDB's differ, end to end through Floe's SQL (the values Spark 4 gives, checked by hand). */
class SparkSemanticsTest {
    @TempDir
    static Path dir;
    static Floe floe;

    @BeforeAll
    static void open() {
        floe = Floe.open(dir.resolve("wh").toString());
        floe.sql("CREATE TABLE t (id INT, v INT, d DOUBLE, s STRING, a ARRAY<INT>, day DATE) USING DELTA");
        floe.sql("INSERT INTO t VALUES (1, 3, -4.56, '-4.56', array(10, 20), DATE '2024-03-01'), (2, NULL, 2.5, 'a_b', array(30), NULL),"
                + " (3, 1, NULL, NULL, NULL, DATE '2024-02-28')");
    }

    @AfterAll
    static void close() {
        floe.close();
    }

    private static Object one(String sql) {
        return floe.sql(sql).scalar();
    }

    private static List<Object> column(String sql) {
        return floe.sql(sql).rows().stream().map(r -> r.get(0)).toList();
    }

    @Test
    void nullTypedColumnsAreReportedAsVoidAndStringFunctionsOfNullAsStrings() {
        io.floe.QueryResult r = floe.sql("SELECT NULL, nvl(NULL, NULL), array(), map(), concat('a', NULL), NULL || 'a', 1");
        assertThat(r.columnTypes()).containsExactly("NULL", "NULL", "NULL[]", "MAP(NULL, NULL)", "VARCHAR", "VARCHAR", "INTEGER");
        assertThat(r.rows().get(0)).containsExactly(null, null, List.of(), java.util.Map.of(), null, null, 1);
        // a void column of a table query too, beside the table's own
        assertThat(floe.sql("SELECT id, NULL AS n FROM t ORDER BY id LIMIT 1").columnTypes()).containsExactly("INTEGER", "NULL");
    }

    @Test
    void ascendingSortsPutNullsFirstAndDescendingLast() {
        assertThat(column("SELECT v FROM t ORDER BY v")).containsExactly(null, 1, 3);
        assertThat(column("SELECT v FROM t ORDER BY v DESC")).containsExactly(3, 1, null);
        assertThat(column("SELECT v FROM t ORDER BY v NULLS LAST")).containsExactly(1, 3, null);
        // also inside a window's ORDER BY: the NULL row is numbered first
        assertThat(column("SELECT row_number() OVER (ORDER BY v) FROM t ORDER BY id")).containsExactly(3, 1, 2);
    }

    @Test
    void arraySubscriptsCountFromZeroAndOutOfRangeFailsInAnsiMode() {
        assertThat(one("SELECT array(1, 2, 3)[0]")).isEqualTo(1);
        assertThat(column("SELECT a[0] FROM t WHERE a IS NOT NULL ORDER BY id")).containsExactly(10, 30);
        assertThatThrownBy(() -> one("SELECT array(1, 2, 3)[3]")).hasMessageContaining("INVALID_ARRAY_INDEX");
        assertThat(one("SELECT element_at(array(1, 2, 3), -1)")).isEqualTo(3);
    }

    @Test
    void castsToIntegralTypesTruncate() {
        assertThat(one("SELECT CAST(-4.56 AS INT)")).isEqualTo(-4);
        assertThat(one("SELECT CAST(4.99D AS BIGINT)")).isEqualTo(4L);
        assertThat(column("SELECT CAST(d AS INT) FROM t ORDER BY id")).containsExactly(-4, 2, null);
        // ANSI mode accepts only integer text (DuckDB would round '-4.56' to -5); legacy mode truncates it
        assertThatThrownBy(() -> one("SELECT CAST('-4.56' AS INT)")).hasMessageContaining("CAST_INVALID_INPUT");
        assertThat(one("SELECT try_cast('-4.56' AS INT)")).isNull();
        assertThat(one("SELECT CAST(' 12 ' AS INT)")).isEqualTo(12);
        try (Floe other = Floe.open(dir.resolve("wh").toString())) {
            other.sql("SET spark.sql.ansi.enabled = false");
            assertThat(other.sql("SELECT CAST(s AS INT) FROM t WHERE id = 1").scalar()).isEqualTo(-4);
            assertThat(other.sql("SELECT CAST(300 AS TINYINT)").scalar()).isEqualTo((byte) 44);
            assertThat(other.sql("SELECT CAST(1e10 AS INT)").scalar()).isEqualTo(Integer.MAX_VALUE);
        }
    }

    @Test
    void decimalDivisionIsExactWithSparksResultType() {
        // an integer literal counts as a DECIMAL of its own digits (13 is DECIMAL(2, 0)), an INT column as DECIMAL(10, 0)
        var r = floe.sql("SELECT 1.0 / 3, CAST(99.9999 AS DECIMAL(12, 4)) / 13, CAST(99.9999 AS DECIMAL(12, 4)) / v FROM t WHERE id = 3");
        assertThat(r.columnTypes()).containsExactly("DECIMAL(7,6)", "DECIMAL(15,7)", "DECIMAL(23,15)");
        assertThat(r.rows().get(0)).containsExactly(new BigDecimal("0.333333"), new BigDecimal("7.6923000"), new BigDecimal("99.999900000000000"));
        assertThat(one("SELECT typeof(2.5 * 4)")).isEqualTo("decimal(4,1)");
    }

    @Test
    void splitTakesARegularExpression() {
        assertThat(one("SELECT split('a1b22c', '[1-9]+')").toString()).isEqualTo("[a, b, c]");
    }

    @Test
    void likeEscapesWithABackslashByDefault() {
        assertThat(one("SELECT 'a_b' LIKE 'a\\_b'")).isEqualTo(true);
        assertThat(one("SELECT 'axb' LIKE 'a\\_b'")).isEqualTo(false);
        assertThat(column("SELECT id FROM t WHERE s LIKE '%\\_%'")).containsExactly(2);
        assertThat(one("SELECT 'abc' LIKE ANY ('x%', '%c')")).isEqualTo(true);
        assertThat(one("SELECT 'abc' LIKE ALL ('a%', '%x')")).isEqualTo(false);
    }

    @Test
    void stringLiteralEscapesAreDecoded() {
        assertThat(one("SELECT 'a\\tb'")).isEqualTo("a\tb");
        assertThat(one("SELECT '\\u0057'")).isEqualTo("W");
        assertThat(one("SELECT 'a\\\\b'")).isEqualTo("a\\b");
        assertThat(one("SELECT 'it\\'s'")).isEqualTo("it's");
    }

    @Test
    void typedNumericLiteralsHaveTheirTypes() {
        var r = floe.sql("SELECT 1L, 2.5D, 3S, 1Y, 1.5BD");
        assertThat(r.columnTypes()).containsExactly("BIGINT", "DOUBLE", "SMALLINT", "TINYINT", "DECIMAL(2,1)");
        assertThat(r.rows().get(0)).containsExactly(1L, 2.5, (short) 3, (byte) 1, new BigDecimal("1.5"));
        assertThat(one("SELECT typeof(1L + 1)")).isEqualTo("bigint");
    }

    @Test
    void divisionIsFractionalAndByZeroFailsOrIsNullWithoutAnsi() {
        assertThat(one("SELECT 5 / 2")).isEqualTo(2.5);
        assertThat(one("SELECT 7 div 2")).isEqualTo(3L);
        assertThat(one("SELECT -7 div 2")).isEqualTo(-3L);
        assertThatThrownBy(() -> one("SELECT 5 / 0")).hasMessageContaining("DIVIDE_BY_ZERO");
        try (Floe other = Floe.open(dir.resolve("wh").toString())) {
            other.sql("SET spark.sql.ansi.enabled = false");
            assertThat(other.sql("SELECT 5 / 0").scalar()).isNull();
            assertThat(other.sql("SELECT CAST('abc' AS INT)").scalar()).isNull();
            assertThat(other.sql("SELECT size(NULL)").scalar()).isEqualTo(-1);
        }
    }

    @Test
    void dateMinusDateIsAnIntervalOfDays() {
        assertThat(one("SELECT date'2001-10-01' - date'2001-09-28'").toString()).isEqualTo("3 days");
        assertThat(one("SELECT typeof(date'2001-10-01' - date'2001-09-28')")).isEqualTo("interval day");
        assertThat(one("SELECT DATE '2024-01-31' + INTERVAL 1 MONTH")).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void javaDatePatternsAndDateFunctions() {
        assertThat(one("SELECT date_format(TIMESTAMP '2024-01-02 03:04:05', 'yyyy-MM')")).isEqualTo("2024-01");
        assertThat(one("SELECT date_format(DATE '2024-03-05', 'd MMM yyyy')")).isEqualTo("5 Mar 2024");
        assertThat(one("SELECT to_date('05.01.2024', 'dd.MM.yyyy')")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(one("SELECT unix_timestamp('2024-01-01', 'yyyy-MM-dd')")).isEqualTo(1704067200L);
        assertThat(one("SELECT from_unixtime(0)")).isEqualTo("1970-01-01 00:00:00");
        assertThat(one("SELECT dayofweek(DATE '2024-03-03')")).isEqualTo(1);
        assertThat(column("SELECT datediff(day, DATE '2024-01-01') FROM t ORDER BY id")).containsExactly(60, null, 58);
        assertThatThrownBy(() -> one("SELECT date_format(DATE '2024-03-05', 'G')")).hasMessageContaining("not supported");
    }

    @Test
    void functionsDuckDbLacksOrNamesDifferently() {
        assertThat(one("SELECT nvl(NULL, 2)")).isEqualTo(2);
        assertThat(one("SELECT nvl2(1, 'a', 'b')")).isEqualTo("a");
        assertThat(one("SELECT pmod(-7, 3)")).isEqualTo(2);
        assertThat(one("SELECT width_bucket(5.3, 0.2, 10.6, 5)")).isEqualTo(3L);
        assertThat(one("SELECT substring_index('a.b.c', '.', -2)")).isEqualTo("b.c");
        assertThat(one("SELECT size(array(1, 2))")).isEqualTo(2);
        assertThat(one("SELECT int('12')")).isEqualTo(12);
        assertThat(one("SELECT CAST(array(1, 2) AS array<string>)").toString()).isEqualTo("[1, 2]");
        assertThat(one("SELECT every(v > 0) FROM t")).isEqualTo(true);
        assertThat(one("SELECT some(v > 2) FROM t")).isEqualTo(true);
        assertThat(one("SELECT hash(1)")).isEqualTo(-559580957);
        assertThat(one("SELECT substring('Hello', 0, 2)")).isEqualTo("He");
        // banker's rounding of a decimal keeps Spark's result type (DECIMAL(2, 0) here, not the argument's)
        assertThat(one("SELECT bround(2.5)")).isEqualTo(new BigDecimal("2"));
        assertThat(one("SELECT pmod(7, -3)")).isEqualTo(1);
    }

    @Test
    void higherOrderFunctionsAndConstructors() {
        assertThat(one("SELECT transform(array(1, 2, 3), (x, i) -> x + i)").toString()).isEqualTo("[1, 3, 5]");
        assertThat(one("SELECT filter(array(1, 2, 3), x -> x > 1)").toString()).isEqualTo("[2, 3]");
        assertThat(one("SELECT exists(array(1, NULL), x -> x > 1)")).isNull();
        assertThat(one("SELECT aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x, acc -> acc * 10)")).isEqualTo(60);
        assertThat(one("SELECT zip_with(array(1, 2), array(10, 20), (x, y) -> x + y)").toString()).isEqualTo("[11, 22]");
        assertThat(one("SELECT map('a', 1)['a']")).isEqualTo(1);
        assertThat(one("SELECT named_struct('a', 1, 'b', 'x').b")).isEqualTo("x");
        assertThat(one("SELECT array_distinct(array(3, 1, 3, NULL, 1, NULL))")).asString().isEqualTo("[3, 1, null]");
    }

    @Test
    void unsupportedFunctionsFailByName() {
        assertThatThrownBy(() -> one("SELECT percentile_approx(v, 0.5, 100) FROM t")).isInstanceOf(SparkSqlException.class)
                .hasMessageContaining("function `percentile_approx` is not supported");
    }

    @Test
    void sessionTimeZoneIsHonoured() {
        try (Floe other = Floe.open(dir.resolve("wh").toString())) {
            other.sql("SET spark.sql.session.timeZone = America/New_York");
            // the literal is New York wall-clock time: 13:30 UTC, printed back in New York time
            assertThat(other.sql("SELECT unix_timestamp(TIMESTAMP '2024-01-05 08:30:00')").scalar()).isEqualTo(1704461400L);
            assertThat(other.sql("SELECT hour(TIMESTAMP '2024-01-05 08:30:00')").scalar()).isEqualTo(8);
            assertThat(other.sql("SELECT CAST(TIMESTAMP '2024-01-05 23:30:00' AS DATE)").scalar()).isEqualTo(LocalDate.of(2024, 1, 5));
            assertThatThrownBy(() -> other.sql("SET spark.sql.session.timeZone = Not/AZone")).isInstanceOf(FloeException.class);
        }
        assertThat(one("SELECT hour(TIMESTAMP '2024-01-05 08:30:00')")).isEqualTo(8);
    }

    @Test
    void dmlExpressionsAreTranslatedToo() {
        floe.sql("CREATE TABLE u (id INT, v DOUBLE, n STRING) USING DELTA");
        floe.sql("INSERT INTO u SELECT id, d, s FROM t");
        floe.sql("UPDATE u SET n = concat(n, '!') WHERE n LIKE 'a\\_%'");
        floe.sql("DELETE FROM u WHERE CAST(v AS INT) = -4");
        assertThat(floe.sql("SELECT id, n FROM u ORDER BY id").rows().stream().map(Object::toString).toList())
                .isEqualTo(Arrays.asList("[2, a_b!]", "[3, null]"));
    }
}
