package io.floe.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalProgressTest {
    @Test
    void silentWhenNotOnATerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TerminalProgress p = new TerminalProgress(new PrintStream(err, true, StandardCharsets.UTF_8), false);
        p.onProgress("writing", 1, 10);
        p.onProgress("writing", 10, 10);
        p.clear();
        assertThat(err.size()).isZero();
    }

    @Test
    void drawsABarInPlaceAndWipesItWhenDone() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TerminalProgress p = new TerminalProgress(new PrintStream(err, true, StandardCharsets.UTF_8), true);
        p.onProgress("writing", 5, 10);
        String s = err.toString(StandardCharsets.UTF_8);
        assertThat(s).startsWith("\rwriting [###############               ] 5/10").doesNotContain("\n");
        p.onProgress("writing", 10, 10);
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("\r").doesNotContain("\n");
    }

    @Test
    void surefireIsNotATerminal() {
        // the test JVM's streams are pipes: the real detector must say no, or CI logs fill with bars
        assertThat(TerminalProgress.forStderr(System.err).enabled()).isFalse();
    }
}
