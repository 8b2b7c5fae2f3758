package io.floe.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalProgressTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);

    private String drawn() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void silentWhenNotOnATerminal() {
        try (TerminalProgress p = new TerminalProgress(stream, false, 0)) {
            p.onProgress("writing", 1, 10);
            p.draw();
            p.onProgress("writing", 10, 10);
        }
        assertThat(err.size()).isZero();
    }

    @Test
    void drawsABarInPlaceAndWipesItWhenDone() {
        try (TerminalProgress p = new TerminalProgress(stream, true, 0)) {
            p.onProgress("writing", 5, 10);
            assertThat(drawn()).startsWith("\rwriting [###############               ] 5/10  0.").doesNotContain("\n");
            p.onProgress("writing", 10, 10);
            assertThat(drawn()).endsWith("\r").doesNotContain("\n");
        }
    }

    @Test
    void quickWorkShowsNoBarAndSlowWorkDoes() throws Exception {
        try (TerminalProgress p = new TerminalProgress(stream, true, 300_000_000L)) {
            p.onProgress("statement 1/2", 0, 2);
            p.clear();
            assertThat(err.size()).isZero();
            p.onProgress("statement 2/2", 1, 2); // no further report: the ticker draws it after the delay
            Thread.sleep(800);
            assertThat(drawn()).contains("statement 2/2 [###############               ] 1/2");
            p.clear();
            int size = err.size();
            Thread.sleep(400);
            assertThat(err.size()).isEqualTo(size); // cleared: the ticker stays quiet
        }
    }

    @Test
    void surefireIsNotATerminal() {
        // the test JVM's streams are pipes: the real detector must say no, or CI logs fill with bars
        assertThat(TerminalProgress.forStderr(System.err).enabled()).isFalse();
    }
}
