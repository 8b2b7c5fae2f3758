package io.floe.sql;

import io.floe.Floe;
import io.floe.QueryResult;
import io.floe.sql.parser.SqlParseException;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session's dispatch and the statements whose handling the end-to-end suites do not reach. */
class SqlSessionTest {
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

    private long count(String sql) {
        return ((Number) floe.sql(sql).scalar()).longValue();
    }

    @Test
    void everyStatementKindHasAHandler() {
        List<Class<?>> kinds = new ArrayList<>();
        collect(SqlStatement.class, kinds);
        assertThat(kinds).hasSizeGreaterThan(20);
        for (Class<?> k : kinds) {
            assertThat(floe.session().handles(k)).as(k.getSimpleName()).isTrue();
        }
    }

    private static void collect(Class<?> sealed, List<Class<?>> out) {
        for (Class<?> c : sealed.getPermittedSubclasses()) {
            if (c.isSealed()) {
                collect(c, out);
            } else {
                out.add(c);
            }
        }
    }

    @Test
    void replaceWhereReplacesThePartitionsItSelects() {
        floe.sql("CREATE TABLE t (id BIGINT, p INT) USING DELTA PARTITIONED BY (p)");
        floe.sql("INSERT INTO t SELECT range, range % 3 FROM range(30)");
        floe.sql("INSERT INTO t REPLACE WHERE p = 1 SELECT 100, 1");
        assertThat(count("SELECT count(*) FROM t WHERE p = 1")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(21);
        // a condition decided row by row would drop whole files of rows it does not match: refused
        assertThatThrownBy(() -> floe.sql("INSERT INTO t REPLACE WHERE id = 1 SELECT 1, 1")).isInstanceOf(FloeException.class)
                .hasMessageContaining("REPLACE WHERE may only use partition columns of t [p]").hasMessageStartingWith("line 1:29");
        assertThatThrownBy(() -> floe.sql("INSERT INTO t REPLACE WHERE abs(p) = 1 SELECT 1, 1")).isInstanceOf(FloeException.class)
                .hasMessageContaining("partition columns");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(21);
    }

    @Test
    void optimizeWhereCompactsTheSelectedPartitions() {
        floe.sql("CREATE TABLE t (id BIGINT, p INT) USING DELTA PARTITIONED BY (p)");
        for (int i = 0; i < 3; i++) {
            floe.sql("INSERT INTO t SELECT range, range % 2 FROM range(10)");
        }
        QueryResult r = floe.sql("OPTIMIZE t WHERE p = 0");
        assertThat(r.rows().get(0).get(r.columnIndex("numFilesRemoved"))).isEqualTo(3L);
        assertThat(floe.table("t").snapshot().files()).hasSize(4);
        assertThatThrownBy(() -> floe.sql("OPTIMIZE t WHERE id > 3")).isInstanceOf(FloeException.class)
                .hasMessageContaining("OPTIMIZE WHERE may only use partition columns");
    }

    @Test
    void deleteAndUpdateWithSubqueriesOverTables() {
        floe.sql("CREATE TABLE t (id BIGINT, v STRING) USING DELTA");
        floe.sql("INSERT INTO t SELECT range, 'a' FROM range(10)");
        floe.sql("CREATE TABLE gone (id BIGINT) USING DELTA");
        floe.sql("INSERT INTO gone VALUES (1), (2)");
        floe.sql("DELETE FROM t WHERE id IN (SELECT id FROM gone)");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(8);
        floe.sql("UPDATE t SET v = (SELECT max(id) FROM gone)::VARCHAR WHERE id = 3");
        assertThat(floe.sql("SELECT v FROM t WHERE id = 3").scalar()).isEqualTo("2");
    }

    @Test
    void mergeFillsTheTargetsColumnsInOrderWithoutAColumnList() {
        floe.sql("CREATE TABLE t (id BIGINT, v STRING) USING DELTA");
        floe.sql("MERGE INTO t USING (SELECT 1 AS k) s ON t.id = s.k WHEN NOT MATCHED THEN INSERT VALUES (s.k, \"one\")");
        assertThat(floe.sql("SELECT v FROM t WHERE id = 1").scalar()).isEqualTo("one");
        assertThatThrownBy(() -> floe.sql("MERGE INTO t USING (SELECT 1 AS k) s ON t.id = s.k WHEN NOT MATCHED THEN INSERT VALUES (1)"))
                .isInstanceOf(FloeException.class).hasMessageContaining("1 values for 2 columns");
    }

    @Test
    void unsupportedFeaturesAreRefusedBeforeTheScriptRuns() {
        assertThatThrownBy(() -> floe.sql("CREATE TABLE a (x INT) USING DELTA; CREATE TABLE b (ts TIMESTAMP) USING DELTA"
                + " PARTITIONED BY (days(ts))"))
                .isInstanceOf(SqlParseException.class).hasMessageStartingWith("line 1:").hasMessageContaining("partition transforms like day");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE b (ts TIMESTAMP) PARTITIONED BY (days(ts))"))
                .isInstanceOf(SqlParseException.class).hasMessageContaining("USING ICEBERG");
        assertThat(floe.tableNames()).isEmpty();
    }

    @Test
    void tableChangesBetweenTimestamps() throws Exception {
        floe.sql("CREATE TABLE c (id BIGINT) USING DELTA TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
        floe.sql("INSERT INTO c VALUES (1)");
        Thread.sleep(20);
        floe.sql("INSERT INTO c VALUES (2)");
        Thread.sleep(20);
        floe.sql("INSERT INTO c VALUES (3)");
        List<List<Object>> history = floe.sql("DESCRIBE HISTORY c").rows(); // newest first
        String v2 = history.get(1).get(1).toString();
        String v3 = history.get(0).get(1).toString();
        assertThat(floe.sql("SELECT id FROM table_changes('c', '" + v2 + "', '" + v2 + "')").rows()).containsExactly(List.of(2L));
        assertThat(floe.sql("SELECT id FROM table_changes('c', '" + v2 + "') ORDER BY id").rows())
                .containsExactly(List.of(2L), List.of(3L));
        assertThat(floe.sql("SELECT id FROM table_changes('c', 1, '" + v3 + "') ORDER BY id").rows()).hasSize(3);
        assertThatThrownBy(() -> floe.sql("SELECT * FROM table_changes('c', '2999-01-01')")).isInstanceOf(FloeException.class)
                .hasMessageStartingWith("line 1:15: table_changes: no commit of c at or after 2999-01-01");
    }

    @Test
    void sparksTableQuery() {
        floe.sql("CREATE TABLE a (x INT) USING DELTA; INSERT INTO a VALUES (1), (2); CREATE TABLE b (x INT) USING DELTA");
        floe.sql("INSERT INTO b TABLE a");
        assertThat(count("SELECT count(*) FROM (TABLE b)")).isEqualTo(2);
        assertThat(floe.sql("TABLE a ORDER BY x").rows()).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void duckDbFileScansPassThrough() {
        floe.sql("CREATE TABLE a (x INT) USING DELTA; INSERT INTO a VALUES (1), (2), (3)");
        String file = floe.table("a").location() + io.floe.storage.TablePaths.decode(floe.table("a").snapshot().files().get(0).path());
        String path = file.startsWith("file:") ? java.net.URI.create(file).getPath() : file;
        assertThat(count("SELECT count(*) FROM '" + path + "' f JOIN a ON f.x = a.x")).isEqualTo(3);
    }

    @Test
    void createWithColumnsAsQueryCastsToThem() {
        floe.sql("CREATE TABLE t (id BIGINT NOT NULL, v STRING) USING DELTA AS SELECT 1 AS id, 'x' AS v");
        assertThat(floe.sql("DESCRIBE t").rows().get(0)).containsExactly("id", "bigint not null", null);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(1);
    }

    @Test
    void showTablesWithAPatternAndSettings() {
        floe.sql("CREATE TABLE sales (x INT) USING DELTA; CREATE TABLE sales_eu (x INT) USING DELTA; CREATE TABLE users (x INT) USING DELTA");
        assertThat(floe.sql("SHOW TABLES LIKE 'sales*'").rows()).extracting(r -> r.get(1)).containsExactly("sales", "sales_eu");
        assertThat(floe.sql("SHOW TABLES IN default 'users|sales'").rows()).extracting(r -> r.get(1)).containsExactly("sales", "users");
        floe.sql("SET b.key = 2; SET 'a.key' = 1");
        assertThat(floe.sql("SET").rows()).containsExactly(List.of("a.key", "1"), List.of("b.key", "2"));
        assertThat(floe.sql("SET nope").rows()).containsExactly(List.of("nope", "<undefined>"));
    }

    @Test
    void pathTablesAreScannedUnderTheirLastPathPart() {
        String path = dir.resolve("ext/events").toString();
        floe.sql("CREATE TABLE delta.`" + path + "` (id BIGINT, day DATE) USING DELTA PARTITIONED BY (day)");
        floe.sql("INSERT INTO delta.`" + path + "` VALUES (1, DATE '2024-01-01'), (2, DATE '2024-01-02')");
        List<SqlSession.ScanInfo> scans = floe.session().explainScans(
                "SELECT events.id FROM delta.`" + path + "` WHERE events.day = '2024-01-02'");
        assertThat(scans.get(0).total()).isEqualTo(2);
        assertThat(scans.get(0).afterPartitionPruning()).isEqualTo(1);
        assertThat(count("SELECT events.id FROM delta.`" + path + "` WHERE events.day = '2024-01-02'")).isEqualTo(2);
        assertThat(scans.get(0).line()).startsWith("scan delta.`" + path + "`@v1:");
    }
}
