package io.floe.bench.common;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A peer's results and progress lines, as floe-bench reads them, and the versions of the jars it ran. */
class PeerRecorderTest {
    @Test
    void eachResultIsKeptWithItsPeakAndPrintedAsAProgressLine() {
        PeerRecorder r = new PeerRecorder("kernel", "Delta Kernel");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files", 3);
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            PeakMemory.reset();
            r.result("W10 full scan", List.of(3.0, 1.0, 2.0), facts);
        } finally {
            System.setOut(out);
        }
        facts.put("later", 1); // the recorder keeps a copy
        PeerResults all = r.results(Map.of("delta-kernel", "4.3.1"), "/t", 1000);
        assertThat(all.results()).hasSize(1);
        PeerResults.Result w10 = all.results().get(0);
        assertThat(w10.workload()).isEqualTo("W10 full scan");
        assertThat(w10.ms()).containsExactly(3.0, 1.0, 2.0);
        assertThat(w10.facts()).containsExactly(Map.entry("files", 3));
        if (PeakMemory.kb() > 0) {
            assertThat(w10.peakRssKb()).isPositive();
        }
        assertThat(all.appendedTable()).isEqualTo("/t");
        assertThat(all.appendedRows()).isEqualTo(1000);
        // floe-bench echoes the lines that start with the peer's name
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("kernel: W10 full scan").contains("median        2.0 ms")
                .contains("{files=3}");
    }

    @Test
    void aWrongAnswerNamesTheEngine() {
        PeerRecorder r = new PeerRecorder("iceberg", "Iceberg Java");
        r.check(true, "fine");
        assertThatThrownBy(() -> r.check(false, "W2 finds 2 rows")).isInstanceOf(IllegalStateException.class)
                .hasMessage("wrong answer on Iceberg Java: W2 finds 2 rows");
    }

    @Test
    void aJarsVersionComesFromItsFileName() {
        assertThat(JarVersion.of(org.junit.jupiter.api.Test.class, "junit-jupiter-api")).matches("[0-9]+\\.[0-9]+\\.[0-9]+");
        assertThat(JarVersion.of(org.assertj.core.api.Assertions.class, "assertj-core")).matches("[0-9]+\\.[0-9]+\\.[0-9]+");
    }

    @Test
    void thePeakIsReadFromProcWhereThereIsOne() {
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/status"))) {
            assertThat(PeakMemory.kb()).isPositive();
        } else {
            assertThat(PeakMemory.kb()).isEqualTo(-1);
        }
    }
}
