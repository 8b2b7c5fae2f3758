package io.floe.sql;

import io.floe.Floe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CONVERT TO ICEBERG: one copy of the files read as a Delta and as an Iceberg table; VACUUM of either keeps the other whole. */
class ConvertFormatTest {
    @TempDir
    Path dir;
    Floe floe;

    @BeforeEach
    void open() {
        floe = Floe.open(dir.resolve("wh").toString());
    }

    @AfterEach
    void close() {
        floe.close();
    }

    private long count(String sql) {
        return ((Number) floe.sql(sql).scalar()).longValue();
    }

    private String ice() {
        return "iceberg.`" + floe.table("t").location() + "`";
    }

    private long parquetFiles() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("wh/t"))) {
            return s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
        }
    }

    @Test
    void deltaFilesReadAsIcebergWithoutRewriting() throws Exception {
        floe.sql("CREATE TABLE t (id BIGINT, p STRING, v DOUBLE) USING delta PARTITIONED BY (p)");
        floe.sql("INSERT INTO t SELECT range, 'p' || (range % 3), range * 0.5 FROM range(90)");
        floe.sql("DELETE FROM t WHERE id < 10");
        long files = parquetFiles();
        var r = floe.sql("CONVERT TO ICEBERG t");
        assertThat(r.rows().get(0).get(2)).isEqualTo(3L);
        assertThat(parquetFiles()).isEqualTo(files); // nothing rewritten
        assertThat(floe.sql("SELECT p, count(*), sum(v) FROM " + ice() + " GROUP BY p ORDER BY p").rows())
                .isEqualTo(floe.sql("SELECT p, count(*), sum(v) FROM t GROUP BY p ORDER BY p").rows());
        assertThat(count("SELECT count(*) FROM " + ice() + " WHERE p = 'p1'")).isEqualTo(27);
        // the Delta side goes on; CONVERT again brings the Iceberg side to its latest version
        floe.sql("INSERT INTO t VALUES (1000, 'p9', 1.0)");
        assertThat(count("SELECT count(*) FROM " + ice())).isEqualTo(80);
        floe.sql("CONVERT TO ICEBERG t");
        assertThat(count("SELECT count(*) FROM " + ice())).isEqualTo(81);
        // VACUUM of either side never deletes what the other reads
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        floe.sql("VACUUM t RETAIN 0 HOURS");
        assertThat(count("SELECT count(*) FROM " + ice())).isEqualTo(81);
        floe.sql("VACUUM " + ice() + " RETAIN 0 HOURS");
        assertThat(count("SELECT count(*) FROM t")).isEqualTo(81);
        assertThat(count("SELECT count(*) FROM " + ice())).isEqualTo(81);
        assertThat(dir.resolve("wh/t/metadata/v1.metadata.json")).exists();
        // a write to the Iceberg side keeps the converted layout and reads back
        floe.sql("INSERT INTO " + ice() + " VALUES (2000, 'p1', 2.0)");
        assertThat(count("SELECT count(*) FROM " + ice() + " WHERE p = 'p1'")).isEqualTo(28);
        assertThatThrownBy(() -> floe.sql("ALTER TABLE " + ice() + " RENAME COLUMN v TO w")).hasMessageContaining("converted");
    }

    @Test
    void icebergFilesReadAsDeltaByFieldId() {
        floe.sql("CREATE TABLE i (id BIGINT, name STRING, p STRING) USING iceberg PARTITIONED BY (p)");
        floe.sql("INSERT INTO i VALUES (1, 'a', 'x'), (2, 'b', 'y')");
        floe.sql("ALTER TABLE i RENAME COLUMN name TO label"); // the files keep 'name': only field ids find it
        floe.sql("INSERT INTO i VALUES (3, 'c', 'x')");
        floe.sql("CONVERT TO DELTA i");
        String delta = "delta.`" + floe.table("i").location() + "`";
        assertThat(floe.sql("SELECT id, label, p FROM " + delta + " ORDER BY id").rows())
                .isEqualTo(floe.sql("SELECT id, label, p FROM i ORDER BY id").rows());
        assertThat(count("SELECT count(*) FROM " + delta + " WHERE p = 'x'")).isEqualTo(2);
        floe.sql("INSERT INTO " + delta + " VALUES (4, 'd', 'y')");
        assertThat(count("SELECT count(*) FROM " + delta)).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM i")).isEqualTo(3);
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        floe.sql("VACUUM " + delta + " RETAIN 0 HOURS");
        floe.sql("VACUUM i RETAIN 0 HOURS");
        assertThat(count("SELECT count(*) FROM i")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM " + delta)).isEqualTo(4);
    }

    @Test
    void tablesThatCannotBeConvertedSaySo() {
        floe.sql("CREATE TABLE i (id BIGINT) USING iceberg");
        assertThatThrownBy(() -> floe.sql("CONVERT TO ICEBERG i")).hasMessageContaining("already a iceberg table");
        assertThatThrownBy(() -> floe.sql("CONVERT TO PARQUET i")).hasMessageContaining("line 1:12");
        assertThat(List.of(1)).isNotEmpty();
    }
}
