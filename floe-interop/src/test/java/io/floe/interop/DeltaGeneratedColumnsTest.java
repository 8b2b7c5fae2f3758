package io.floe.interop;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Generated and identity columns written by both sides (issue 17): Spark creates the table, Floe INSERTs, UPDATEs and
 * MERGEs into it (computing what Spark computes, refusing what Spark refuses), Spark writes again; and the reverse. Both
 * read every version identically, generated values always equal their expression and identity values never repeat.
 */
class DeltaGeneratedColumnsTest extends SparkAndFloe {
    private static long sparkCount(String sql) {
        return spark(sql).get(0).getLong(0);
    }

    @Test
    @Proves(feature = "generatedColumns", mode = Proves.Mode.READ)
    void sparksGeneratedColumnsAreComputedAndCheckedByFloesWrites() {
        String p = path("spark-generated");
        // Spark's SQL takes GENERATED columns only for catalog tables; its builder writes the same metadata for a path
        io.delta.tables.DeltaTable.create(spark).location(p).addColumn("id", "BIGINT").addColumn("ts", "TIMESTAMP")
                .addColumn(io.delta.tables.DeltaTable.columnBuilder(spark, "d").dataType("DATE").generatedAlwaysAs("CAST(ts AS DATE)").build())
                .addColumn("name", "STRING")
                .addColumn(io.delta.tables.DeltaTable.columnBuilder(spark, "up").dataType("STRING").generatedAlwaysAs("upper(name)").build())
                .partitionedBy("d").execute();
        spark("INSERT INTO " + t(p) + " (id, ts, name) VALUES (1, TIMESTAMP '2024-01-01 10:00:00', 'a')");
        floe.sql("INSERT INTO " + t(p) + " (id, ts, name) VALUES (2, TIMESTAMP '2024-01-02 11:00:00', 'b'),"
                + " (3, TIMESTAMP '2024-01-03 12:00:00', 'c')");
        floe.sql("UPDATE " + t(p) + " SET ts = TIMESTAMP '2024-02-01 00:30:00', name = 'bb' WHERE id = 2");
        floe.sql("MERGE INTO " + t(p) + " AS x USING (SELECT 3 AS id, TIMESTAMP '2024-03-03 03:00:00' AS ts, 'cc' AS name UNION ALL"
                + " SELECT 4, TIMESTAMP '2024-04-04 04:00:00', 'd') AS s ON x.id = s.id WHEN MATCHED THEN UPDATE SET ts = s.ts,"
                + " name = s.name WHEN NOT MATCHED THEN INSERT (id, ts, name) VALUES (s.id, s.ts, s.name)");
        // Spark refuses a supplied value that differs from the expression; so does Floe, by the column's name
        assertThatThrownBy(() -> floe.sql("INSERT INTO " + t(p) + " (id, ts, d, name) VALUES (9, TIMESTAMP '2024-01-01 00:00:00',"
                + " DATE '2030-01-01', 'z')")).hasMessageContaining("Generated Column (d <=> CAST(ts AS DATE))");
        spark("INSERT INTO " + t(p) + " (id, ts, name) VALUES (5, TIMESTAMP '2024-05-05 05:00:00', 'e')");
        floe.sql("DELETE FROM " + t(p) + " WHERE id = 1");
        assertSameAtEveryVersion(p, "id, CAST(ts AS STRING), CAST(d AS STRING), name, up");
        assertThat(sparkCount("SELECT count(*) FROM " + t(p) + " WHERE d <=> CAST(ts AS DATE) AND up <=> upper(name)")).isEqualTo(4L);
        assertThat(Spark.rows(p, Spark.latestVersion(p), "id, CAST(d AS STRING), up")).containsExactly(
                "[2, 2024-02-01, BB]", "[3, 2024-03-03, CC]", "[4, 2024-04-04, D]", "[5, 2024-05-05, E]");
        // a filter on ts prunes the partitions of d, Spark's files and Floe's alike
        String plan = floe.sql("EXPLAIN SELECT id FROM " + t(p) + " WHERE ts >= TIMESTAMP '2024-04-01 00:00:00'").rows().toString();
        assertThat(plan).contains("after_partition_pruning=2");
        assertThat(Spark.floeRows(floe.sql("SELECT id FROM " + t(p) + " WHERE ts >= TIMESTAMP '2024-04-01 00:00:00'")))
                .containsExactly("[4]", "[5]");
    }

    @Test
    @Proves(feature = "identityColumns", mode = Proves.Mode.READ)
    void sparksIdentityColumnsGetFreshValuesFromFloeAndSparkContinuesAfterThem() {
        String p = path("spark-identity");
        io.delta.tables.DeltaTable.create(spark).location(p)
                .addColumn(io.delta.tables.DeltaTable.columnBuilder(spark, "id").dataType("BIGINT").generatedAlwaysAsIdentity(100L, 10L).build())
                .addColumn("v", "STRING").execute();
        spark("INSERT INTO " + t(p) + " (v) VALUES ('a'), ('b')");
        floe.sql("INSERT INTO " + t(p) + " (v) VALUES ('c'), ('d')");
        floe.sql("MERGE INTO " + t(p) + " AS x USING (SELECT 'e' AS v) AS s ON x.v = s.v WHEN NOT MATCHED THEN INSERT (v) VALUES (s.v)");
        floe.sql("UPDATE " + t(p) + " SET v = 'A' WHERE v = 'a'");
        assertThatThrownBy(() -> floe.sql("INSERT INTO " + t(p) + " (id, v) VALUES (1, 'x')"))
                .hasMessageContaining("GENERATED ALWAYS AS IDENTITY column id");
        spark("INSERT INTO " + t(p) + " (v) VALUES ('f')");
        assertSameAtEveryVersion(p, "id, v");
        assertThat(sparkCount("SELECT count(DISTINCT id) FROM " + t(p))).isEqualTo(6L);
        assertThat(sparkCount("SELECT count(*) FROM " + t(p) + " WHERE id >= 100 AND (id - 100) % 10 = 0")).isEqualTo(6L);
        // Spark's value comes after every value Floe gave
        long sparksLast = sparkCount("SELECT id FROM " + t(p) + " WHERE v = 'f'");
        assertThat(sparksLast).isGreaterThan(sparkCount("SELECT max(id) FROM " + t(p) + " WHERE v <> 'f'"));
    }

    @Test
    @Proves(feature = "generatedColumns", mode = Proves.Mode.WRITE)
    @Proves(feature = "identityColumns", mode = Proves.Mode.WRITE)
    void floesGeneratedAndIdentityColumnsAreKeptBySparksWrites() {
        String p = path("floe-created");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT GENERATED BY DEFAULT AS IDENTITY, ts TIMESTAMP,"
                + " m STRING GENERATED ALWAYS AS (date_format(ts, 'yyyy-MM')), v INT) USING DELTA PARTITIONED BY (m)");
        floe.sql("INSERT INTO " + t(p) + " (ts, v) VALUES (TIMESTAMP '2024-01-15 00:00:00', 1), (TIMESTAMP '2024-02-15 00:00:00', 2)");
        spark("INSERT INTO " + t(p) + " (ts, v) VALUES (TIMESTAMP '2024-03-15 00:00:00', 3)");
        // Spark enforces Floe's expression as its own
        assertThatThrownBy(() -> spark("INSERT INTO " + t(p) + " (ts, m, v) VALUES (TIMESTAMP '2024-03-15 00:00:00', '1999-01', 9)"))
                .hasMessageContaining("Generated Column");
        floe.sql("INSERT INTO " + t(p) + " (id, ts, v) VALUES (50, TIMESTAMP '2024-04-15 00:00:00', 4)"); // BY DEFAULT: explicit
        spark("INSERT INTO " + t(p) + " (ts, v) VALUES (TIMESTAMP '2024-05-15 00:00:00', 5)");
        floe.sql("UPDATE " + t(p) + " SET ts = TIMESTAMP '2024-06-15 00:00:00' WHERE v = 1");
        floe.sql("INSERT INTO " + t(p) + " (ts, v) VALUES (TIMESTAMP '2024-07-15 00:00:00', 7)");
        assertSameAtEveryVersion(p, "id, CAST(ts AS STRING), m, v");
        assertThat(sparkCount("SELECT count(*) FROM " + t(p) + " WHERE m <=> date_format(ts, 'yyyy-MM')")).isEqualTo(6L);
        assertThat(sparkCount("SELECT count(DISTINCT id) FROM " + t(p))).isEqualTo(6L);
        // values generated after the explicit 50 go beyond it, on both sides
        assertThat(sparkCount("SELECT min(id) FROM " + t(p) + " WHERE v IN (5, 7)")).isGreaterThan(50L);
    }

    /** version → operation, as Spark's DESCRIBE HISTORY shows it. */
    private static java.util.Map<Long, String> sparkOperations(String path) {
        java.util.Map<Long, String> out = new java.util.TreeMap<>();
        for (Row r : spark("DESCRIBE HISTORY " + t(path))) {
            out.put(r.<Long>getAs("version"), r.<String>getAs("operation"));
        }
        return out;
    }

    private static java.util.Map<Long, String> floeOperations(String path) {
        io.floe.QueryResult h = floe.sql("DESCRIBE HISTORY " + t(path));
        int v = h.columnNames().indexOf("version");
        int op = h.columnNames().indexOf("operation");
        java.util.Map<Long, String> out = new java.util.TreeMap<>();
        h.rows().forEach(r -> out.put(((Number) r.get(v)).longValue(), (String) r.get(op)));
        return out;
    }

    /** CREATE OR REPLACE TABLE is not a table feature: the history and both sides' reads of every version are the proof. */
    @Test
    void createOrReplaceKeepsHistoryOnBothSides() {
        String p = path("replaced");
        spark("CREATE TABLE " + t(p) + " (id BIGINT, s STRING) USING DELTA PARTITIONED BY (s)");
        spark("INSERT INTO " + t(p) + " VALUES (1, 'a'), (2, 'b')");
        floe.sql("CREATE OR REPLACE TABLE " + t(p) + " (k INT, v STRING) USING DELTA");
        floe.sql("INSERT INTO " + t(p) + " VALUES (10, 'x')");
        spark("INSERT INTO " + t(p) + " VALUES (11, 'y')");
        floe.sql("REPLACE TABLE " + t(p) + " USING DELTA AS SELECT k * 2 AS k2 FROM " + t(p));
        spark("CREATE OR REPLACE TABLE " + t(p) + " USING DELTA AS SELECT 7 AS z");
        floe.sql("INSERT INTO " + t(p) + " VALUES (8)");
        assertThat(floeOperations(p)).isEqualTo(sparkOperations(p));
        assertThat(floeOperations(p).values()).containsSubsequence("CREATE TABLE", "WRITE", "CREATE OR REPLACE TABLE", "WRITE", "WRITE",
                "REPLACE TABLE AS SELECT", "CREATE OR REPLACE TABLE AS SELECT", "WRITE");
        String[] columns = {"id, s", "id, s", "k, v", "k, v", "k, v", "k2", "z", "z"};
        for (int v = 0; v < columns.length; v++) {
            assertThat(Spark.floeRows(floe.sql("SELECT " + columns[v] + " FROM " + t(p) + " VERSION AS OF " + v)))
                    .as("version %d", v).isEqualTo(Spark.rows(p, v, columns[v]));
        }
        assertThat(Spark.rows(p, 5, "k2")).containsExactly("[20]", "[22]");
        assertThat(Spark.rows(p, 7, "z")).containsExactly("[7]", "[8]");
    }
}
