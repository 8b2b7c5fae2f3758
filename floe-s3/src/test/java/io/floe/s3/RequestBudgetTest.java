package io.floe.s3;

import io.floe.Floe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19: what statements cost on S3, counted at the server (every request through a recording proxy). A single-row
 * INSERT is one read of the next commit key, which finds none (a GET: had a commit been there, its content would be
 * needed anyway; the table's name was resolved within the catalog cache TTL) and two PUTs (the data file and the
 * conditional PUT of the commit): no listing, no read-back of what was just written. A repeated query on an unchanged
 * Delta table costs that one read (the table's log), no data file GETs.
 */
class RequestBudgetTest {
    private static List<String> requests(FaultyHttpProxy proxy) {
        List<String> all = proxy.requests().stream().map(r -> r.method() + " " + r.path().substring(r.path().indexOf('/', 1) + 1)
                + (r.query() == null || r.query().isEmpty() ? "" : "?" + r.query())).toList();
        // Now and then the embedded server's answer to a conditional PUT is lost (the client sees "Unexpected end of
        // file from server") and the writer reads the key back to learn the outcome, as it must. That read is the
        // price of a lost answer, not of the statement: it is left out here. Likewise a plain PUT sent again at once to
        // the same key (the SDK's retry of a data file whose answer was lost, seen in CI). Nothing else is left out.
        List<String> out = new java.util.ArrayList<>();
        for (String r : all) {
            String last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (r.startsWith("GET ") && ("PUT " + r.substring(4)).equals(last)) {
                continue;
            }
            if (r.startsWith("PUT ") && r.equals(last)) {
                continue;
            }
            out.add(r);
        }
        return out;
    }

    @Test
    void aSingleRowInsertAndARepeatedQueryStayWithinTheirBudget() {
        try (FaultyHttpProxy proxy = FaultyHttpProxy.start(S3TestServer.endpoint())) {
            Map<String, String> options = proxy.options(S3TestServer.options());
            String wh = "s3://" + S3TestServer.newBucket() + "/wh/";
            try (Floe f = Floe.open(wh, options)) {
                f.sql("CREATE TABLE t (id BIGINT) USING delta");
                f.sql("INSERT INTO t VALUES (0)");

                proxy.clearRequests();
                f.sql("INSERT INTO t VALUES (1)");
                List<String> insert = requests(proxy);
                assertThat(insert).as("single-row INSERT").hasSize(3)
                        .containsExactly("GET wh/t/_delta_log/00000000000000000002.json", insert.get(1),
                                "PUT wh/t/_delta_log/00000000000000000002.json");
                assertThat(insert.get(1)).startsWith("PUT wh/t/part-").endsWith(".parquet");

                f.sql("SELECT sum(id) FROM t");
                proxy.clearRequests();
                assertThat(f.sql("SELECT sum(id) FROM t").scalar()).isEqualTo(1L);
                assertThat(requests(proxy)).as("repeated query, named table: the name resolved within the catalog cache TTL")
                        .containsExactly("GET wh/t/_delta_log/00000000000000000003.json");

                String path = "delta.`" + f.table("t").location() + "`";
                f.sql("SELECT sum(id) FROM " + path);
                proxy.clearRequests();
                assertThat(f.sql("SELECT sum(id) FROM " + path).scalar()).isEqualTo(1L);
                assertThat(requests(proxy)).as("repeated query, path table").containsExactly("GET wh/t/_delta_log/00000000000000000003.json");

                // a DELETE that removes a whole file: one probe of the log for condition, pruning and transaction
                proxy.clearRequests();
                f.sql("DELETE FROM t WHERE id = 0");
                assertThat(requests(proxy)).as("DELETE of a whole file").containsExactly("GET wh/t/_delta_log/00000000000000000003.json",
                        "PUT wh/t/_delta_log/00000000000000000003.json");
            }
        }
    }
    /**
     * A writer that lost a race reads each winning commit with one GET (S3's answer carries the Last-Modified a HEAD
     * would give) and learns there is no newer one from one 404: no HEAD at all (each winner cost a HEAD and a GET).
     */
    @Test
    void aWriterThatLostARaceReadsTheWinnersCommitWithOneRequest() {
        try (FaultyHttpProxy proxy = FaultyHttpProxy.start(S3TestServer.endpoint())) {
            Map<String, String> options = proxy.options(S3TestServer.options());
            String wh = "s3://" + S3TestServer.newBucket() + "/wh/";
            try (Floe f = Floe.open(wh, options)) {
                f.sql("CREATE TABLE t (id BIGINT) USING delta");
                io.floe.table.Transaction late = f.table("t").newTransaction(); // reads version 0
                f.sql("INSERT INTO t VALUES (1)"); // version 1 wins the race
                proxy.clearRequests();
                assertThat(late.commit(io.floe.table.Operation.of("VACUUM START")).version()).isEqualTo(2);
                List<String> all = proxy.requests().stream().map(r -> r.method() + " " + r.path()).toList();
                assertThat(all).noneMatch(r -> r.startsWith("HEAD "));
                assertThat(all.stream().filter(r -> r.startsWith("GET ") && r.endsWith("00000000000000000001.json"))).hasSize(1);
                assertThat(all.stream().filter(r -> r.startsWith("GET ") && r.endsWith("00000000000000000002.json"))).hasSize(1);
            }
        }
    }

    /**
     * Iceberg: a repeated query on an unchanged table probes the next metadata version only (the catalog HEAD aside);
     * manifests and manifest lists, never rewritten, are not read again.
     */
    @Test
    void aRepeatedQueryOnAnUnchangedIcebergTableReadsNoMetadataAgain() {
        try (FaultyHttpProxy proxy = FaultyHttpProxy.start(S3TestServer.endpoint())) {
            Map<String, String> options = proxy.options(S3TestServer.options());
            String wh = "s3://" + S3TestServer.newBucket() + "/wh/";
            try (Floe f = Floe.open(wh, options)) {
                f.sql("CREATE TABLE t (id BIGINT) USING iceberg");
                f.sql("INSERT INTO t VALUES (0)");
                f.sql("INSERT INTO t VALUES (1)");
                f.sql("SELECT count(*) FROM t");
                proxy.clearRequests();
                assertThat(f.sql("SELECT count(*) FROM t").scalar()).isEqualTo(2L);
                assertThat(requests(proxy)).as("repeated query, Iceberg").containsExactly("HEAD wh/t/metadata/v4.metadata.json");
            }
        }
    }
    /**
     * Iceberg: a single-row INSERT probes the next metadata version once (the statement's read) and then only writes:
     * the data file, the manifest, the manifest list, the conditional create of the next metadata file and the version
     * hint. Before, the commit probed that same key four more times (Iceberg's own refreshes inside one attempt).
     */
    @Test
    void aSingleRowIcebergInsertProbesOnceAndWritesFiveObjects() {
        try (FaultyHttpProxy proxy = FaultyHttpProxy.start(S3TestServer.endpoint())) {
            Map<String, String> options = proxy.options(S3TestServer.options());
            String wh = "s3://" + S3TestServer.newBucket() + "/wh/";
            try (Floe f = Floe.open(wh, options)) {
                f.sql("CREATE TABLE t (id BIGINT) USING iceberg");
                f.sql("INSERT INTO t VALUES (0)");
                proxy.clearRequests();
                f.sql("INSERT INTO t VALUES (1)");
                List<String> insert = requests(proxy);
                assertThat(insert).as("single-row Iceberg INSERT").hasSize(6);
                assertThat(insert.get(0)).isEqualTo("HEAD wh/t/metadata/v3.metadata.json");
                assertThat(insert.get(1)).startsWith("PUT wh/t/data/").endsWith(".parquet");
                assertThat(insert.get(2)).startsWith("PUT wh/t/metadata/").endsWith("-m0.avro");
                assertThat(insert.get(3)).startsWith("PUT wh/t/metadata/snap-").endsWith(".avro");
                assertThat(insert.subList(4, 6)).containsExactly("PUT wh/t/metadata/v3.metadata.json", "PUT wh/t/metadata/version-hint.text");
                assertThat(f.sql("SELECT count(*) FROM t").scalar()).isEqualTo(2L);

                // a DELETE plans its condition, prunes and opens its transaction on one probe of the table (was three)
                f.sql("ALTER TABLE t SET TBLPROPERTIES ('write.delete.mode' = 'merge-on-read')");
                proxy.clearRequests();
                f.sql("DELETE FROM t WHERE id = 0");
                assertThat(requests(proxy).stream().filter(r -> r.startsWith("HEAD wh/t/metadata/")))
                        .containsExactly("HEAD wh/t/metadata/v5.metadata.json");
                assertThat(f.sql("SELECT count(*) FROM t").scalar()).isEqualTo(1L);
            }
        }
    }
    /**
     * A plain count(*), and min/max of an integer column, on S3 are answered by the table's metadata (MetadataOnlyQuery):
     * a fresh process with no local cache reads the log or the manifests, never a data file, and does not start DuckDB; a
     * filtered count reads the file.
     */
    @Test
    void aPlainCountReadsNoDataFile() {
        for (String format : List.of("delta", "iceberg")) {
            try (FaultyHttpProxy proxy = FaultyHttpProxy.start(S3TestServer.endpoint())) {
                Map<String, String> options = new java.util.HashMap<>(proxy.options(S3TestServer.options()));
                options.put("cache.dir", "none"); // no copy of a data file from an earlier process
                String wh = "s3://" + S3TestServer.newBucket() + "/wh/";
                try (Floe f = Floe.open(wh, options)) {
                    f.sql("CREATE TABLE t (id BIGINT) USING " + format);
                    f.sql("INSERT INTO t VALUES (1), (2), (3)");
                    f.sql("INSERT INTO t VALUES (4)");
                }
                try (Floe f = Floe.open(wh, options)) {
                    proxy.clearRequests();
                    assertThat(f.sql("SELECT count(*) FROM t").scalar()).isEqualTo(4L);
                    assertThat(f.sql("SELECT min(id), max(id) FROM t").rows()).containsExactly(List.of(1L, 4L));
                    assertThat(requests(proxy)).as(format).isNotEmpty().noneMatch(r -> r.endsWith(".parquet"));
                    assertThat(((io.floe.engine.DuckDbDataPlane) f.warehouse().dataPlane()).database().started()).as(format).isFalse();

                    proxy.clearRequests();
                    assertThat(f.sql("SELECT count(*) FROM t WHERE id > 1").scalar()).isEqualTo(3L);
                    assertThat(requests(proxy)).as(format + ": the filtered count reads data").anyMatch(r -> r.startsWith("GET ") && r.endsWith(".parquet"));
                }
            }
        }
    }
}
