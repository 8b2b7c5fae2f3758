package io.floe.bench;

import io.floe.storage.StoreRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Floe's measured runs in a JVM of their own: the task goes over as JSON, runs in a new process, checks its answer there,
 * and its time, peak and requests come back; a wrong answer in the child fails the run.
 */
class FloeJvmTest {
    @Test
    void aTaskRunsInANewProcessAndItsMeasurementComesBack(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("t.parquet");
        writeParquet(data);
        FloeJvm jvm = FloeJvm.fresh(dir.resolve("jvm"));
        FloeTask.Outcome o = jvm.run(new FloeTask.Floor("floor", "SELECT count(*), CAST(sum(id) AS BIGINT) FROM read_parquet('" + data + "')",
                List.of(10L, 45L), false, 2, Map.of("files read", 1)));
        Measurement m = o.results().get(0);
        assertThat(m.workload()).isEqualTo("floor");
        assertThat(m.engine()).isEqualTo("duckdb");
        assertThat(m.millis()).hasSize(2);
        assertThat(m.facts()).containsEntry("files read", 1);
        assertThat(m.peakRssKb()).isPositive();
        try (var files = Files.list(dir.resolve("jvm"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("001-floor-request.json", "001-floor-results.json");
        }
        // started as the peers are: the same heap limit, Floe's main class in a new java process
        assertThat(jvm.command(dir.resolve("r"), dir.resolve("s"))).contains("-Xmx8g", FloeJvm.MAIN)
                .startsWith(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Test
    void aWrongAnswerInTheChildFailsTheRun(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("t.parquet");
        writeParquet(data);
        assertThatThrownBy(() -> FloeJvm.fresh(dir.resolve("jvm")).run(new FloeTask.Floor("floor", "SELECT count(*) FROM read_parquet('"
                + data + "')", List.of(11L), false, 1, Map.of()))).isInstanceOf(IllegalStateException.class).hasMessageContaining("wrong answer");
    }

    @Test
    void aGroupByFloorReadsEveryGroup(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("t.parquet");
        writeParquet(data); // ids 0 … 9: k = id % 3 gives 3 groups, counts adding up to 10, sums to 45
        String q = "SELECT id % 3 AS k, count(*) AS c, CAST(sum(id) AS BIGINT) AS s FROM read_parquet('" + data + "') GROUP BY k";
        assertThat(FloeJvm.SAME.run(new FloeTask.Floor("g", q, List.of(3L, 10L, 45L), true, 1, Map.of())).results()).hasSize(1);
        assertThatThrownBy(() -> FloeJvm.SAME.run(new FloeTask.Floor("g", q, List.of(4L, 10L, 45L), true, 1, Map.of())))
                .hasMessageContaining("wrong answer");
    }

    @Test
    void measurementsCrossAsJsonWithTheirRequests() throws Exception {
        var counts = new StoreRequests.Counts(Map.of(StoreRequests.Kind.GET, 6L, StoreRequests.Kind.HEAD, 3L), 600, 30);
        Measurement m = new Measurement("W9", "floe", List.of(1.5, 2.5, 3.5), Map.of("files after skipping", 1, "x", "y"), 4096)
                .withRequests(new Requests(counts, 3));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        FloeJvm.Result back = json.readValue(json.writeValueAsString(FloeJvm.Result.of(new FloeTask.Outcome(List.of(m), null,
                new ScanWorkloads.FullScan("/t", 10, 45, 45)))), FloeJvm.Result.class);
        Measurement r = back.outcome().results().get(0);
        assertThat(r.millis()).containsExactly(1.5, 2.5, 3.5);
        assertThat(r.peakRssKb()).isEqualTo(4096);
        assertThat(r.facts()).containsEntry("files after skipping", 1).containsEntry("x", "y");
        assertThat(r.requests().describe()).isEqualTo("3 (GET 2, HEAD 1)");
        assertThat(r.requests().sum().bytesRead()).isEqualTo(600);
        assertThat(back.outcome().fullScan()).isEqualTo(new ScanWorkloads.FullScan("/t", 10, 45, 45));
        // a task crosses as JSON too, by its kind
        FloeTask t = new FloeTask.Scan(FloeTask.Scan.Kind.W9, "/w", Map.of(), 3, "delta", "/t", 7, 100);
        assertThat(json.readValue(json.writerFor(FloeTask.class).writeValueAsString(t), FloeTask.class)).isEqualTo(t);
    }

    @Test
    void sumOfKMatchesTheGeneratedData() {
        // k = id % 1000 over ids 0 … n-1
        for (long n : new long[] {1, 999, 1000, 1001, 2500, 100_000}) {
            long sum = 0;
            for (long id = 0; id < n; id++) {
                sum += id % 1000;
            }
            assertThat(FloeWorkloads.sumK(n)).as("n=%d", n).isEqualTo(sum);
        }
    }

    private static void writeParquet(Path file) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            st.execute("COPY (SELECT range AS id FROM range(10)) TO '" + file + "' (FORMAT parquet)");
        }
    }
}
