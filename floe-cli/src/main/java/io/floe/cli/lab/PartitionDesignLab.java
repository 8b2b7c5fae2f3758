package io.floe.cli.lab;

import io.floe.Floe;
import io.floe.table.DataFile;
import io.floe.table.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * partition-design: the same events partitioned by a high-cardinality column (user_id), by year/month, and not
 * at all but Z-ordered by (user_id, day). Files, partitions, and the files the two typical queries read.
 */
public final class PartitionDesignLab implements Lab {
    static final String BY_USER = "lab_part_user";
    static final String BY_MONTH = "lab_part_month";
    static final String ZORDER = "lab_part_zorder";
    private static final String LOOKUP = "SELECT count(*), sum(amount) FROM %s WHERE user_id = 42";
    private static final String REPORT = "SELECT user_id, sum(amount) FROM %s WHERE day >= DATE '2024-03-01' AND day < DATE '2024-04-01' GROUP BY user_id";

    @Override
    public String name() {
        return "partition-design";
    }

    @Override
    public String summary() {
        return "PARTITIONED BY (user_id) vs. (year, month) vs. none + ZORDER: files, partitions, files read by typical queries";
    }

    @Override
    public LabResult run(LabContext ctx) {
        int rows = ctx.scale().times(60_000);
        int users = ctx.scale().times(500);
        String source = "SELECT range AS event_id, CAST(range % " + users + " AS INTEGER) AS user_id, "
                + "CAST(DATE '2024-01-01' + CAST((range * 7919) % 730 AS INTEGER) AS DATE) AS day, "
                + "CAST((range * 31) % 10000 AS DOUBLE) / 100 AS amount FROM range(0, " + rows + ")";
        String withMonth = "SELECT event_id, user_id, day, year(day) AS year, month(day) AS month, amount FROM (" + source + ")";
        try (Floe floe = ctx.open()) {
            LabSql.dropAll(floe, BY_USER, BY_MONTH, ZORDER);
            ctx.step(rows + " events of " + users + " users over 2 years, three layouts");
            boolean iceberg = ctx.format() == LabFormat.ICEBERG;
            if (iceberg) {
                // Iceberg partitions by a transform of the column itself (hidden partitioning): no year/month columns
                floe.sql("CREATE TABLE " + BY_USER + " USING ICEBERG PARTITIONED BY (user_id) AS " + source);
                floe.sql("CREATE TABLE " + BY_MONTH + " USING ICEBERG PARTITIONED BY (months(day)) AS " + source);
                floe.sql("CREATE TABLE " + ZORDER + " USING ICEBERG TBLPROPERTIES ('write.target-file-size-bytes' = '" + 48 * 1024
                        + "') AS " + source);
                floe.sql("CALL system.rewrite_data_files(table => '" + ZORDER + "', strategy => 'sort', sort_order => 'zorder(user_id, day)')");
            } else {
                floe.sql("CREATE TABLE " + BY_USER + " PARTITIONED BY (user_id) AS " + withMonth);
                floe.sql("CREATE TABLE " + BY_MONTH + " PARTITIONED BY (year, month) AS " + withMonth);
                // a small target file size stands in for a big table: several files to skip among
                floe.sql("CREATE TABLE " + ZORDER + " TBLPROPERTIES ('delta.targetFileSize' = '" + 48 * 1024 + "') AS " + withMonth);
                floe.sql("OPTIMIZE " + ZORDER + " ZORDER BY (user_id, day)");
            }
            List<Measure> m = new ArrayList<>();
            for (String t : List.of(BY_USER, BY_MONTH, ZORDER)) {
                m.add(measure(floe, t));
            }
            List<LabResult.Metric> metrics = List.of(
                    LabResult.Metric.of("files", "data files", m.get(0).files, m.get(1).files, m.get(2).files),
                    LabResult.Metric.of("partitions", "partitions", m.get(0).partitions, m.get(1).partitions, m.get(2).partitions),
                    LabResult.Metric.of("bytes_per_file", "bytes per file (average)", m.get(0).bytesPerFile, m.get(1).bytesPerFile,
                            m.get(2).bytesPerFile),
                    LabResult.Metric.of("lookup_files", "files read: user_id = 42", m.get(0).lookupFiles, m.get(1).lookupFiles,
                            m.get(2).lookupFiles),
                    LabResult.Metric.of("report_files", "files read: one month's report", m.get(0).reportFiles, m.get(1).reportFiles,
                            m.get(2).reportFiles),
                    LabResult.Metric.of("planning_ms", "planning time, ms (EXPLAIN, best of 3)", m.get(0).planningMs,
                            m.get(1).planningMs, m.get(2).planningMs),
                    LabResult.Metric.of("lookup_ms", "user lookup, ms (best of 3)", m.get(0).lookupMs, m.get(1).lookupMs, m.get(2).lookupMs),
                    LabResult.Metric.of("report_ms", "month report, ms (best of 3)", m.get(0).reportMs, m.get(1).reportMs, m.get(2).reportMs));
            if (iceberg) {
                return icebergResult(ctx, m, metrics);
            }
            return new LabResult(name(), "partition design", ctx.scale().label(), ctx.warehouse(),
                    List.of("BY (user_id)", "BY (year, month)", "none + ZORDER (user_id, day)"), metrics,
                    List.of("Partitioning by user_id makes one directory per user, and every partition holds at least one file: "
                                    + m.get(0).files + " files of " + LabResult.format(m.get(0).bytesPerFile) + " bytes on average, "
                                    + "far below any sensible file size, that no OPTIMIZE can merge across partitions. The user "
                                    + "lookup reads one file, but the month report must open every one of them.",
                            "Partitioning by (year, month) suits the report (it reads only its month) and keeps the file count "
                                    + "proportional to time, but a user lookup reads every partition.",
                            "No partitions plus ZORDER BY (user_id, day) clusters both columns into narrow min/max ranges per "
                                    + "file, so data skipping serves both queries from the log's statistics: the lookup read "
                                    + m.get(2).lookupFiles + " of " + m.get(2).files + " files and the report "
                                    + m.get(2).reportFiles + ". Rule of thumb: partition only by low-cardinality columns with "
                                    + "about 1 GB or more per partition; Z-order by the columns you filter on."),
                    List.of("CREATE TABLE events AS SELECT * FROM " + BY_USER + ";   -- no PARTITIONED BY",
                            "OPTIMIZE events ZORDER BY (user_id, day);"));
        }
    }

    private LabResult icebergResult(LabContext ctx, List<Measure> m, List<LabResult.Metric> metrics) {
        return new LabResult(name(), "partition design", ctx.scale().label(), ctx.warehouse(),
                List.of("BY (user_id)", "BY (months(day))", "none + zorder(user_id, day)"), metrics,
                List.of("Partitioning by user_id makes one partition per user, and every partition holds at least one file: "
                                + m.get(0).files + " files of " + LabResult.format(m.get(0).bytesPerFile) + " bytes on average, "
                                + "far below any sensible file size, that no rewrite_data_files can merge across partitions. "
                                + "The user lookup reads one file, but the month report must open every one of them.",
                        "Iceberg partitions by a transform of a column (hidden partitioning): months(day) needs no year and "
                                + "month columns, and a filter on day itself prunes the partitions, so the report reads only "
                                + "its month. The file count grows with time, not users, but a user lookup reads every partition.",
                        "No partitions plus rewrite_data_files with sort_order => 'zorder(user_id, day)' clusters both columns "
                                + "into narrow min/max ranges per file, so the manifests' column metrics serve both queries: the "
                                + "lookup read " + m.get(2).lookupFiles + " of " + m.get(2).files + " files and the report "
                                + m.get(2).reportFiles + ". Rule of thumb: partition only by low-cardinality transforms (days, "
                                + "months, a bucket of a few) with about 1 GB or more per partition; z-order by the columns you "
                                + "filter on. A layout can change later without rewriting: ALTER TABLE … REPLACE PARTITION "
                                + "FIELD applies to new data, old files keep their spec."),
                List.of("CREATE TABLE events USING ICEBERG AS SELECT * FROM " + BY_USER + ";   -- no PARTITIONED BY",
                        "CALL system.rewrite_data_files(table => 'events', strategy => 'sort', sort_order => 'zorder(user_id, day)');"));
    }

    private record Measure(long files, long partitions, long bytesPerFile, long lookupFiles, long reportFiles, double planningMs,
                           double lookupMs, double reportMs) {
    }

    private static Measure measure(Floe floe, String t) {
        Table table = floe.table(t);
        List<DataFile> files = table.snapshot().files();
        Set<Object> partitions = new HashSet<>();
        long bytes = 0;
        for (DataFile f : files) {
            partitions.add(f.partitionValues());
            bytes += f.size();
        }
        // the spec, not the identity columns: Iceberg's transforms (months(day)) partition too
        long parts = table.snapshot().partitionSpec().isUnpartitioned() ? 0 : partitions.size();
        String lookup = String.format(LOOKUP, t);
        String report = String.format(REPORT, t);
        return new Measure(files.size(), parts, bytes / Math.max(1, files.size()), LabSql.explain(floe, lookup).afterStats(),
                LabSql.explain(floe, report).afterStats(), LabSql.bestMillis(3, () -> floe.sql("EXPLAIN " + report)),
                LabSql.bestMillis(3, () -> floe.sql(lookup)), LabSql.bestMillis(3, () -> floe.sql(report)));
    }
}
