package io.floe.cli.lab;

import io.floe.s3.S3TestServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Labs on an S3 warehouse ({@code floe lab run NAME --warehouse s3://…}), against the embedded S3 server, for both
 * formats: the same outcomes as on a local warehouse.
 */
class S3LabsTest {
    @TempDir
    Path dir;

    private LabResult run(Lab lab, LabFormat format) throws Exception {
        String wh = "s3://" + S3TestServer.newBucket() + "/lab";
        LabContext ctx = new LabContext(wh, S3TestServer.options(), dir.resolve("scratch"), Scale.SMALL, format,
                new PrintWriter(new StringWriter()));
        LabResult r = lab.run(ctx);
        assertThat(r.warehouse()).isEqualTo(wh);
        System.out.println(r.text());
        return r;
    }

    @ParameterizedTest
    @EnumSource(LabFormat.class)
    void smallFilesCompactOnS3(LabFormat format) throws Exception {
        LabResult r = run(new SmallFilesLab(), format);
        assertThat(r.number("files", 0)).isEqualTo(150);
        assertThat(r.number("files", 1)).isEqualTo(1);
        assertThat(r.number("files_scanned", 1)).isLessThan(r.number("files_scanned", 0));
        assertThat(r.number("rows", 1)).isEqualTo(r.number("rows", 0)).isEqualTo(30_000);
    }

    /** The command: --warehouse s3://… with the endpoint options, credentials from the environment (here: JVM properties). */
    @org.junit.jupiter.api.Test
    void theCommandRunsALabOnAnS3Warehouse() throws Exception {
        String wh = "s3://" + S3TestServer.newBucket() + "/lab";
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
        Path report = dir.resolve("s3.md");
        LabCommandTest.Run r = LabCommandTest.run("lab", "run", "vacuum-vs-time-travel", "--format", "iceberg", "--warehouse", wh,
                "--s3-endpoint", S3TestServer.endpoint(), "--s3-region", S3TestServer.REGION, "--s3-path-style", "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("warehouse: " + wh).contains("an aggressive snapshot expiry breaks time travel")
                .doesNotContain(S3TestServer.SECRET_KEY);
        assertThat(java.nio.file.Files.readString(report)).contains("warehouse `" + wh + "`");
    }

    @ParameterizedTest
    @EnumSource(LabFormat.class)
    void crashesLeaveWholeVersionsOnS3(LabFormat format) throws Exception {
        LabResult r = run(new CrashMidCommitLab(), format);
        assertThat(r.number("crashes_injected", 0)).isEqualTo(format == LabFormat.DELTA ? 3 : 5);
        assertThat(r.number("kills", 0)).isEqualTo(2);
        assertThat(r.number("committed_unacknowledged", 0)).isEqualTo(1);
        assertThat(r.number("torn_versions", 0)).isZero();
        assertThat(r.number("orphan_files", 0)).isPositive();
        assertThat(r.number("orphan_files", 1)).isZero();
        assertThat(r.number("rows", 1)).isEqualTo(r.number("rows", 0));
        assertThat(r.number("rows", 0) % CrashMidCommitLab.BATCH).isZero();
    }
}
