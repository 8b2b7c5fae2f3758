package io.floe.bench.spark;

import io.floe.bench.common.JarVersion;
import io.floe.bench.common.PeakMemory;
import io.floe.bench.common.Timing;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's peer: W1–W5, W7, W11 and W12 on Apache Spark local[2] + delta-spark (W11 alone on iceberg-spark when
 * floe-bench runs with --format iceberg), over the same Parquet
 * input as Floe (and, for W5, the very tables Floe wrote). Runs in a JVM of its own, started by
 * floe-bench, so Spark's jars never share a class path with Floe. Prints one line per workload:
 * {@code RESULT<TAB>name<TAB>ms,ms,…<TAB>peakKb<TAB>k=v;k=v}, and {@code VERSION<TAB>what<TAB>version}.
 * A wrong answer throws (non-zero exit), and floe-bench fails the run.
 * <p>
 * Args: base.parquet merge.parquet rows mergeRows mergeNewRows reps workDir appends lookupId months w5Table…
 */
public final class SparkPeer {
    private static final String MERGED = "merged-row-00000"; // the s of every MERGE source row (BenchData.MERGED)
    private static SparkSession spark;

    public static void main(String[] a) throws Exception {
        String base = a[0];
        String merge = a[1];
        long rows = Long.parseLong(a[2]);
        long mergeRows = Long.parseLong(a[3]);
        long mergeNew = Long.parseLong(a[4]);
        int reps = Integer.parseInt(a[5]);
        Path work = Path.of(a[6]);
        int appends = Integer.parseInt(a[7]);
        long x = Long.parseLong(a[8]);
        long months = Long.parseLong(a[9]);
        List<String> w5 = List.of(a).subList(10, a.length);
        Files.createDirectories(work);
        spark = SparkSession.builder().master("local[2]").appName("floe-bench-peer")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.warehouse.dir", work.resolve("spark-warehouse").toString())
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension,"
                        + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .config("spark.sql.catalog.ice", "org.apache.iceberg.spark.SparkCatalog")
                .config("spark.sql.catalog.ice.type", "hadoop")
                .config("spark.sql.catalog.ice.warehouse", work.resolve("iceberg").toUri().toString())
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.databricks.delta.retentionDurationCheck.enabled", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        System.out.println("VERSION\tspark\t" + spark.version() + " local[2]");
        System.out.println("VERSION\tdelta-spark\t" + JarVersion.of(org.apache.spark.sql.delta.DeltaLog.class, "delta-spark"));
        if ("W11".equals(System.getProperty("floe.bench.only"))) {
            w11(work, base, rows, reps, "iceberg".equals(System.getProperty("floe.bench.format")));
            spark.stop();
            return;
        }
        if ("iceberg".equals(System.getProperty("floe.bench.format"))) {
            // Floe's workloads ran on Iceberg tables: the twin of those Spark has here is W11, on iceberg-spark
            System.out.println("VERSION\ticeberg-spark\t" + JarVersion.of(org.apache.iceberg.spark.SparkCatalog.class, "iceberg-spark-runtime-4.1"));
            w11(work, base, rows, reps, true);
            spark.stop();
            return;
        }

        w1(work, base, rows, reps, months);
        if ("W1".equals(System.getProperty("floe.bench.only"))) {
            spark.stop();
            return;
        }

        PeakMemory.reset();
        String w2 = fresh(work, "w2");
        // Floe's W2 layout: rows in no id order (sorted by a hash of id), about 100 files
        sql("SET spark.sql.files.maxRecordsPerFile = " + Math.max(1, (rows + 99) / 100));
        sql("CREATE TABLE delta.`" + w2 + "` USING DELTA AS SELECT id, k, v, s, d FROM parquet.`" + base + "` ORDER BY hash(id)");
        sql("SET spark.sql.files.maxRecordsPerFile = 0");
        String q = "SELECT count(*) FROM delta.`" + w2 + "` WHERE id = " + x;
        long before = numFiles(w2);
        result("W2 point lookup, before ZORDER", time(reps, r -> check(count(q) == 1, "W2 lookup finds one row")), Map.of("files", before));
        sql("OPTIMIZE delta.`" + w2 + "` ZORDER BY (id)");
        long after = numFiles(w2);
        PeakMemory.reset();
        result("W2 point lookup, after ZORDER", time(reps, r -> check(count(q) == 1, "W2 lookup finds one row")), Map.of("files", after));

        // W12: Floe's group-by (ScanWorkloads.w12Query) on the same table, every group read back and checked
        PeakMemory.reset();
        long groups = Math.min(rows, 1000);
        String g = "SELECT k, count(*) AS c, CAST(sum(id) AS BIGINT) AS s FROM delta.`" + w2 + "` GROUP BY k";
        result("W12 group-by: k, count(*), sum(id)", time(reps, r -> {
            List<org.apache.spark.sql.Row> got = spark.sql(g).collectAsList();
            long c = 0;
            long s = 0;
            for (org.apache.spark.sql.Row row : got) {
                c += row.getLong(1);
                s += row.getLong(2);
            }
            check(got.size() == groups && c == rows && s == rows * (rows - 1) / 2, "W12 " + got.size() + " groups, counts " + c + ", sums " + s);
        }), Map.of("groups", groups));

        PeakMemory.reset();
        List<Double> merges = new ArrayList<>();
        for (int rep = -1; rep < reps; rep++) {
            String p = fresh(work, "w3");
            sql("CREATE TABLE delta.`" + p + "` USING DELTA AS SELECT id, k, v, s, d FROM parquet.`" + base + "`");
            long t0 = System.nanoTime();
            sql("MERGE INTO delta.`" + p + "` t USING parquet.`" + merge + "` s ON t.id = s.id"
                    + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
            double ms = (System.nanoTime() - t0) / 1e6;
            check(count("SELECT count(*) FROM delta.`" + p + "`") == rows + mergeNew, "W3 row count after MERGE");
            check(count("SELECT count(*) FROM delta.`" + p + "` WHERE s = '" + MERGED + "'") == mergeRows, "W3 every source row upserted");
            if (rep >= 0) {
                merges.add(ms);
            }
        }
        result("W3 MERGE upserts (half new)", merges, Map.of());

        PeakMemory.reset();
        List<Double> appendMs = new ArrayList<>();
        List<Double> optimizeMs = new ArrayList<>();
        // 1,000 commits take minutes on Spark: at full scale one measured run after a short warm-up
        boolean small = appends <= 100;
        int measured = small ? reps : 1;
        for (int rep = -1; rep < measured; rep++) {
            int n = rep < 0 && !small ? 20 : appends;
            String p = fresh(work, "w4");
            sql("CREATE TABLE delta.`" + p + "` (id BIGINT, k INT, v DOUBLE, s STRING, d DATE) USING DELTA");
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sql("INSERT INTO delta.`" + p + "` SELECT * FROM parquet.`" + base + "` WHERE id >= " + (i * 1000L)
                        + " AND id < " + (i * 1000L + 1000));
            }
            double am = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            sql("OPTIMIZE delta.`" + p + "`");
            double om = (System.nanoTime() - t0) / 1e6;
            check(count("SELECT count(*) FROM delta.`" + p + "`") == Math.min(rows, n * 1000L), "W4 rows");
            if (rep >= 0) {
                appendMs.add(am);
                optimizeMs.add(om);
            }
        }
        long w4Peak = PeakMemory.kb();
        Map<String, Object> w4Facts = Map.of("measured runs", measured, "warm-up appends", small ? appends : 20);
        result("W4 appends of 1,000 rows", appendMs, w4Facts, w4Peak);
        result("W4 OPTIMIZE after the appends", optimizeMs, w4Facts, w4Peak);

        for (String t : w5) {
            PeakMemory.reset();
            int commits = Integer.parseInt(t.substring(t.lastIndexOf('_') + 1));
            result("W5 cold snapshot load + count(*), " + String.format(Locale.ROOT, "%,d", commits) + " commits", time(reps, r -> {
                // no cached DeltaLog: the snapshot is loaded from the log as a fresh process would
                org.apache.spark.sql.delta.DeltaLog.clearCache();
                check(spark.read().format("delta").load(t).count() == 1, "W5 count");
            }), Map.of());
        }

        PeakMemory.reset();
        List<Double> vac = new ArrayList<>();
        for (int rep = -1; rep < reps; rep++) {
            String p = fresh(work, "w7");
            sql("CREATE TABLE delta.`" + p + "` USING DELTA AS SELECT id, k, v, s, d FROM parquet.`" + base + "`");
            sql("DELETE FROM delta.`" + p + "` WHERE id % 2 = 0");
            long t0 = System.nanoTime();
            sql("VACUUM delta.`" + p + "` RETAIN 0 HOURS");
            double ms = (System.nanoTime() - t0) / 1e6;
            check(count("SELECT count(*) FROM delta.`" + p + "`") == rows / 2, "W7 rows after DELETE + VACUUM");
            if (rep >= 0) {
                vac.add(ms);
            }
        }
        result("W7 VACUUM after deleting half", vac, Map.of());
        w11(work, base, rows, reps, false);
        spark.stop();
    }

    /** W11's changes, as Floe's FloeWorkloads.RowChange has them: name, statement (%s = the table), rows it changes. */
    private static final String[][] ROW_CHANGES = {
            {"DELETE 0.1% of rows", "DELETE FROM %s WHERE id %% 1000 = 7", "id % 1000 = 7"},
            {"DELETE 10% of rows", "DELETE FROM %s WHERE id %% 10 = 3", "id % 10 = 3"},
            {"UPDATE 1% of rows", "UPDATE %s SET v = v + 1 WHERE id %% 100 = 5", "id % 100 = 5"}};

    /**
     * W11: each row-level change on a fresh copy of the base table, copy-on-write and merge-on-read (delta-spark:
     * deletion vectors; iceberg-spark: position delete files, format v2), with the bytes it added to the table directory.
     */
    private static void w11(Path work, String base, long rows, int reps, boolean iceberg) throws Exception {
        for (String[] change : ROW_CHANGES) {
            for (boolean mor : new boolean[] {false, true}) {
                PeakMemory.reset();
                List<Double> ms = new ArrayList<>();
                long written = 0;
                long changed = 0;
                for (int rep = -1; rep < reps; rep++) {
                    String name = "w11_" + System.nanoTime();
                    String table;
                    Path dir;
                    if (iceberg) {
                        String mode = mor ? "merge-on-read" : "copy-on-write";
                        table = "ice.bench." + name;
                        dir = work.resolve("iceberg").resolve("bench").resolve(name);
                        sql("CREATE TABLE " + table + " USING iceberg TBLPROPERTIES ('format-version' = '2', 'write.delete.mode' = '" + mode
                                + "', 'write.update.mode' = '" + mode + "', 'write.merge.mode' = '" + mode + "') AS SELECT id, k, v, s, d FROM parquet.`"
                                + base + "`");
                    } else {
                        String p = fresh(work, "w11");
                        table = "delta.`" + p + "`";
                        dir = Path.of(p);
                        sql("CREATE TABLE " + table + " USING DELTA TBLPROPERTIES ('delta.enableDeletionVectors' = '" + mor
                                + "') AS SELECT id, k, v, s, d FROM parquet.`" + base + "`");
                    }
                    changed = count("SELECT count(*) FROM " + table + " WHERE " + change[2]);
                    long before = directoryBytes(dir);
                    long t0 = System.nanoTime();
                    sql(String.format(Locale.ROOT, change[1], table));
                    double took = (System.nanoTime() - t0) / 1e6;
                    written = directoryBytes(dir) - before;
                    boolean deletes = change[1].startsWith("DELETE");
                    check(count("SELECT count(*) FROM " + table) == (deletes ? rows - changed : rows), "W11 rows after " + change[0]);
                    if (rep >= 0) {
                        ms.add(took);
                    }
                }
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("rows changed", changed);
                facts.put("KiB written", String.format(Locale.ROOT, "%.1f", written / 1024.0));
                result("W11 " + change[0] + ", " + (mor ? "merge-on-read" : "copy-on-write"), ms, facts);
            }
        }
    }

    /** Bytes of every file under a directory (Spark's .crc side files included: they are written too). */
    private static long directoryBytes(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static long numFiles(String path) {
        return spark.sql("DESCRIBE DETAIL delta.`" + path + "`").select("numFiles").first().getLong(0);
    }

    /**
     * One warm-up run, then the measured ones: Spark's workloads take seconds, so the peer keeps its single warm-up rather
     * than the harness's rule ({@link Timing#warmUp}), as the published runs were measured.
     */
    private static List<Double> time(int reps, Timing.Run r) throws Exception {
        r.run(-1);
        return Timing.measured(reps, r);
    }

    /**
     * W1: CTAS of the input, unpartitioned and partitioned by month, each run into a new path; the row count is checked
     * inside the time, the months of the last run's table after it, as Floe's side does.
     */
    private static void w1(Path work, String base, long rows, int reps, long months) throws Exception {
        PeakMemory.reset();
        result("W1 ingest, unpartitioned", time(reps, r -> {
            String p = fresh(work, "w1");
            sql("CREATE TABLE delta.`" + p + "` USING DELTA AS SELECT id, k, v, s, d FROM parquet.`" + base + "`");
            check(count("SELECT count(*) FROM delta.`" + p + "`") == rows, "W1 row count");
        }), Map.of());
        PeakMemory.reset();
        String[] last = new String[1];
        result("W1 ingest, partitioned by month", time(reps, r -> {
            last[0] = fresh(work, "w1p");
            sql("CREATE TABLE delta.`" + last[0] + "` USING DELTA PARTITIONED BY (month) AS SELECT id, k, v, s, d,"
                    + " date_format(d, 'yyyy-MM') AS month FROM parquet.`" + base + "`");
            check(count("SELECT count(*) FROM delta.`" + last[0] + "`") == rows, "W1 row count");
        }), Map.of());
        check(count("SELECT count(DISTINCT month) FROM delta.`" + last[0] + "`") == months, "W1 months");
    }

    private static String fresh(Path work, String name) {
        return work.resolve(name + "-" + System.nanoTime()).toString();
    }

    private static void sql(String s) {
        spark.sql(s).collectAsList();
    }

    private static long count(String s) {
        return spark.sql(s).collectAsList().get(0).getLong(0);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("wrong answer on Spark: " + what);
        }
    }

    private static void result(String name, List<Double> ms, Map<String, Object> facts) {
        result(name, ms, facts, PeakMemory.kb());
    }

    private static void result(String name, List<Double> ms, Map<String, Object> facts, long peakKb) {
        List<String> s = ms.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList();
        List<String> f = new ArrayList<>();
        new LinkedHashMap<>(facts).forEach((k, v) -> f.add(k + "=" + v));
        System.out.println("RESULT\t" + name + "\t" + String.join(",", s) + "\t" + peakKb + "\t" + String.join(";", f));
        System.out.flush();
    }
}
