package io.floe.sql.handlers;

import io.floe.Floe;
import io.floe.ResultStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Queries whose DuckDB statement is prepared once and run again (issue 16), and those that must not be. */
class PreparedQueriesTest {
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

    private void writeParquet(Path p, String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (" + query + ") TO '" + p + "' (FORMAT parquet)");
        }
    }

    @Test
    void filesOutsideAnyLogAreBoundAfreshEachTime() throws Exception {
        // plain files may be rewritten in place under the same name. Floe keeps no prepared statement for such queries;
        // DuckDB 1.4 also binds its file readers again at each run of a prepared statement (so this passes without
        // that rule too): it pins what a query must see, whichever of the two a later version keeps
        Path data = dir.resolve("plain");
        Files.createDirectories(data);
        Path f = data.resolve("f.parquet");
        writeParquet(f, "SELECT 1 AS id");
        List<String> queries = List.of("SELECT * FROM parquet.`" + data + "`", "SELECT * FROM read_parquet('" + f + "')",
                "SELECT * FROM '" + f + "'", "SELECT * FROM (SELECT * FROM parquet.`" + data + "`) AS s");
        for (String q : queries) {
            assertThat(floe.sql(q).columnNames()).as(q).containsExactly("id");
        }
        floe.sql("CREATE TEMPORARY VIEW v AS SELECT * FROM read_parquet('" + f + "')");
        assertThat(floe.sql("SELECT * FROM v").columnNames()).containsExactly("id");
        writeParquet(f, "SELECT 2 AS id, 'x' AS added");
        for (String q : queries) {
            assertThat(floe.sql(q).rows()).as(q).containsExactly(List.of(2, "x"));
        }
        assertThat(floe.sql("SELECT * FROM v").rows()).containsExactly(List.of(2, "x"));
    }

    @Test
    void aTableReadAgainGivesItsRowsAndANewVersionItsOwn() {
        floe.sql("CREATE TABLE t (id BIGINT, s STRING) USING delta");
        floe.sql("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        String q = "SELECT id, s FROM t WHERE id = 2";
        assertThat(floe.sql(q).rows()).containsExactly(List.of(2L, "b"));
        assertThat(floe.sql(q).rows()).containsExactly(List.of(2L, "b"));
        floe.sql("ALTER TABLE t ADD COLUMNS (n INT)");
        floe.sql("INSERT INTO t VALUES (2, 'c', 7)");
        assertThat(floe.sql("SELECT id, s, n FROM t WHERE id = 2 ORDER BY s").rows())
                .containsExactly(java.util.Arrays.asList(2L, "b", null), List.of(2L, "c", 7));
        // a stream closed before its end gives its statement back with the result closed: the next run reads from the start
        try (ResultStream open = floe.stream(q)) {
            assertThat(open.iterator().next()).hasSize(2);
        }
        assertThat(floe.sql(q).rows()).hasSize(2);
    }

    @Test
    void keepsTheMostRecentStatementsPerConnection() throws Exception {
        PreparedQueries cache = new PreparedQueries();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            List<PreparedStatement> all = new ArrayList<>();
            for (int i = 0; i <= PreparedQueries.PER_CONNECTION; i++) {
                PreparedStatement ps = c.prepareStatement("SELECT " + i);
                all.add(ps);
                cache.giveBack(c, "SELECT " + i, ps);
            }
            assertThat(cache.idle(c)).isEqualTo(PreparedQueries.PER_CONNECTION);
            assertThat(all.get(0).isClosed()).isTrue(); // the least recently given back went
            assertThat(cache.take(c, "SELECT 0")).isNull();
            PreparedStatement one = cache.take(c, "SELECT 1");
            assertThat(one).isSameAs(all.get(1));
            assertThat(cache.take(c, "SELECT 1")).isNull(); // lent out: not lent twice
            PreparedStatement another = c.prepareStatement("SELECT 1");
            cache.giveBack(c, "SELECT 1", one);
            cache.giveBack(c, "SELECT 1", another); // one is idle already
            assertThat(another.isClosed()).isTrue();
            assertThat(one.isClosed()).isFalse();
            PreparedStatement huge = c.prepareStatement("SELECT 1");
            cache.giveBack(c, "SELECT 1 " + " ".repeat(PreparedQueries.MAX_SQL_CHARS), huge);
            assertThat(huge.isClosed()).isTrue();
        }
    }
}
