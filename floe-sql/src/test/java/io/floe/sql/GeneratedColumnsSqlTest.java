package io.floe.sql;

import io.floe.Floe;
import io.floe.operations.Constraints;
import io.floe.operations.SchemaAlignment;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17: generated columns (GENERATED ALWAYS AS (expr), kept in Spark SQL as delta.generationExpression) are computed
 * on every write that leaves them out and checked where a write supplies them; identity columns get values beyond the
 * high-water mark, which moves in the same commit.
 */
class GeneratedColumnsSqlTest {
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

    private String log(String table) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("wh/" + table + "/_delta_log"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", (a, b) -> a + "\n" + b).replace("\\\"", "\""); // the schema is JSON inside JSON
        }
    }

    private List<List<Object>> rows(String sql) {
        return floe.sql(sql).rows();
    }

    @Test
    void generatedColumnsAreComputedOnEveryWriteThatLeavesThemOut() throws Exception {
        floe.sql("CREATE TABLE ev (id INT, ts TIMESTAMP, d DATE GENERATED ALWAYS AS (CAST(ts AS DATE)), "
                + "up STRING GENERATED ALWAYS AS (upper(`name`)), name STRING) USING delta PARTITIONED BY (d)");
        String log = log("ev");
        assertThat(log).contains("\"delta.generationExpression\":\"CAST(ts AS DATE)\"").contains("\"minWriterVersion\":4");
        floe.sql("INSERT INTO ev (id, ts, name) VALUES (1, TIMESTAMP '2024-01-02 10:00:00', 'a')");
        // by position, the table's own columns only
        floe.sql("INSERT INTO ev VALUES (2, TIMESTAMP '2024-01-03 23:00:00', 'b')");
        // supplied and equal: accepted
        floe.sql("INSERT INTO ev (id, ts, d, name) VALUES (3, TIMESTAMP '2024-01-04 00:00:00', DATE '2024-01-04', 'c')");
        assertThat(rows("SELECT id, CAST(d AS STRING), up FROM ev ORDER BY id")).containsExactly(
                List.of(1, "2024-01-02", "A"), List.of(2, "2024-01-03", "B"), List.of(3, "2024-01-04", "C"));
        // supplied and different: refused by name, as Spark does
        assertThatThrownBy(() -> floe.sql("INSERT INTO ev (id, ts, d, name) VALUES (4, TIMESTAMP '2024-01-04 00:00:00', DATE '2024-02-01', 'x')"))
                .isInstanceOf(Constraints.ConstraintViolationException.class)
                .hasMessageContaining("CHECK constraint Generated Column (d <=> CAST(ts AS DATE)) violated by row with values");
        // UPDATE of a source column recomputes the generated ones (and moves the row to its partition)
        floe.sql("UPDATE ev SET ts = TIMESTAMP '2024-03-05 01:00:00', name = 'z' WHERE id = 1");
        // MERGE: inserted rows and updated rows get computed values
        floe.sql("MERGE INTO ev USING (SELECT 2 AS id, TIMESTAMP '2024-05-06 00:00:00' AS ts, 'm' AS name UNION ALL "
                + "SELECT 5, TIMESTAMP '2024-07-08 12:00:00', 'n') s ON ev.id = s.id "
                + "WHEN MATCHED THEN UPDATE SET ts = s.ts WHEN NOT MATCHED THEN INSERT (id, ts, name) VALUES (s.id, s.ts, s.name)");
        assertThat(rows("SELECT id, CAST(d AS STRING), up FROM ev ORDER BY id")).containsExactly(
                List.of(1, "2024-03-05", "Z"), List.of(2, "2024-05-06", "B"), List.of(3, "2024-01-04", "C"),
                List.of(5, "2024-07-08", "N"));
        assertThat(rows("SELECT count(*) FROM ev WHERE d IS DISTINCT FROM CAST(ts AS DATE)")).containsExactly(List.of(0L));
    }

    @Test
    void anExpressionFloeCannotComputeIsRefusedAtCreate() {
        assertThatThrownBy(() -> floe.sql("CREATE TABLE bad (a INT, b INT GENERATED ALWAYS AS (nosuchcolumn + 1)) USING delta"))
                .isInstanceOf(FloeException.class).hasMessageContaining("generated column b");
        assertThat(Files.exists(dir.resolve("wh/bad/_delta_log"))).isFalse();
    }

    @Test
    void icebergTablesRefuseGeneratedAndIdentityColumnsByName() {
        assertThatThrownBy(() -> floe.sql("CREATE TABLE ice (a INT, b INT GENERATED ALWAYS AS (a + 1)) USING iceberg"))
                .isInstanceOf(FloeException.class).hasMessageContaining("Iceberg tables have no generated or identity columns")
                .hasMessageContaining("column b");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE ice (id BIGINT GENERATED ALWAYS AS IDENTITY, a INT) USING iceberg"))
                .isInstanceOf(FloeException.class).hasMessageContaining("column id");
    }

    @Test
    void identityValuesGoBeyondTheHighWaterMarkWhichMovesInTheSameCommit() throws Exception {
        floe.sql("CREATE TABLE ids (id BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5), v STRING) USING delta");
        assertThat(log("ids")).contains("\"delta.identity.start\":10").contains("\"delta.identity.step\":5")
                .contains("\"delta.identity.allowExplicitInsert\":false").contains("\"minWriterVersion\":6");
        floe.sql("INSERT INTO ids (v) VALUES ('a'), ('b')");
        floe.sql("INSERT INTO ids VALUES ('c')");
        assertThat(rows("SELECT id FROM ids ORDER BY id")).containsExactly(List.of(10L), List.of(15L), List.of(20L));
        assertThat(log("ids")).contains("\"delta.identity.highWaterMark\":20");
        assertThatThrownBy(() -> floe.sql("INSERT INTO ids (id, v) VALUES (99, 'x')"))
                .isInstanceOf(SchemaAlignment.ComputedColumnException.class)
                .hasMessageContaining("Providing values for GENERATED ALWAYS AS IDENTITY column id is not supported");
        // MERGE inserts get new values too
        floe.sql("MERGE INTO ids USING (SELECT 'd' AS v) s ON ids.v = s.v WHEN NOT MATCHED THEN INSERT (v) VALUES (s.v)");
        assertThat(rows("SELECT id, v FROM ids WHERE v = 'd'")).containsExactly(List.of(25L, "d"));
        assertThat(rows("SELECT count(DISTINCT id), count(*) FROM ids")).containsExactly(List.of(4L, 4L));
    }

    @Test
    void byDefaultIdentityTakesExplicitValuesAndMovesTheMarkPastThem() throws Exception {
        floe.sql("CREATE TABLE byd (id BIGINT GENERATED BY DEFAULT AS IDENTITY, v STRING) USING delta");
        floe.sql("INSERT INTO byd (v) VALUES ('a')");
        floe.sql("INSERT INTO byd (id, v) VALUES (100, 'b')");
        floe.sql("INSERT INTO byd (v) VALUES ('c')");
        assertThat(rows("SELECT id, v FROM byd ORDER BY id")).containsExactly(List.of(1L, "a"), List.of(100L, "b"), List.of(101L, "c"));
    }

    @Test
    void aConcurrentWriterThatAssignedIdentityValuesMakesTheOtherFailNotReuseThem() {
        floe.sql("CREATE TABLE con (id BIGINT GENERATED ALWAYS AS IDENTITY, v STRING) USING delta");
        io.floe.table.Table t = floe.table("con");
        io.floe.table.Transaction slow = t.newTransaction(); // read before the other writer committed
        floe.sql("INSERT INTO con (v) VALUES ('fast')");
        // the slow writer's rows carry the values it computed from the old mark: its commit must not land
        io.floe.table.DataFile f = t.snapshot().files().get(0);
        slow.add(new io.floe.table.DataFile("other.parquet", java.util.Map.of(), f.size(), f.modificationTime(), true,
                f.stats(), null, java.util.Map.of())).enforcesConstraints(true);
        assertThatThrownBy(() -> slow.commit(io.floe.table.Operation.of("WRITE")))
                .isInstanceOf(io.floe.table.MetadataChangedException.class);
    }

    @Test
    void aFilterOnTheSourceColumnPrunesTheGeneratedPartitions() {
        floe.sql("CREATE TABLE pr (ts TIMESTAMP, v INT, d DATE GENERATED ALWAYS AS (CAST(ts AS DATE))) USING delta PARTITIONED BY (d)");
        for (int day = 1; day <= 9; day += 2) {
            floe.sql("INSERT INTO pr (ts, v) VALUES (TIMESTAMP '2024-01-0" + day + " 12:00:00', " + day + ")");
        }
        String plan = floe.sql("EXPLAIN SELECT v FROM pr WHERE ts >= TIMESTAMP '2024-01-07 00:00:00'").rows().toString();
        // d >= 2024-01-06 (a day of slack for the writer's time zone): -07 and -09 kept, -01, -03 and -05 pruned
        assertThat(plan).contains("files total=5 after_partition_pruning=2");
        assertThat(rows("SELECT v FROM pr WHERE ts >= TIMESTAMP '2024-01-07 00:00:00' ORDER BY v")).containsExactly(List.of(7), List.of(9));
        String eq = floe.sql("EXPLAIN SELECT v FROM pr WHERE ts = TIMESTAMP '2024-01-03 12:00:00'").rows().toString();
        assertThat(eq).contains("after_partition_pruning=1");
    }

    @Test
    void columnsAGenerationExpressionUsesCannotBeRenamedDroppedOrRetyped() {
        floe.sql("CREATE TABLE dep (a INT, b INT GENERATED ALWAYS AS (a * 2), c INT) USING delta"
                + " TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.enableTypeWidening' = 'true')");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE dep RENAME COLUMN a TO a2")).isInstanceOf(FloeException.class)
                .hasMessageContaining("Cannot alter column a because this column is referenced by the following generated column(s): b");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE dep DROP COLUMN a")).hasMessageContaining("Cannot alter column a");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE dep ALTER COLUMN a TYPE BIGINT")).hasMessageContaining("Cannot alter column a");
        // other columns, and the generated column itself, change as usual
        floe.sql("ALTER TABLE dep RENAME COLUMN c TO c2");
        floe.sql("ALTER TABLE dep DROP COLUMN b");
        floe.sql("ALTER TABLE dep RENAME COLUMN a TO a2");
        floe.sql("INSERT INTO dep VALUES (1, 2)");
        assertThat(rows("SELECT a2, c2 FROM dep")).containsExactly(List.of(1, 2));
    }

    @Test
    void restoreKeepsTheNewestHighWaterMarkSoValuesAreNotGivenTwice() {
        floe.sql("CREATE TABLE rs (id BIGINT GENERATED ALWAYS AS IDENTITY, v STRING) USING delta");
        floe.sql("INSERT INTO rs (v) VALUES ('a')");
        floe.sql("INSERT INTO rs (v) VALUES ('b'), ('c')");
        floe.sql("RESTORE TABLE rs TO VERSION AS OF 1");
        floe.sql("INSERT INTO rs (v) VALUES ('d')");
        assertThat(rows("SELECT id, v FROM rs ORDER BY id")).containsExactly(List.of(1L, "a"), List.of(4L, "d"));
    }

    @Test
    void createTableAsSelectWithDeclaredComputedColumnsComputesThem() throws Exception {
        floe.sql("CREATE TABLE src (v STRING) USING delta");
        floe.sql("INSERT INTO src VALUES ('a'), ('b'), ('c')");
        floe.sql("CREATE TABLE ct (id BIGINT GENERATED ALWAYS AS IDENTITY, v STRING, u STRING GENERATED ALWAYS AS (upper(v)))"
                + " USING delta AS SELECT v FROM src");
        assertThat(rows("SELECT id, v, u FROM ct ORDER BY id")).hasSize(3).allSatisfy(r -> assertThat(r.get(2)).isEqualTo(
                ((String) r.get(1)).toUpperCase(java.util.Locale.ROOT)));
        assertThat(rows("SELECT min(id), max(id), count(DISTINCT id) FROM ct")).containsExactly(List.of(1L, 3L, 3L));
        assertThat(log("ct")).contains("\"delta.identity.highWaterMark\":3");
        floe.sql("CREATE OR REPLACE TABLE ct (id BIGINT GENERATED ALWAYS AS IDENTITY, v STRING) USING delta AS SELECT v FROM src");
        assertThat(rows("SELECT max(id) FROM ct")).containsExactly(List.of(3L));
    }
    @Test
    void updateAndMergeMayNotAssignIdentityColumnsAndAnAssignedGeneratedValueIsChecked() {
        floe.sql("CREATE TABLE um (id BIGINT GENERATED ALWAYS AS IDENTITY, v STRING, u STRING GENERATED ALWAYS AS (upper(v))) USING delta");
        floe.sql("INSERT INTO um (v) VALUES ('a'), ('b')");
        assertThatThrownBy(() -> floe.sql("UPDATE um SET id = 7 WHERE v = 'a'"))
                .hasMessageContaining("UPDATE on IDENTITY column id is not supported");
        assertThatThrownBy(() -> floe.sql("UPDATE um SET u = 'x' WHERE v = 'a'"))
                .as("a SET value that differs from the expression is refused, not recomputed")
                .hasMessageContaining("Generated Column (u <=> upper(v)) violated");
        floe.sql("UPDATE um SET v = 'c' WHERE v = 'a'");
        assertThat(floe.sql("SELECT u FROM um WHERE v = 'c'").scalar()).isEqualTo("C");
        floe.sql("CREATE TEMPORARY VIEW src AS SELECT * FROM VALUES (1, 'b'), (2, 'z') AS s(k, v)");
        assertThatThrownBy(() -> floe.sql("MERGE INTO um t USING src s ON t.v = s.v WHEN MATCHED THEN UPDATE SET t.id = s.k"))
                .hasMessageContaining("UPDATE on IDENTITY column id is not supported");
        assertThatThrownBy(() -> floe.sql("MERGE INTO um t USING src s ON t.v = s.v WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.k, s.v)"))
                .hasMessageContaining("Providing values for GENERATED ALWAYS AS IDENTITY column id");
        floe.sql("MERGE INTO um t USING src s ON t.v = s.v WHEN NOT MATCHED THEN INSERT (v) VALUES (s.v)");
        assertThat(floe.sql("SELECT count(DISTINCT id), count(*) FROM um").rows().get(0)).containsExactly(3L, 3L);
        assertThat(floe.sql("SELECT u FROM um WHERE v = 'z'").scalar()).isEqualTo("Z");
    }

    @Test
    void theChangeFeedShowsGeneratedColumnsAsWrittenByUpdateAndMerge() {
        for (String mode : List.of("false", "true")) { // copy-on-write, and merge-on-read with deletion vectors
            String name = "cdf" + mode;
            floe.sql("CREATE TABLE " + name + " (id INT, v INT, w INT GENERATED ALWAYS AS (v * 10)) TBLPROPERTIES"
                    + " ('delta.enableChangeDataFeed' = 'true', 'delta.enableDeletionVectors' = '" + mode + "')");
            floe.sql("INSERT INTO " + name + " (id, v) VALUES (1, 1), (2, 2), (4, 4)");
            floe.sql("UPDATE " + name + " SET v = 5 WHERE id = 1");
            floe.sql("MERGE INTO " + name + " t USING (SELECT 2 AS id, 7 AS v UNION ALL SELECT 3, 3) s ON t.id = s.id"
                    + " WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v)");
            assertThat(floe.sql("SELECT _commit_version, _change_type, id, v, w FROM table_changes('" + name + "', 2)"
                    + " ORDER BY _commit_version, _change_type, id").rows()).as(mode).containsExactly(
                    List.of(2L, "update_postimage", 1, 5, 50), List.of(2L, "update_preimage", 1, 1, 10),
                    List.of(3L, "insert", 3, 3, 30),
                    List.of(3L, "update_postimage", 2, 7, 70), List.of(3L, "update_preimage", 2, 2, 20));
        }
    }
}
