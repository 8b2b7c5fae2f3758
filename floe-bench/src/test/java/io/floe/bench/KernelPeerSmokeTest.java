package io.floe.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Delta Kernel peer on tiny tables Floe wrote (a few seconds): it starts in its own JVM, reproduces Floe's answers
 * (or fails), and the table it appends to reads back in Floe. Runs when floe-bench-kernel has been packaged, as in
 * {@code ./mvnw verify} (this module's test-scoped dependency builds it first); skipped in a build that stops before
 * {@code package}. Needs no network: Kernel's jars come from the Maven build.
 */
class KernelPeerSmokeTest {
    @Test
    void kernelReproducesFloesAnswersOnFloesTables(@TempDir Path dir) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Assumptions.assumeTrue(PeerJvm.KERNEL.built(root), "floe-bench-kernel is not packaged (run at least ./mvnw package)");
        BenchData data = BenchData.generate(dir.resolve("data"), 5000, true);
        Path wh = dir.resolve("wh");
        ScanWorkloads.Answers answers;
        List<Measurement> floeSide = new ArrayList<>();
        PeerSmokeTables.write(wh, data, "DELTA");
        try (ScanWorkloads scans = new ScanWorkloads(dir.resolve("scans"), 1)) {
            answers = scans.run(wh.resolve("t"), 2500, 5000, floeSide::add);
            assertThat(answers.lookup().versionAfter()).isEqualTo(5);
            assertThat(answers.lookup().filesAfter()).isEqualTo(1);
            assertThat(answers.lookup().versionBefore()).isEqualTo(4);

            KernelPeerRequest req = new KernelPeerRequest(data.base().toString(), data.rows(), 1, dir.resolve("kernel").toString(), 3,
                    List.of(new KernelPeerRequest.W5Table(wh.resolve("w5_12").toString(), 12)), answers.lookup(), answers.fullScan());
            PeerJvm.Outcome o = PeerJvm.KERNEL.run(root, req, dir.resolve("kernel"));
            PeerJvm.KERNEL.verifyAppends(o, scans); // Floe reads the table Kernel wrote

            assertThat(o.results().keySet()).containsExactlyInAnyOrder("W5 cold snapshot load + count(*), 12 commits",
                    "W2 point lookup, before ZORDER", "W2 point lookup, after ZORDER", ScanWorkloads.W9, ScanWorkloads.W10,
                    "W4 appends of 1,000 rows");
            // the names line up with Floe's rows, so that the report puts the ratio beside them
            assertThat(floeSide).extracting(Measurement::workload).containsExactly(ScanWorkloads.W9, ScanWorkloads.W10);
            for (Measurement m : o.results().values()) {
                assertThat(m.millis()).as(m.workload()).hasSize(1);
                assertThat(m.peakRssKb()).as(m.workload()).isNotZero();
            }
            assertThat(o.results().get(ScanWorkloads.W9).facts()).containsEntry("files after skipping", 1);
            assertThat(o.results().get("W4 appends of 1,000 rows").facts()).containsEntry("commits", 3);
            assertThat(o.appendedRows()).isEqualTo(3000);
            assertThat(o.versions()).containsKey("delta-kernel");
            assertThat(Map.copyOf(o.versions()).get("delta-kernel")).matches("\\d+\\.\\d+\\.\\d+.*");
        }
    }
}
