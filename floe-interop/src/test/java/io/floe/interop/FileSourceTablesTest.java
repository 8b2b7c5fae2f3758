package io.floe.interop;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Data source tables (USING parquet): a directory Floe writes is what spark.read.parquet reads, and the other way round. */
class FileSourceTablesTest extends SparkAndFloe {
    private static List<String> sparkRows(String path, String columns) {
        return Spark.canonicalRows(spark.read().parquet(path).selectExpr(columns.split(",")).collectAsList());
    }

    @Test
    @Proves(feature = "parquet data source tables (USING parquet, partitioned)", mode = Proves.Mode.WRITE)
    void sparkReadsTheParquetDirectoryFloeWrote() {
        floe.sql("CREATE TABLE pq (id BIGINT, amount DOUBLE, dt DATE, s STRING, k STRING) USING parquet PARTITIONED BY (k)");
        floe.sql("INSERT INTO pq VALUES (1, 1.5, DATE '2024-02-29', 'x', 'a'), (2, NULL, NULL, NULL, 'b')");
        floe.sql("INSERT INTO pq VALUES (3, -2.25, DATE '1970-01-01', 'z', 'a')");
        String cols = "id, amount, dt, s, k";
        List<String> spark = sparkRows(root.resolve("wh").resolve("pq").toString(), cols);
        assertThat(spark).hasSize(3).isEqualTo(Spark.floeRows(floe.sql("SELECT " + cols + " FROM pq")));
    }

    @Test
    @Proves(feature = "parquet data source tables (LOCATION over Spark's files)", mode = Proves.Mode.READ)
    void floeRegistersTheParquetDirectorySparkWrote() throws Exception {
        Path dir = Spark.tempDir("spark-parquet-").resolve("out");
        Spark.session().sql("SELECT id, id * 0.5 AS half, CAST(id % 2 AS INT) AS part FROM range(10)").write()
                .partitionBy("part").parquet(dir.toString());
        floe.sql("CREATE TABLE sp USING parquet LOCATION '" + dir + "'");
        String cols = "id, half, part";
        assertThat(Spark.floeRows(floe.sql("SELECT " + cols + " FROM sp"))).hasSize(10).isEqualTo(sparkRows(dir.toString(), cols));
    }
}
