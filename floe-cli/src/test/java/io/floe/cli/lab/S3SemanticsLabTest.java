package io.floe.cli.lab;

import io.floe.s3.FaultyHttpProxy;
import io.floe.s3.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The s3-semantics lab at small scale: outcomes (request kinds, retries, rows lost), never timings. */
class S3SemanticsLabTest {
    @TempDir
    Path dir;

    private LabResult run(String warehouse, Map<String, String> options, LabFormat format) throws Exception {
        LabContext ctx = new LabContext(warehouse, options, dir.resolve("scratch"), Scale.SMALL, format,
                new PrintWriter(new StringWriter()));
        LabResult r = new S3SemanticsLab().run(ctx);
        for (LabResult.Metric m : r.metrics()) {
            assertThat(r.text()).contains(m.label());
            assertThat(r.markdown()).contains("| " + m.label() + " |");
        }
        return r;
    }

    @ParameterizedTest
    @EnumSource(LabFormat.class)
    void embeddedServerWithLatencyThrottlingTinyObjectsAndACommitRace(LabFormat format) throws Exception {
        // a local warehouse: the lab starts its own S3 server
        LabResult r = run(dir.resolve("wh").toString(), Map.of(), format);
        assertThat(r.warehouse()).startsWith("s3://");
        assertThat(r.sectionOf("requests").columns()).hasSize(3);
        for (int c = 0; c < 3; c++) {
            // each append is one commit: one conditional PUT, plus PUTs of its data (and metadata) files
            assertThat(r.number("requests_conditional_put", c)).isEqualTo(20);
            assertThat(r.number("requests_put", c)).isGreaterThanOrEqualTo(20);
            assertThat(r.number("requests_get", c)).isPositive();
            assertThat(r.number("requests_head", c)).isPositive();
            assertThat(r.number("http_requests", c)).isGreaterThanOrEqualTo(r.number("requests", c));
            assertThat(r.number("rows", c)).isEqualTo(2_000);
            // the full scan opens every tiny file; the point query skips them by their statistics
            assertThat(r.number("scan_requests", c)).isGreaterThan(r.number("point_requests", c));
        }
        // the same workload makes the same store requests whatever the faults
        assertThat(r.number("requests", 1)).isEqualTo(r.number("requests", 0));
        assertThat(r.number("slow_downs", 0)).isZero();
        assertThat(r.number("retries", 0)).isZero();
        assertThat(r.number("slow_downs", 1)).isZero();
        // throttled: every refused request was retried, and the server got that many more
        assertThat(r.number("slow_downs", 2)).isPositive();
        assertThat(r.number("retries", 2)).isEqualTo(r.number("slow_downs", 2));

        assertThat(r.number("tiny_files", 0)).isEqualTo(20);
        assertThat(r.number("tiny_files", 1)).isEqualTo(1);
        assertThat(r.number("tiny_requests", 1)).isLessThan(r.number("tiny_requests", 0));
        assertThat(r.number("tiny_gets", 1)).isLessThan(r.number("tiny_gets", 0));
        assertThat(r.number("tiny_slow_downs", 1)).isLessThanOrEqualTo(r.number("tiny_slow_downs", 0));

        assertCommitRace(r);
    }

    private static void assertCommitRace(LabResult r) {
        double rounds = r.number("race_rounds", 0);
        // check-then-write: every writer is told it committed, and one commit per round is replaced
        assertThat(r.number("race_acknowledged", 0)).isEqualTo(2 * rounds);
        assertThat(r.number("race_overwritten", 0)).isEqualTo(rounds);
        assertThat(r.number("race_rows_lost", 0)).isPositive();
        assertThat(r.number("race_rows_read", 0)).isLessThan(r.number("race_rows_expected", 0));
        // put-if-absent: one writer per round gets 412, rebases and commits on the next version
        assertThat(r.number("race_acknowledged", 1)).isEqualTo(2 * rounds);
        assertThat(r.number("race_lost_race", 1)).isEqualTo(rounds);
        assertThat(r.number("race_overwritten", 1)).isZero();
        assertThat(r.number("race_rows_lost", 1)).isZero();
        assertThat(r.number("race_rows_read", 1)).isEqualTo(r.number("race_rows_expected", 1));
    }

    @Test
    void aUsersOwnS3WarehouseRunsWhatNeedsNoInjectedFaults() throws Exception {
        String wh = "s3://" + S3TestServer.newBucket() + "/lake";
        LabResult r = run(wh, S3TestServer.options(), LabFormat.DELTA);
        assertThat(r.warehouse()).isEqualTo(wh);
        assertThat(r.sectionOf("requests").columns()).containsExactly("no faults");
        assertThat(r.metric("http_requests").value(0)).isNull(); // the lab cannot see the server's side
        // one conditional PUT per append: an extra one was a commit sent again after the JDK's HTTP client had reused
        // a connection the server dropped after an earlier 412 (S3ObjectStore is on the Apache client since)
        assertThat(r.number("requests_conditional_put", 0)).isEqualTo(20.0);
        assertThat(r.number("rows", 0)).isEqualTo(2_000);
        assertThat(r.metrics()).extracting(LabResult.Metric::key).doesNotContain("tiny_slow_downs", "tiny_latency_ms");
        assertThat(r.number("tiny_requests", 1)).isLessThan(r.number("tiny_requests", 0));
        assertCommitRace(r);
    }

    @Test
    void retriesAreRefusedRequestsSentAgain() {
        FaultyHttpProxy.Request put = new FaultyHttpProxy.Request("PUT", "/b/t/_delta_log/1.json", "", Map.of("if-none-match", "*"));
        FaultyHttpProxy.Request putAgain = new FaultyHttpProxy.Request("PUT", "/b/t/_delta_log/1.json", "", Map.of("if-none-match", "*"));
        FaultyHttpProxy.Request get = new FaultyHttpProxy.Request("GET", "/b/t/part-0.parquet", "", Map.of());
        FaultyHttpProxy.Request getAgain = new FaultyHttpProxy.Request("GET", "/b/t/part-0.parquet", "", Map.of());
        FaultyHttpProxy.Request other = new FaultyHttpProxy.Request("GET", "/b/t/part-1.parquet", "", Map.of());
        // the GET was refused and sent again; the PUT was refused and never repeated; a later GET of the same object
        // without a refusal before it is no retry
        assertThat(S3SemanticsLab.retries(List.of(put, get, other, getAgain), List.of(put, get))).isEqualTo(1);
        assertThat(S3SemanticsLab.retries(List.of(put, putAgain, get, getAgain), List.of(put))).isEqualTo(1);
        assertThat(S3SemanticsLab.retries(List.of(get, getAgain), List.of())).isZero();
    }

    @Test
    void theProxyDelaysEveryRequestByItsLatency() throws Exception {
        try (FaultyHttpProxy proxy = FaultyHttpProxy.start(S3TestServer.endpoint())) {
            proxy.latency(300);
            HttpClient http = HttpClient.newHttpClient();
            long t0 = System.nanoTime();
            for (int i = 0; i < 2; i++) {
                http.send(HttpRequest.newBuilder(URI.create(proxy.endpoint() + "/")).GET().build(), HttpResponse.BodyHandlers.discarding());
            }
            // a lower bound only: the proxy sleeps before it forwards, so two requests take at least twice its latency
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(600);
            assertThat(proxy.requests()).hasSize(2);
        }
    }
}
