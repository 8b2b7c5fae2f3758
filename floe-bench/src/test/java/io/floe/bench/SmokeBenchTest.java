package io.floe.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness runs every workload at a small scale and its answers are right (it throws otherwise). No timing asserts. */
class SmokeBenchTest {
    @Test
    void smokeRun(@TempDir Path dir) throws Exception {
        assertThat(FloeBench.run("--rows", "100000", "--reps", "1", "--out", dir.resolve("results").toString(),
                "--work", dir.resolve("work").toString())).isZero();
        try (var files = Files.list(dir.resolve("results"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("-100000.md"))
                    .anyMatch(n -> n.endsWith("-100000.json"));
        }
        String md = Files.readString(Files.list(dir.resolve("results")).filter(p -> p.toString().endsWith(".md")).findFirst().orElseThrow());
        assertThat(md).contains("W1 ingest").contains("W2 point lookup, after ZORDER").contains("W3 MERGE").contains("W4 appends")
                .contains("W5 cold snapshot").contains("W6 8 writers").contains("W7 VACUUM").contains("W8 floor");
    }
}
