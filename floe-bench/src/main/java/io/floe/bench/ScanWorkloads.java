package io.floe.bench;

import io.floe.Floe;
import io.floe.bench.common.PeakMemory;
import io.floe.sql.SqlSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * W9 and W10 on Floe, over W2's Z-ordered table, by path (a session of its own, so that FloeWorkloads stays as it
 * is): W9 plans W2's point lookup (files left after data skipping, no data read), W10 scans every row (count and
 * two sums). Their answers are what the Kernel peer must reproduce on the same files.
 */
final class ScanWorkloads implements AutoCloseable {
    static final String W9 = "W9 planning a point lookup, after ZORDER";
    static final String W10 = "W10 full scan: count(*), sum(id), sum(k)";
    static final String W12 = "W12 group-by: k, count(*), sum(id)";
    /** W12's query on a relation; Floe's, DuckDB's alone and Spark's are the same statement. */
    static String w12Query(String relation) {
        return "SELECT k, count(*) AS c, CAST(sum(id) AS BIGINT) AS s FROM " + relation + " GROUP BY k";
    }

    /** Floe's plan of {@code id = key} at the latest version (after ZORDER) and at the one before (before ZORDER). */
    record Lookup(String path, long key, long versionAfter, int filesAfter, long versionBefore, int filesBefore) {
    }

    /** Floe's answer to {@code SELECT count(*), sum(id), sum(k)} at the latest version. */
    record FullScan(String path, long count, long sumId, long sumK) {
    }

    /** What the peers check their answers against. */
    record Answers(Lookup lookup, FullScan fullScan) {
    }

    private final Floe floe;
    private final int reps;

    private final String format;

    ScanWorkloads(Path warehouse, int reps, String format) {
        this(warehouse, reps, format, Map.of());
    }

    /** {@code options}: to reach the tables it reads by location (an S3 warehouse's). */
    ScanWorkloads(Path warehouse, int reps, String format, Map<String, String> options) {
        this.floe = Floe.open(warehouse.toString(), options);
        this.reps = reps;
        this.format = format;
    }

    ScanWorkloads(Path warehouse, int reps) {
        this(warehouse, reps, "delta");
    }

    @Override
    public void close() {
        floe.close();
    }

    /** Runs W9 and W10 over the W2 table at {@code table} (which holds ids 0 … rows-1), handing each result to {@code sink}. */
    Answers run(Path table, long key, long rows, Consumer<Measurement> sink) throws Exception {
        return run(table.toString(), key, rows, sink);
    }

    /** The same for a table at a location (a directory, or an s3:// location), in this JVM. */
    Answers run(String table, long key, long rows, Consumer<Measurement> sink) throws Exception {
        Lookup lookup = w9(table, key, sink);
        return new Answers(lookup, w10(table, rows, sink));
    }

    /**
     * W9 and W10 in {@code jvm}: each in a JVM of its own when it forks (its own Floe over {@code work}), each peak that
     * JVM's.
     */
    static Answers run(FloeJvm jvm, Path work, int reps, String format, Map<String, String> options, String table, long key, long rows,
                       Consumer<Measurement> sink) throws Exception {
        // each with a Floe of its own under work/w9 (w10, w12)
        Function<FloeTask.Scan.Kind, FloeTask.Scan> task = kind -> new FloeTask.Scan(kind,
                work.resolve(kind.name().toLowerCase(Locale.ROOT)).toString(), options, reps, format, table, key, rows);
        FloeTask.Outcome w9 = jvm.run(task.apply(FloeTask.Scan.Kind.W9));
        w9.results().forEach(sink);
        FloeTask.Outcome w10 = jvm.run(task.apply(FloeTask.Scan.Kind.W10));
        w10.results().forEach(sink);
        jvm.run(task.apply(FloeTask.Scan.Kind.W12)).results().forEach(sink);
        return new Answers(w9.lookup(), w10.fullScan());
    }

    Floe floe() {
        return floe;
    }

    private String ref(String table) {
        return format + ".`" + table + "`";
    }

    /** W9: planning {@code id = key} on the table (files left after data skipping, no data read); Floe's plan, before and after. */
    Lookup w9(String table, long key, Consumer<Measurement> sink) throws Exception {
        String ref = ref(table);
        String q = "SELECT count(*) FROM " + ref + " WHERE id = " + key;
        MemProbe.mark("W9: Floe open", floe);
        PeakMemory.reset();
        Requests.Tally tally = new Requests.Tally(floe::storeRequests);
        List<Double> ms = Measurement.time(reps, rep -> floe.session().explainScans(q), tally);
        Requests planning = tally.take();
        long peak = PeakMemory.kb(); // the measured runs' peak, as the peers'
        double warm = Measurement.warmMedian(rep -> floe.session().explainScans(q)); // the JIT's steady state, as W2's
        long warmPeak = PeakMemory.kb();
        MemProbe.mark("W9: measured runs done", floe);
        SqlSession.ScanInfo after = floe.session().explainScans(q).get(0);
        // the version before the last (the table before Z-ordering): Delta's version - 1; Iceberg's parent snapshot
        Long previous = format.equals("iceberg") ? floe.warehouse().tableAt(table, "iceberg").history(2).stream()
                .skip(1).map(io.floe.table.HistoryEntry::version).findFirst().orElse(null) : (Long) (after.version() - 1);
        SqlSession.ScanInfo before = after.version() > 0 && previous != null
                ? floe.session().explainScans("SELECT count(*) FROM " + ref + " VERSION AS OF " + previous + " WHERE id = " + key)
                .get(0) : null;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files total", after.total());
        facts.put("files after skipping", after.afterStatsSkipping());
        facts.put(Measurement.WARM, warm);
        facts.put(Measurement.WARM_PEAK, warmPeak / 1024);
        sink.accept(new Measurement(W9, "floe", ms, facts, peak).withRequests(planning));
        return new Lookup(table, key, after.version(), after.afterStatsSkipping(), before == null ? -1 : before.version(),
                before == null ? -1 : before.afterStatsSkipping());
    }

    /** W10: count(*), sum(id), sum(k) over every row of the table (which holds ids 0 … rows-1). */
    FullScan w10(String table, long rows, Consumer<Measurement> sink) throws Exception {
        String ref = ref(table);
        MemProbe.mark("W10: Floe open", floe);
        PeakMemory.reset();
        Requests.Tally tally = new Requests.Tally(floe::storeRequests);
        long[] answer = new long[3];
        int[] files = new int[1];
        List<Double> ms = Measurement.time(reps, rep -> {
            List<Object> row = floe.sql("SELECT count(*), CAST(sum(id) AS BIGINT), CAST(sum(k) AS BIGINT) FROM " + ref).rows().get(0);
            for (int i = 0; i < 3; i++) {
                answer[i] = ((Number) row.get(i)).longValue();
            }
            FloeWorkloads.check(answer[0] == rows && answer[1] == rows * (rows - 1) / 2, "W10 count " + answer[0] + " and sum(id) " + answer[1]);
            if (rep < 0) {
                MemProbe.mark("W10: after the warm-up", floe);
            }
        }, tally);
        Requests requests = tally.take();
        long peak = PeakMemory.kb(); // the measured runs' peak, as the peers'
        double warm = Measurement.warmMedian(rep -> floe.sql("SELECT count(*), CAST(sum(id) AS BIGINT), CAST(sum(k) AS BIGINT) FROM " + ref));
        long warmPeak = PeakMemory.kb();
        MemProbe.mark("W10: measured runs done", floe);
        files[0] = floe.session().explainScans("SELECT count(*) FROM " + ref).get(0).total();
        sink.accept(new Measurement(W10, "floe", ms, Map.of("files", files[0], "rows", rows, Measurement.WARM, warm,
                Measurement.WARM_PEAK, warmPeak / 1024), peak)
                .withRequests(requests));
        return new FullScan(table, answer[0], answer[1], answer[2]);
    }

    /**
     * W12: a group-by over every row (k has 1,000 values), its rows read back: the growth of an aggregation from 1M to
     * 100M rows. Checked: the number of groups, and the counts and sums adding up to the table's.
     */
    void w12(String table, long rows, Consumer<Measurement> sink) throws Exception {
        String q = w12Query(ref(table));
        long groups = Math.min(rows, 1000);
        PeakMemory.reset();
        Requests.Tally tally = new Requests.Tally(floe::storeRequests);
        Measurement.Run run = rep -> {
            List<List<Object>> got = floe.sql(q).rows();
            long c = 0;
            long s = 0;
            for (List<Object> row : got) {
                c += ((Number) row.get(1)).longValue();
                s += ((Number) row.get(2)).longValue();
            }
            FloeWorkloads.check(got.size() == groups && c == rows && s == rows * (rows - 1) / 2,
                    "W12 " + got.size() + " groups, counts adding up to " + c + ", sums to " + s);
        };
        List<Double> ms = Measurement.time(reps, run, tally);
        Requests requests = tally.take();
        long peak = PeakMemory.kb(); // the measured runs' peak, as the peers'
        double warm = Measurement.warmMedian(run);
        long warmPeak = PeakMemory.kb();
        sink.accept(new Measurement(W12, "floe", ms, Map.of("groups", groups, "rows", rows, Measurement.WARM, warm,
                Measurement.WARM_PEAK, warmPeak / 1024), peak)
                .withRequests(requests));
    }

    /** Floe's count(*) and sum(id) of a table (of {@code format}: delta or iceberg) some other engine wrote, at its latest version. */
    long[] countAndSum(String path, String format) {
        List<Object> row = floe.sql("SELECT count(*), CAST(sum(id) AS BIGINT) FROM " + format + ".`" + path + "`").rows().get(0);
        return new long[] {((Number) row.get(0)).longValue(), row.get(1) == null ? 0 : ((Number) row.get(1)).longValue()};
    }
}
