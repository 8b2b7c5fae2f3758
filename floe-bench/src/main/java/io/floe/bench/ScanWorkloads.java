package io.floe.bench;

import io.floe.Floe;
import io.floe.sql.SqlSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * W9 and W10 on Floe, over W2's Z-ordered table, by path (a session of its own, so that FloeWorkloads stays as it
 * is): W9 plans W2's point lookup (files left after data skipping, no data read), W10 scans every row (count and
 * two sums). Their answers are what the Kernel peer must reproduce on the same files.
 */
final class ScanWorkloads implements AutoCloseable {
    static final String W9 = "W9 planning a point lookup, after ZORDER";
    static final String W10 = "W10 full scan: count(*), sum(id), sum(k)";

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

    /** The same for a table at a location (a directory, or an s3:// location). */
    Answers run(String table, long key, long rows, Consumer<Measurement> sink) throws Exception {
        String ref = format + ".`" + table + "`";
        String q = "SELECT count(*) FROM " + ref + " WHERE id = " + key;
        PeakMemory.reset();
        Requests.Tally tally = new Requests.Tally(floe::storeRequests);
        List<Double> ms = Measurement.time(reps, rep -> floe.session().explainScans(q), tally);
        Requests planning = tally.take();
        SqlSession.ScanInfo after = floe.session().explainScans(q).get(0);
        // the version before the last (the table before Z-ordering): Delta's version - 1; Iceberg's parent snapshot
        Long previous = format.equals("iceberg") ? floe.warehouse().tableAt(table.toString(), "iceberg").history(2).stream()
                .skip(1).map(io.floe.table.HistoryEntry::version).findFirst().orElse(null) : (Long) (after.version() - 1);
        SqlSession.ScanInfo before = after.version() > 0 && previous != null
                ? floe.session().explainScans("SELECT count(*) FROM " + ref + " VERSION AS OF " + previous + " WHERE id = " + key)
                .get(0) : null;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("files total", after.total());
        facts.put("files after skipping", after.afterStatsSkipping());
        sink.accept(new Measurement(W9, "floe", ms, facts, PeakMemory.kb()).withRequests(planning));

        PeakMemory.reset();
        long[] answer = new long[3];
        ms = Measurement.time(reps, rep -> {
            List<Object> row = floe.sql("SELECT count(*), CAST(sum(id) AS BIGINT), CAST(sum(k) AS BIGINT) FROM " + ref).rows().get(0);
            for (int i = 0; i < 3; i++) {
                answer[i] = ((Number) row.get(i)).longValue();
            }
            FloeWorkloads.check(answer[0] == rows && answer[1] == rows * (rows - 1) / 2, "W10 count " + answer[0] + " and sum(id) " + answer[1]);
        }, tally);
        sink.accept(new Measurement(W10, "floe", ms, Map.of("files", after.total(), "rows", rows), PeakMemory.kb()).withRequests(tally.take()));
        return new Answers(
                new Lookup(table.toString(), key, after.version(), after.afterStatsSkipping(), before == null ? -1 : before.version(),
                        before == null ? -1 : before.afterStatsSkipping()),
                new FullScan(table.toString(), answer[0], answer[1], answer[2]));
    }

    /** Floe's count(*) and sum(id) of a table (of {@code format}: delta or iceberg) some other engine wrote, at its latest version. */
    long[] countAndSum(String path, String format) {
        List<Object> row = floe.sql("SELECT count(*), CAST(sum(id) AS BIGINT) FROM " + format + ".`" + path + "`").rows().get(0);
        return new long[] {((Number) row.get(0)).longValue(), row.get(1) == null ? 0 : ((Number) row.get(1)).longValue()};
    }
}
