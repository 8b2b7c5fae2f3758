package io.floe.sql;

import io.floe.Floe;
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

/** Spark's data source tables: CREATE TABLE … USING parquet|csv|json over plain files, no transaction log. */
class FileSourceTablesTest {
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
    void managedParquetTableTakesInsertsAndOverwrites() throws Exception {
        floe.sql("CREATE TABLE p (id BIGINT, name STRING) USING parquet");
        assertThat(floe.sql("SELECT count(*) FROM p").rows()).containsExactly(List.of(0L));
        floe.sql("INSERT INTO p VALUES (1, 'a'), (2, 'b')");
        floe.sql("INSERT INTO p SELECT 3, 'c'");
        assertThat(floe.sql("SELECT id, name FROM p ORDER BY id").rows())
                .containsExactly(List.of(1L, "a"), List.of(2L, "b"), List.of(3L, "c"));
        // plain parquet files in the managed directory, no log beside them
        Path tableDir = dir.resolve("wh/p");
        assertThat(parquetFiles(tableDir)).hasSize(2);
        assertThat(Files.exists(tableDir.resolve("_delta_log"))).isFalse();
        floe.sql("INSERT OVERWRITE p VALUES (9, 'z')");
        assertThat(floe.sql("SELECT id, name FROM p").rows()).containsExactly(List.of(9L, "z"));
        assertThat(parquetFiles(tableDir)).hasSize(1);
        floe.sql("INSERT INTO p (name) VALUES ('only')");
        assertThat(floe.sql("SELECT id, name FROM p ORDER BY name").rows()).containsExactly(nullRow("only"), List.of(9L, "z"));
        floe.sql("DROP TABLE p");
        assertThat(Files.exists(tableDir) && parquetFiles(tableDir).size() > 0).isFalse();
    }

    private static List<Object> nullRow(String v) {
        java.util.ArrayList<Object> l = new java.util.ArrayList<>();
        l.add(null);
        l.add(v);
        return l;
    }

    @Test
    void registersExistingParquetFilesWithHivePartitions() throws Exception {
        Path data = dir.resolve("ext");
        Files.createDirectories(data.resolve("year=2023"));
        Files.createDirectories(data.resolve("year=2024"));
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            // files another tool wrote (Spark's layout: col=value directories, a _SUCCESS marker)
            st.execute("COPY (SELECT 1 AS id, 'a' AS s) TO '" + data.resolve("year=2023/f1.parquet") + "' (FORMAT parquet)");
            st.execute("COPY (SELECT 2 AS id, 'b' AS s, 2.5 AS extra) TO '" + data.resolve("year=2024/f2.parquet") + "' (FORMAT parquet)");
        }
        Files.writeString(data.resolve("_SUCCESS"), ""); // hidden: not data
        floe.sql("CREATE TABLE ext USING parquet LOCATION '" + data + "'");
        assertThat(floe.sql("SELECT id, s, year FROM ext ORDER BY id").rows())
                .containsExactly(List.of(1, "a", 2023), List.of(2, "b", 2024));
        assertThat(floe.sql("SELECT count(*) FROM ext WHERE extra IS NULL").rows()).containsExactly(List.of(1L)); // union by name
        // a condition on the partition column reads only the matching directories
        assertThat(floe.sql("SELECT id FROM ext WHERE year = 2024").rows()).containsExactly(List.of(2));
        assertThat(floe.sql("EXPLAIN SELECT id FROM ext WHERE year >= 2024").rows().toString())
                .contains("files total=2 after_partition_pruning=1");
        assertThat(floe.sql("SELECT id, s FROM ext WHERE year = 1999").rows()).isEmpty();
        assertThat(floe.sql("SELECT id FROM ext WHERE year = 2023 OR s = 'b' ORDER BY id").rows())
                .containsExactly(List.of(1), List.of(2)); // a file column in the condition: nothing pruned wrongly
        // the path form reads the same directory without a name
        assertThat(floe.sql("SELECT count(*) FROM parquet.`" + data + "`").rows()).containsExactly(List.of(2L));
        floe.sql("DROP TABLE ext");
        assertThat(Files.exists(data.resolve("year=2023/f1.parquet"))).isTrue(); // external: files stay
    }

    @Test
    void csvWithHeaderAndDelimiterAndInferSchema() throws Exception {
        Path data = Files.createDirectories(dir.resolve("csv"));
        Files.writeString(data.resolve("a.csv"), "id|city\n1|Oslo\n2|Bergen\n");
        floe.sql("CREATE TABLE c USING csv OPTIONS (header 'true', sep '|') LOCATION '" + data + "'");
        // as Spark without inferSchema: every column a string
        assertThat(floe.sql("SELECT id, city FROM c ORDER BY id").rows()).containsExactly(List.of("1", "Oslo"), List.of("2", "Bergen"));
        floe.sql("CREATE TABLE ci USING csv OPTIONS (header 'true', delimiter '|', inferSchema 'true') LOCATION '" + data + "'");
        // Spark's inference: int where every value fits in 32 bits (DuckDB alone says bigint), bigint beyond
        assertThat(floe.sql("SELECT typeof(id), city FROM ci ORDER BY id").rows())
                .containsExactly(List.of("int", "Oslo"), List.of("int", "Bergen"));
        Path wide = Files.createDirectories(dir.resolve("csv-wide"));
        Files.writeString(wide.resolve("a.csv"), "id,n,x\n1,3000000000,1.5\n2,-1,2\n");
        floe.sql("CREATE TABLE cw USING csv OPTIONS (header 'true', inferSchema 'true') LOCATION '" + wide + "'");
        assertThat(floe.sql("SELECT typeof(id), typeof(n), typeof(x) FROM cw LIMIT 1").rows())
                .containsExactly(List.of("int", "bigint", "double"));
        assertThat(floe.sql("SELECT sum(n) FROM cw").rows()).containsExactly(List.of(2999999999L));
        // the path form: no header, Spark's _c0, _c1 names
        assertThat(floe.sql("SELECT _c1 FROM csv.`" + data + "` ORDER BY _c1").rows())
                .containsExactly(List.of("Bergen"), List.of("Oslo"), List.of("city"));
        // a managed csv table writes files with the header it reads
        floe.sql("CREATE TABLE cm (id INT, city STRING) USING csv OPTIONS (header 'true')");
        floe.sql("INSERT INTO cm VALUES (7, 'Tromsø')");
        assertThat(floe.sql("SELECT id, city FROM cm").rows()).containsExactly(List.of(7, "Tromsø"));
        try (Stream<Path> s = Files.list(dir.resolve("wh/cm"))) {
            Path f = s.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
            assertThat(Files.readAllLines(f)).containsExactly("id,city", "7,Tromsø");
        }
    }

    @Test
    void jsonTables() throws Exception {
        Path data = Files.createDirectories(dir.resolve("json"));
        Files.writeString(data.resolve("a.json"), "{\"b\": 1, \"a\": \"x\"}\n{\"b\": 2, \"a\": \"y\"}\n");
        floe.sql("CREATE TABLE j USING json LOCATION '" + data + "'");
        // Spark sorts the fields JSON inference finds by name
        var r = floe.sql("SELECT * FROM j ORDER BY b");
        assertThat(r.columnNames()).containsExactly("a", "b");
        assertThat(r.rows()).containsExactly(List.of("x", 1L), List.of("y", 2L));
        floe.sql("INSERT INTO j VALUES ('z', 3)");
        assertThat(floe.sql("SELECT a FROM j WHERE b = 3").rows()).containsExactly(List.of("z"));
        assertThat(floe.sql("SELECT count(*) FROM json.`" + data + "`").rows()).containsExactly(List.of(3L));
    }

    @Test
    void partitionedManagedTableWritesColumnDirectories() throws Exception {
        floe.sql("CREATE TABLE pp (k STRING, id BIGINT) USING parquet PARTITIONED BY (k)");
        floe.sql("INSERT INTO pp VALUES (1, 'a'), (2, 'b')");
        // Spark puts partition columns last: (id, k)
        assertThat(floe.sql("SELECT * FROM pp ORDER BY id").rows()).containsExactly(List.of(1L, "a"), List.of(2L, "b"));
        assertThat(Files.isDirectory(dir.resolve("wh/pp/k=a"))).isTrue();
        floe.sql("CREATE TABLE ctas USING parquet AS SELECT id * 10 AS x FROM pp");
        assertThat(floe.sql("SELECT x FROM ctas ORDER BY x").rows()).containsExactly(List.of(10L), List.of(20L));
    }

    @Test
    void statementsNeedingALogAreRefusedByName() {
        floe.sql("CREATE TABLE p (id BIGINT) USING parquet");
        floe.sql("INSERT INTO p VALUES (1)");
        String why = "it has no transaction log (copy it into a Delta or Iceberg table: CREATE TABLE p_delta USING DELTA AS SELECT * FROM p)";
        assertThatThrownBy(() -> floe.sql("DELETE FROM p WHERE id = 1"))
                .hasMessageContaining("DELETE is not supported on parquet table p: " + why);
        assertThatThrownBy(() -> floe.sql("UPDATE p SET id = 2")).hasMessageContaining("UPDATE is not supported on parquet table p");
        assertThatThrownBy(() -> floe.sql("MERGE INTO p USING (SELECT 1 AS id) s ON p.id = s.id WHEN MATCHED THEN DELETE"))
                .hasMessageContaining("MERGE is not supported on parquet table p");
        assertThatThrownBy(() -> floe.sql("OPTIMIZE p")).hasMessageContaining("OPTIMIZE is not supported on parquet table p");
        assertThatThrownBy(() -> floe.sql("VACUUM p")).hasMessageContaining("VACUUM is not supported on parquet table p");
        assertThatThrownBy(() -> floe.sql("SELECT * FROM p VERSION AS OF 0"))
                .hasMessageContaining("time travel is not supported on parquet table p");
        assertThatThrownBy(() -> floe.sql("DESCRIBE HISTORY p")).hasMessageContaining("p is a parquet table");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE q USING parquet")).hasMessageContaining("expected column definitions");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE q USING parquet LOCATION '" + dir.resolve("empty") + "'"))
                .hasMessageContaining("no files at").hasMessageContaining("declare the columns");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE p (id INT) USING csv")).hasMessageContaining("already exists");
        assertThat(floe.sql("SELECT id FROM p").rows()).containsExactly(List.of(1L)); // nothing changed
        floe.sql("CREATE TABLE p_delta USING DELTA AS SELECT * FROM p"); // the way the messages point to
        floe.sql("DELETE FROM p_delta WHERE id = 1");
        assertThat(floe.sql("SELECT count(*) FROM p_delta").rows()).containsExactly(List.of(0L));
    }

    @Test
    void filesOfOtherTablesOrTheWarehouseAreNotRegistered() throws Exception {
        floe.sql("CREATE TABLE d (id BIGINT) USING delta");
        floe.sql("INSERT INTO d VALUES (1)");
        floe.sql("CREATE TABLE p (id BIGINT) USING parquet");
        floe.sql("INSERT INTO p VALUES (1)");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE x USING parquet LOCATION '" + dir.resolve("wh/d") + "'"))
                .hasMessageContaining("holds a delta table; register it USING DELTA");
        // INSERT OVERWRITE of such a table would delete every table's files
        assertThatThrownBy(() -> floe.sql("CREATE TABLE x USING parquet LOCATION '" + dir.resolve("wh") + "'"))
                .hasMessageContaining("contains the warehouse");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE x USING parquet LOCATION '" + dir.resolve("wh/p") + "'"))
                .hasMessageContaining("is already the location of table p");
        assertThat(floe.sql("SHOW TABLES").rows()).hasSize(2);
    }

    @Test
    void describeListsColumnsThenPartitionColumns() throws Exception {
        floe.sql("CREATE TABLE pp (k STRING, id BIGINT) USING parquet PARTITIONED BY (k)");
        {
            var r = floe.sql("DESCRIBE pp");
            assertThat(r.rows()).containsExactly(row("id", "bigint"), row("k", "string"), row("", ""), row("# Partition Information", ""),
                    List.of("# col_name", "data_type", "comment"), row("k", "string"));
        }
    }

    private static List<Object> row(String a, String b) {
        return java.util.Arrays.asList(a, b, null);
    }

    private static List<Path> parquetFiles(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
    }
}
