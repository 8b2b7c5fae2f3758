package io.floe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness at smoke scale (100,000 rows, no peer), as CI runs it: every workload runs and checks its own
 * answer (a wrong one throws out of {@code run}). No timing is asserted, only that the numbers are there.
 */
class SmokeBenchTest {
    @Test
    void smokeRunAnswersRightAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results");
        assertThat(FloeBench.run("--rows", "100000", "--out", results.toString(), "--work", dir.resolve("work").toString())).isZero();

        Path md;
        Path json;
        try (Stream<Path> files = Files.list(results)) {
            List<Path> all = files.toList();
            md = all.stream().filter(p -> p.toString().endsWith("-100000.md")).findFirst().orElseThrow();
            json = all.stream().filter(p -> p.toString().endsWith("-100000.json")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(md)).contains("command: `bin/floe-bench --rows 100000", "machine: ", "versions: floe ",
                "W1 ingest, unpartitioned", "W1 ingest, partitioned by month", "W2 point lookup, before ZORDER",
                "W2 point lookup, after ZORDER", "W3 MERGE", "W4 appends", "W4 OPTIMIZE", "W5 cold snapshot", "W6 8 writers",
                "W7 VACUUM", "W8 floor", ScanWorkloads.W9, ScanWorkloads.W10, "W11 DELETE 0.1% of rows, copy-on-write",
                "W11 DELETE 10% of rows, merge-on-read", "W11 UPDATE 1% of rows, merge-on-read", "## Targets");

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("rows").asLong()).isEqualTo(100_000);
        assertThat(doc.get("results")).hasSizeGreaterThanOrEqualTo(15);
        for (JsonNode r : doc.get("results")) {
            assertThat(r.get("ms")).as(r.get("workload").asText()).hasSizeGreaterThanOrEqualTo(3); // three runs after a warm-up
        }
        JsonNode w2 = find(doc, "W2 point lookup, after ZORDER");
        assertThat(w2.get("facts").get("files read").asInt()).isPositive(); // counted from EXPLAIN, whatever it is
        for (String mode : List.of("copy-on-write", "merge-on-read")) {
            JsonNode w11 = find(doc, "W11 DELETE 10% of rows, " + mode);
            assertThat(w11.get("facts").get("rows changed").asLong()).isEqualTo(10_000);
            assertThat(Double.parseDouble(w11.get("facts").get("KiB written").asText())).isPositive();
        }
        // object-store requests of the measured runs next to the times: every append commits (a PUT of its data file at least)
        JsonNode appends = find(doc, "W4 appends of 1,000 rows").get("store_requests");
        assertThat(appends.get("runs").asInt()).isEqualTo(3);
        assertThat(appends.get("total_per_run").asDouble()).isGreaterThanOrEqualTo(50);
        for (String w : List.of("W1 ingest, unpartitioned", "W2 point lookup, after ZORDER", "W3 MERGE upserts (half new)",
                "W5 cold snapshot load + count(*), 200 commits", "W6 8 writers x 15 appends", "W7 VACUUM after deleting half",
                ScanWorkloads.W9, ScanWorkloads.W10, "W11 UPDATE 1% of rows, merge-on-read")) {
            assertThat(find(doc, w).has("store_requests")).as(w).isTrue();
        }
        assertThat(find(doc, "W5 cold snapshot load + count(*), 200 commits").get("store_requests").get("total_per_run").asDouble())
                .as("a cold load reads the log").isPositive();
        assertThat(Files.readString(md)).contains("Floe store requests per run");
        JsonNode w6 = find(doc, "W6 8 writers x 15 appends");
        assertThat(w6.get("facts").get("commits per run").asInt()).isEqualTo(120);
        assertThat(find(doc, "W8 floor: DuckDB alone, the files Floe reads after ZORDER").get("facts").get("same as Floe's").asBoolean())
                .isTrue();
        // the floor under W10 reads the same files W10 does, and both are scored (issue 16: full scans ≤ 1.2× DuckDB alone)
        assertThat(find(doc, FloeWorkloads.W8_FULL_SCAN).get("facts").get("files read").asInt())
                .isEqualTo(find(doc, ScanWorkloads.W10).get("facts").get("files").asInt());
        assertThat(doc.get("targets").toString()).contains("W10 full scan vs the W8 floor (same files)", "≤ 1.5× DuckDB alone",
                "W12 group-by vs the W8 floor (same files)");
        assertThat(find(doc, ScanWorkloads.W12).get("facts").get("groups").asInt()).isEqualTo(1000);
        assertThat(find(doc, FloeWorkloads.W8_GROUP_BY).get("facts").get("files read").asInt())
                .isEqualTo(find(doc, ScanWorkloads.W10).get("facts").get("files").asInt());
        // Floe's measured runs of the workloads compared on memory ran each in a JVM of its own, with a peak of its own
        Path jvms = dir.resolve("work").resolve("floe-jvm");
        for (String task : List.of("W2-before-ZORDER", "W2-after-ZORDER", "floor", "W4", "W5-200", "W9", "W10", "W12")) {
            try (Stream<Path> s = Files.list(jvms)) {
                assertThat(s.map(p -> p.getFileName().toString())).as(task).anyMatch(n -> n.endsWith("-" + task + "-results.json"));
            }
        }
        for (String w : List.of("W2 point lookup, after ZORDER", "W4 appends of 1,000 rows", ScanWorkloads.W9, ScanWorkloads.W10,
                FloeWorkloads.W8_FULL_SCAN)) {
            assertThat(find(doc, w).get("peak_rss_kb").asLong()).as(w).isPositive();
        }
        assertThat(Files.readString(md)).contains("run in a fresh JVM of their own too");
    }

    @Test
    void sameJvmRunsTheTasksInProcessAndSaysSo(@TempDir Path dir) throws Exception {
        assertThat(FloeBench.run("--rows", "5000", "--only", "W2,W5", "--reps", "1", "--floe-jvm", "same", "--out", dir.resolve("out").toString(),
                "--work", dir.resolve("work").toString())).isZero();
        assertThat(dir.resolve("work").resolve("floe-jvm")).doesNotExist();
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            Path md = files.filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow();
            assertThat(Files.readString(md)).contains("--floe-jvm same", FloeWorkloads.W8_FULL_SCAN, ScanWorkloads.W10);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FloeBench.run("--floe-jvm", "other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fresh or same");
    }

    @Test
    void floorsScoreAsIssue16WordsThem() {
        List<Measurement> floe = List.of(
                new Measurement("W2 point lookup, after ZORDER", "floe", List.of(3.0), Map.of()),
                new Measurement("W8 floor: DuckDB alone, the files Floe reads after ZORDER", "duckdb", List.of(2.0), Map.of()),
                new Measurement(ScanWorkloads.W10, "floe", List.of(12.0), Map.of()),
                new Measurement(FloeWorkloads.W8_FULL_SCAN, "duckdb", List.of(10.0), Map.of()));
        List<Report.Target> ts = Report.targets(floe, Map.of());
        Report.Target lookup = ts.stream().filter(t -> t.what().startsWith("W2 after ZORDER vs the W8 floor")).findFirst().orElseThrow();
        assertThat(lookup.wanted()).isEqualTo("≤ 1.5× DuckDB alone");
        assertThat(lookup.score()).isEqualTo(1.0); // 1.5× of the 1.5× allowed
        Report.Target scan = ts.stream().filter(t -> t.what().startsWith("W10 full scan vs the W8 floor")).findFirst().orElseThrow();
        assertThat(scan.wanted()).isEqualTo("≤ 1.2× DuckDB alone");
        assertThat(scan.score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9)); // 1.2× of the 1.2× allowed
        // a warm median (a fresh JVM's steady state) is what the floor target scores, both shown
        List<Measurement> warm = List.of(
                new Measurement("W2 point lookup, after ZORDER", "floe", List.of(30.0), Map.of(Measurement.WARM, 2.0)),
                new Measurement("W8 floor: DuckDB alone, the files Floe reads after ZORDER", "duckdb", List.of(2.0), Map.of()));
        Report.Target w = Report.targets(warm, Map.of()).stream().filter(t -> t.what().startsWith("W2 after ZORDER vs the W8 floor"))
                .findFirst().orElseThrow();
        assertThat(w.score()).isEqualTo(1.5);
        assertThat(w.seen()).contains("1.00× warm", "15.00× over the measured runs");
    }

    @Test
    void requestsDescribePerRun() {
        var sum = new io.floe.storage.StoreRequests.Counts(Map.of(io.floe.storage.StoreRequests.Kind.GET, 3L,
                io.floe.storage.StoreRequests.Kind.LIST, 2L), 100, 0);
        Requests r = new Requests(sum, 2);
        assertThat(r.perRun()).isEqualTo(2.5);
        assertThat(r.describe()).isEqualTo("2.5 (GET 1.5, LIST 1)");
        assertThat(r.toJson()).containsEntry("GET", 1.5).containsEntry("bytes_read_per_run", 50.0);
        Requests.Tally t = new Requests.Tally(() -> sum);
        assertThat(t.take()).isNull(); // nothing measured
        t.run(Requests.NONE);
        assertThat(t.take().sum()).isEqualTo(sum);
    }

    @Test
    void peerResultLinesParse() {
        Measurement m = FloeBench.parseResult("RESULT\tW3 MERGE upserts (half new)\t10.5,9.5,11.0\t2048\tfiles=3;runs=1");
        assertThat(m.workload()).isEqualTo("W3 MERGE upserts (half new)");
        assertThat(m.median()).isEqualTo(10.5);
        assertThat(m.min()).isEqualTo(9.5);
        assertThat(m.peakRssKb()).isEqualTo(2048);
        assertThat(m.facts()).containsEntry("files", "3").containsEntry("runs", "1");
    }

    @Test
    void targetsScoreAgainstThePeer() {
        List<Measurement> floe = List.of(new Measurement("W3 MERGE upserts (half new)", "floe", List.of(100.0, 100.0, 100.0), Map.of()));
        Map<String, Measurement> spark = Map.of("W3 MERGE upserts (half new)",
                new Measurement("W3 MERGE upserts (half new)", "spark", List.of(250.0, 250.0, 250.0), Map.of()));
        Report.Target t = Report.targets(floe, Map.of("spark", spark)).stream().filter(x -> x.what().startsWith("W3")).findFirst().orElseThrow();
        assertThat(t.score()).isEqualTo(0.5); // 2.5× faster of the 5× wanted
    }

    @Test
    void peersParseAsASetInRunOrder() {
        assertThat(FloeBench.parsePeers("spark")).containsExactly("spark");
        assertThat(FloeBench.parsePeers("kernel,spark")).containsExactly("spark", "kernel");
        assertThat(FloeBench.parsePeers("Kernel")).containsExactly("kernel");
        assertThat(FloeBench.parsePeers("iceberg,spark,kernel")).containsExactly("spark", "kernel", "iceberg");
        // the peers that read one format only, so that Floe runs twin tables of that format for them
        assertThat(FloeBench.peerFormat("kernel")).isEqualTo("delta");
        assertThat(FloeBench.peerFormat("iceberg")).isEqualTo("iceberg");
        assertThat(FloeBench.peerFormat("spark")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FloeBench.parsePeers("spark,duckdb"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown peer 'duckdb'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FloeBench.parsePeers("spark,spark"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void reportHasARatioColumnPerPeer(@TempDir Path dir) throws Exception {
        String w = "W5 cold snapshot load + count(*), 10,000 commits";
        List<Measurement> floe = List.of(new Measurement(w, "floe", List.of(100.0, 100.0, 100.0), Map.of(), 200 * 1024));
        Map<String, Map<String, Measurement>> peers = new java.util.LinkedHashMap<>();
        peers.put("spark", Map.of(w, new Measurement(w, "spark", List.of(1000.0), Map.of(), 2000 * 1024)));
        peers.put("kernel", Map.of(w, new Measurement(w, "kernel", List.of(400.0), Map.of("files", 1), 800 * 1024)));
        Report.write(dir, "r", "bin/floe-bench --peer spark,kernel", 1000, 3, floe, peers, Map.of("floe", "x"), 1, 0.1);
        String md = Files.readString(dir.resolve("r.md"));
        assertThat(md).contains("Spark ÷ Floe", "Kernel ÷ Floe", "| 10.0× |", "| 4.0× |", "Kernel: {files=1}");
        JsonNode row = new ObjectMapper().readTree(dir.resolve("r.json").toFile()).get("results").get(0);
        assertThat(row.get("spark_over_floe").asDouble()).isEqualTo(10.0);
        assertThat(row.get("kernel_over_floe").asDouble()).isEqualTo(4.0);
        Report.Target t = Report.targets(floe, peers).stream().filter(x -> x.what().equals(w + " vs Kernel")).findFirst().orElseThrow();
        assertThat(Report.targets(floe, peers)).noneMatch(x -> x.what().contains("Iceberg Java")); // no Iceberg peer ran
        assertThat(t.score()).isEqualTo(4.0 / 3);
        Report.Target mem = Report.targets(floe, peers).stream().filter(x -> x.what().equals(w + ", peak memory vs Kernel"))
                .findFirst().orElseThrow();
        assertThat(mem.score()).isEqualTo(2.0); // 200 of 800 MiB: a quarter, twice as good as the half wanted
    }

    @Test
    void icebergPeerGetsItsOwnRatioColumnAndTargetsOnTheTwinRows(@TempDir Path dir) throws Exception {
        String w9 = ScanWorkloads.W9 + FloeBench.twinSuffix("iceberg");
        List<Measurement> floe = List.of(new Measurement(w9, "floe", List.of(2.0, 2.0, 2.0), Map.of(), 100 * 1024));
        Map<String, Map<String, Measurement>> peers = new java.util.LinkedHashMap<>();
        peers.put("iceberg", Map.of(w9, new Measurement(w9, "iceberg", List.of(12.0), Map.of(), 400 * 1024)));
        Report.write(dir, "r", "bin/floe-bench --peer iceberg", 1000, 3, floe, peers, Map.of("floe", "x"), 1, 0.1);
        assertThat(Files.readString(dir.resolve("r.md"))).contains("Iceberg Java ÷ Floe", "| 6.0× |", "[iceberg tables]");
        Report.Target t = Report.targets(floe, peers).stream().filter(x -> x.what().equals(w9 + " vs Iceberg Java")).findFirst()
                .orElseThrow();
        assertThat(t.score()).isEqualTo(2.0); // 6× faster of the 3× wanted
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
