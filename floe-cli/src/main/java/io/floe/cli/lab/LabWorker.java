package io.floe.cli.lab;

import io.floe.Floe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The entry point of the labs' child processes ({@link ChildJvm}). Modes:
 * <pre>
 * parquet-append DIR WORKER APPENDS ROWS BARRIER        a hand-rolled writer of a plain Parquet directory
 * floe-append WAREHOUSE TABLE WORKER APPENDS ROWS BARRIER [k=v …]   INSERTs into a Delta table through Floe
 * floe-loop WAREHOUSE TABLE ROWS FIRST_ID [k=v …]        INSERTs batches of ids from FIRST_ID on, forever (until killed)
 * parquet-overwrite DIR WORKER TIMES ROWS BARRIER      a hand-rolled overwrite of a plain Parquet directory, TIMES times
 * floe-overwrite WAREHOUSE TABLE WORKER TIMES ROWS BARRIER [k=v …]   INSERT OVERWRITE through Floe, TIMES times
 * </pre>
 * Appending workers wait at a barrier (they create BARRIER/ready-WORKER, then wait for BARRIER/go) so that all
 * of them really run at once, and print {@code appends_ok=N appends_failed=M} at the end (overwriting ones
 * {@code overwrites_ok=N overwrites_failed=M}). An overwrite writes ids 0 … ROWS-1 with its own {@link #batch} number,
 * so a reader can tell whole overwrites from missing rows, extra rows and mixtures.
 */
public final class LabWorker {
    /** Rows of one worker's ids never overlap another's. */
    static final long ID_SPACE = 1_000_000_000L;
    /** The time a job spends computing its batch between deciding where to write it and writing it. */
    static final long WORK_MILLIS = 15;

    private LabWorker() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "parquet-append" -> parquetAppend(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Path.of(args[5]));
            case "floe-append" -> floeAppend(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Path.of(args[6]), options(args, 7));
            case "floe-loop" -> floeLoop(args[1], args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]), options(args, 5));
            case "parquet-overwrite" -> parquetOverwrite(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Path.of(args[5]));
            case "floe-overwrite" -> floeOverwrite(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Path.of(args[6]), options(args, 7));
            default -> throw new IllegalArgumentException("unknown worker mode " + args[0]);
        }
        System.exit(0); // DuckDB's native threads must not keep the process alive
    }

    private static Map<String, String> options(String[] args, int from) {
        Map<String, String> o = new LinkedHashMap<>();
        for (String a : Arrays.copyOfRange(args, Math.min(from, args.length), args.length)) {
            int eq = a.indexOf('=');
            o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return o;
    }

    static void barrier(Path dir, int worker) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ready-" + worker), "");
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.exists(dir.resolve("go"))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no go signal at " + dir);
            }
            Thread.sleep(2);
        }
    }

    /**
     * How many hand-rolled pipelines append to a Parquet directory: name the next file after the number of files
     * already there (part-00000, part-00001, …), compute the batch, write it. Two writers that list the directory
     * at about the same time pick the same name, and the later write replaces the earlier one.
     */
    private static void parquetAppend(Path dir, int worker, int appends, int rows, Path barrier) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = 1");
            barrier(barrier, worker);
            int failed = 0;
            for (int i = 0; i < appends; i++) {
                long from = worker * ID_SPACE + (long) i * rows;
                boolean done = false;
                // like a scheduled job: a failed attempt is retried, a few times
                for (int attempt = 0; attempt < 3 && !done; attempt++) {
                    long n;
                    try (Stream<Path> files = Files.list(dir)) {
                        n = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
                    }
                    Path target = dir.resolve(String.format("part-%05d.parquet", n));
                    Thread.sleep(WORK_MILLIS);
                    try {
                        st.execute("COPY (SELECT range AS id FROM range(" + from + ", " + (from + rows) + ")) TO '"
                                + target.toString().replace("'", "''") + "' (FORMAT parquet)");
                        done = true;
                    } catch (java.sql.SQLException e) {
                        // e.g. two writers' temp files collided and the rename failed
                        System.out.println("append attempt failed: " + e.getMessage());
                    }
                }
                if (!done) {
                    failed++;
                }
            }
            System.out.println("appends_ok=" + (appends - failed) + " appends_failed=" + failed);
        }
    }

    private static void floeAppend(String warehouse, String table, int worker, int appends, int rows, Path barrier,
                                   Map<String, String> options) throws Exception {
        int ok = 0;
        int failed = 0;
        try (Floe floe = Floe.open(warehouse, options)) {
            floe.sql("SELECT count(*) FROM " + table); // open the table before the race, as a long-running writer has
            barrier(barrier, worker);
            for (int i = 0; i < appends; i++) {
                Thread.sleep(WORK_MILLIS);
                long from = worker * ID_SPACE + (long) i * rows;
                try {
                    floe.sql("INSERT INTO " + table + " SELECT range AS id FROM range(" + from + ", " + (from + rows) + ")");
                    ok++;
                } catch (RuntimeException e) {
                    // a clean failure: the commit did not happen and the caller knows it
                    failed++;
                    System.out.println("append failed: " + e.getMessage());
                }
            }
        }
        System.out.println("appends_ok=" + ok + " appends_failed=" + failed);
    }

    private static void floeLoop(String warehouse, String table, int rows, long firstId, Map<String, String> options) {
        try (Floe floe = Floe.open(warehouse, options)) {
            for (long i = 0; ; i++) {
                long from = firstId + i * rows;
                floe.sql("INSERT INTO " + table + " SELECT range AS id FROM range(" + from + ", " + (from + rows) + ")");
                System.out.println("committed batch " + i);
            }
        }
    }

    /** The batch number of a worker's i-th overwrite (from 0); batch 0 is the one the lab starts with. */
    static long batch(int worker, int i) {
        return (worker + 1) * 1000L + i;
    }

    /** The rows of one overwrite: ids 0 … rows-1, all with the batch's number. */
    static String overwriteRows(long batch, long fromId, long toId) {
        return "SELECT range AS id, " + batch + "::BIGINT AS batch FROM range(" + fromId + ", " + toId + ")";
    }

    /**
     * How a hand-rolled job replaces a Parquet directory's contents: delete the files there, then write the new batch
     * (as two files, the way a job with two tasks does). A directory has no way to swap one set of files for another
     * at once, so readers in between see nothing, half a batch, or two jobs' files mixed.
     */
    private static void parquetOverwrite(Path dir, int worker, int times, int rows, Path barrier) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("SET threads = 1");
            barrier(barrier, worker);
            int failed = 0;
            for (int i = 0; i < times; i++) {
                long batch = batch(worker, i);
                Thread.sleep(WORK_MILLIS);
                try {
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    for (int part = 0; part < 2; part++) {
                        Path target = dir.resolve("part-" + batch + "-" + part + ".parquet");
                        st.execute("COPY (" + overwriteRows(batch, (long) part * rows / 2, (long) (part + 1) * rows / 2) + ") TO '"
                                + target.toString().replace("'", "''") + "' (FORMAT parquet)");
                    }
                } catch (java.sql.SQLException | java.io.IOException e) {
                    failed++;
                    System.out.println("overwrite failed: " + e.getMessage());
                }
            }
            System.out.println("overwrites_ok=" + (times - failed) + " overwrites_failed=" + failed);
        }
    }

    private static void floeOverwrite(String warehouse, String table, int worker, int times, int rows, Path barrier,
                                      Map<String, String> options) throws Exception {
        int ok = 0;
        int failed = 0;
        try (Floe floe = Floe.open(warehouse, options)) {
            floe.sql("SELECT count(*) FROM " + table);
            barrier(barrier, worker);
            for (int i = 0; i < times; i++) {
                Thread.sleep(WORK_MILLIS);
                try {
                    floe.sql("INSERT OVERWRITE " + table + " " + overwriteRows(batch(worker, i), 0, rows));
                    ok++;
                } catch (RuntimeException e) {
                    // a clean failure: this overwrite did not happen, and the writer knows it
                    failed++;
                    System.out.println("overwrite failed: " + e.getMessage());
                }
            }
        }
        System.out.println("overwrites_ok=" + ok + " overwrites_failed=" + failed);
    }

    static List<String> optionArgs(Map<String, String> options) {
        return options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
