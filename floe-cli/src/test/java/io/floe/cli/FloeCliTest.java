package io.floe.cli;

import io.floe.Floe;
import io.floe.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FloeCliTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FloeCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sqlCommandRunsStatementsAndPrintsFormats() {
        String wh = dir.resolve("wh").toString();
        Run r = run("sql", "--warehouse", wh, "CREATE TABLE t (id BIGINT, s STRING) USING DELTA; "
                + "INSERT INTO t VALUES (1, 'a,b'), (2, NULL); SELECT * FROM t ORDER BY id");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("created table t").contains("inserted 2 rows into t (version 1)")
                .contains("| 1  | a,b  |").contains("| 2  | NULL |").contains("2 rows");
        Run csv = run("sql", "-w", wh, "--format", "csv", "SELECT * FROM t ORDER BY id");
        assertThat(csv.out()).isEqualTo("id,s\r\n1,\"a,b\"\r\n2,\r\n");
        Run json = run("sql", "-w", wh, "--format", "json", "SELECT * FROM t ORDER BY id");
        assertThat(json.out()).isEqualTo("{\"id\":1,\"s\":\"a,b\"}\n{\"id\":2,\"s\":null}\n");
    }

    @Test
    void errorsGoToStderrWithPositionAndExitNonZero() throws Exception {
        String wh = dir.resolve("wh").toString();
        Path script = dir.resolve("bad.sql");
        Files.writeString(script, "CREATE TABLE t (id BIGINT) USING DELTA;\nSELEC * FROM t;\n");
        Run r = run("sql", "-w", wh, "-f", script.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: line 2:1:");
        Run missing = run("sql", "-w", wh, "SELECT * FROM nope");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nope");
    }

    @Test
    void helpAndVersion() {
        assertThat(run("--help").out()).contains("quickstart").contains("shell").contains("sql");
        assertThat(run("sql", "--help").out()).contains("--warehouse").contains("--format").contains("--s3-endpoint");
        assertThat(run("version").out()).contains("floe " + FloeCli.VERSION);
    }

    @Test
    void quickstartBuildsTheLakehouseAndIsRerunnable() {
        String wh = dir.resolve("qs").toString();
        Run r = run("quickstart", "--warehouse", wh, "--rows", "20000");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("trips per pickup zone").contains("Midtown Center").contains("DESCRIBE HISTORY")
                .contains("CREATE TABLE AS SELECT").contains("DELETE").contains("version 0").contains("latest");
        assertThat(run("quickstart", "--warehouse", wh, "--rows", "20000").code()).isZero();
        try (Floe floe = Floe.open(wh)) {
            QueryResult c = floe.sql("SELECT count(*) FROM silver_trips VERSION AS OF 0");
            assertThat(((Number) c.scalar()).longValue()).isBetween(19_000L, 20_000L);
            assertThat(floe.sql("SHOW TABLES").rowCount()).isEqualTo(2);
            assertThat(floe.table("silver_trips").snapshot().partitionColumns()).containsExactly("pickup_month");
        }
    }

    @Test
    void generatorIsDeterministicAndSomewhatDirty() throws Exception {
        var a = TripsGenerator.write(dir.resolve("a"), 5000, 7);
        var b = TripsGenerator.write(dir.resolve("b"), 5000, 7);
        assertThat(Files.readAllBytes(a.get(0))).isEqualTo(Files.readAllBytes(b.get(0)));
        List<String> lines = Files.readAllLines(a.get(0));
        assertThat(lines).hasSize(5000);
        long dirty = lines.stream().filter(l -> l.contains("\"fare_amount\":-") || l.contains("\"pickup_zone\":null")).count();
        assertThat(dirty).isBetween(10L, 150L);
    }

    @Test
    void shellRunsMultiLineStatementsAndSurvivesErrors() throws Exception {
        String input = "CREATE TABLE t (id BIGINT)\n  USING DELTA;\nSELEC 1;\nINSERT INTO t VALUES (5);\nSELECT sum(id)\nFROM t;\n\\q\n";
        StringWriter out = new StringWriter();
        var lines = new java.io.BufferedReader(new java.io.StringReader(input));
        try (Floe floe = Floe.open(dir.resolve("wh").toString())) {
            assertThat(ShellCommand.loop(floe, prompt -> {
                try {
                    return lines.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, new PrintWriter(out, true))).isZero();
        }
        String s = out.toString();
        assertThat(s).contains("created table t").contains("error: line 1:1").contains("| 5 ");
        assertThat(ShellCommand.endsStatement("SELECT ';'")).isFalse();
        assertThat(ShellCommand.endsStatement("SELECT 1; -- done")).isTrue();
    }

    @Test
    void tablePrinterAlignsUnicode() {
        StringWriter w = new StringWriter();
        ResultPrinter.print(new QueryResult(List.of("a"), List.of("VARCHAR"), List.of(Arrays.asList("😈x"), Arrays.asList((Object) null)), null),
                ResultPrinter.Format.TABLE, new PrintWriter(w, true));
        assertThat(w.toString()).contains("| 😈x   |").contains("| NULL |");
    }
}
