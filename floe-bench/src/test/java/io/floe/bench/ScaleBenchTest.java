package io.floe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scale workloads at their smallest (2,000 files in 10 Iceberg manifests, 120 Delta commits), with the Kernel and
 * Iceberg Java peers when they are packaged: every answer is checked inside the run (files in the snapshot, files
 * planned, rows found, on Floe and on the peers); here, that the rows line up and the tables have the shape asked for.
 */
class ScaleBenchTest {
    @Test
    void scaleWorkloadsRunSmallWithThePeersAndReport(@TempDir Path dir) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        List<String> peers = new ArrayList<>();
        if (PeerJvm.KERNEL.built(root)) {
            peers.add("kernel");
        }
        if (PeerJvm.ICEBERG.built(root)) {
            peers.add("iceberg");
        }
        List<String> args = new ArrayList<>(List.of("--scale", "S1,S2", "--scale-files", "2000", "--scale-manifests", "10",
                "--scale-commits", "120", "--reps", "1", "--out", dir.resolve("out").toString(), "--work", dir.resolve("work").toString()));
        if (!peers.isEmpty()) {
            args.addAll(List.of("--peer", String.join(",", peers)));
        }
        assertThat(FloeBench.run(args.toArray(String[]::new))).isZero();

        // the Delta table: one checkpoint, at its last version; S2's log: the last checkpoint at 110, a tail up to 119
        Path log = dir.resolve("work/floe/floe-warehouse/s1_delta/_delta_log");
        try (Stream<Path> s = Files.list(log)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains("checkpoint.parquet")))
                    .containsExactly("00000000000000000002.checkpoint.parquet");
        }
        Path s2 = dir.resolve("work/floe/s2/floe-warehouse/w5_120/_delta_log");
        assertThat(s2.resolve("00000000000000000110.checkpoint.parquet")).exists();
        assertThat(s2.resolve("00000000000000000119.json")).exists();
        assertThat(s2.resolve("00000000000000000120.json")).doesNotExist();

        JsonNode doc;
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            Path json = files.filter(p -> p.toString().endsWith("-scale-2000-files-120-commits.json")).findFirst().orElseThrow();
            doc = new ObjectMapper().readTree(json.toFile());
        }
        JsonNode deltaLoad = find(doc, "S1 Delta, 2,000 files + checkpoint: cold snapshot load, whole file list");
        assertThat(deltaLoad.get("facts").get("files").asLong()).isEqualTo(2000);
        assertThat(deltaLoad.get("peak_rss_kb").asLong()).isNotZero();
        assertThat(find(doc, "S1 Iceberg, 2,000 files in 10 manifests: planning a point lookup, cold").get("facts")
                .get("files after skipping").asInt()).isEqualTo(1);
        find(doc, "S1 Delta, 2,000 files + checkpoint: point lookup, cold");
        find(doc, "S2 cold snapshot load + count(*), 120 Delta commits (checkpoint + tail)");
        if (peers.contains("kernel")) {
            assertThat(find(doc, "S1 Delta, 2,000 files + checkpoint: planning a point lookup, cold").get("kernel").get("facts")
                    .get("files after skipping").asInt()).isEqualTo(1);
            assertThat(find(doc, "S2 cold snapshot load + count(*), 120 Delta commits (checkpoint + tail)").has("kernel_over_floe")).isTrue();
        }
        if (peers.contains("iceberg")) {
            // the library counts the manifests Floe's appends wrote: one per append, none merged
            assertThat(find(doc, "S1 Iceberg, 2,000 files in 10 manifests: cold snapshot load, whole file list").get("iceberg")
                    .get("facts").get("manifests").asInt()).isEqualTo(10);
        }
        assertThat(doc.get("targets").toString()).contains("cold snapshot load, whole file list: time").doesNotContain("vs Spark");
    }

    @Test
    void scaleSizesAndOptionsAreChecked() {
        assertThatThrownBy(() -> new ScaleWorkloads.Sizes(1000, 2000, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FloeBench.run("--scale", "S3")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("S3");
        assertThatThrownBy(() -> FloeBench.run("--scale", "S1", "--peer", "spark")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no spark");
    }

    @Test
    void s1RunsOnTheEmbeddedS3ServerReadingItsTablesThroughTheS3Store(@TempDir Path dir) throws Exception {
        assertThat(FloeBench.run("--scale", "S1", "--warehouse", "s3", "--scale-files", "2000", "--scale-manifests", "10", "--reps", "1",
                "--out", dir.resolve("out").toString(), "--work", dir.resolve("work").toString())).isZero();
        // built through the server: its objects are files under its own directory
        assertThat(dir.resolve("work/s3/floe-bench/floe-warehouse/s1_delta/_delta_log/00000000000000000002.checkpoint.parquet")).exists();
        JsonNode doc;
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            Path json = files.filter(p -> p.toString().endsWith("-scale-2000-files-s3.json")).findFirst().orElseThrow();
            doc = new ObjectMapper().readTree(json.toFile());
        }
        // DuckDB reads a Delta checkpoint (Parquet), started before the clock (ColdFloes); an Iceberg load needs none
        assertThat(find(doc, "S1 Delta, 2,000 files + checkpoint: cold snapshot load, whole file list").get("facts")
                .get("DuckDB started").asBoolean()).isTrue();
        assertThat(find(doc, "S1 Iceberg, 2,000 files in 10 manifests: cold snapshot load, whole file list").get("facts")
                .get("DuckDB started").asBoolean()).isFalse();
        for (String w : List.of("S1 Delta, 2,000 files + checkpoint: cold snapshot load, whole file list",
                "S1 Delta, 2,000 files + checkpoint: planning a point lookup, cold",
                "S1 Iceberg, 2,000 files in 10 manifests: cold snapshot load, whole file list",
                "S1 Iceberg, 2,000 files in 10 manifests: point lookup, cold")) {
            // read through the S3 store: its requests are counted (a local table's files are no requests)
            assertThat(find(doc, w).get("store_requests").toString()).as(w).contains("GET");
        }
        assertThat(find(doc, "S1 Delta, 2,000 files + checkpoint: planning a point lookup, cold").get("facts").get("files after skipping")
                .asInt()).isEqualTo(1);
        assertThatThrownBy(() -> FloeBench.run("--scale", "S1,S2", "--warehouse", "s3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S1 only");
    }

    private static JsonNode find(JsonNode doc, String workload) {
        for (JsonNode r : doc.get("results")) {
            if (r.get("workload").asText().equals(workload)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + workload);
    }
}
