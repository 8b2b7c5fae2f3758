package io.floe.cli;

import io.floe.s3.S3TestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The floe command against a real (embedded) S3 server: SQL and the quickstart with an s3:// warehouse. */
class S3CliTest {
    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> o = S3TestServer.options();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--s3-endpoint", o.get("s3.endpoint"), "--s3-region", "us-east-1", "--s3-path-style"));
        // credentials come from the environment in real use; the test passes them as JVM-wide system properties
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
        int code = FloeCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                all.toArray(new String[0]));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text + err).doesNotContain(S3TestServer.SECRET_KEY);
        return text;
    }

    /** Issue 19: --stats tells what each statement cost in object-store requests, on stderr, after its result. */
    @Test
    void statsPrintEachStatementsRequests() {
        String wh = "s3://" + S3TestServer.newBucket() + "/lake";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> o = S3TestServer.options();
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
        int code = FloeCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "sql", "--stats", "--warehouse", wh, "--s3-endpoint", o.get("s3.endpoint"), "--s3-region", "us-east-1", "--s3-path-style",
                "CREATE TABLE t (id BIGINT) USING DELTA; INSERT INTO t VALUES (1); SELECT count(*) FROM t");
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(e).isZero();
        List<String> lines = e.lines().filter(l -> l.startsWith("stats: ")).toList();
        assertThat(lines).as(e).hasSize(3);
        // the INSERT writes its data file (PUT) and its commit (conditional PUT), and reads what it must
        assertThat(lines.get(1)).containsPattern("PUT [1-9]").contains("CONDITIONAL_PUT 1").containsPattern("B written");
        System.out.println("single-row INSERT on S3: " + lines.get(1));
        assertThat(lines.get(2)).contains("data-file cache: ");
    }

    /** Issue 19: floe doctor finds the multipart uploads a killed writer left open under a table. */
    @Test
    void doctorReportsIncompleteUploads() {
        String bucket = S3TestServer.newBucket();
        String wh = "s3://" + bucket + "/lake";
        run("sql", "--warehouse", wh, "CREATE TABLE t USING DELTA AS SELECT range AS id FROM range(5)");
        try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(java.net.URI.create(S3TestServer.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(S3TestServer.REGION)).forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
                .build()) {
            s3.createMultipartUpload(r -> r.bucket(bucket).key("lake/t/part-00000-killed.parquet"));
        }
        assertThat(run("doctor", "--warehouse", wh, "t")).contains("incomplete-uploads").contains("1 incomplete multipart upload");
    }

    @Test
    void sqlAndQuickstartOnS3() {
        String wh = "s3://" + S3TestServer.newBucket() + "/lake";
        assertThat(run("sql", "--warehouse", wh, "CREATE TABLE t (id BIGINT) USING DELTA; INSERT INTO t VALUES (1), (2);"
                + " SELECT sum(id) FROM t")).contains("|       3 |");
        String qs = run("quickstart", "--warehouse", wh, "--rows", "20000");
        assertThat(qs).contains("created table silver_trips").contains("Midtown Center").contains("version 1")
                .contains("note: DuckDB here reads JSON from local files only");
        // version 0 is the empty table, version 1 the cleaned load, version 2 the UPDATE
        assertThat(run("sql", "-w", wh, "--format", "csv", "SELECT count(*) FROM silver_trips VERSION AS OF 1")).matches("(?s).*\\r\\n1\\d{4}\\r\\n.*");
    }
}
