package io.floe.cli;

import io.floe.Floe;
import io.floe.QueryResult;
import io.floe.s3.S3TestServer;
import io.floe.table.DataFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liquid clustering on an S3 warehouse (the embedded S3 server; issue 17): CLUSTER BY, incremental OPTIMIZE and ALTER
 * TABLE CLUSTER BY work on object storage as on local files: the clustering domain and the clustered files' cube tags
 * are read back from the S3 log.
 */
class S3ClusteringTest {
    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    }

    private static Object detail(Floe floe, String column) {
        QueryResult d = floe.sql("DESCRIBE DETAIL ev");
        return d.rows().get(0).get(d.columnIndex(column));
    }

    private static long removed(QueryResult r) {
        return (Long) r.rows().get(0).get(r.columnIndex("numFilesRemoved"));
    }

    @Test
    void clusteredTableOnS3() {
        String wh = "s3://" + S3TestServer.newBucket() + "/lake";
        try (Floe floe = Floe.open(wh, S3TestServer.options())) {
            floe.sql("CREATE TABLE ev (id BIGINT, kind STRING) USING delta CLUSTER BY (id)");
            floe.sql("INSERT INTO ev SELECT range, 'a' FROM range(100)");
            floe.sql("INSERT INTO ev SELECT 100 + range, 'b' FROM range(100)");
            assertThat(removed(floe.sql("OPTIMIZE ev"))).isEqualTo(2);
            List<String> cube = floe.table("ev").snapshot().files().stream().map(DataFile::path).toList();
            assertThat(floe.table("ev").snapshot().files()).allSatisfy(f -> assertThat(f.tags()).containsKey("ZCUBE_ID"));
            floe.sql("INSERT INTO ev SELECT 1000 + range, 'c' FROM range(10)");
            assertThat(removed(floe.sql("OPTIMIZE ev"))).isEqualTo(1); // the new rows lie outside the cube: it stays
            assertThat(floe.table("ev").snapshot().files().stream().map(DataFile::path).toList()).containsAll(cube);
            floe.sql("ALTER TABLE ev CLUSTER BY (kind, id)");
        }
        try (Floe again = Floe.open(wh, S3TestServer.options())) { // a new session reads it all from S3
            assertThat(detail(again, "clusteringColumns")).isEqualTo(List.of("kind", "id"));
            assertThat((List<Object>) detail(again, "tableFeatures")).contains("clustering", "domainMetadata");
            assertThat(removed(again.sql("OPTIMIZE ev FULL"))).isPositive();
            assertThat(again.sql("SELECT count(*) FROM ev").rows().get(0).get(0)).isEqualTo(210L);
            assertThat(again.sql("SELECT sum(id) FROM ev").rows()).isEqualTo(again.sql("SELECT sum(x) FROM (SELECT range AS x"
                    + " FROM range(200) UNION ALL SELECT 1000 + range FROM range(10))").rows());
        }
    }
}
