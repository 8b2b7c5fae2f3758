package io.floe.sql;

import io.floe.Floe;
import io.floe.delta.DeltaTable;
import io.floe.delta.actions.Action;
import io.floe.delta.actions.CommitInfo;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Delta row tracking through SQL: {@code _metadata.row_id} / {@code row_commit_version} readable as Spark reads them, and
 * kept by UPDATE, MERGE and DELETE for the rows they copy into new files (materialized row id columns), at every version.
 */
class RowTrackingSqlTest {
    @TempDir
    Path dir;
    Floe floe;
    Path wh;

    @BeforeEach
    void open() {
        wh = dir.resolve("wh");
        floe = Floe.open(wh.toString());
    }

    @AfterEach
    void close() {
        floe.close();
    }

    /** One row's stable identity. */
    record Ids(long rowId, long version) {
    }

    /** id → (row id, row commit version) of the table's rows (at a version, if given). */
    private Map<Integer, Ids> ids(String versionClause) {
        Map<Integer, Ids> out = new TreeMap<>();
        for (List<Object> r : floe.sql("SELECT id, _metadata.row_id, _metadata.row_commit_version FROM t " + versionClause).rows()) {
            Ids prev = out.put(((Number) r.get(0)).intValue(), new Ids(((Number) r.get(1)).longValue(), ((Number) r.get(2)).longValue()));
            assertThat(prev).as("id %s once", r.get(0)).isNull();
        }
        assertThat(out.values().stream().map(Ids::rowId).distinct().count()).as("row ids unique").isEqualTo(out.size());
        return out;
    }

    private Map<Integer, Ids> ids() {
        return ids("");
    }

    private DeltaTable table() {
        return (DeltaTable) floe.table("t");
    }

    private String preservedTag() {
        DeltaTable t = table();
        List<Action> actions = t.log().readVersion(t.snapshot().version()).orElseThrow();
        CommitInfo ci = actions.stream().filter(a -> a instanceof CommitInfo).map(a -> (CommitInfo) a).findFirst().orElseThrow();
        Object tags = ci.other().get("tags");
        return tags == null ? null : (String) ((Map<?, ?>) tags).get("delta.rowTracking.preserved");
    }

    private long version() {
        return table().snapshot().version();
    }

    private void create(String extra) {
        floe.sql("CREATE TABLE t (id INT, v INT) USING delta TBLPROPERTIES ('delta.enableRowTracking' = 'true'" + extra + ")");
        floe.sql("INSERT INTO t SELECT id, id * 10 FROM range(0, 10) AS r(id)"); // version 1: row ids 0..9
    }

    @Test
    void insertedRowsHaveTheirFilesBaseRowIdPlusPositionAndTheCommitVersion() {
        create("");
        Map<Integer, Ids> ids = ids();
        assertThat(ids).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(ids.get(i)).isEqualTo(new Ids(i, 1));
        }
        floe.sql("INSERT INTO t VALUES (10, 100)");
        assertThat(ids().get(10)).isEqualTo(new Ids(10, 2));
    }

    @Test
    void selectStarShowsNoHiddenColumnAndTheFilesHoldTheMaterializedIds() throws Exception {
        create("");
        floe.sql("UPDATE t SET v = -1 WHERE id = 3");
        assertThat(floe.sql("SELECT * FROM t").columnNames()).containsExactly("id", "v");
        assertThat(floe.sql("SELECT * FROM t AS x WHERE id = 3").columnNames()).containsExactly("id", "v");
        // a star beside _metadata shows the table's columns only, as in Spark (the hidden columns stay hidden)
        assertThat(floe.sql("SELECT *, _metadata.row_id FROM t").columnNames()).containsExactly("id", "v", "row_id");
        assertThat(floe.sql("SELECT x.*, x._metadata.file_name FROM t AS x").columnNames()).containsExactly("id", "v", "file_name");
        String idColumn = table().snapshot().properties().get("delta.rowTracking.materializedRowIdColumnName");
        assertThat(idColumn).startsWith("_row-id-col-");
        assertThat(table().snapshot().schema().fieldNames()).containsExactly("id", "v");
        Path file = wh.resolve("t").resolve(io.floe.storage.TablePaths.decode(table().snapshot().files().get(0).path()));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM parquet_schema('" + file + "')")) {
            List<String> cols = new ArrayList<>();
            while (rs.next()) {
                cols.add(rs.getString(1));
            }
            assertThat(cols).contains(idColumn);
        }
    }

    @Test
    void updateKeepsEveryRowsIdAndGivesUpdatedRowsTheNewVersion() {
        create("");
        Map<Integer, Ids> before = ids();
        floe.sql("UPDATE t SET v = v + 1 WHERE id IN (2, 7)");
        long v = version();
        Map<Integer, Ids> after = ids();
        for (int i = 0; i < 10; i++) {
            long expectedVersion = i == 2 || i == 7 ? v : 1;
            assertThat(after.get(i)).as("row %s", i).isEqualTo(new Ids(before.get(i).rowId(), expectedVersion));
        }
        assertThat(preservedTag()).isEqualTo("true");
        // a second update of a row already rewritten reads its id from the materialized column
        floe.sql("UPDATE t SET v = 0 WHERE id = 2");
        assertThat(ids().get(2)).isEqualTo(new Ids(before.get(2).rowId(), version()));
        assertThat(ids().get(7)).isEqualTo(new Ids(before.get(7).rowId(), v));
        assertThat(ids().get(5)).isEqualTo(new Ids(before.get(5).rowId(), 1));
    }

    @Test
    void deleteCopiesTheSurvivorsWithTheirIdsAndVersions() {
        create("");
        floe.sql("UPDATE t SET v = 1 WHERE id = 4");
        Map<Integer, Ids> before = ids();
        floe.sql("DELETE FROM t WHERE id IN (0, 9)");
        Map<Integer, Ids> after = ids();
        before.remove(0);
        before.remove(9);
        assertThat(after).isEqualTo(before);
        assertThat(preservedTag()).isEqualTo("true");
    }

    @Test
    void mergeKeepsIdsOfUpdatedAndCopiedRowsAndGivesInsertedRowsNewOnes() {
        create("");
        Map<Integer, Ids> before = ids();
        floe.sql("MERGE INTO t USING (SELECT * FROM (VALUES (1, 111), (2, 222), (20, 200), (21, 210)) AS s(id, v)) AS s ON t.id = s.id "
                + "WHEN MATCHED AND s.id = 2 THEN DELETE WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT *");
        long v = version();
        Map<Integer, Ids> after = ids();
        assertThat(after).doesNotContainKey(2);
        assertThat(after.get(1)).isEqualTo(new Ids(before.get(1).rowId(), v));
        for (int i : List.of(0, 3, 4, 5, 6, 7, 8, 9)) {
            assertThat(after.get(i)).as("copied row %s", i).isEqualTo(before.get(i));
        }
        // new rows: fresh ids above every id given before, this commit's version
        assertThat(after.get(20).rowId()).isGreaterThan(9);
        assertThat(after.get(21).rowId()).isGreaterThan(9);
        assertThat(after.get(20).version()).isEqualTo(v);
        assertThat(preservedTag()).isEqualTo("true");
    }

    @Test
    void mergeOnReadUpdateAndMergeKeepIdsToo() {
        create(", 'delta.enableDeletionVectors' = 'true'");
        Map<Integer, Ids> before = ids();
        floe.sql("UPDATE t SET v = 0 WHERE id = 3");
        long u = version();
        floe.sql("MERGE INTO t USING (SELECT 5 AS id, 55 AS v) AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v");
        long m = version();
        floe.sql("DELETE FROM t WHERE id = 6");
        Map<Integer, Ids> after = ids();
        assertThat(after.get(3)).isEqualTo(new Ids(before.get(3).rowId(), u));
        assertThat(after.get(5)).isEqualTo(new Ids(before.get(5).rowId(), m));
        assertThat(after).doesNotContainKey(6);
        assertThat(after.get(8)).isEqualTo(before.get(8));
        assertThat(preservedTag()).isEqualTo("true");
    }

    @Test
    void partitionedTableKeepsIdsAcrossRewrites() {
        floe.sql("CREATE TABLE t (id INT, v INT, p STRING) USING delta PARTITIONED BY (p) TBLPROPERTIES ('delta.enableRowTracking' = 'true')");
        floe.sql("INSERT INTO t SELECT id, id, CASE WHEN id % 2 = 0 THEN 'a' ELSE 'b' END FROM range(0, 12) AS r(id)");
        Map<Integer, Ids> before = ids();
        floe.sql("UPDATE t SET v = -v WHERE id > 6");
        floe.sql("DELETE FROM t WHERE id = 1");
        Map<Integer, Ids> after = ids();
        for (var e : after.entrySet()) {
            assertThat(e.getValue().rowId()).as("row %s", e.getKey()).isEqualTo(before.get(e.getKey()).rowId());
        }
        assertThat(after).hasSize(11);
    }

    @Test
    void timeTravelReadsTheIdsOfThatVersion() {
        create("");
        floe.sql("UPDATE t SET v = 0 WHERE id = 1");
        Map<Integer, Ids> v2 = ids();
        floe.sql("DELETE FROM t WHERE id = 1");
        floe.sql("INSERT INTO t VALUES (50, 5)");
        assertThat(ids("VERSION AS OF 2")).isEqualTo(v2);
        Map<Integer, Ids> v1 = ids("VERSION AS OF 1");
        assertThat(v1.get(1)).isEqualTo(new Ids(1, 1));
        assertThat(ids()).doesNotContainKey(1).containsKey(50);
    }

    @Test
    void aConditionOnRowIdsFiltersRows() {
        create("");
        floe.sql("UPDATE t SET v = 0 WHERE id >= 5");
        assertThat(floe.sql("SELECT id FROM t WHERE _metadata.row_id = 7").rows()).containsExactly(List.of(7));
        assertThat(floe.sql("SELECT count(*) FROM t WHERE _metadata.row_commit_version = 2").rows()).containsExactly(List.of(5L));
        assertThat(floe.sql("SELECT _metadata.file_name, _metadata.file_size > 0 FROM t WHERE id = 0").rows())
                .singleElement().satisfies(r -> {
                    assertThat((String) r.get(0)).startsWith("part-").endsWith(".parquet");
                    assertThat(r.get(1)).isEqualTo(true);
                });
    }

    @Test
    void rowIdsOfATableWithoutRowTrackingAreRefusedNamingTheFeature() {
        floe.sql("CREATE TABLE t (id INT) USING delta");
        floe.sql("INSERT INTO t VALUES (1)");
        assertThatThrownBy(() -> floe.sql("SELECT id, _metadata.row_id FROM t")).isInstanceOf(FloeException.class)
                .hasMessageContaining("row tracking").hasMessageContaining("delta.enableRowTracking");
        // file metadata needs no row tracking
        assertThat(floe.sql("SELECT _metadata.file_size > 0 FROM t").rows()).containsExactly(List.of(true));
    }

    @Test
    void rowTrackingTurnedOnLaterKeepsIdsFromThen() {
        floe.sql("CREATE TABLE t (id INT, v INT) USING delta");
        floe.sql("INSERT INTO t SELECT id, id FROM range(0, 5) AS r(id)");
        floe.sql("ALTER TABLE t SET TBLPROPERTIES ('delta.enableRowTracking' = 'true')");
        Map<Integer, Ids> before = ids();
        floe.sql("UPDATE t SET v = 9 WHERE id = 0");
        Map<Integer, Ids> after = ids();
        for (int i = 1; i < 5; i++) {
            assertThat(after.get(i)).isEqualTo(before.get(i));
        }
        assertThat(after.get(0).rowId()).isEqualTo(before.get(0).rowId());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"name", "id"})
    void columnMappedTablesKeepIdsToo(String mode) {
        create(", 'delta.columnMapping.mode' = '" + mode + "'");
        Map<Integer, Ids> before = ids();
        floe.sql("UPDATE t SET v = 5 WHERE id < 3");
        long u = version();
        floe.sql("ALTER TABLE t RENAME COLUMN v TO w");
        floe.sql("DELETE FROM t WHERE id = 9");
        Map<Integer, Ids> after = ids();
        assertThat(after).hasSize(9);
        for (var e : after.entrySet()) {
            assertThat(e.getValue()).as("row %s", e.getKey()).isEqualTo(new Ids(before.get(e.getKey()).rowId(), e.getKey() < 3 ? u : 1));
        }
        assertThat(floe.sql("SELECT * FROM t").columnNames()).containsExactly("id", "w");
    }

    @Test
    void optimizeKeepsIdsAndVersions() {
        create("");
        floe.sql("INSERT INTO t VALUES (10, 1)");
        floe.sql("UPDATE t SET v = 2 WHERE id = 4");
        Map<Integer, Ids> before = ids();
        floe.sql("OPTIMIZE t");
        assertThat(table().snapshot().files()).hasSize(1);
        assertThat(ids()).isEqualTo(before);
        assertThat(preservedTag()).isEqualTo("true");
        floe.sql("INSERT INTO t VALUES (11, 0)");
        before = ids();
        floe.sql("OPTIMIZE t ZORDER BY (v)");
        assertThat(ids()).isEqualTo(before);
        assertThat(preservedTag()).isEqualTo("true");
    }

    @Test
    void reorgPurgeAndClusteringKeepIdsToo() {
        create(", 'delta.enableDeletionVectors' = 'true'");
        floe.sql("DELETE FROM t WHERE id = 2");
        Map<Integer, Ids> before = ids();
        floe.sql("REORG TABLE t APPLY (PURGE)");
        assertThat(ids()).isEqualTo(before);
        assertThat(preservedTag()).isEqualTo("true");
        floe.sql("ALTER TABLE t CLUSTER BY (v)");
        floe.sql("INSERT INTO t VALUES (12, 5)");
        before = ids();
        floe.sql("OPTIMIZE t FULL");
        assertThat(ids()).isEqualTo(before);
        assertThat(preservedTag()).isEqualTo("true");
    }
}
