package io.floe.interop;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Liquid clustering written by both sides (issue 17): Spark creates a clustered table, Floe INSERTs, MERGEs and OPTIMIZEs
 * it (clustering by the columns Spark set), Spark writes and OPTIMIZEs again; and the reverse (Floe creates it with
 * CLUSTER BY, Spark writes and OPTIMIZEs, Floe writes and changes the clustering). Both read every version identically
 * and agree on the clustering columns.
 */
class DeltaClusteringTest extends SparkAndFloe {
    private static List<String> sparksClusteringColumns(String path) {
        return spark("DESCRIBE DETAIL " + t(path)).get(0).getList(spark.sql("DESCRIBE DETAIL " + t(path)).schema()
                .fieldIndex("clusteringColumns"));
    }

    private static Object floesDetail(String path, String column) {
        io.floe.QueryResult d = floe.sql("DESCRIBE DETAIL " + t(path));
        return d.rows().get(0).get(d.columnIndex(column));
    }

    private static String commit(String path, long version) throws IOException {
        return Files.readString(Path.of(path, "_delta_log", String.format("%020d.json", version)));
    }

    private static long floeVersion(String path) {
        return (Long) floesDetail(path, "version");
    }

    @Test
    @Proves(feature = "clustering", mode = Proves.Mode.READ)
    void sparksClusteredTableIsWrittenAndClusteredByFloe() throws IOException {
        String p = path("spark-clustered");
        spark("CREATE TABLE " + t(p) + " (id BIGINT, s STRING, v DOUBLE) USING delta CLUSTER BY (id)");
        for (int i = 0; i < 3; i++) {
            spark("INSERT INTO " + t(p) + " SELECT id * 3 + " + i + ", concat('s', id % 7), id * 0.5 FROM range(50)");
        }
        spark("OPTIMIZE " + t(p));
        long sparksOptimize = Spark.latestVersion(p);
        // what delta-spark writes, which Floe writes alike: the domain by physical path, clustered files with the
        // liquid provider and their cube's tags
        assertThat(commit(p, 0)).contains("{\"domainMetadata\":{\"domain\":\"delta.clustering\",\"configuration\":"
                + "\"{\\\"clusteringColumns\\\":[[\\\"id\\\"]],\\\"domainName\\\":\\\"delta.clustering\\\"}\"");
        assertThat(commit(p, sparksOptimize)).contains("\"ZCUBE_ZORDER_BY\":\"[\\\"id\\\"]\"").contains("\"clusteringProvider\":\"liquid\"");
        assertThat(floesDetail(p, "clusteringColumns")).isEqualTo(List.of("id"));
        java.util.regex.Matcher added = java.util.regex.Pattern.compile("\"add\":\\{\"path\":\"([^\"]+)\"")
                .matcher(commit(p, sparksOptimize));
        assertThat(added.find()).isTrue();
        String sparksCube = added.group(1);
        // Floe writes to it; rows outside the range of Spark's cube are clustered without rewriting the cube
        floe.sql("INSERT INTO " + t(p) + " SELECT 1000 + range, 'new', 1.0 FROM range(20)");
        floe.sql("OPTIMIZE " + t(p));
        assertThat(commit(p, floeVersion(p))).contains("\"ZCUBE_ID\"").doesNotContain("\"remove\":{\"path\":\"" + sparksCube);
        floe.sql("MERGE INTO " + t(p) + " AS x USING (SELECT 4 AS id, 'merged' AS s UNION ALL SELECT 2000, 'ins') AS m ON x.id = m.id"
                + " WHEN MATCHED THEN UPDATE SET s = m.s WHEN NOT MATCHED THEN INSERT (id, s, v) VALUES (m.id, m.s, 0.0)");
        assertThatThrownBy(() -> floe.sql("OPTIMIZE " + t(p) + " ZORDER BY (s)")).hasMessageContaining("cannot specify ZORDER BY");
        io.floe.QueryResult r = floe.sql("OPTIMIZE " + t(p));
        assertThat(r.rows().get(0).get(r.columnIndex("clusterBy"))).isEqualTo("id");
        String floesOptimize = commit(p, floeVersion(p));
        assertThat(floesOptimize).contains("\"ZCUBE_ID\"").contains("\"clusterBy\":\"[\\\"id\\\"]\"");
        assertThat(floe.sql("OPTIMIZE " + t(p)).message()).contains("nothing to do");
        // Spark writes and clusters again, over Floe's clustered files
        spark("INSERT INTO " + t(p) + " VALUES (3000, 'spark', 2.0)");
        spark("UPDATE " + t(p) + " SET v = -1 WHERE id = 1000");
        spark("OPTIMIZE " + t(p));
        floe.sql("DELETE FROM " + t(p) + " WHERE id = 2000");
        assertSameAtEveryVersion(p, "id, s, v");
        assertThat(sparksClusteringColumns(p)).containsExactly("id");
        assertThat(spark("SELECT count(*) FROM " + t(p)).get(0).getLong(0)).isEqualTo(171L);
        assertThat(spark("SELECT s FROM " + t(p) + " WHERE id = 4").get(0).getString(0)).isEqualTo("merged");
    }

    @Test
    @Proves(feature = "clustering", mode = Proves.Mode.WRITE)
    void floesClusteredTableIsWrittenAndClusteredBySpark() throws IOException {
        String p = path("floe-clustered");
        floe.sql("CREATE TABLE " + t(p) + " (id BIGINT, s STRING, v DOUBLE) USING delta CLUSTER BY (s, id)");
        floe.sql("INSERT INTO " + t(p) + " SELECT range, 's' || (range % 5), range * 1.5 FROM range(40)");
        floe.sql("INSERT INTO " + t(p) + " SELECT 100 + range, 't' || (range % 3), 0.0 FROM range(40)");
        assertThat(commit(p, 0)).contains("\"configuration\":\"{\\\"clusteringColumns\\\":[[\\\"s\\\"],[\\\"id\\\"]],"
                + "\\\"domainName\\\":\\\"delta.clustering\\\"}\"");
        assertThat(sparksClusteringColumns(p)).containsExactly("s", "id");
        spark("INSERT INTO " + t(p) + " SELECT 200 + id, 'u', 1.0 FROM range(10)");
        spark("OPTIMIZE " + t(p));
        long sparksOptimize = Spark.latestVersion(p);
        assertThat(commit(p, sparksOptimize)).contains("\"clusteringProvider\":\"liquid\"");
        floe.sql("INSERT INTO " + t(p) + " VALUES (999, 'z', 9.0)");
        floe.sql("UPDATE " + t(p) + " SET v = v + 1 WHERE id < 5");
        io.floe.QueryResult r = floe.sql("OPTIMIZE " + t(p));
        assertThat(r.rows().get(0).get(r.columnIndex("clusterBy"))).isEqualTo("s,id");
        floe.sql("ALTER TABLE " + t(p) + " CLUSTER BY (id)");
        assertThat(sparksClusteringColumns(p)).containsExactly("id");
        spark("INSERT INTO " + t(p) + " VALUES (1000, 'w', 0.5)");
        spark("OPTIMIZE " + t(p) + " FULL");
        floe.sql("INSERT INTO " + t(p) + " VALUES (1001, 'w', 0.25)");
        floe.sql("OPTIMIZE " + t(p));
        floe.sql("ALTER TABLE " + t(p) + " CLUSTER BY NONE");
        assertThat(sparksClusteringColumns(p)).isEmpty();
        spark("INSERT INTO " + t(p) + " VALUES (1002, 'w', 0.125)");
        assertSameAtEveryVersion(p, "id, s, v");
        assertThat(spark("SELECT count(*) FROM " + t(p)).get(0).getLong(0)).isEqualTo(94L);
    }
}
