package io.floe.cli;

import io.floe.Floe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Argument parsing, help, and 'floe sql' end to end on a temporary warehouse. */
class FloeCliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        return runWithStdin(null, false, args);
    }

    static Run runWithStdin(String stdin, boolean stdinIsTerminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = stdin == null ? InputStream.nullInputStream() : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code = FloeCli.execute(in, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> stdinIsTerminal, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String wh() {
        return dir.resolve("wh").toString();
    }

    // ------------------------------------------------------------------ arguments and help

    @Test
    void helpDocumentsEveryCommandAndOption() {
        Run top = run("--help");
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("sql", "shell", "quickstart", "version", "Examples:");
        assertThat(run().out()).contains("quickstart"); // no command: the usage
        for (String cmd : new String[]{"sql", "shell", "quickstart"}) {
            Run r = run(cmd, "--help");
            assertThat(r.code()).isZero();
            assertThat(r.out()).as(cmd).contains("--warehouse", "--s3-endpoint", "--s3-region", "--s3-path-style",
                    "FLOE_WAREHOUSE", "AWS_ACCESS_KEY_ID", "AWS_ENDPOINT_URL", "FLOE_S3_PATH_STYLE", "FLOE_CACHE_DIR", "floe-warehouse",
                    "FLOE_TRACE_STORE", "--option", "cache-ttl-ms");
        }
        assertThat(run("sql", "--help").out()).contains("--format", "table, csv, json", "-f, --file", "standard input", "JSON Lines");
        assertThat(run("shell", "--help").out()).contains(".floe_history", "\\q", "--history");
        assertThat(run("quickstart", "--help").out()).contains("--rows", "1000000", "--seed", "bronze", "DESCRIBE HISTORY");
        assertThat(run("help", "sql").out()).contains("--format");
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Run r = run("version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("floe 0.").doesNotContain("${").contains("Java ");
        assertThat(run("--version").out()).isEqualTo(r.out());
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        Run badFormat = run("sql", "-w", wh(), "--format", "xml", "SELECT 1");
        assertThat(badFormat.code()).isEqualTo(2);
        assertThat(badFormat.err()).contains("'xml' is not a format; use table, csv or json");
        Run both = run("sql", "-w", wh(), "-f", "x.sql", "SELECT 1");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        Run tty = runWithStdin("", true, "sql", "-w", wh());
        assertThat(tty.code()).isEqualTo(2);
        assertThat(tty.err()).contains("floe shell");
        Run unknown = run("sql", "--frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--frobnicate'");
        // SQL that starts with a comment is the statements, not an option
        Run comment = run("sql", "-w", wh(), "--format", "csv", "-- the answer\nSELECT 42 AS a");
        assertThat(comment.code()).as(comment.err()).isZero();
        assertThat(comment.out()).isEqualTo("a\r\n42\r\n");
        Run rows = run("quickstart", "-w", wh(), "--rows", "0");
        assertThat(rows.code()).isEqualTo(2);
        assertThat(rows.err()).contains("--rows must be at least 1");
    }

    @Test
    void warehouseOptionsBecomeTheStoreOptions() {
        FloeCli.WarehouseOptions o = new FloeCli.WarehouseOptions();
        new picocli.CommandLine(o).parseArgs("--warehouse", "s3://bucket/lake", "--s3-endpoint", "http://127.0.0.1:9000",
                "--s3-region", "eu-west-1", "--s3-path-style");
        assertThat(o.location()).isEqualTo("s3://bucket/lake");
        assertThat(o.options()).isEqualTo(Map.of("s3.endpoint", "http://127.0.0.1:9000", "s3.region", "eu-west-1", "s3.path-style", "true"));
        FloeCli.WarehouseOptions generic = new FloeCli.WarehouseOptions();
        new picocli.CommandLine(generic).parseArgs("-o", "catalog.cache-ttl-ms=0", "--option", "s3.region=x", "--s3-region", "y");
        assertThat(generic.options()).as("--option wins over the shorthand").isEqualTo(Map.of("catalog.cache-ttl-ms", "0", "s3.region", "x"));
        FloeCli.WarehouseOptions none = new FloeCli.WarehouseOptions();
        assertThat(none.options()).isEmpty();
        String env = System.getenv("FLOE_WAREHOUSE");
        assertThat(none.location()).isEqualTo(env != null && !env.isBlank() ? env : "floe-warehouse");
    }

    // ------------------------------------------------------------------ floe sql, end to end

    @Test
    void sqlRunsStatementsAndPrintsEveryFormat() {
        Run r = run("sql", "--warehouse", wh(), "CREATE TABLE t (id BIGINT, s STRING) USING DELTA; "
                + "INSERT INTO t VALUES (1, 'a,b'), (2, NULL), (3, 'say \"hi\"'); SELECT * FROM t ORDER BY id");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("created table t").contains("inserted 3 rows into t (version 1)")
                .contains("|  1 | a,b      |").contains("|  2 | NULL     |").contains("3 rows");
        Run csv = run("sql", "-w", wh(), "--format", "csv", "SELECT * FROM t ORDER BY id");
        assertThat(csv.out()).isEqualTo("id,s\r\n1,\"a,b\"\r\n2,\r\n3,\"say \"\"hi\"\"\"\r\n");
        Run json = run("sql", "-w", wh(), "--format", "JSON", "SELECT * FROM t ORDER BY id");
        assertThat(json.out()).isEqualTo("{\"id\":1,\"s\":\"a,b\"}\n{\"id\":2,\"s\":null}\n{\"id\":3,\"s\":\"say \\\"hi\\\"\"}\n");
        Run travel = run("sql", "-w", wh(), "--format", "csv", "SELECT count(*) AS n FROM t VERSION AS OF 0");
        assertThat(travel.out()).isEqualTo("n\r\n0\r\n");
    }

    @Test
    void sqlReadsAFileOrStdin() throws Exception {
        Path script = dir.resolve("script.sql");
        Files.writeString(script, "CREATE TABLE t (id BIGINT) USING DELTA;\n-- a comment\nINSERT INTO t VALUES (1), (2);\n");
        Run f = run("sql", "-w", wh(), "-f", script.toString());
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.out()).contains("created table t").contains("inserted 2 rows");
        Run in = runWithStdin("SELECT sum(id) AS total\nFROM t;\n", false, "sql", "-w", wh(), "--format", "csv");
        assertThat(in.code()).as(in.err()).isZero();
        assertThat(in.out()).isEqualTo("total\r\n3\r\n");
    }

    @Test
    void aSyntaxErrorNamesLineAndColumnOnStderrAndRunsNothing() throws Exception {
        Path script = dir.resolve("bad.sql");
        Files.writeString(script, "CREATE TABLE t (id BIGINT) USING DELTA;\nSELEC * FROM t;\n");
        Run r = run("sql", "-w", wh(), "-f", script.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: line 2:1:");
        assertThat(r.out()).isEmpty();
        try (Floe floe = Floe.open(wh())) {
            assertThat(floe.tableNames()).isEmpty(); // parsed first: the good statement before the bad one did not run
        }
    }

    @Test
    void aRuntimeErrorComesAfterTheResultsBeforeIt() {
        Run r = run("sql", "-w", wh(), "CREATE TABLE t (id BIGINT) USING DELTA; SELECT * FROM nope; SELECT 1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("created table t").doesNotContain("1 row");
        assertThat(r.err()).startsWith("error: ").contains("nope");
    }

    @Test
    void missingFilesAndEmptyScriptsAreErrors() {
        Run missing = run("sql", "-w", wh(), "-f", dir.resolve("nope.sql").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: no such file: " + dir.resolve("nope.sql") + "\n");
        Run empty = runWithStdin("  -- nothing\n", false, "sql", "-w", wh());
        assertThat(empty.code()).isEqualTo(1);
        assertThat(empty.err()).contains("no SQL statement");
    }
}
