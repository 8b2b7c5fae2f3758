package io.floe.sql;

import io.floe.Floe;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A query run again reuses its parse and its Spark SQL translation (issue 16), and nothing it depends on is left stale:
 * its tables' versions and schemas, the session's options, temporary views.
 */
class StatementReuseTest {
    @TempDir
    Path dir;
    Floe floe;

    @BeforeEach
    void open() {
        floe = Floe.open(dir.resolve("wh").toString());
        floe.sql("CREATE TABLE t (id BIGINT, s STRING) USING delta");
        floe.sql("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    }

    @AfterEach
    void close() {
        floe.close();
    }

    private SparkSqlPlan plan(String query) {
        SqlStatement.QueryStatement q = (SqlStatement.QueryStatement) floe.session().parse(query).get(0);
        List<SqlSession.ScanInfo> scans = new ArrayList<>();
        try (var scope = io.floe.table.StatementScope.open()) {
            return new SparkSqlPlan(floe.session().context().planner().planned(q.query(), scans), scans);
        }
    }

    record SparkSqlPlan(io.floe.sql.spark.SparkSql.Planned planned, List<SqlSession.ScanInfo> scans) {
    }

    @Test
    void theSameQueryIsParsedAndTranslatedOnce() {
        String q = "SELECT s, count(*) FROM t WHERE id > 0 GROUP BY s";
        assertThat(floe.session().parse(q)).isSameAs(floe.session().parse(q));
        SparkSqlPlan first = plan(q);
        SparkSqlPlan again = plan(q);
        assertThat(again.planned()).isSameAs(first.planned());
        // the table is still planned each time: the scans are reported as before
        assertThat(again.scans()).hasSize(1);
        assertThat(again.scans().get(0).table()).isEqualTo("t");
        // statements that change something are parsed each time
        String insert = "INSERT INTO t VALUES (3, 'c')";
        assertThat(floe.session().parse(insert).get(0)).isNotSameAs(floe.session().parse(insert).get(0));
    }

    @Test
    void aNewVersionOrSchemaOfATableIsTranslatedAgain() {
        String q = "SELECT * FROM t WHERE id >= 2 ORDER BY id";
        assertThat(floe.sql(q).rows()).containsExactly(List.of(2L, "b"));
        floe.sql("INSERT INTO t VALUES (3, 'c')");
        assertThat(floe.sql(q).rows()).containsExactly(List.of(2L, "b"), List.of(3L, "c"));
        floe.sql("ALTER TABLE t ADD COLUMNS (n INT)");
        floe.sql("INSERT INTO t VALUES (4, 'd', 7)");
        assertThat(floe.sql(q).columnNames()).containsExactly("id", "s", "n");
        assertThat(floe.sql(q).rows()).containsExactly(Arrays.asList(2L, "b", null), Arrays.asList(3L, "c", null), List.of(4L, "d", 7));
    }

    @Test
    void theSessionsOptionsAreHonouredWhenTheyChange() {
        String cast = "SELECT CAST(s AS INT) FROM t WHERE id = 1";
        floe.sql("SET " + io.floe.sql.spark.SparkSql.ANSI + " = false");
        assertThat(floe.sql(cast).rows()).containsExactly(Arrays.asList((Object) null));
        floe.sql("SET " + io.floe.sql.spark.SparkSql.ANSI + " = true");
        assertThatThrownBy(() -> floe.sql(cast)).isInstanceOf(FloeException.class);
        String zone = "SELECT current_timezone() FROM t WHERE id = 1";
        floe.sql("SET " + io.floe.sql.spark.SparkSql.TIME_ZONE + " = 'UTC'");
        assertThat(floe.sql(zone).rows()).containsExactly(List.of("UTC"));
        floe.sql("SET " + io.floe.sql.spark.SparkSql.TIME_ZONE + " = 'America/New_York'");
        assertThat(floe.sql(zone).rows()).containsExactly(List.of("America/New_York"));
    }

    @Test
    void aReplacedTemporaryViewIsReadAsItIsNow() {
        String q = "SELECT count(*) FROM v WHERE id > 0";
        floe.sql("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT * FROM t WHERE id = 1");
        assertThat(floe.sql(q).rows()).containsExactly(List.of(1L));
        floe.sql("CREATE OR REPLACE TEMPORARY VIEW v AS SELECT * FROM t");
        assertThat(floe.sql(q).rows()).containsExactly(List.of(2L));
    }

    @Test
    void queriesOfLongScriptsAreNotKept() {
        // the kept translation holds the script's text: a long one (a bulk INSERT … SELECT) is translated each time
        Translations kept = floe.session().context().planner().translations();
        int before = kept.size();
        String q = "SELECT count(*) FROM t WHERE s <> '" + "x".repeat(Translations.MAX_SOURCE_CHARS) + "'";
        assertThat(floe.sql(q).rows()).containsExactly(List.of(2L));
        assertThat(kept.size()).isEqualTo(before);
        floe.sql("SELECT count(*) FROM t WHERE s <> 'x'");
        assertThat(kept.size()).isEqualTo(before + 1);
    }

    @Test
    void aQueryThatFailsToParseFailsEveryTime() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> floe.session().parse("SELECT FROM WHERE")).isInstanceOf(RuntimeException.class);
        }
    }
}
