package io.floe.cli.doctor;

import io.floe.Floe;
import io.floe.cli.lab.LabContext;
import io.floe.cli.lab.LabFormat;
import io.floe.cli.lab.LabResult;
import io.floe.cli.lab.Scale;
import io.floe.cli.lab.VacuumTimeTravelLab;
import io.floe.s3.S3TestServer;
import io.floe.table.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The doctor and a lab against a real (embedded) S3 server: listings and keys, not local paths. */
class S3DoctorTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    }

    @Test
    void doctorFindsSmallFilesAndOrphansOnS3() {
        String wh = "s3://" + S3TestServer.newBucket() + "/lake";
        try (Floe floe = Floe.open(wh, S3TestServer.options())) {
            floe.sql("CREATE TABLE ev (id BIGINT) USING DELTA");
            for (int i = 0; i < 12; i++) {
                floe.sql("INSERT INTO ev VALUES (" + i + ")");
            }
            Table t = floe.table("ev");
            t.store().put(t.rootKey() + "part-orphan-of-a-crash.parquet", new byte[1234]);
            DoctorReport r = new Doctor().examine(floe, "ev");
            assertThat(r.location()).startsWith("s3://");
            assertThat(r.findings("small-files")).singleElement().satisfies(f -> assertThat(f.fix()).isEqualTo("OPTIMIZE ev;"));
            assertThat(r.findings("orphan-files")).singleElement().satisfies(f -> {
                assertThat(f.evidence()).containsEntry("orphanFiles", 1L).containsEntry("orphanBytes", 1234L)
                        .containsEntry("olderThanRetention", 0L);
                assertThat(f.fix()).startsWith("VACUUM ev;");
            });
            assertThat(r.findings("missing-files")).isEmpty();
            assertThat(r.findings("checkpoint")).isEmpty(); // a checkpoint at version 10
            floe.sql("OPTIMIZE ev");
            assertThat(new Doctor().examine(floe, "ev").findings("small-files")).isEmpty();
        }
    }

    @Test
    void vacuumLabOnS3() throws Exception {
        String wh = "s3://" + S3TestServer.newBucket() + "/lab";
        LabResult r = new VacuumTimeTravelLab().run(new LabContext(wh, S3TestServer.options(), dir, Scale.SMALL, LabFormat.DELTA,
                new PrintWriter(new StringWriter())));
        assertThat(r.number("versions_readable", 0)).isLessThan(r.number("versions_checked", 0));
        assertThat(r.number("versions_readable", 1)).isEqualTo(r.number("versions_checked", 1));
        assertThat(r.metric("restore_ok").value(1)).isEqualTo(true);
        assertThat(r.warehouse()).isEqualTo(wh);
    }
}
