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
 * </pre>
 * Appending workers wait at a barrier (they create BARRIER/ready-WORKER, then wait for BARRIER/go) so that all
 * of them really run at once, and print {@code appends_ok=N appends_failed=M} at the end.
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

    static List<String> optionArgs(Map<String, String> options) {
        return options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
