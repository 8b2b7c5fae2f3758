package io.floe.sql.spark;

import io.floe.sql.parser.Span;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The translation's text for DuckDB, without running it: the forms that carry Spark's meaning. */
class TranslatorTest {
    private static String sql(String query) {
        return sql(query, Translator.Options.DEFAULT);
    }

    private static String sql(String query, Translator.Options options) {
        Ast.QueryNode q = SparkParser.query(query, new Span(0, query.length(), 1, 1), List.of());
        return new Translator(options, ref -> {
            throw new AssertionError("no tables here");
        }).query(q);
    }

    @Test
    void orderByItemsSayWhereNullsGo() {
        assertThat(sql("SELECT x FROM VALUES (1) AS t(x) ORDER BY x, x DESC, x NULLS LAST"))
                .endsWith("ORDER BY \"x\" ASC NULLS FIRST, \"x\" DESC NULLS LAST, \"x\" ASC NULLS LAST");
        assertThat(sql("SELECT rank() OVER (PARTITION BY x ORDER BY x DESC) FROM VALUES (1) AS t(x)"))
                .contains("OVER (PARTITION BY \"x\" ORDER BY \"x\" DESC NULLS LAST)");
    }

    @Test
    void likeHasSparksDefaultEscape() {
        assertThat(sql("SELECT 'a' LIKE 'a\\_'")).contains("LIKE 'a\\_' ESCAPE '\\'");
        assertThat(sql("SELECT 'a' LIKE 'a#_' ESCAPE '#'")).contains("ESCAPE '#'");
        assertThat(sql("SELECT 'a' NOT LIKE ANY ('a', 'b')")).contains("(NOT ('a' LIKE 'a' ESCAPE '\\')) OR (NOT ('a' LIKE 'b' ESCAPE '\\'))");
    }

    @Test
    void intervalsOfSeveralUnitsAndRanges() {
        assertThat(sql("SELECT INTERVAL 1 DAY 2 HOURS")).contains("INTERVAL '0 months 1 days 7200000000 microseconds'");
        assertThat(sql("SELECT INTERVAL '1-2' YEAR TO MONTH")).contains("INTERVAL '14 months 0 days 0 microseconds'");
        assertThat(sql("SELECT INTERVAL '1 10:00:30.5' DAY TO SECOND")).contains("'0 months 1 days 36030500000 microseconds'");
        assertThat(sql("SELECT INTERVAL -'2' DAY")).contains("-2 days");
        assertThatThrownBy(() -> sql("SELECT INTERVAL 1 MONTH 1 DAY")).hasMessageContaining("not supported");
    }

    @Test
    void typesInCastsAreSparks() {
        assertThat(sql("SELECT CAST(NULL AS array<map<string, decimal(5, 2)>>)")).contains("CAST(NULL AS MAP(VARCHAR, DECIMAL(5, 2))[])");
        assertThat(sql("SELECT CAST('1' AS decimal)")).contains("DECIMAL(10, 0)");
        assertThat(sql("SELECT CAST(1 AS struct<a: int, b: string>)")).contains("STRUCT(\"a\" INTEGER, \"b\" VARCHAR)");
    }

    @Test
    void withoutAnsiModeFailuresAreNull() {
        Translator.Options legacy = new Translator.Options(false, "UTC");
        assertThat(sql("SELECT 5 / 0", legacy)).doesNotContain("DIVIDE_BY_ZERO");
        assertThat(sql("SELECT 5 / 0")).contains("DIVIDE_BY_ZERO");
        assertThat(sql("SELECT CAST('x' AS DOUBLE)", legacy)).contains("TRY_CAST");
    }

    @Test
    void whatIsNotTranslatedIsRefusedByName() {
        assertThatThrownBy(() -> sql("SELECT * FROM VALUES (1) AS t(x) TABLESAMPLE (10 PERCENT)")).isInstanceOf(SparkSqlException.class)
                .hasMessageContaining("TABLESAMPLE is not supported");
        assertThatThrownBy(() -> sql("SELECT no_such_function(1)")).hasMessage("function `no_such_function` is not supported");
        assertThatThrownBy(() -> sql("SELECT sha2('a', 512)")).hasMessageContaining("sha2 with a bit length other than 256");
    }

    @Test
    void duckDbLiteralsFloeHasAlwaysReadAreSparkConstructors() {
        assertThat(sql("SELECT [1, 2, NULL], {'a': 1}, MAP {'k': 1}, []"))
                .isEqualTo("SELECT [1, 2, NULL] AS \"[1, 2, NULL]\", struct_pack(\"a\" := 1) AS \"{'a': 1}\", MAP(['k'], [1]) AS \"MAP {'k': 1}\","
                        + " [] AS \"[]\"");
    }

    @Test
    void javaDatePatternsBecomeStrftime() {
        assertThat(JavaDatePattern.toDuckDb("yyyy-MM-dd HH:mm:ss", false)).isEqualTo("%Y-%m-%d %H:%M:%S");
        assertThat(JavaDatePattern.toDuckDb("d MMM yy, h:mm a", false)).isEqualTo("%-d %b %y, %-I:%M %p");
        assertThat(JavaDatePattern.toDuckDb("yyyy'T'HH 'o''clock' %", false)).isEqualTo("%YT%H o'clock %%");
        assertThat(JavaDatePattern.toDuckDb("dd.MM.yyyy", true)).isEqualTo("%d.%m.%Y");
        assertThatThrownBy(() -> JavaDatePattern.toDuckDb("QQQ", false)).hasMessageContaining("'QQQ'");
    }
}
