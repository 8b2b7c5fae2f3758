package io.floe.s3;

import io.floe.Floe;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19: a writer killed during a multipart upload leaves the upload open on the server (its parts billed, nothing
 * visible). VACUUM aborts the stale ones under the table's root — and leaves alone those of other tables and those
 * younger than the retention (a live writer's).
 */
class StaleUploadVacuumTest {
    @Test
    void vacuumAbortsIncompleteUploadsAKilledWriterLeft() {
        String bucket = S3TestServer.newBucket();
        try (Floe floe = Floe.open("s3://" + bucket + "/wh/", S3TestServer.options());
             S3Client s3 = S3Client.builder().endpointOverride(URI.create(S3TestServer.endpoint())).region(Region.of(S3TestServer.REGION))
                     .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY))).build()) {
            floe.sql("CREATE TABLE t USING delta AS SELECT range AS id FROM range(10)");
            floe.sql("CREATE TABLE other USING delta AS SELECT range AS id FROM range(10)");
            // what a writer killed mid-upload leaves: an upload with a part, never completed
            for (String key : new String[] {"wh/t/part-00000-killed.c000.snappy.parquet", "wh/other/part-00000-killed.c000.snappy.parquet"}) {
                String id = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
                s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(id).partNumber(1), RequestBody.fromBytes(new byte[1024]));
            }
            assertThat(S3TestServer.pendingMultipartUploads(bucket)).hasSize(2);

            // within the retention the upload may be a live writer's: kept
            floe.sql("VACUUM t");
            assertThat(S3TestServer.pendingMultipartUploads(bucket)).hasSize(2);

            floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
            String dry = floe.sql("VACUUM t RETAIN 0 HOURS DRY RUN").message();
            assertThat(dry).contains("would abort 1 incomplete upload");
            assertThat(S3TestServer.pendingMultipartUploads(bucket)).hasSize(2);
            String done = floe.sql("VACUUM t RETAIN 0 HOURS").message();
            assertThat(done).contains("aborted 1 incomplete upload");
            assertThat(S3TestServer.pendingMultipartUploads(bucket)).containsExactly("wh/other/part-00000-killed.c000.snappy.parquet");
            assertThat(floe.sql("SELECT count(*) FROM t").scalar()).isEqualTo(10L);
        }
    }
}
