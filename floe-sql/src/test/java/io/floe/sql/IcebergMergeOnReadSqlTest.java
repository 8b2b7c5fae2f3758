package io.floe.sql;

import io.floe.Floe;
import io.floe.table.DataFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Iceberg merge-on-read through SQL with the real data plane (issue 13): position delete files as Parquet with the
 * spec's field ids, deletion vectors after ALTER TABLE … 'format-version' = '3', and the maintenance procedures that
 * drop deletes which no longer apply.
 */
class IcebergMergeOnReadSqlTest {
    private static final String MOR = "'write.delete.mode' = 'merge-on-read', 'write.update.mode' = 'merge-on-read',"
            + " 'write.merge.mode' = 'merge-on-read'";

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

    private List<Path> files(String suffix) throws Exception {
        try (Stream<Path> walk = Files.walk(dir.resolve("wh/t/data"))) {
            return walk.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    /** (name, field_id, repetition_type) of a Parquet file's leaf columns, as DuckDB reads its schema. */
    private static List<List<Object>> parquetColumns(Path parquet) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, field_id FROM parquet_schema('" + parquet + "') WHERE num_children IS NULL OR num_children = 0")) {
            while (rs.next()) {
                out.add(List.of(rs.getString(1), rs.getObject(2) == null ? -1L : rs.getLong(2)));
            }
        }
        return out;
    }

    @Test
    void positionDeleteFilesCarryTheSpecsFieldIdsAndApply() throws Exception {
        floe.sql("CREATE TABLE t USING iceberg PARTITIONED BY (p) TBLPROPERTIES (" + MOR + ")"
                + " AS SELECT range AS id, range % 2 AS p FROM range(100)");
        floe.sql("DELETE FROM t WHERE id IN (2, 4, 5)");
        List<Path> deletes = files("-deletes.parquet");
        assertThat(deletes).as("one delete file per data file touched").hasSize(2);
        assertThat(deletes).allSatisfy(p -> assertThat(p.getParent().getFileName().toString()).startsWith("p="));
        assertThat(parquetColumns(deletes.get(0))).containsExactly(List.of("file_path", 2147483546L), List.of("pos", 2147483545L));
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(97);

        floe.sql("DELETE FROM t WHERE id = 6");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(96);
        assertThat(count("SELECT count(*) FROM t WHERE id IN (2, 4, 5, 6)")).isZero();
        // a filter prunes data files and their deletes alike (Iceberg's planning), and the scan line says what it applied
        String plan = floe.sql("EXPLAIN SELECT * FROM t WHERE p = 1").rows().toString();
        assertThat(plan).contains("planned with row deletes: data files matching=1").contains("row_deletes_applied: files=1 rows=1");
        assertThat(count("SELECT count(*) FROM t WHERE p = 1")).isEqualTo(49);
        var even = floe.table("t").snapshot().files().stream().filter(f -> Long.valueOf(0).equals(f.partitionValues().get("p"))).toList();
        assertThat(even).singleElement().satisfies(f -> assertThat(f.deletionVector().cardinality()).isEqualTo(3));
    }

    @Test
    void upgradingToV3SwitchesToDeletionVectorsAndDowngradesAreRefused() throws Exception {
        floe.sql("CREATE TABLE t USING iceberg TBLPROPERTIES (" + MOR + ") AS SELECT range AS id FROM range(50)");
        floe.sql("DELETE FROM t WHERE id < 3");
        floe.sql("ALTER TABLE t SET TBLPROPERTIES ('format-version' = '3')");
        assertThat(floe.table("t").snapshot().formatDetails()).containsEntry("formatVersion", 3);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(47);
        floe.sql("DELETE FROM t WHERE id = 10");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(46);
        assertThat(files("-deletes.puffin")).hasSize(1);
        DataFile f = floe.table("t").snapshot().files().get(0);
        assertThat(f.deletionVector().cardinality()).as("the v2 deletes were merged into the vector").isEqualTo(4);
        assertThatThrownBy(() -> floe.sql("ALTER TABLE t SET TBLPROPERTIES ('format-version' = '2')"))
                .hasMessageContaining("cannot be downgraded");
        floe.sql("UPDATE t SET id = id + 1000 WHERE id = 20");
        floe.sql("MERGE INTO t USING (SELECT 30 AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(45);
        assertThat(count("SELECT count(*) FROM t WHERE id = 1020")).isEqualTo(1);
    }

    @Test
    void maintenanceRewritesDeletesAndDropsThoseThatNoLongerApply() throws Exception {
        floe.sql("CREATE TABLE t USING iceberg PARTITIONED BY (p) TBLPROPERTIES (" + MOR + ")"
                + " AS SELECT range AS id, range % 2 AS p FROM range(100)");
        floe.sql("DELETE FROM t WHERE id % 10 = 1");
        floe.sql("DELETE FROM t WHERE id % 10 = 2");
        assertThat(count("SELECT count(*) FROM t.delete_files")).isEqualTo(2);
        // already one file-scoped delete file per data file: nothing to rewrite
        assertThat(floe.sql("CALL system.rewrite_position_delete_files(table => 't')").rows()).containsExactly(List.of(0L, 0L, 0L, 0L));

        floe.sql("ALTER TABLE t SET TBLPROPERTIES ('format-version' = '3')");
        var r = floe.sql("CALL system.rewrite_position_delete_files(table => 't')");
        assertThat(r.columnNames()).containsExactly("rewritten_delete_files_count", "added_delete_files_count", "rewritten_bytes_count",
                "added_bytes_count");
        assertThat(r.rows().get(0).subList(0, 2)).as("v3: the position delete files become vectors").containsExactly(2L, 2L);
        assertThat(floe.sql("SELECT DISTINCT file_format FROM t.delete_files").rows()).containsExactly(List.of("PUFFIN"));
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(80);
        assertThat(count("SELECT count(*) FROM t WHERE id % 10 IN (1, 2)")).isZero();

        var rw = floe.sql("CALL system.rewrite_data_files(table => 't')");
        assertThat(rw.rows().get(0).get(0)).as("files with deletes are rewritten").isEqualTo(2L);
        assertThat(count("SELECT count(*) FROM t.delete_files")).as("their deletes go with them").isZero();
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(80);
        assertThat(floe.table("t").snapshot().files()).allSatisfy(f -> assertThat(f.deletionVector()).isNull());

        assertThat(files("-deletes.parquet")).hasSize(2); // id % 10 = 1 is all odd, = 2 all even: one file each
        floe.sql("CALL system.expire_snapshots(table => 't', older_than => TIMESTAMP '2999-01-01 00:00:00', retain_last => 1)");
        assertThat(files("-deletes.parquet")).as("unreferenced delete files are deleted").isEmpty();
        assertThat(files("-deletes.puffin")).isEmpty();
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(80);
    }

    @Test
    void deletesOfFilesWrittenUnderAnOlderPartitionSpecCarryThatSpec() {
        for (String v : List.of("2", "3")) {
            floe.sql("DROP TABLE IF EXISTS t");
            floe.sql("CREATE TABLE t USING iceberg PARTITIONED BY (p) TBLPROPERTIES ('format-version' = '" + v + "', " + MOR + ")"
                    + " AS SELECT range AS id, range % 2 AS p FROM range(40)");
            floe.sql("ALTER TABLE t ADD PARTITION FIELD bucket(4, id)");
            floe.sql("INSERT INTO t SELECT range, range % 2 FROM range(40, 60)");
            floe.sql("DELETE FROM t WHERE id IN (3, 4, 41)"); // two files of the first spec, one or two of the second
            var specs = floe.sql("SELECT DISTINCT spec_id FROM t.delete_files ORDER BY spec_id").rows();
            assertThat(specs).as("v" + v).containsExactly(List.of(0), List.of(1));
            floe.sql("DELETE FROM t WHERE id IN (5, 6, 42)"); // merged with the first deletes of the same files
            assertThat(count("SELECT count(*) FROM t")).as("v" + v).isEqualTo(54);
            assertThat(count("SELECT count(*) FROM t WHERE id IN (3, 4, 5, 6, 41, 42)")).isZero();
        }
    }
}
