package io.floe.sql;

import io.floe.Floe;
import io.floe.QueryResult;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Liquid clustering end to end on local storage (issue 17): CLUSTER BY at CREATE / CTAS / CREATE OR REPLACE, ALTER TABLE
 * CLUSTER BY (…) | NONE, OPTIMIZE clustering incrementally (earlier runs' files kept unless new files overlap them),
 * OPTIMIZE FULL, what Spark refuses refused, DESCRIBE DETAIL and DESCRIBE showing the clustering columns.
 */
class ClusteringSqlTest {
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

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private static String t(String path) {
        return "delta.`" + path + "`";
    }

    private Object detail(String table, String column) {
        QueryResult d = floe.sql("DESCRIBE DETAIL " + table);
        return d.rows().get(0).get(d.columnIndex(column));
    }

    private String commit(String path, long version) throws IOException {
        return Files.readString(Path.of(path, "_delta_log", String.format("%020d.json", version)));
    }

    private long count(String sql) {
        return ((Number) floe.sql(sql).rows().get(0).get(0)).longValue();
    }

    @Test
    void createWithClusterByWritesProtocolAndDomainAndDescribeShowsIt() throws IOException {
        String p = path("c");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, s STRING, ts TIMESTAMP) USING delta CLUSTER BY (id, s)");
        String v0 = commit(p, 0);
        assertThat(v0).contains("\"domainMetadata\":{\"domain\":\"delta.clustering\",\"configuration\":"
                + "\"{\\\"clusteringColumns\\\":[[\\\"id\\\"],[\\\"s\\\"]],\\\"domainName\\\":\\\"delta.clustering\\\"}\",\"removed\":false}");
        assertThat(v0).contains("\"minWriterVersion\":7").contains("\"clustering\"").contains("\"domainMetadata\"");
        assertThat(detail(t(p), "clusteringColumns")).isEqualTo(List.of("id", "s"));
        assertThat((List<Object>) detail(t(p), "tableFeatures")).contains("clustering", "domainMetadata");
        assertThat(detail(t(p), "properties")).isEqualTo(Map.of()); // CLUSTER BY is no table property
        // the history records the columns as Spark does (clusterBy), not as a property
        assertThat(v0).contains("\"clusterBy\":\"[\\\"id\\\",\\\"s\\\"]\"").contains("\"properties\":\"{}\"");
        List<List<Object>> desc = floe.sql("DESCRIBE " + t(p)).rows();
        int at = desc.stream().map(r -> r.get(0)).toList().indexOf("# Clustering Information");
        assertThat(at).isPositive();
        assertThat(desc.subList(at + 2, desc.size())).containsExactly(java.util.Arrays.asList("id", "bigint", null),
                java.util.Arrays.asList("s", "string", null));
        floe.sql("CREATE TABLE plain (id INT) USING delta");
        assertThat(detail("plain", "clusteringColumns")).isEqualTo(List.of());
        assertThat(floe.sql("DESCRIBE plain").rows().toString()).doesNotContain("Clustering");
    }

    @Test
    void wrongClusteringIsRefusedNamingTheColumnAndNothingIsCreated() {
        assertThatThrownBy(() -> floe.sql("CREATE TABLE b (id INT, flag BOOLEAN) USING delta CLUSTER BY (flag)"))
                .hasMessageContaining("flag : boolean does not support data skipping");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE n (a INT, b INT, c INT) USING delta"
                + " TBLPROPERTIES ('delta.dataSkippingNumIndexedCols' = '1') CLUSTER BY (c)"))
                .hasMessageContaining("column c is not among the first 1 columns that get them");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE f (a INT, b INT, c INT, d INT, e INT) USING delta CLUSTER BY (a, b, c, d, e)"))
                .hasMessageContaining("up to 4 clustering columns");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE q CLUSTER BY (nope) AS SELECT 1 AS id"))
                .hasMessageContaining("CLUSTER BY column nope does not exist");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE i (id INT) USING iceberg CLUSTER BY (id)"))
                .hasMessageContaining("CLUSTER BY is not supported on Iceberg tables").hasMessageContaining("sort order");
        assertThatThrownBy(() -> floe.sql("CREATE TABLE r (id INT) USING delta TBLPROPERTIES ('clusteringColumns' = '[\"id\"]')"))
                .hasMessageContaining("reserved");
        assertThat(floe.sql("SHOW TABLES").rows()).isEmpty();
        floe.sql("CREATE TABLE ice (id INT) USING iceberg");
        assertThatThrownBy(() -> floe.sql("CREATE OR REPLACE TABLE ice (id INT) CLUSTER BY (id)"))
                .hasMessageContaining("CLUSTER BY is not supported on Iceberg tables");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE ice CLUSTER BY (id)"))
                .hasMessageContaining("CLUSTER BY is not supported on Iceberg tables");
    }

    @Test
    void ctasAndCreateOrReplaceSetAndDropClustering() {
        floe.sql("CREATE TABLE t CLUSTER BY (k) AS SELECT range AS k, range % 3 AS g FROM range(10)");
        assertThat(detail("t", "clusteringColumns")).isEqualTo(List.of("k"));
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(10);
        floe.sql("CREATE OR REPLACE TABLE t (k BIGINT, g BIGINT) USING delta CLUSTER BY (g)");
        assertThat(detail("t", "clusteringColumns")).isEqualTo(List.of("g"));
        floe.sql("CREATE OR REPLACE TABLE t (k BIGINT, g BIGINT) USING delta");
        assertThat(detail("t", "clusteringColumns")).isEqualTo(List.of()); // still clustered, by none
        assertThat((List<Object>) detail("t", "tableFeatures")).contains("clustering");
        assertThatThrownBy(() -> floe.sql("CREATE OR REPLACE TABLE t (k BIGINT, g BIGINT) USING delta PARTITIONED BY (g)"))
                .hasMessageContaining("replacing a clustered Delta table with a partitioned table is not allowed");
        assertThat(count("SELECT count(*) FROM t VERSION AS OF 0")).isEqualTo(10);
    }

    @Test
    void alterTableClusterByChangesAndClears() {
        floe.sql("CREATE TABLE a (id INT, s STRING) USING delta");
        assertThat(floe.sql("ALTER TABLE a CLUSTER BY NONE").message()).contains("not clustered");
        floe.sql("ALTER TABLE a CLUSTER BY (s)");
        assertThat(detail("a", "clusteringColumns")).isEqualTo(List.of("s"));
        floe.sql("ALTER TABLE a CLUSTER BY (id, s)");
        assertThat(detail("a", "clusteringColumns")).isEqualTo(List.of("id", "s"));
        QueryResult h = floe.sql("DESCRIBE HISTORY a LIMIT 1");
        assertThat(h.rows().get(0).get(h.columnIndex("operation"))).isEqualTo("CLUSTER BY");
        assertThat(h.rows().get(0).get(h.columnIndex("operationParameters")).toString())
                .contains("oldClusteringColumns=s").contains("newClusteringColumns=id,s");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE a DROP COLUMN s")).hasMessageContaining("dropping clustering columns (s)");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE a CLUSTER BY (nope)")).hasMessageContaining("column nope does not exist");
        floe.sql("ALTER TABLE a CLUSTER BY NONE");
        assertThat(detail("a", "clusteringColumns")).isEqualTo(List.of());
        floe.sql("CREATE TABLE part (id INT, p STRING) USING delta PARTITIONED BY (p)");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE part CLUSTER BY (id)")).hasMessageContaining("partitioned table");
    }

    @Test
    void optimizeClustersNewFilesAndLeavesEarlierRunsAloneUnlessNewRowsFallInTheirRange() throws IOException {
        floe.sql("CREATE TABLE o (id BIGINT, g STRING) USING delta CLUSTER BY (id)");
        for (int i = 0; i < 3; i++) {
            floe.sql("INSERT INTO o SELECT range * 3 + " + i + ", 'g' || (range % 5) FROM range(100)");
        }
        QueryResult r = floe.sql("OPTIMIZE o");
        assertThat(r.rows().get(0).get(r.columnIndex("numFilesRemoved"))).isEqualTo(3L);
        assertThat(r.rows().get(0).get(r.columnIndex("clusterBy"))).isEqualTo("id");
        String optimize = commit(tablePath("o"), (Long) detail("o", "version"));
        assertThat(optimize).contains("\"ZCUBE_ID\"").contains("\"ZCUBE_ZORDER_BY\":\"[\\\"id\\\"]\"")
                .contains("\"clusterBy\":\"[\\\"id\\\"]\"").contains("\"dataChange\":false");
        // nothing new: nothing to do
        assertThat(floe.sql("OPTIMIZE o").message()).contains("nothing to do");
        // new rows outside the cube's range of id: only the new file is clustered, the cube stays
        List<String> before = files("o");
        floe.sql("INSERT INTO o SELECT 1000 + range, 'x' FROM range(10)");
        r = floe.sql("OPTIMIZE o");
        assertThat(r.rows().get(0).get(r.columnIndex("numFilesRemoved"))).isEqualTo(1L);
        assertThat(files("o")).containsAll(before);
        // new rows inside the first cube's range: that cube is clustered again with them, the other is left alone
        List<String> second = new ArrayList<>(files("o"));
        second.removeAll(before);
        floe.sql("INSERT INTO o VALUES (150, 'y')");
        r = floe.sql("OPTIMIZE o");
        assertThat(r.rows().get(0).get(r.columnIndex("numFilesRemoved"))).isEqualTo((long) before.size() + 1);
        assertThat(files("o")).containsAll(second).doesNotContainAnyElementsOf(before);
        // a cube at or past the minimum cube size is never merged again
        List<String> now = files("o");
        floe.sql("SET spark.databricks.delta.optimize.clustering.mergeStrategy.minCubeSize.threshold = 1");
        floe.sql("INSERT INTO o VALUES (151, 'z')");
        r = floe.sql("OPTIMIZE o");
        assertThat(r.rows().get(0).get(r.columnIndex("numFilesRemoved"))).isEqualTo(1L);
        assertThat(files("o")).containsAll(now);
        // FULL reclusters every file into one run
        int all = files("o").size();
        r = floe.sql("OPTIMIZE o FULL");
        assertThat(r.rows().get(0).get(r.columnIndex("numFilesRemoved"))).isEqualTo((long) all);
        assertThat(floe.sql("OPTIMIZE o FULL").message()).contains("nothing to do");
        // the rows never changed
        assertThat(count("SELECT count(*) FROM o")).isEqualTo(312);
        assertThat(count("SELECT sum(id) FROM o")).isEqualTo(count("SELECT sum(x) FROM (SELECT range AS x FROM range(300)"
                + " UNION ALL SELECT 1000 + range FROM range(10) UNION ALL SELECT 150 UNION ALL SELECT 151)"));
        QueryResult h = floe.sql("DESCRIBE HISTORY o LIMIT 1");
        assertThat(h.rows().get(0).get(h.columnIndex("operationParameters")).toString()).contains("isFull=true");
    }

    private List<String> files(String table) {
        return floe.table(table).snapshot().files().stream().map(io.floe.table.DataFile::path).toList();
    }

    private String tablePath(String table) {
        String loc = floe.table(table).location();
        return loc.startsWith("file:") ? Path.of(java.net.URI.create(loc)).toString() : loc;
    }

    @Test
    void optimizeRefusesWhatDeltaRefusesOnClusteredTables() {
        floe.sql("CREATE TABLE z (id INT, s STRING) USING delta CLUSTER BY (id)");
        floe.sql("INSERT INTO z VALUES (1, 'a')");
        assertThatThrownBy(() -> floe.sql("OPTIMIZE z ZORDER BY (s)")).isInstanceOf(FloeException.class)
                .hasMessageContaining("cannot specify ZORDER BY");
        assertThatThrownBy(() -> floe.sql("OPTIMIZE z WHERE id = 1")).hasMessageContaining("WHERE");
        floe.sql("CREATE TABLE u (id INT) USING delta");
        assertThatThrownBy(() -> floe.sql("OPTIMIZE u FULL"))
                .hasMessageContaining("FULL is only supported for clustered tables with non-empty clustering columns");
        floe.sql("ALTER TABLE z CLUSTER BY NONE");
        floe.sql("INSERT INTO z VALUES (2, 'b')");
        // clustered by none: compaction, as Delta does
        assertThat(floe.sql("OPTIMIZE z").message()).contains("2 files → 1");
    }
}
