package io.floe.sql;

import io.floe.Floe;
import io.floe.QueryResult;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same table behaviour on every store: one abstract suite, one subclass per store (local,
 * in-memory, S3), as Iceberg does with its catalog tests. Subclasses say where a fresh warehouse lives.
 */
public abstract class TableSuite {
    protected Floe floe;

    /** A fresh, empty warehouse location for one test. */
    protected abstract String newWarehouse();

    /** Store options (endpoint, credentials, …); empty for local stores. */
    protected Map<String, String> options() {
        return Map.of();
    }

    @BeforeEach
    void openWarehouse() {
        floe = Floe.open(newWarehouse(), options());
    }

    @AfterEach
    void closeWarehouse() {
        floe.close();
    }

    protected static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private long count(String sql) {
        return ((Number) floe.sql(sql).scalar()).longValue();
    }

    @Test
    void createAppendAndTimeTravel() {
        floe.sql("CREATE TABLE t (id BIGINT NOT NULL, part STRING, v DOUBLE) USING DELTA PARTITIONED BY (part)");
        floe.sql("INSERT INTO t SELECT range, 'p' || (range % 3), range * 0.5 FROM range(300)");
        floe.sql("INSERT INTO t VALUES (1000, NULL, 1.0)");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(301);
        assertThat(count("SELECT count(*) FROM t VERSION AS OF 1")).isEqualTo(300);
        assertThat(count("SELECT count(*) FROM t WHERE part IS NULL")).isEqualTo(1);
        assertThat(floe.sql("DESCRIBE HISTORY t").rows()).extracting(r -> r.get(2))
                .containsExactly("WRITE", "WRITE", "CREATE TABLE");
    }

    @Test
    void mergeUpdateDelete() {
        floe.sql("CREATE TABLE t USING DELTA PARTITIONED BY (p) AS SELECT range AS id, range % 4 AS p, 0 AS v FROM range(100)");
        QueryResult m = floe.sql("MERGE INTO t USING (SELECT range * 2 AS id, range % 4 AS p, 1 AS v FROM range(80)) s"
                + " ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT *");
        assertThat(m.rows().get(0)).containsExactly(80L, 50L, 0L, 30L);
        floe.sql("UPDATE t SET v = 2 WHERE id < 10");
        floe.sql("DELETE FROM t WHERE p = 3");
        // 130 rows after the MERGE; p = 3 holds 25 of the first 100 and 8 of the 30 inserted
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(97);
        assertThat(count("SELECT sum(v) FROM t WHERE id < 10 AND p <> 3")).isEqualTo(2L * 8);
    }

    @Test
    void optimizeVacuumRestore() {
        floe.sql("CREATE TABLE t (id BIGINT) USING DELTA");
        for (int i = 0; i < 6; i++) {
            floe.sql("INSERT INTO t SELECT range + " + (i * 10) + " FROM range(10)");
        }
        floe.sql("OPTIMIZE t");
        assertThat(floe.table("t").snapshot().files()).hasSize(1);
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(60);
        assertThatThrownBy(() -> floe.sql("VACUUM t RETAIN 0 HOURS")).isInstanceOf(FloeException.class);
        floe.sql("RESTORE TABLE t TO VERSION AS OF 3");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(30);
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        floe.sql("VACUUM t RETAIN 0 HOURS");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(30);
        if (readsGoToTheStore()) {
            assertThatThrownBy(() -> floe.sql("SELECT count(*) FROM t VERSION AS OF 7")).isInstanceOf(FloeException.class)
                    .hasMessageContaining("does not exist");
        }
    }

    /**
     * Whether every scan reads the store itself. Remote stores are read through a local cache of immutable
     * data files, so a file VACUUM deleted may still be served from the cache of the process that read it.
     */
    protected boolean readsGoToTheStore() {
        return true;
    }

    @Test
    void checkpointsAndFreshReaders() {
        floe.sql("CREATE TABLE t (id BIGINT) USING DELTA TBLPROPERTIES ('delta.checkpointInterval' = '3')");
        for (int i = 0; i < 7; i++) {
            floe.sql("INSERT INTO t VALUES (" + i + ")");
        }
        var t = floe.table("t");
        String location = t.location();
        assertThat(new io.floe.delta.DeltaLog(t.store(), t.rootKey(), floe.warehouse().dataPlane()).update().checkpointVersion())
                .isEqualTo(6);
        assertThat(count("SELECT count(*) FROM delta.`" + location + "`")).isEqualTo(7);
        String sibling = newWarehouseSibling();
        if (sibling != null) {
            try (Floe other = Floe.open(sibling, options())) {
                assertThat(((Number) other.sql("SELECT count(*) FROM delta.`" + location + "`").scalar()).longValue()).isEqualTo(7);
            }
        }
        assertThat(floe.tableNames()).containsExactly("t");
    }

    /** Another warehouse in the same store, to read a table by path from outside its catalog (null: not possible). */
    protected String newWarehouseSibling() {
        return newWarehouse();
    }

    @Test
    void listAndDrop() {
        floe.sql("CREATE TABLE a (x INT) USING DELTA");
        floe.sql("CREATE TABLE b (x INT) USING DELTA");
        assertThat(floe.sql("SHOW TABLES").rows()).extracting(r -> r.get(1)).containsExactly("a", "b");
        floe.sql("DROP TABLE a");
        assertThat(floe.tableNames()).isEqualTo(List.of("b"));
        assertThatThrownBy(() -> floe.sql("SELECT * FROM a")).isInstanceOf(FloeException.class);
    }
}
