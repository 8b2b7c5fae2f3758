package io.floe.bench;

import io.floe.Floe;
import io.floe.catalog.Warehouse;
import io.floe.delta.DeltaTable;
import io.floe.engine.DuckDbEngine;
import io.floe.operations.Write;
import io.floe.sql.SqlSession;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** W1–W8 on Floe. Every workload checks its answer and throws if it is wrong. */
final class FloeWorkloads {
    private final Floe floe;
    private final Path work;
    private final BenchData data;
    private final int reps;

    FloeWorkloads(Path work, BenchData data, int reps) {
        this.work = work;
        this.data = data;
        this.reps = reps;
        this.floe = Floe.open(work.resolve("floe-warehouse").toString());
    }

    void close() {
        floe.close();
    }

    private long count(String sql) {
        return ((Number) floe.sql(sql).scalar()).longValue();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("wrong answer: " + what);
        }
    }

    private String fresh(String base) {
        String name = base;
        floe.sql("DROP TABLE IF EXISTS " + name);
        return name;
    }

    private String ctas(String name, boolean partitioned, String props) {
        return ctas(name, partitioned, props, "");
    }

    private String ctas(String name, boolean partitioned, String props, String orderBy) {
        floe.sql("CREATE TABLE " + fresh(name) + " USING DELTA" + (partitioned ? " PARTITIONED BY (month)" : "")
                + (props == null ? "" : " TBLPROPERTIES (" + props + ")")
                + " AS SELECT id, k, v, s, d" + (partitioned ? ", strftime(d, '%Y-%m') AS month" : "")
                + " FROM read_parquet('" + data.base() + "')" + orderBy);
        return name;
    }

    List<Measurement> all() throws Exception {
        List<Measurement> out = new ArrayList<>();
        out.add(w1(false));
        out.add(w1(true));
        out.addAll(w2());
        out.add(w3());
        out.addAll(w4());
        out.addAll(w5());
        out.add(w6());
        out.add(w7());
        return out;
    }

    Measurement w1(boolean partitioned) throws Exception {
        List<Double> ms = Measurement.time(reps, rep -> {
            ctas("w1", partitioned, null);
            check(count("SELECT count(*) FROM w1") == data.rows(), "W1 row count");
        });
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files", floe.table("w1").snapshot().files().size());
        return new Measurement(partitioned ? "W1 ingest, partitioned by month" : "W1 ingest, unpartitioned", "floe", ms, facts);
    }

    /** W2 before and after Z-ordering, and W8: plain DuckDB over the same files. */
    List<Measurement> w2() throws Exception {
        ctas("w2", false, null);
        long bytes = floe.table("w2").snapshot().files().stream().mapToLong(DataFile::size).sum();
        long target = Math.max(64 * 1024, bytes / 100); // about 100 files
        // rows in no particular id order, as events arrive: before Z-ordering every file spans most ids
        ctas("w2", false, "'delta.targetFileSize' = '" + target + "'", " ORDER BY hash(id)");
        long x = data.rows() / 3 + 7;
        String q = "SELECT count(*) FROM w2 WHERE id = " + x;
        List<Measurement> out = new ArrayList<>();
        for (String phase : List.of("before ZORDER", "after ZORDER")) {
            if (phase.startsWith("after")) {
                floe.sql("OPTIMIZE w2 ZORDER BY (id)");
            }
            List<Double> ms = Measurement.time(reps, rep -> check(count(q) == 1, "W2 lookup finds one row"));
            SqlSession.ScanInfo scan = floe.session().explainScans(q).get(0);
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("files total", scan.total());
            facts.put("files read", scan.afterStatsSkipping());
            out.add(new Measurement("W2 point lookup, " + phase, "floe", ms, facts));
        }
        // W8: DuckDB alone scanning every file of the table, as a reader without the log's statistics would
        DeltaTable t = floe.table("w2");
        List<String> files = new ArrayList<>();
        for (DataFile f : t.snapshot().files()) {
            files.add(t.store().localPath(t.resolveKey(f.path())).orElseThrow().toString());
        }
        String list = "[" + String.join(", ", files.stream().map(f -> "'" + f + "'").toList()) + "]";
        List<Double> floor = Measurement.time(reps, rep -> check(count("SELECT count(*) FROM read_parquet(" + list + ") WHERE id = " + x) == 1,
                "W8 floor"));
        out.add(new Measurement("W8 floor: DuckDB over all W2 files", "duckdb", floor, Map.of("files read", files.size())));
        return out;
    }

    Measurement w3() throws Exception {
        List<Double> ms = new ArrayList<>();
        long expectedRows = data.rows() + data.mergeNewRows();
        for (int rep = -1; rep < reps; rep++) {
            ctas("w3", false, null);
            long t0 = System.nanoTime();
            floe.sql("MERGE INTO w3 t USING (SELECT * FROM read_parquet('" + data.merge() + "')) s ON t.id = s.id"
                    + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
            double took = (System.nanoTime() - t0) / 1e6;
            if (rep >= 0) {
                ms.add(took);
            }
            check(count("SELECT count(*) FROM w3") == expectedRows, "W3 row count after MERGE");
        }
        return new Measurement("W3 MERGE upserts (half new)", "floe", ms, Map.of("source rows", data.mergeRows(),
                "new rows", data.mergeNewRows()));
    }

    List<Measurement> w4() throws Exception {
        int appends = data.smallAppends();
        List<Double> appendMs = new ArrayList<>();
        List<Double> optimizeMs = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int rep = -1; rep < reps; rep++) {
            floe.sql("CREATE TABLE " + fresh("w4") + " (id BIGINT, k INT, v DOUBLE, s STRING, d DATE) USING DELTA");
            long t0 = System.nanoTime();
            for (int i = 0; i < appends; i++) {
                floe.sql("INSERT INTO w4 SELECT * FROM read_parquet('" + data.base() + "') WHERE id >= " + (i * 1000L)
                        + " AND id < " + (i * 1000L + 1000));
            }
            double a = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            floe.sql("OPTIMIZE w4");
            double o = (System.nanoTime() - t0) / 1e6;
            check(count("SELECT count(*) FROM w4") == Math.min(data.rows(), appends * 1000L), "W4 rows");
            if (rep >= 0) {
                appendMs.add(a);
                optimizeMs.add(o);
            }
            facts.put("files after OPTIMIZE", floe.table("w4").snapshot().files().size());
        }
        return List.of(new Measurement("W4 appends of 1,000 rows", "floe", appendMs, Map.of("commits", appends)),
                new Measurement("W4 OPTIMIZE after the appends", "floe", optimizeMs, facts));
    }

    /** W5: tables with many commits (checkpoints every 10) — a fresh process's snapshot load and count(*). */
    List<Measurement> w5() throws Exception {
        List<Measurement> out = new ArrayList<>();
        DuckDbEngine engine = (DuckDbEngine) floe.warehouse().dataPlane();
        for (int commits : data.commitCounts()) {
            String name = "w5_" + commits;
            floe.sql("CREATE TABLE " + fresh(name) + " (id BIGINT) USING DELTA");
            DeltaTable t = floe.table(name);
            long t0 = System.nanoTime();
            // each commit replaces the table's one small file: the log grows, the data stays small
            List<DataFile> one = Write.run(engine, t, "SELECT 0::BIGINT AS id", Write.Options.append()).commit() == null ? null
                    : t.snapshot().files();
            Path dir = work.resolve("floe-warehouse").resolve(name);
            Path proto = dir.resolve(io.floe.delta.PathUtil.decode(one.get(0).path()));
            for (int i = 1; i < commits; i++) {
                String rel = "part-w5-" + i + ".parquet";
                Files.copy(proto, dir.resolve(rel));
                DataFile f = new DataFile(rel, Map.of(), one.get(0).size(), System.currentTimeMillis(), one.get(0).stats());
                t.newOverwrite().addFile(f).commit();
            }
            double setup = (System.nanoTime() - t0) / 1e6;
            String location = dir.toString();
            List<Double> ms = Measurement.time(reps, rep -> {
                try (Floe cold = Floe.open(work.resolve("cold-" + rep).toString())) {
                    long c = ((Number) cold.sql("SELECT count(*) FROM delta.`" + location + "`").scalar()).longValue();
                    check(c == 1, "W5 count");
                }
            });
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("commits", t.snapshot().version() + 1);
            facts.put("setup ms", Math.round(setup));
            out.add(new Measurement("W5 cold snapshot load + count(*), " + commits + " commits", "floe", ms, facts));
        }
        return out;
    }

    Measurement w6() throws Exception {
        int writers = 8;
        int each = data.concurrentAppends();
        floe.sql("CREATE TABLE " + fresh("w6") + " (id BIGINT, w INT) USING DELTA");
        DeltaTable table = floe.table("w6");
        long startVersion = table.snapshot().version();
        AtomicInteger retries = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            fs.add(pool.submit(() -> {
                DuckDbEngine engine = (DuckDbEngine) floe.warehouse().dataPlane();
                DeltaTable t = new DeltaTable("w6", new io.floe.delta.DeltaLog(table.store(), table.rootKey(), engine));
                for (int i = 0; i < each; i++) {
                    CommitResult r = Write.run(engine, t, "SELECT " + (id * 1_000_000L + i) + "::BIGINT AS id, " + id + " AS w",
                            Write.Options.append()).commit();
                    retries.addAndGet(r.attempts() - 1);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        pool.shutdown();
        long commits = table.snapshot().version() - startVersion;
        check(commits == (long) writers * each, "W6 every commit landed once");
        check(count("SELECT count(DISTINCT id) FROM w6") == (long) writers * each, "W6 every row present once");
        check(count("SELECT count(*) FROM w6") == (long) writers * each, "W6 no duplicates");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("commits", commits);
        facts.put("commits/s", Math.round(commits * 1000.0 / ms));
        facts.put("retries", retries.get());
        return new Measurement("W6 " + writers + " writers x " + each + " appends", "floe", List.of(ms), facts);
    }

    Measurement w7() throws Exception {
        List<Double> ms = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        for (int rep = -1; rep < reps; rep++) {
            ctas("w7", false, null);
            floe.sql("DELETE FROM w7 WHERE id % 2 = 0");
            long t0 = System.nanoTime();
            io.floe.QueryResult r = floe.sql("VACUUM w7 RETAIN 0 HOURS");
            double took = (System.nanoTime() - t0) / 1e6;
            check(count("SELECT count(*) FROM w7") == data.rows() / 2, "W7 rows after DELETE + VACUUM");
            if (rep >= 0) {
                ms.add(took);
            }
            facts.put("result", r.message());
        }
        return new Measurement("W7 VACUUM after deleting half", "floe", ms, facts);
    }

    Warehouse warehouse() {
        return floe.warehouse();
    }
}
