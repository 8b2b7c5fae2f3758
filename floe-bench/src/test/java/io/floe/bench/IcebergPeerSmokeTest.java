package io.floe.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Iceberg Java peer on tiny Iceberg tables Floe wrote (a few seconds): it starts in its own JVM, reproduces Floe's
 * answers and files planned (or fails), and the table it appends to reads back in Floe. Runs when floe-bench-iceberg has
 * been packaged, as in {@code ./mvnw verify} (this module's test-scoped dependency builds it first).
 */
class IcebergPeerSmokeTest {
    @Test
    void icebergJavaReproducesFloesAnswersOnFloesIcebergTables(@TempDir Path dir) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Assumptions.assumeTrue(PeerJvm.ICEBERG.built(root), "floe-bench-iceberg is not packaged (run at least ./mvnw package)");
        BenchData data = BenchData.generate(dir.resolve("data"), 5000, true);
        Path wh = dir.resolve("wh");
        List<Measurement> floeSide = new ArrayList<>();
        PeerSmokeTables.write(wh, data, "ICEBERG");
        try (ScanWorkloads scans = new ScanWorkloads(dir.resolve("scans"), 1, "iceberg")) {
            ScanWorkloads.Answers answers = scans.run(wh.resolve("t"), 2500, 5000, floeSide::add);
            assertThat(answers.lookup().filesAfter()).isEqualTo(1);
            assertThat(answers.lookup().versionBefore()).isPositive(); // the parent snapshot's id

            IcebergPeerRequest req = new IcebergPeerRequest(data.base().toString(), data.rows(), 1, dir.resolve("iceberg").toString(), 3,
                    List.of(new KernelPeerRequest.W5Table(wh.resolve("w5_12").toString(), 12)), answers.lookup(), answers.fullScan(), List.of(),
                    2, 3);
            PeerJvm.Outcome o = PeerJvm.ICEBERG.run(root, req, dir.resolve("iceberg"));
            PeerJvm.ICEBERG.verifyAppends(o, scans); // Floe reads the table Iceberg Java wrote

            assertThat(o.results().keySet()).containsExactlyInAnyOrder("W5 cold snapshot load + count(*), 12 commits",
                    "W2 point lookup, before ZORDER", "W2 point lookup, after ZORDER", ScanWorkloads.W9, ScanWorkloads.W10,
                    "W4 appends of 1,000 rows", "W6 2 writers x 3 appends");
            assertThat(floeSide).extracting(Measurement::workload).containsExactly(ScanWorkloads.W9, ScanWorkloads.W10);
            for (Measurement m : o.results().values()) {
                assertThat(m.millis()).as(m.workload()).hasSize(1);
                assertThat(m.peakRssKb()).as(m.workload()).isNotZero();
            }
            assertThat(o.results().get(ScanWorkloads.W9).facts()).containsEntry("files after skipping", 1);
            assertThat(o.results().get("W2 point lookup, before ZORDER").facts()).containsEntry("files read", 1);
            assertThat(o.results().get("W5 cold snapshot load + count(*), 12 commits").facts()).containsEntry("snapshots in metadata", 11);
            assertThat(o.results().get("W4 appends of 1,000 rows").facts()).containsEntry("commits", 3);
            assertThat(o.appendedRows()).isEqualTo(3000);
            assertThat(o.results().get("W6 2 writers x 3 appends").facts()).containsEntry("commits per run", 6);
            assertThat(o.versions().get("iceberg-java")).startsWith("1.12.0");
        }
    }
}
