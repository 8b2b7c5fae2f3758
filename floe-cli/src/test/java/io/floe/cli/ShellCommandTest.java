package io.floe.cli;

import io.floe.Floe;
import io.floe.ProgressListener;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShellCommandTest {
    @TempDir
    Path dir;

    @Test
    void multiLineStatementsRunAndErrorsDoNotEndTheShell() {
        List<String> prompts = new ArrayList<>();
        Iterator<String> lines = List.of(
                "CREATE TABLE t (id BIGINT, s STRING)", "  USING DELTA;",
                "SELEC 1;",
                "INSERT INTO t VALUES (5, 'a;b'), (7, 'it''s');",
                "SELECT sum(id) AS total", "FROM t; SELECT s FROM t WHERE s != 'x' ORDER BY s;",
                "SELECT * FROM nope;",
                "quit;").iterator();
        StringWriter out = new StringWriter();
        try (Floe floe = Floe.open(dir.resolve("wh").toString())) {
            int code = ShellCommand.loop(floe, prompt -> {
                prompts.add(prompt);
                return lines.hasNext() ? lines.next() : null;
            }, new PrintWriter(out, true), ProgressListener.NONE);
            assertThat(code).isZero();
        }
        String s = out.toString();
        assertThat(s).contains("created table t").contains("error: line 1:1").contains("inserted 2 rows into t")
                .contains("| total |").contains("|    12 |").contains("| a;b  |").contains("| it's |")
                .containsPattern("error: .*nope");
        assertThat(prompts).startsWith(ShellCommand.PROMPT, ShellCommand.CONTINUATION, ShellCommand.PROMPT);
        assertThat(lines).isExhausted(); // 'quit;' ended it
    }

    @Test
    void ctrlCDropsTheStatementBeingTyped() {
        Iterator<Object> lines = List.<Object>of("SELECT 'dropped'", new UserInterruptException(""), "SELECT 'kept' AS v;", "\\q").iterator();
        StringWriter out = new StringWriter();
        try (Floe floe = Floe.open(dir.resolve("wh").toString())) {
            ShellCommand.loop(floe, prompt -> {
                Object next = lines.next();
                if (next instanceof RuntimeException e) {
                    throw e;
                }
                return (String) next;
            }, new PrintWriter(out, true), ProgressListener.NONE);
        }
        assertThat(out.toString()).contains("| kept |").doesNotContain("dropped").doesNotContain("error");
    }

    @Test
    void runsOnAJLineTerminalAndKeepsHistory() throws Exception {
        String input = "CREATE TABLE trips (id BIGINT) USING DELTA;\nINSERT INTO trips\n  VALUES (1), (2);\n"
                + "SELECT count(*) AS n FROM trips WHERE id != 3;\nhelp\nexit\n";
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Path history = dir.resolve("history");
        // A DumbTerminal on plain streams: TerminalBuilder would put these streams behind a real pty, whose
        // switch to raw mode may flush input that is not read yet (typed-ahead lines went missing that way).
        try (Floe floe = Floe.open(dir.resolve("wh").toString());
             Terminal terminal = new DumbTerminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output)) {
            assertThat(ShellCommand.run(floe, terminal, history, ProgressListener.NONE)).isZero();
        }
        String s = output.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("floe> ").contains("-> ").contains("created table trips").contains("inserted 2 rows")
                .contains("| n |").contains("| 2 |").contains("Statements end with ';'");
        assertThat(Files.readString(history)).contains("CREATE TABLE trips (id BIGINT) USING DELTA;").contains("VALUES (1), (2);") // indented: kept all the same
                .contains("WHERE id != 3;");
    }

    @Test
    void completesKeywordsAndTableNames() throws Exception {
        try (Floe floe = Floe.open(dir.resolve("wh").toString());
             Terminal terminal = new DumbTerminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())) {
            floe.sql("CREATE TABLE silver_trips (id BIGINT) USING DELTA");
            LineReader reader = ShellCommand.reader(floe, terminal, dir.resolve("h"));
            List<Candidate> candidates = new ArrayList<>();
            ShellCommand.completer(floe).complete(reader, reader.getParser().parse("SELECT * FROM sil", 17), candidates);
            assertThat(candidates).extracting(Candidate::value).contains("silver_trips", "SELECT", "FROM", "MERGE", "VERSION");
            assertThat(reader.isSet(LineReader.Option.DISABLE_EVENT_EXPANSION)).isTrue();
        }
    }

    @Test
    void aStatementEndsAtASemicolonOutsideQuotesAndComments() {
        assertThat(ShellCommand.endsStatement("SELECT 1;")).isTrue();
        assertThat(ShellCommand.endsStatement("SELECT 1;  \n")).isTrue();
        assertThat(ShellCommand.endsStatement("SELECT 1")).isFalse();
        assertThat(ShellCommand.endsStatement("SELECT ';'")).isFalse();
        assertThat(ShellCommand.endsStatement("SELECT 'it''s;'")).isFalse();
        assertThat(ShellCommand.endsStatement("SELECT 'it''s';")).isTrue();
        assertThat(ShellCommand.endsStatement("SELECT \"a;\"")).isFalse();
        assertThat(ShellCommand.endsStatement("SELECT 1; -- done")).isTrue();
        assertThat(ShellCommand.endsStatement("SELECT 1 -- not yet;")).isFalse();
        assertThat(ShellCommand.endsStatement("SELECT 1 /* ; */")).isFalse();
        assertThat(ShellCommand.endsStatement("SELECT 1 /* ; */;")).isTrue();
        assertThat(ShellCommand.endsStatement("SELECT 1; SELECT 2")).isFalse();
    }
}
