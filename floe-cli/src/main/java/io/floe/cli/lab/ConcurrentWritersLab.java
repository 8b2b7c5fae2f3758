package io.floe.cli.lab;

import io.floe.Floe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * concurrent-writers: several processes append at once. To a plain Parquet directory, with the naming scheme
 * hand-rolled pipelines use, two writers pick the same file name and one batch silently replaces the other;
 * readers may also catch a file being written. To a Delta table through Floe, each append is a commit that
 * becomes visible atomically by a put-if-absent of the next log entry; a writer that loses the race re-reads
 * and retries on the new version, so no row is lost or duplicated.
 */
public final class ConcurrentWritersLab implements Lab {
    static final String TABLE = "lab_concurrent_delta";
    static final String ICEBERG_TABLE = "lab_concurrent_iceberg";
    static final int WORKERS = 4;

    @Override
    public String name() {
        return "concurrent-writers";
    }

    @Override
    public String summary() {
        return WORKERS + " processes appending at once: a plain Parquet directory loses rows, a Delta or Iceberg table none";
    }

    /** What one run of the writers left behind. */
    record Outcome(long expected, long rows, long distinct, long files, long appendsOk, long appendsFailed, long reads,
                   long badReads) {
        long lost() {
            return expected - distinct;
        }

        long duplicated() {
            return rows - distinct;
        }
    }

    @Override
    public LabResult run(LabContext ctx) throws Exception {
        int appends = ctx.scale().times(15);
        int rows = 100;
        Path scratch = ctx.localScratch().resolve("concurrent-writers");
        deleteTree(scratch);
        Files.createDirectories(scratch);

        ctx.step(WORKERS + " processes × " + appends + " appends of " + rows + " rows into a plain Parquet directory");
        Outcome plain = plainParquet(scratch, appends, rows);
        ctx.step(WORKERS + " processes × " + appends + " appends of " + rows + " rows into a Delta table through Floe");
        Outcome delta = formatTable(ctx, scratch, appends, rows, LabFormat.DELTA, TABLE);
        if (ctx.format() == LabFormat.ICEBERG) {
            // the side-by-side: the same race on both table formats
            ctx.step(WORKERS + " processes × " + appends + " appends of " + rows + " rows into an Iceberg table through Floe");
            Outcome iceberg = formatTable(ctx, scratch, appends, rows, LabFormat.ICEBERG, ICEBERG_TABLE);
            return result(ctx, appends, List.of(plain, delta, iceberg), List.of("plain Parquet directory", "Delta table (Floe)",
                    "Iceberg table (Floe)"), icebergExplanation(plain, delta, iceberg),
                    List.of("CREATE TABLE events (id BIGINT) USING ICEBERG;   -- or USING DELTA",
                            "INSERT INTO events SELECT …;   -- from every writer"));
        }
        return result(ctx, appends, List.of(plain, delta), List.of("plain Parquet directory", "Delta table (Floe)"),
                List.of("The plain writers do what many hand-rolled jobs do: list the directory, name the next file after the "
                                + "number of files already there, compute the batch, write it (DuckDB writes a temporary file "
                                + "and renames it), retrying a failed attempt twice. " + plain.appendsFailed + " appends failed "
                                + "for good, and of the rows the other " + plain.appendsOk + " reported as written, "
                                + LabResult.format(plain.lost()) + " are gone: when two processes listed the directory at about the same time they "
                                + "chose the same name, and one write replaced the other without an error. A directory has no "
                                + "notion of a commit, so nothing can tell a writer that its rows did not make it.",
                        "The Delta writers wrote their files under unique names that nobody reads until the log says so, then "
                                + "committed by creating _delta_log/<next version>.json with an atomic put-if-absent (a hard "
                                + "link locally, If-None-Match: * on S3). Exactly one writer wins each version; the losers read "
                                + "the winner's commit, find that blind appends do not conflict, and retry on the next version. "
                                + "Rows lost: " + delta.lost() + ", duplicated: " + delta.duplicated() + "; a reader only ever "
                                + "sees whole commits.",
                        "Unique file names (a UUID per file, as Spark writes) would stop the overwrites, but not the rest: "
                                + "readers would still see half-written files and half-finished multi-file jobs, and an "
                                + "overwrite or compaction would still race with appends. That is what a table format adds."),
                List.of("CREATE TABLE events (id BIGINT) USING DELTA;", "INSERT INTO events SELECT …;   -- from every writer"));
    }

    /** The metrics, one column per outcome. */
    private LabResult result(LabContext ctx, int appends, List<Outcome> o, List<String> columns, List<String> explanation,
                             List<String> fix) {
        long attempted = (long) WORKERS * appends;
        List<LabResult.Metric> metrics = List.of(
                LabResult.Metric.of("appends", "appends attempted", o.stream().map(x -> attempted).toArray()),
                LabResult.Metric.of("appends_failed", "appends that reported a failure", col(o, x -> x.appendsFailed)),
                LabResult.Metric.of("rows_expected", "rows written by successful appends", col(o, x -> x.expected)),
                LabResult.Metric.of("rows_read", "rows a reader sees afterwards", col(o, x -> x.rows)),
                LabResult.Metric.of("rows_lost", "rows lost", col(o, Outcome::lost)),
                LabResult.Metric.of("rows_duplicated", "rows duplicated", col(o, Outcome::duplicated)),
                LabResult.Metric.of("files", "data files", col(o, x -> x.files)),
                LabResult.Metric.of("reads_during", "reads while the writers ran", col(o, x -> x.reads)),
                LabResult.Metric.of("bad_reads", "of them failed or saw a partial commit", col(o, x -> x.badReads)));
        return new LabResult(name(), "concurrent writers", ctx.scale().label(), ctx.warehouse(), columns, metrics, explanation, fix);
    }

    private static Object[] col(List<Outcome> outcomes, java.util.function.Function<Outcome, Long> value) {
        return outcomes.stream().map(value).toArray();
    }

    private static List<String> icebergExplanation(Outcome plain, Outcome delta, Outcome iceberg) {
        return List.of("The plain writers do what many hand-rolled jobs do: list the directory, name the next file after the "
                        + "number of files already there, compute the batch, write it, retrying a failed attempt twice. "
                        + plain.appendsFailed + " appends failed for good, and of the rows the other " + plain.appendsOk
                        + " reported as written, " + LabResult.format(plain.lost()) + " are gone: two processes that listed the "
                        + "directory at about the same time chose the same name, and one write replaced the other without an "
                        + "error. A directory has no notion of a commit.",
                "The Delta writers committed by creating _delta_log/<next version>.json with an atomic put-if-absent; the "
                        + "Iceberg writers by creating metadata/v<N+1>.metadata.json the same way (never a rename), after "
                        + "writing their data files, a manifest and a manifest list under unique names that no reader looks "
                        + "at until a metadata file points to them. Exactly one writer wins each version; the losers re-read "
                        + "the table, check the winners' snapshots against what they read (blind appends never conflict) and "
                        + "retry on the new version. Rows lost: " + delta.lost() + " on Delta, " + iceberg.lost()
                        + " on Iceberg; duplicated: " + delta.duplicated() + " and " + iceberg.duplicated()
                        + "; a reader only ever sees whole commits.",
                "An Iceberg commit writes more files than a Delta one (manifest, manifest list, and a metadata file that "
                        + "lists every snapshot), so each attempt costs more and a lost race repeats more work; both formats "
                        + "end with every row exactly once.");
    }

    private Outcome plainParquet(Path scratch, int appends, int rows) throws Exception {
        Path dir = scratch.resolve("plain-parquet");
        Files.createDirectories(dir);
        Path barrier = scratch.resolve("barrier-plain");
        List<ChildJvm> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            workers.add(ChildJvm.start(scratch.resolve("logs"), "parquet-" + w, List.of("parquet-append", dir.toString(),
                    String.valueOf(w), String.valueOf(appends), String.valueOf(rows), barrier.toString())));
        }
        try {
            return plainRun(dir, barrier, workers, appends, rows);
        } finally {
            killAll(workers); // only on a failure are any left
        }
    }

    private Outcome plainRun(Path dir, Path barrier, List<ChildJvm> workers, int appends, int rows) throws Exception {
        go(barrier, workers);
        String glob = dir.resolve("*.parquet").toString().replace("'", "''");
        long reads = 0;
        long bad = 0;
        long ok = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            while (workers.stream().anyMatch(ChildJvm::alive)) {
                reads++;
                // a statement per read: DuckDB closes a statement whose query failed
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + glob + "')")) {
                    rs.next();
                } catch (SQLException e) {
                    bad++; // a file caught while being written (or replaced)
                }
                Thread.sleep(5);
            }
            for (ChildJvm w : workers) {
                ok += ChildJvm.field(w.await(120), "appends_ok");
            }
            long files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".parquet")).count();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id) FROM read_parquet('" + glob + "')")) {
                rs.next();
                return new Outcome(ok * rows, rs.getLong(1), rs.getLong(2), files, ok, (long) WORKERS * appends - ok, reads, bad);
            }
        }
    }

    private Outcome formatTable(LabContext ctx, Path scratch, int appends, int rows, LabFormat format, String table) throws Exception {
        Path barrier = scratch.resolve("barrier-" + format.label());
        try (Floe floe = ctx.open()) {
            LabSql.dropAll(floe, table);
            floe.sql("CREATE TABLE " + table + " (id BIGINT) " + format.using());
            List<ChildJvm> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                List<String> args = new ArrayList<>(List.of("floe-append", ctx.warehouse(), table, String.valueOf(w),
                        String.valueOf(appends), String.valueOf(rows), barrier.toString()));
                args.addAll(LabWorker.optionArgs(ctx.options()));
                workers.add(ChildJvm.start(scratch.resolve("logs"), format.label() + "-" + w, args));
            }
            try {
                return tableRun(floe, table, barrier, workers, rows);
            } finally {
                killAll(workers);
            }
        }
    }

    private Outcome tableRun(Floe floe, String table, Path barrier, List<ChildJvm> workers, int rows) throws Exception {
        go(barrier, workers);
        long reads = 0;
        long bad = 0;
        while (workers.stream().anyMatch(ChildJvm::alive)) {
            reads++;
            try {
                if (LabSql.count(floe, "SELECT count(*) FROM " + table) % rows != 0) {
                    bad++; // part of a commit
                }
            } catch (RuntimeException e) {
                bad++;
            }
            Thread.sleep(5);
        }
        long ok = 0;
        long failed = 0;
        for (ChildJvm w : workers) {
            String out = w.await(120);
            ok += ChildJvm.field(out, "appends_ok");
            failed += ChildJvm.field(out, "appends_failed");
        }
        var r = floe.sql("SELECT count(*), count(DISTINCT id) FROM " + table).rows().get(0);
        long files = LabSql.longValue(floe.sql("DESCRIBE DETAIL " + table), "numFiles");
        return new Outcome(ok * rows, ((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue(), files, ok, failed,
                reads, bad);
    }

    static void killAll(List<ChildJvm> workers) throws InterruptedException {
        for (ChildJvm w : workers) {
            if (w.alive()) {
                w.kill();
            }
        }
    }

    /** Waits until every worker stands at the barrier, then lets them all go at once. */
    private static void go(Path barrier, List<ChildJvm> workers) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            long ready;
            try (Stream<Path> s = Files.exists(barrier) ? Files.list(barrier) : Stream.empty()) {
                ready = s.filter(p -> p.getFileName().toString().startsWith("ready-")).count();
            }
            if (ready == workers.size()) {
                break;
            }
            for (ChildJvm w : workers) {
                if (!w.alive()) {
                    w.await(1); // throws with the worker's output
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new LabFailedException("lab workers did not start within 120 s");
            }
            Thread.sleep(10);
        }
        Files.writeString(barrier.resolve("go"), "");
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
