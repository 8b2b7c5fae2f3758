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
 *
 * <p>Then the same processes overwrite the whole data set at once. A plain directory can only delete the old files
 * and write new ones, so readers see nothing, half a job, or two jobs mixed; INSERT OVERWRITE on a table is one commit
 * that replaces every file of the version it read, so each reader sees one whole job's rows and each acknowledged
 * overwrite makes one version.
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
        return WORKERS + " processes appending, then overwriting, at once: a plain Parquet directory loses rows and shows "
                + "readers half-done overwrites, a Delta or Iceberg table neither";
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

    /**
     * What concurrent overwrites left behind, and what a reader saw while they ran. {@code versions} is null where there
     * are none (a plain directory).
     */
    record Overwrites(long ok, long failed, long reads, long bad, long missing, long mixed, long failedReads, long finalRows,
                      long finalBatches, Long versions) {
        long badReads() {
            return bad;
        }

        /** What a table format promises: no reader saw anything but one job's rows, one job's rows at the end, a version per overwrite. */
        boolean whole(int rows) {
            return bad == 0 && finalRows == rows && finalBatches == 1 && versions != null && versions == ok;
        }
    }

    @Override
    public LabResult run(LabContext ctx) throws Exception {
        int appends = ctx.scale().times(15);
        int rows = 100;
        int overwrites = ctx.scale().times(6);
        int overwriteRows = 1000;
        Path scratch = ctx.localScratch().resolve("concurrent-writers");
        deleteTree(scratch);
        Files.createDirectories(scratch);
        boolean iceberg = ctx.format() == LabFormat.ICEBERG;

        ctx.step(WORKERS + " processes × " + appends + " appends of " + rows + " rows into a plain Parquet directory");
        Outcome plain = plainParquet(scratch, appends, rows);
        ctx.step(WORKERS + " processes × " + appends + " appends of " + rows + " rows into a Delta table through Floe");
        Outcome delta = formatTable(ctx, scratch, appends, rows, LabFormat.DELTA, TABLE);
        Outcome ice = null;
        if (iceberg) {
            // the side-by-side: the same race on both table formats
            ctx.step(WORKERS + " processes × " + appends + " appends of " + rows + " rows into an Iceberg table through Floe");
            ice = formatTable(ctx, scratch, appends, rows, LabFormat.ICEBERG, ICEBERG_TABLE);
        }

        ctx.step(WORKERS + " processes × " + overwrites + " overwrites of " + overwriteRows + " rows: a plain Parquet directory");
        Overwrites plainOw = plainOverwrite(scratch, overwrites, overwriteRows);
        ctx.step(WORKERS + " processes × " + overwrites + " INSERT OVERWRITE of " + overwriteRows + " rows: a Delta table");
        Overwrites deltaOw = tableOverwrite(ctx, scratch, overwrites, overwriteRows, LabFormat.DELTA, TABLE + "_overwrite");
        Overwrites iceOw = null;
        if (iceberg) {
            ctx.step(WORKERS + " processes × " + overwrites + " INSERT OVERWRITE of " + overwriteRows + " rows: an Iceberg table");
            iceOw = tableOverwrite(ctx, scratch, overwrites, overwriteRows, LabFormat.ICEBERG, ICEBERG_TABLE + "_overwrite");
        }

        List<String> columns = iceberg ? List.of("plain Parquet directory", "Delta table (Floe)", "Iceberg table (Floe)")
                : List.of("plain Parquet directory", "Delta table (Floe)");
        List<Outcome> appendOutcomes = iceberg ? List.of(plain, delta, ice) : List.of(plain, delta);
        List<Overwrites> overwriteOutcomes = iceberg ? List.of(plainOw, deltaOw, iceOw) : List.of(plainOw, deltaOw);
        List<String> explanation = new ArrayList<>(iceberg ? icebergExplanation(plain, delta, ice) : deltaExplanation(plain, delta));
        explanation.add(overwriteExplanation(plainOw, deltaOw, iceOw, overwriteRows));
        List<String> fix = iceberg
                ? List.of("CREATE TABLE events (id BIGINT) USING ICEBERG;   -- or USING DELTA",
                        "INSERT INTO events SELECT …;   -- from every writer", "INSERT OVERWRITE events SELECT …;   -- replaces it in one commit")
                : List.of("CREATE TABLE events (id BIGINT) USING DELTA;", "INSERT INTO events SELECT …;   -- from every writer",
                        "INSERT OVERWRITE events SELECT …;   -- replaces it in one commit");
        return new LabResult(name(), "concurrent writers", ctx.scale().label(), ctx.warehouse(),
                List.of(appendSection(appends, appendOutcomes, columns), overwriteSection(overwrites, overwriteRows, overwriteOutcomes, columns)),
                explanation, fix);
    }

    private static List<String> deltaExplanation(Outcome plain, Outcome delta) {
        return List.of("The plain writers do what many hand-rolled jobs do: list the directory, name the next file after the "
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
                "Unique file names (a UUID per file, as Spark writes) would stop the lost appends, but not the rest: "
                        + "readers would still see half-written files and half-finished multi-file jobs, and an "
                        + "overwrite or compaction would still race with appends. That is what a table format adds.");
    }

    private static String overwriteExplanation(Overwrites plain, Overwrites delta, Overwrites iceberg, int rows) {
        String formats = iceberg == null ? "On the Delta table" : "On the Delta and Iceberg tables";
        String text = "Overwrites: each job replaces the whole data set with its own " + LabResult.format(rows) + " rows (ids 0 … "
                + (rows - 1) + ", tagged with the job's batch number). A directory cannot swap one set of files for another at "
                + "once, so the plain jobs delete the old files and then write theirs: of " + LabResult.format(plain.reads)
                + " reads while they ran, " + LabResult.format(plain.badReads()) + " saw no whole overwrite (" + plain.missing
                + " with rows missing, " + plain.mixed + " with extra rows or two jobs' files mixed, " + plain.failedReads
                + " failed on a file deleted under them), and the directory ends with " + LabResult.format(plain.finalRows)
                + " rows from " + plain.finalBatches + " job(s). " + formats + ", INSERT OVERWRITE is one commit that removes "
                + "every file of the version it read and adds its own: a reader sees one version or the next, and of two "
                + "overwrites racing for a version one wins; the other re-reads and commits on top of it, or fails cleanly and "
                + "says so. Every overwrite a writer was told succeeded makes exactly one version.";
        // say what was measured, also when a format did not keep that promise
        List<String> broken = new ArrayList<>();
        if (!delta.whole(rows)) {
            broken.add("Delta");
        }
        if (iceberg != null && !iceberg.whole(rows)) {
            broken.add("Iceberg");
        }
        if (broken.isEmpty()) {
            return text + " Bad reads here: " + (delta.badReads() + (iceberg == null ? 0 : iceberg.badReads())) + ".";
        }
        return text + " Not this time on the " + String.join(" and the ", broken) + " table: its readers saw more than one job's "
                + "rows, or its last version holds them — an overwrite was committed on top of another without replacing it, "
                + "a conflict that should have been refused.";
    }

    private LabResult.Section appendSection(int appends, List<Outcome> o, List<String> columns) {
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
        return new LabResult.Section(WORKERS + " processes appending at once:", columns, metrics);
    }

    private LabResult.Section overwriteSection(int overwrites, int rows, List<Overwrites> o, List<String> columns) {
        long attempted = (long) WORKERS * overwrites;
        List<LabResult.Metric> metrics = List.of(
                LabResult.Metric.of("ow_attempted", "overwrites attempted", o.stream().map(x -> attempted).toArray()),
                LabResult.Metric.of("ow_failed", "overwrites that reported a failure", o.stream().map(x -> x.failed).toArray()),
                LabResult.Metric.of("ow_reads", "reads while the writers ran", o.stream().map(x -> x.reads).toArray()),
                LabResult.Metric.of("ow_bad_reads", "of them not one whole overwrite", o.stream().map(Overwrites::badReads).toArray()),
                LabResult.Metric.of("ow_missing", "  saw rows missing (none, or half a job's)", o.stream().map(x -> x.missing).toArray()),
                LabResult.Metric.of("ow_mixed", "  saw extra rows or two jobs mixed", o.stream().map(x -> x.mixed).toArray()),
                LabResult.Metric.of("ow_failed_reads", "  failed (a file deleted while read)", o.stream().map(x -> x.failedReads).toArray()),
                LabResult.Metric.of("ow_final_rows", "rows at the end (one job's: " + LabResult.format(rows) + ")",
                        o.stream().map(x -> x.finalRows).toArray()),
                LabResult.Metric.of("ow_final_batches", "jobs whose rows are there at the end", o.stream().map(x -> x.finalBatches).toArray()),
                LabResult.Metric.of("ow_versions", "table versions the overwrites made", o.stream().map(x -> x.versions).toArray()));
        return new LabResult.Section(WORKERS + " processes overwriting the whole data set at once:", columns, metrics);
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
            long[] left = readableRows(c, dir);
            return new Outcome(ok * rows, left[0], left[1], left[2], ok, (long) WORKERS * appends - ok, reads, bad);
        }
    }

    /**
     * The rows, distinct ids and Parquet files a plain directory ends with. Two writers that named the same file can leave
     * it torn (truncated or mixed): it is not readable, and its rows count as lost, as an overwritten file's do.
     */
    static long[] readableRows(Connection c, Path dir) throws IOException, SQLException {
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        List<String> readable = new ArrayList<>();
        for (Path f : all) {
            String lit = "'" + f.toString().replace("'", "''") + "'";
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + lit + ")")) {
                rs.next();
                readable.add(lit);
            } catch (SQLException e) {
                // torn: left out
            }
        }
        if (readable.isEmpty()) {
            return new long[] {0, 0, all.size()};
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id) FROM read_parquet(["
                + String.join(", ", readable) + "])")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), all.size()};
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

    /** One reader's look at an overwritten data set: whole (one job's rows), rows missing, or extra rows / jobs mixed. */
    private static final class OverwriteReads {
        final int rows;
        long reads;
        long bad;
        long missing;
        long mixed;
        long failed;

        OverwriteReads(int rows) {
            this.rows = rows;
        }

        void saw(long count, long batches) {
            reads++;
            boolean missed = count < rows;
            boolean extra = count > rows || batches > 1;
            missing += missed ? 1 : 0;
            mixed += extra ? 1 : 0;
            bad += missed || extra ? 1 : 0;
        }

        void failed() {
            reads++;
            failed++;
            bad++;
        }
    }

    private Overwrites plainOverwrite(Path scratch, int times, int rows) throws Exception {
        Path dir = scratch.resolve("plain-overwrite");
        Files.createDirectories(dir);
        String glob = dir.resolve("*.parquet").toString().replace("'", "''");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = c.createStatement()) { // the data set as it was before the jobs: batch 0
                st.execute("COPY (" + LabWorker.overwriteRows(0, 0, rows) + ") TO '"
                        + dir.resolve("part-0-0.parquet").toString().replace("'", "''") + "' (FORMAT parquet)");
            }
            Path barrier = scratch.resolve("barrier-plain-overwrite");
            List<ChildJvm> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(ChildJvm.start(scratch.resolve("logs"), "parquet-overwrite-" + w, List.of("parquet-overwrite", dir.toString(),
                        String.valueOf(w), String.valueOf(times), String.valueOf(rows), barrier.toString())));
            }
            try {
                go(barrier, workers);
                OverwriteReads seen = new OverwriteReads(rows);
                while (workers.stream().anyMatch(ChildJvm::alive)) {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                            "SELECT count(*), count(DISTINCT batch) FROM read_parquet('" + glob + "')")) {
                        rs.next();
                        seen.saw(rs.getLong(1), rs.getLong(2));
                    } catch (SQLException e) {
                        seen.failed(); // no file there at all, or one deleted or half-written while read
                    }
                    Thread.sleep(2);
                }
                long ok = 0;
                for (ChildJvm w : workers) {
                    ok += ChildJvm.field(w.await(120), "overwrites_ok");
                }
                long finalRows = 0;
                long finalBatches = 0;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT count(*), count(DISTINCT batch) FROM read_parquet('" + glob + "')")) {
                    rs.next();
                    finalRows = rs.getLong(1);
                    finalBatches = rs.getLong(2);
                } catch (SQLException e) {
                    // the last job's delete ran after the others' writes: nothing left at all
                }
                return new Overwrites(ok, (long) WORKERS * times - ok, seen.reads, seen.bad, seen.missing, seen.mixed, seen.failed,
                        finalRows, finalBatches, null);
            } finally {
                killAll(workers);
            }
        }
    }

    private Overwrites tableOverwrite(LabContext ctx, Path scratch, int times, int rows, LabFormat format, String table) throws Exception {
        Path barrier = scratch.resolve("barrier-overwrite-" + format.label());
        try (Floe floe = ctx.open()) {
            LabSql.dropAll(floe, table);
            floe.sql("CREATE TABLE " + table + " (id BIGINT, batch BIGINT) " + format.using());
            floe.sql("INSERT INTO " + table + " " + LabWorker.overwriteRows(0, 0, rows));
            int versionsBefore = LabSql.versions(floe.table(table)).size();
            List<ChildJvm> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                List<String> args = new ArrayList<>(List.of("floe-overwrite", ctx.warehouse(), table, String.valueOf(w),
                        String.valueOf(times), String.valueOf(rows), barrier.toString()));
                args.addAll(LabWorker.optionArgs(ctx.options()));
                workers.add(ChildJvm.start(scratch.resolve("logs"), format.label() + "-overwrite-" + w, args));
            }
            try {
                go(barrier, workers);
                OverwriteReads seen = new OverwriteReads(rows);
                while (workers.stream().anyMatch(ChildJvm::alive)) {
                    try {
                        List<Object> r = floe.sql("SELECT count(*), count(DISTINCT batch) FROM " + table).rows().get(0);
                        seen.saw(((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue());
                    } catch (RuntimeException e) {
                        seen.failed();
                    }
                    Thread.sleep(5);
                }
                long ok = 0;
                long failed = 0;
                for (ChildJvm w : workers) {
                    String out = w.await(120);
                    ok += ChildJvm.field(out, "overwrites_ok");
                    failed += ChildJvm.field(out, "overwrites_failed");
                }
                List<Object> r = floe.sql("SELECT count(*), count(DISTINCT batch) FROM " + table).rows().get(0);
                long versions = LabSql.versions(floe.table(table)).size() - versionsBefore;
                return new Overwrites(ok, failed, seen.reads, seen.bad, seen.missing, seen.mixed, seen.failed,
                        ((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue(), versions);
            } finally {
                killAll(workers);
            }
        }
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
