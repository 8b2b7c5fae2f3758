package io.floe.sql;

import io.floe.Floe;
import io.floe.QueryResult;
import io.floe.sql.parser.SqlParseException;
import io.floe.table.FloeException;
import io.floe.table.TableNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL surface end to end on a local warehouse. */
class FloeSqlTest {
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
    void queryRowsStreamAndAStreamLeftHalfReadDoesNotBlockTheNextStatement() {
        floe.sql("CREATE TABLE big USING DELTA AS SELECT range AS id, 'v' || range AS v FROM range(300000)");
        long n = 0;
        long sum = 0;
        try (io.floe.ResultStream rows = floe.stream("SELECT id, v FROM big ORDER BY id")) {
            assertThat(rows.columnNames()).containsExactly("id", "v");
            for (List<Object> row : rows) {
                assertThat(row.get(1)).isEqualTo("v" + row.get(0));
                sum += (Long) row.get(0);
                n++;
            }
        }
        assertThat(n).isEqualTo(300000);
        assertThat(sum).isEqualTo(300000L * 299999 / 2);
        // abandoned after a few rows: closing it frees the connection for the next statement on this thread
        try (io.floe.ResultStream rows = floe.stream("SELECT * FROM big")) {
            var it = rows.iterator();
            it.next();
            it.next();
        }
        assertThat(count("SELECT count(*) FROM big")).isEqualTo(300000);
        // statements other than queries come whole
        try (io.floe.ResultStream r = floe.stream("INSERT INTO big VALUES (-1, 'x')")) {
            assertThat(r.message()).contains("inserted 1 rows");
        }
        assertThatThrownBy(() -> floe.stream("SELECT 1; SELECT 2")).hasMessageContaining("exactly one statement");
    }

    @Test
    void aWriteToATableWithAnUnknownWriterFeatureIsRefusedBeforeAnyDataFileIsWritten() throws Exception {
        floe.sql("CREATE TABLE fut (id BIGINT) USING DELTA; INSERT INTO fut VALUES (1)");
        Path table = dir.resolve("wh/fut");
        // another engine upgraded the table to a writer feature Floe does not know
        Files.writeString(table.resolve("_delta_log/00000000000000000002.json"),
                "{\"commitInfo\":{\"timestamp\":1,\"operation\":\"UPGRADE PROTOCOL\"}}\n"
                        + "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,\"writerFeatures\":[\"someFutureFeature\"]}}\n");
        long filesBefore;
        try (var s = Files.walk(table)) {
            filesBefore = s.filter(p -> p.toString().endsWith(".parquet")).count();
        }
        assertThatThrownBy(() -> floe.sql("INSERT INTO fut SELECT range FROM range(1000)"))
                .isInstanceOf(io.floe.table.ProtocolNotSupportedException.class).hasMessageContaining("someFutureFeature");
        try (var s = Files.walk(table)) {
            assertThat(s.filter(p -> p.toString().endsWith(".parquet")).count()).isEqualTo(filesBefore);
        }
        assertThat(count("SELECT count(*) FROM fut")).isEqualTo(1); // still readable
    }

    @Test
    void createInsertSelectAndTimeTravel() {
        floe.sql("CREATE TABLE events (id BIGINT NOT NULL, kind STRING, day DATE, amount DECIMAL(10,2)) USING DELTA PARTITIONED BY (kind)");
        floe.sql("INSERT INTO events VALUES (1, 'click', DATE '2024-01-01', 1.50), (2, 'view', DATE '2024-01-02', NULL)");
        floe.sql("INSERT INTO events (id, kind) VALUES (3, 'click')");
        assertThat(count("SELECT count(*) FROM events")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM events VERSION AS OF 1")).isEqualTo(2);
        QueryResult r = floe.sql("SELECT id, kind, day, amount FROM events WHERE id = 1");
        assertThat(r.rows().get(0)).containsExactly(1L, "click", LocalDate.of(2024, 1, 1), new java.math.BigDecimal("1.50"));
        // a join of two versions of one table
        assertThat(count("SELECT count(*) FROM events a JOIN events VERSION AS OF 1 b ON a.id = b.id")).isEqualTo(2);
        String ts = floe.sql("DESCRIBE HISTORY events").rows().get(1).get(1).toString();
        assertThat(count("SELECT count(*) FROM events TIMESTAMP AS OF '" + ts.replace("T", " ").replace("Z", "") + "'")).isEqualTo(2);
        assertThat(floe.sql("SHOW TABLES").rows()).extracting(row -> row.get(1)).containsExactly("events");
        assertThat(floe.sql("DESCRIBE events").rows().get(0)).containsExactly("id", "bigint not null", null);
        QueryResult detail = floe.sql("DESCRIBE DETAIL events");
        assertThat(detail.rows().get(0).get(detail.columnIndex("numFiles"))).isEqualTo(3L);
        // delta-spark's TableDetail columns in its order, then Floe's version
        assertThat(detail.columnNames()).containsExactly("format", "id", "name", "description", "location", "createdAt",
                "lastModified", "partitionColumns", "clusteringColumns", "numFiles", "sizeInBytes", "properties",
                "minReaderVersion", "minWriterVersion", "tableFeatures", "version");
        QueryResult h = floe.sql("DESCRIBE HISTORY events");
        assertThat(h.rows()).extracting(row -> row.get(2)).containsExactly("WRITE", "WRITE", "CREATE TABLE");
    }

    @Test
    void describeDetailShowsTheDescriptionGivenAtCreateOfEitherFormat() {
        floe.sql("CREATE TABLE d1 (id BIGINT) USING DELTA COMMENT 'daily events'");
        floe.sql("CREATE TABLE i1 (id BIGINT) USING ICEBERG COMMENT 'hourly events'");
        floe.sql("CREATE TABLE n1 (id BIGINT) USING DELTA");
        for (String[] c : new String[][] {{"d1", "daily events"}, {"i1", "hourly events"}, {"n1", null}}) {
            QueryResult d = floe.sql("DESCRIBE DETAIL " + c[0]);
            assertThat(d.rows().get(0).get(d.columnIndex("description"))).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void ctasOverwriteAndPathTables() {
        floe.sql("CREATE TABLE nums USING DELTA PARTITIONED BY (m) AS SELECT range AS id, range % 3 AS m FROM range(100)");
        assertThat(count("SELECT count(*) FROM nums WHERE m = 1")).isEqualTo(33);
        floe.sql("INSERT OVERWRITE nums SELECT id, m FROM nums WHERE id < 10");
        assertThat(count("SELECT count(*) FROM nums")).isEqualTo(10);
        String path = dir.resolve("ext").toString();
        floe.sql("CREATE TABLE delta.`" + path + "` (a INT) USING DELTA");
        floe.sql("INSERT INTO delta.`" + path + "` VALUES (7)");
        assertThat(count("SELECT sum(a) FROM delta.`" + path + "`")).isEqualTo(7);
        // registering an existing table by LOCATION does not touch it
        floe.sql("CREATE TABLE ext USING DELTA LOCATION '" + path + "'");
        assertThat(count("SELECT a FROM ext")).isEqualTo(7);
        assertThat(floe.table("ext").snapshot().version()).isEqualTo(1);
        floe.sql("DROP TABLE ext");
        assertThat(Files.exists(Path.of(path, "_delta_log"))).isTrue(); // external: files stay
        floe.sql("DROP TABLE nums");
        assertThat(floe.tableNames()).isEmpty();
    }

    @Test
    void rowLevelChangesFromSql() {
        floe.sql("CREATE TABLE t (id BIGINT, v STRING) USING DELTA");
        floe.sql("INSERT INTO t SELECT range, 'v' || range FROM range(10)");
        floe.sql("UPDATE t AS x SET v = 'changed' WHERE x.id < 3");
        assertThat(count("SELECT count(*) FROM t WHERE v = 'changed'")).isEqualTo(3);
        floe.sql("DELETE FROM t WHERE id >= 8");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(8);
        floe.sql("CREATE TABLE s (id BIGINT, v STRING) USING DELTA");
        floe.sql("INSERT INTO s VALUES (1, 'merged'), (100, 'new'), (NULL, 'nullkey')");
        QueryResult m = floe.sql("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
        assertThat(m.rows().get(0)).containsExactly(3L, 1L, 0L, 2L);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(10);
        floe.sql("MERGE INTO t AS tgt USING (SELECT 2 AS k) src ON tgt.id = src.k WHEN MATCHED THEN DELETE");
        assertThat(count("SELECT count(*) FROM t WHERE id = 2")).isZero();
        floe.sql("MERGE INTO t USING s VERSION AS OF 1 AS src ON t.id = src.id WHEN NOT MATCHED BY SOURCE AND t.id > 5 THEN DELETE");
        assertThat(count("SELECT count(*) FROM t WHERE id > 5 AND id <> 100")).isZero();
        floe.sql("OPTIMIZE t ZORDER BY (id)");
        floe.sql("RESTORE TABLE t TO VERSION AS OF 1");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(10);
        assertThat(floe.sql("DESCRIBE HISTORY t LIMIT 1").rows().get(0).get(2)).isEqualTo("RESTORE");
    }

    @Test
    void explainShowsPruningAndSkipping() {
        floe.sql("CREATE TABLE e (id BIGINT, day DATE) USING DELTA PARTITIONED BY (day)");
        for (int d = 1; d <= 5; d++) {
            for (int k = 0; k < 4; k++) {
                int base = (d * 4 + k) * 100;
                floe.sql("INSERT INTO e SELECT range + " + base + ", DATE '2024-01-0" + d + "' FROM range(100)");
            }
        }
        String plan = floe.sql("EXPLAIN SELECT count(*) FROM e WHERE day = '2024-01-03' AND id = 1250").rows().get(0).get(0).toString();
        assertThat(plan).isEqualTo("scan e@v20: files total=20 after_partition_pruning=4 after_stats_skipping=1");
        assertThat(count("SELECT count(*) FROM e WHERE day = '2024-01-03' AND id = 1250")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM e WHERE day = DATE '2024-01-03' AND id = 99999")).isZero();
    }

    @Test
    void errorsNamePositionsAndLeaveTablesUnchanged() {
        floe.sql("CREATE TABLE t (id BIGINT NOT NULL, v DOUBLE) USING DELTA");
        assertThatThrownBy(() -> floe.sql("SELEC 1")).isInstanceOf(SqlParseException.class).hasMessageStartingWith("line 1:1:");
        assertThatThrownBy(() -> floe.sql("INSERT INTO t VALUES (1, 2.0);\nUPDATE t\n  SET WHERE id = 1"))
                .isInstanceOf(SqlParseException.class).hasMessageStartingWith("line 3:");
        assertThat(count("SELECT count(*) FROM t")).isZero(); // the script failed before running
        assertThatThrownBy(() -> floe.sql("SELECT * FROM nope")).isInstanceOf(TableNotFoundException.class)
                .hasMessageContaining("line 1:15").hasMessageContaining("nope");
        assertThatThrownBy(() -> floe.sql("INSERT INTO t VALUES (NULL, 1.0)")).isInstanceOf(FloeException.class)
                .hasMessageContaining("NOT NULL");
        assertThatThrownBy(() -> floe.sql("INSERT INTO t VALUES (1, 'x')")).isInstanceOf(FloeException.class)
                .hasMessageContaining("column v");
        assertThatThrownBy(() -> floe.sql("SELECT nocolumn FROM t")).isInstanceOf(FloeException.class)
                .hasMessageContaining("nocolumn");
        assertThat(floe.table("t").snapshot().version()).isZero();
    }

    @Test
    void ingestRawJsonAndEvolveSchema() throws Exception {
        Path bronze = dir.resolve("bronze");
        Files.createDirectories(bronze);
        Files.writeString(bronze.resolve("a.json"), "{\"id\": 1, \"name\": \"x\"}\n{\"id\": 2, \"name\": \"y\"}\n");
        floe.sql("CREATE TABLE people (id BIGINT, name STRING) USING DELTA");
        floe.sql("INSERT INTO people SELECT * FROM read_json('" + bronze + "/*.json')");
        assertThat(count("SELECT count(*) FROM people")).isEqualTo(2);
        assertThatThrownBy(() -> floe.sql("INSERT INTO people SELECT 3, 'z', 'extra'")).isInstanceOf(FloeException.class);
        floe.sql("SET spark.databricks.delta.schema.autoMerge.enabled = true");
        floe.sql("INSERT INTO people SELECT 3 AS id, 'z' AS name, 'extra' AS note");
        assertThat(floe.sql("SELECT note FROM people WHERE id = 3").scalar()).isEqualTo("extra");
        // MERGE evolves the schema too (UPDATE SET * / INSERT * with auto-merge on)
        floe.sql("MERGE INTO people t USING (SELECT 4 AS id, 'w' AS name, 'n' AS note, 'NY' AS city) s ON t.id = s.id"
                + " WHEN NOT MATCHED THEN INSERT *");
        assertThat(floe.sql("SELECT city FROM people WHERE id = 4").scalar()).isEqualTo("NY");
        floe.sql("ALTER TABLE people ADD COLUMNS (age INT)");
        floe.sql("ALTER TABLE people SET TBLPROPERTIES ('delta.checkpointInterval' = '5')");
        QueryResult peopleDetail = floe.sql("DESCRIBE DETAIL people");
        assertThat(peopleDetail.rows().get(0).get(peopleDetail.columnIndex("properties"))).isEqualTo(Map.of("delta.checkpointInterval", "5"));
        assertThat(floe.sql("SELECT * FROM people ORDER BY id").columnNames()).containsExactly("id", "name", "note", "city", "age");
    }

    @Test
    void vacuumAndChangeFeedFromSql() {
        floe.sql("CREATE TABLE c (id BIGINT) USING DELTA TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
        floe.sql("INSERT INTO c VALUES (1), (2)");
        floe.sql("DELETE FROM c WHERE id = 1");
        QueryResult ch = floe.sql("SELECT id, _change_type, _commit_version FROM table_changes('c', 1) ORDER BY _commit_version, id");
        assertThat(ch.rows()).containsExactly(List.of(1L, "insert", 1L), List.of(2L, "insert", 1L), List.of(1L, "delete", 2L));
        assertThatThrownBy(() -> floe.sql("VACUUM c RETAIN 0 HOURS")).isInstanceOf(FloeException.class)
                .hasMessageContaining("retentionDurationCheck");
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        // the rewritten data file and the change data file of the DELETE
        assertThat(floe.sql("VACUUM c RETAIN 0 HOURS DRY RUN").rowCount()).isEqualTo(2);
    }
}
