package io.floe.cli.lab;

import io.floe.Floe;
import io.floe.QueryResult;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers the labs share: counting, timing, and what EXPLAIN says a scan reads. */
final class LabSql {
    private static final Pattern SCAN = Pattern.compile("files total=(\\d+) after_partition_pruning=(\\d+) after_stats_skipping=(\\d+)");

    private LabSql() {
    }

    static long count(Floe floe, String query) {
        return ((Number) floe.sql(query).scalar()).longValue();
    }

    static long longValue(QueryResult r, String column) {
        return ((Number) r.rows().get(0).get(r.columnIndex(column))).longValue();
    }

    /** Drops the lab's tables from an earlier run, so a warehouse can be reused. */
    static void dropAll(Floe floe, String... tables) {
        for (String t : tables) {
            floe.sql("DROP TABLE IF EXISTS " + t);
        }
    }

    /** What one table scan of a query reads, from EXPLAIN: files in the version, after partitions, after stats. */
    record Scan(int total, int afterPartitions, int afterStats) {
    }

    static Scan explain(Floe floe, String query) {
        List<Scan> scans = new ArrayList<>();
        for (List<Object> row : floe.sql("EXPLAIN " + query).rows()) {
            Matcher m = SCAN.matcher(String.valueOf(row.get(0)));
            if (m.find()) {
                scans.add(new Scan(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
        }
        if (scans.size() != 1) {
            throw new IllegalStateException("expected one scan in EXPLAIN " + query + ", got " + scans.size());
        }
        return scans.get(0);
    }

    /**
     * The versions of a table, oldest first. Delta numbers its versions 0, 1, 2, …; Iceberg's are snapshot ids, which only
     * the table's history (its snapshot log) puts in order.
     */
    static List<Long> versions(io.floe.table.Table table) {
        List<Long> out = new ArrayList<>();
        if (table.format().equals("delta")) {
            for (long v = 0; v <= table.snapshot().version(); v++) {
                out.add(v);
            }
            return out;
        }
        for (io.floe.table.HistoryEntry h : table.history(0)) {
            out.add(0, h.version());
        }
        return out;
    }

    /** Best of {@code reps} runs in milliseconds: the least disturbed by the other processes on the machine. */
    static double bestMillis(int reps, Runnable r) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return Math.round(best * 10) / 10.0;
    }
}
