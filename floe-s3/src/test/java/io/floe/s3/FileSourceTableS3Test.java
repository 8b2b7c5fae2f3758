package io.floe.s3;

import io.floe.Floe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data source tables (USING parquet|csv|json) on S3: files are listed through the table's store and read from the data
 * plane's download cache, so DuckDB reads them without S3 credentials of its own.
 */
class FileSourceTableS3Test {
    @Test
    void managedAndExternalFileTablesOnS3() {
        String bucket = S3TestServer.newBucket();
        String wh = "s3://" + bucket + "/wh/";
        // files another tool wrote, outside the warehouse, in Spark's partition layout
        S3TestServer.seed(bucket, "ext/day=1/a.csv", "id,city\n1,Oslo\n".getBytes(StandardCharsets.UTF_8));
        S3TestServer.seed(bucket, "ext/day=2/b.csv", "id,city\n2,Bergen\n3,Bodø\n".getBytes(StandardCharsets.UTF_8));
        S3TestServer.seed(bucket, "ext/_SUCCESS", new byte[0]);
        S3TestServer.seed(bucket, "logs/x.json", "{\"level\": \"warn\", \"n\": 4}\n".getBytes(StandardCharsets.UTF_8));
        try (Floe floe = Floe.open(wh, S3TestServer.options())) {
            floe.sql("CREATE TABLE p (id BIGINT, k STRING) USING parquet PARTITIONED BY (k)");
            floe.sql("INSERT INTO p VALUES (1, 'a'), (2, 'b'), (3, 'b')");
            floe.sql("INSERT INTO p VALUES (4, 'a')");
            assertThat(floe.sql("SELECT k, count(*) FROM p GROUP BY k ORDER BY k").rows())
                    .containsExactly(List.of("a", 2L), List.of("b", 2L));
            floe.sql("INSERT OVERWRITE p VALUES (9, 'c')");
            assertThat(floe.sql("SELECT id, k FROM p").rows()).containsExactly(List.of(9L, "c"));

            floe.sql("CREATE TABLE c USING csv OPTIONS (header 'true', inferSchema 'true') LOCATION 's3://" + bucket + "/ext/'");
            assertThat(floe.sql("SELECT id, city, day FROM c ORDER BY id").rows())
                    .containsExactly(List.of(1, "Oslo", 1), List.of(2, "Bergen", 2), List.of(3, "Bodø", 2)); // int, as Spark infers
            assertThat(floe.sql("SELECT level, n FROM json.`s3://" + bucket + "/logs/`").rows()).containsExactly(List.of("warn", 4L));
            // a plain file rewritten in place (no log makes it immutable) is read anew, not from the cached copy
            S3TestServer.seed(bucket, "logs/x.json", "{\"level\": \"error\", \"n\": 5}\n".getBytes(StandardCharsets.UTF_8));
            assertThat(floe.sql("SELECT level, n FROM json.`s3://" + bucket + "/logs/`").rows()).containsExactly(List.of("error", 5L));
            floe.sql("DROP TABLE c"); // external: the files stay
            assertThat(floe.sql("SELECT count(*) FROM csv.`s3://" + bucket + "/ext/`").rows()).containsExactly(List.of(5L));
            floe.sql("DROP TABLE p"); // managed: its directory goes
            assertThatThrownBy(() -> floe.sql("SELECT count(*) FROM parquet.`" + wh + "p/`")).hasMessageContaining("it has no files");
        }
    }
}
