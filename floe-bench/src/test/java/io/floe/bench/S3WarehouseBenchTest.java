package io.floe.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --warehouse s3} in small: Floe's workloads on tables in a bucket of the embedded S3 server (a few of them, on
 * 5,000 rows), each answer checked inside the workload, with the requests of its measured runs counted.
 */
class S3WarehouseBenchTest {
    @Test
    void workloadsRunOnTheEmbeddedS3ServerAndCountTheirRequests(@TempDir Path dir) throws Exception {
        BenchData data = BenchData.generate(dir.resolve("data"), 5000, true);
        List<Measurement> out = new ArrayList<>();
        try (BenchWarehouse wh = BenchWarehouse.s3(dir.resolve("s3"));
             FloeWorkloads floe = new FloeWorkloads(dir.resolve("floe"), data, 1, "delta", wh.at("floe", "floe-warehouse"), wh.options())) {
            assertThat(wh.root()).startsWith("s3://");
            floe.runAll(out::add, Set.of("W1", "W2", "W7"));
            out.add(floe.w11(FloeWorkloads.RowChange.DELETE_10, true)); // one of W11's six, to keep the test short
            assertThat(floe.tableLocation("w2")).startsWith("s3://");
        }
        // the tables are objects of the server, under its own directory; nothing went to a local warehouse
        try (Stream<Path> s = Files.walk(dir.resolve("s3"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".json") && p.toString().contains("_delta_log"))).isNotEmpty();
        }
        assertThat(dir.resolve("floe").resolve("floe-warehouse")).doesNotExist();
        assertThat(out).extracting(Measurement::workload).contains("W1 ingest, unpartitioned", "W2 point lookup, after ZORDER",
                "W7 VACUUM after deleting half", "W11 DELETE 10% of rows, merge-on-read").noneMatch(w -> w.startsWith("W8"));
        Measurement w1 = out.stream().filter(m -> m.workload().equals("W1 ingest, unpartitioned")).findFirst().orElseThrow();
        // an ingest writes its data file and commits with a conditional put
        assertThat(w1.requests().sum().get(io.floe.storage.StoreRequests.Kind.CONDITIONAL_PUT)).isPositive();
        assertThat(w1.requests().sum().bytesWritten()).isPositive();
        Measurement w11 = out.stream().filter(m -> m.workload().equals("W11 DELETE 10% of rows, merge-on-read")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(String.valueOf(w11.facts().get("KiB written")))).isPositive(); // listed through the S3 store
    }

    @Test
    void s3WarehouseTakesNoPeerAndOnlyKnownKinds() {
        assertThatThrownBy(() -> FloeBench.run("--warehouse", "s3", "--peer", "kernel")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alone");
        assertThatThrownBy(() -> FloeBench.run("--warehouse", "gcs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local or s3");
    }
}
