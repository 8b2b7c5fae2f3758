package io.floe.cli.lab;

import io.floe.Floe;
import io.floe.QueryResult;

import java.util.List;

/**
 * small-files: a table fed by many small appends (a streaming job, an hourly loader) ends up as hundreds of
 * tiny files; every query pays a per-file cost in planning (one log entry and one stats record per file) and
 * in scanning (one open, one footer read per file). OPTIMIZE rewrites them into files of the target size.
 */
public final class SmallFilesLab implements Lab {
    static final String TABLE = "lab_small_files";
    private static final String QUERY = "SELECT category, count(*), sum(amount) FROM " + TABLE + " WHERE id % 7 = 3 GROUP BY category";
    private static final String POINT = "SELECT count(*) FROM " + TABLE + " WHERE id = 4242";

    @Override
    public String name() {
        return "small-files";
    }

    @Override
    public String summary() {
        return "many tiny appends → hundreds of small files vs. after OPTIMIZE: files, bytes per file, planning and scan time";
    }

    @Override
    public LabResult run(LabContext ctx) {
        int appends = ctx.scale().times(150);
        int rowsPerAppend = 200;
        try (Floe floe = ctx.open()) {
            LabSql.dropAll(floe, TABLE);
            LabFormat format = ctx.format();
            floe.sql("CREATE TABLE " + TABLE + " (id BIGINT, category STRING, amount DOUBLE) " + format.using());
            ctx.step(appends + " appends of " + rowsPerAppend + " rows each (one small file per append)");
            for (int i = 0; i < appends; i++) {
                long from = (long) i * rowsPerAppend;
                floe.sql("INSERT INTO " + TABLE + " SELECT range AS id, 'c' || (range % 5) AS category, (range % 1000) / 10.0 AS amount"
                        + " FROM range(" + from + ", " + (from + rowsPerAppend) + ")");
            }
            Measure before = measure(floe);
            String fix = format.compactCommand(TABLE);
            ctx.step(fix);
            floe.sql(fix);
            Measure after = measure(floe);
            long target = targetFileSize(floe, format);
            long ideal = Math.max(1, (after.bytes + target - 1) / target);
            List<LabResult.Metric> metrics = List.of(
                    LabResult.Metric.of("files", "data files", before.files, after.files),
                    LabResult.Metric.of("bytes", "table bytes", before.bytes, after.bytes),
                    LabResult.Metric.of("bytes_per_file", "bytes per file (average)", before.bytes / Math.max(1, before.files),
                            after.bytes / Math.max(1, after.files)),
                    LabResult.Metric.of("rows", "rows", before.rows, after.rows),
                    LabResult.Metric.of("files_scanned", "files the aggregate query opens", before.queryFiles, after.queryFiles),
                    LabResult.Metric.of("point_files", "files a point lookup opens (id = 4242; stats skip the rest)",
                            before.pointFiles, after.pointFiles),
                    LabResult.Metric.of("planning_ms", "planning time, ms (EXPLAIN, best of 3)", before.planningMs, after.planningMs),
                    LabResult.Metric.of("query_ms", "scan + aggregate time, ms (best of 3)", before.queryMs, after.queryMs),
                    LabResult.Metric.of("ideal_files", "right file count: ceil(table bytes / target)", ideal, ideal));
            return new LabResult(name(), "small files vs. compacted", ctx.scale().label(), ctx.warehouse(),
                    List.of(before.files + " small files", format == LabFormat.DELTA ? "after OPTIMIZE" : "after rewrite_data_files"), metrics,
                    format == LabFormat.ICEBERG ? icebergExplanation(before, after, target, ideal) : List.of("Each append wrote its rows as a new Parquet file of a few kilobytes. Nothing is wrong with any one of "
                                    + "them, but every query pays per file: planning replays one log entry and checks one set of "
                                    + "min/max statistics per file, and the scan opens each file and reads its footer before it "
                                    + "reads a single row. With " + before.files + " files of about "
                                    + LabResult.format(before.bytes / Math.max(1, before.files)) + " bytes, that overhead is the query.",
                            "OPTIMIZE rewrites the small files of each partition into files of about delta.targetFileSize ("
                                    + LabResult.format(target) + " bytes here) in one commit with dataChange=false: readers and "
                                    + "concurrent appends are unaffected, and the old files stay for time travel until VACUUM. "
                                    + "The right file count is table bytes / target file size = " + LabResult.format(after.bytes)
                                    + " / " + LabResult.format(target) + " → " + ideal + " file(s) per partition.",
                            "Prevent it: batch appends (fewer, bigger commits), or schedule OPTIMIZE after a number of appends; "
                                    + "`floe doctor " + TABLE + "` flags it."),
                    List.of(fix));
        }
    }

    private static List<String> icebergExplanation(Measure before, Measure after, long target, long ideal) {
        return List.of("Each append wrote its rows as a new Parquet file of a few kilobytes and committed a new snapshot that "
                        + "lists it in a manifest. Every query pays per file: planning reads each file's entry (with its column "
                        + "metrics) from the manifests and checks it against the filter, and the scan opens each file and reads "
                        + "its footer before it reads a single row. With " + before.files + " files of about "
                        + LabResult.format(before.bytes / Math.max(1, before.files)) + " bytes, that overhead is the query.",
                "CALL system.rewrite_data_files (bin-packing; OPTIMIZE does the same) rewrites the small files of each partition "
                        + "into files of about write.target-file-size-bytes (" + LabResult.format(target) + " bytes by default) "
                        + "and commits a 'replace' snapshot: readers and concurrent appends are unaffected, and the old files "
                        + "stay for time travel until expire_snapshots (or VACUUM) drops the snapshots that read them. The right "
                        + "file count is table bytes / target file size = " + LabResult.format(after.bytes) + " / "
                        + LabResult.format(target) + " → " + ideal + " file(s) per partition.",
                "Prevent it: batch appends (fewer, bigger commits), or schedule rewrite_data_files after a number of appends; "
                        + "`floe doctor " + TABLE + "` flags it.");
    }

    private record Measure(long files, long bytes, long rows, long queryFiles, long pointFiles, double planningMs, double queryMs) {
    }

    private static Measure measure(Floe floe) {
        QueryResult d = floe.sql("DESCRIBE DETAIL " + TABLE);
        long files = LabSql.longValue(d, "numFiles");
        long bytes = LabSql.longValue(d, "sizeInBytes");
        long rows = LabSql.count(floe, "SELECT count(*) FROM " + TABLE);
        LabSql.Scan point = LabSql.explain(floe, POINT);
        double planning = LabSql.bestMillis(3, () -> floe.sql("EXPLAIN " + QUERY));
        double query = LabSql.bestMillis(3, () -> floe.sql(QUERY));
        return new Measure(files, bytes, rows, LabSql.explain(floe, QUERY).afterStats(), point.afterStats(), planning, query);
    }

    static long targetFileSize(Floe floe, LabFormat format) {
        QueryResult d = floe.sql("DESCRIBE DETAIL " + TABLE);
        @SuppressWarnings("unchecked")
        java.util.Map<String, String> props = (java.util.Map<String, String>) d.rows().get(0).get(d.columnIndex("properties"));
        return Long.parseLong(props.getOrDefault(format.targetFileSizeProperty(), String.valueOf(format.defaultTargetFileSize())));
    }
}
