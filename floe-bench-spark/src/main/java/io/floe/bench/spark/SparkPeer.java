package io.floe.bench.spark;

import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's peer: W1–W5 and W7 on Apache Spark local[2] + delta-spark, over the same Parquet
 * input as Floe. Prints one line per workload: {@code RESULT<TAB>name<TAB>ms,ms,…<TAB>facts}.
 * Args: dataBase dataMerge rows mergeNewRows reps workDir appends w5Table…
 */
public final class SparkPeer {
    private static SparkSession spark;

    public static void main(String[] a) throws Exception {
        String base = a[0];
        String merge = a[1];
        long rows = Long.parseLong(a[2]);
        long mergeNew = Long.parseLong(a[3]);
        int reps = Integer.parseInt(a[4]);
        Path work = Path.of(a[5]);
        int appends = Integer.parseInt(a[6]);
        int appendReps = Integer.parseInt(a[7]);
        List<String> w5 = List.of(a).subList(8, a.length);
        Files.createDirectories(work);
        spark = SparkSession.builder().master("local[2]").appName("floe-bench-peer")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.warehouse.dir", work.resolve("spark-warehouse").toString())
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.databricks.delta.retentionDurationCheck.enabled", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");

        result("W1 ingest, unpartitioned", time(reps, r -> {
            String p = fresh(work, "w1");
            sql("CREATE TABLE delta.`" + p + "` USING DELTA AS SELECT id, k, v, s, d FROM parquet.`" + base + "`");
            check(count("SELECT count(*) FROM delta.`" + p + "`") == rows, "W1");
        }), "");
        result("W1 ingest, partitioned by month", time(reps, r -> {
            String p = fresh(work, "w1p");
            sql("CREATE TABLE delta.`" + p + "` USING DELTA PARTITIONED BY (month) AS SELECT id, k, v, s, d,"
                    + " date_format(d, 'yyyy-MM') AS month FROM parquet.`" + base + "`");
            check(count("SELECT count(*) FROM delta.`" + p + "`") == rows, "W1p");
        }), "");

        String w2 = fresh(work, "w2");
        // the same layout as Floe's W2 table: rows in no particular id order, about 100 files
        sql("CREATE TABLE delta.`" + w2 + "` USING DELTA AS SELECT id, k, v, s, d FROM parquet.`" + base + "` DISTRIBUTE BY"
                + " CAST(rand(7) * 100 AS INT) SORT BY rand(11)");
        long x = rows / 3 + 7;
        String q = "SELECT count(*) FROM delta.`" + w2 + "` WHERE id = " + x;
        result("W2 point lookup, before ZORDER", time(reps, r -> check(count(q) == 1, "W2")), "");
        sql("OPTIMIZE delta.`" + w2 + "` ZORDER BY (id)");
        result("W2 point lookup, after ZORDER", time(reps, r -> check(count(q) == 1, "W2z")), "");

        List<Double> merges = new ArrayList<>();
        for (int rep = -1; rep < reps; rep++) {
            String p = fresh(work, "w3");
            sql("CREATE TABLE delta.`" + p + "` USING DELTA AS SELECT id, k, v, s, d FROM parquet.`" + base + "`");
            long t0 = System.nanoTime();
            sql("MERGE INTO delta.`" + p + "` t USING parquet.`" + merge + "` s ON t.id = s.id"
                    + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
            double ms = (System.nanoTime() - t0) / 1e6;
            check(count("SELECT count(*) FROM delta.`" + p + "`") == rows + mergeNew, "W3");
            if (rep >= 0) {
                merges.add(ms);
            }
        }
        result("W3 MERGE upserts (half new)", merges, "");

        List<Double> appendMs = new ArrayList<>();
        List<Double> optimizeMs = new ArrayList<>();
        // at full scale Spark's W4 takes minutes per run: no warm-up run there (appendReps says how many)
        for (int rep = appendReps > 1 ? -1 : 0; rep < appendReps; rep++) {
            String p = fresh(work, "w4");
            sql("CREATE TABLE delta.`" + p + "` (id BIGINT, k INT, v DOUBLE, s STRING, d DATE) USING DELTA");
            long t0 = System.nanoTime();
            for (int i = 0; i < appends; i++) {
                sql("INSERT INTO delta.`" + p + "` SELECT * FROM parquet.`" + base + "` WHERE id >= " + (i * 1000L)
                        + " AND id < " + (i * 1000L + 1000));
            }
            double am = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            sql("OPTIMIZE delta.`" + p + "`");
            double om = (System.nanoTime() - t0) / 1e6;
            if (rep >= 0) {
                appendMs.add(am);
                optimizeMs.add(om);
            }
        }
        result("W4 appends of 1,000 rows", appendMs, "");
        result("W4 OPTIMIZE after the appends", optimizeMs, "");

        for (String t : w5) {
            String commits = t.substring(t.lastIndexOf('_') + 1);
            result("W5 cold snapshot load + count(*), " + commits + " commits", time(reps, r -> {
                // a new DeltaLog each time, as a fresh process would build
                org.apache.spark.sql.delta.DeltaLog.clearCache();
                check(spark.read().format("delta").load(t).count() == 1, "W5");
            }), "");
        }

        List<Double> vac = new ArrayList<>();
        for (int rep = -1; rep < reps; rep++) {
            String p = fresh(work, "w7");
            sql("CREATE TABLE delta.`" + p + "` USING DELTA AS SELECT id, k, v, s, d FROM parquet.`" + base + "`");
            sql("DELETE FROM delta.`" + p + "` WHERE id % 2 = 0");
            long t0 = System.nanoTime();
            sql("VACUUM delta.`" + p + "` RETAIN 0 HOURS");
            double ms = (System.nanoTime() - t0) / 1e6;
            check(count("SELECT count(*) FROM delta.`" + p + "`") == rows / 2, "W7");
            if (rep >= 0) {
                vac.add(ms);
            }
        }
        result("W7 VACUUM after deleting half", vac, "");
        System.out.println("PEAK_RSS_KB\t" + peakRssKb());
        spark.stop();
    }

    static long peakRssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not on Linux
        }
        return -1;
    }

    private interface Run {
        void run(int rep) throws Exception;
    }

    private static List<Double> time(int reps, Run r) throws Exception {
        r.run(-1);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run(i);
            out.add((System.nanoTime() - t0) / 1e6);
        }
        return out;
    }

    private static String fresh(Path work, String name) throws Exception {
        Path p = work.resolve(name + "-" + System.nanoTime());
        return p.toString();
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

    private static void result(String name, List<Double> ms, String facts) {
        List<String> s = ms.stream().map(d -> String.format(java.util.Locale.ROOT, "%.1f", d)).toList();
        System.out.println("RESULT\t" + name + "\t" + String.join(",", s) + "\t" + facts);
        System.out.flush();
    }
}
