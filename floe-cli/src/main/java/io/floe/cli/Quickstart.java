package io.floe.cli;

import io.floe.Floe;
import io.floe.QueryResult;
import io.floe.storage.ObjectStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code floe quickstart}: a small lakehouse end to end — raw JSON trips (bronze), a cleaned and typed
 * Delta table partitioned by month (silver), a daily aggregate (gold), a query, a correction that makes a
 * new version, the history and a time-travel read — printing each step's SQL, result and time.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A lakehouse in one command, on a generated NYC-taxi-like dataset:",
                "  1. generate N raw trips as newline-delimited JSON (bronze): <warehouse>/bronze/trips/part-N.json,",
                "     about 1% of them dirty (negative fares, missing zones, drop-off before pick-up)",
                "  2. drop the tables of an earlier run (it is re-runnable)",
                "  3. CREATE TABLE silver_trips (typed columns) USING DELTA PARTITIONED BY (pickup_month)",
                "  4. INSERT INTO silver_trips SELECT … FROM read_json(bronze) WHERE <cleaning predicates>",
                "  5. CREATE TABLE gold_zone_daily AS SELECT zone, day, trips, revenue, avg distance … GROUP BY",
                "  6. the 15 busiest pick-up zones",
                "  7. UPDATE: refund disputed trips (a new table version)",
                "  8. DESCRIBE HISTORY silver_trips",
                "  9. time travel: SELECT … FROM silver_trips VERSION AS OF 1, next to the latest version",
                "Each step prints its SQL and the time it took. For an s3:// warehouse the bronze files are",
                "generated in a local temporary directory (DuckDB reads JSON from local files only here) and",
                "deleted afterwards; the tables go to S3.",
                ""},
        footer = FloeCli.ENVIRONMENT)
public final class Quickstart implements Callable<Integer> {
    @Mixin
    FloeCli.WarehouseOptions wh;

    @Option(names = "--rows", defaultValue = "1000000", paramLabel = "N", description = "Trips to generate. Default: ${DEFAULT-VALUE}.")
    long rows;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed: the same seed and --rows give the same data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    /** Shows, on a terminal, that a long step is still running (the elapsed time under its SQL). */
    private final TerminalProgress progress = TerminalProgress.forStderr(System.err);
    private final List<List<Object>> timings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (rows < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rows must be at least 1");
        }
        out = spec.commandLine().getOut();
        String location = wh.location();
        boolean remote = ObjectStores.hasScheme(location) && !location.startsWith("file:");
        Path bronze = remote ? Files.createTempDirectory("floe-bronze-")
                : localPath(location).resolve("bronze").resolve("trips");
        out.printf("Floe quickstart: %,d taxi trips into the warehouse %s%n%n", rows, location);
        if (remote) {
            out.println("note: DuckDB here reads JSON from local files only (no httpfs), so the bronze files go to "
                    + bronze + " and are deleted at the end; the Delta tables are written to " + location + ".");
            out.println();
        }
        long all = System.nanoTime();
        try {
            steps(bronze);
        } finally {
            progress.close();
            if (remote) {
                deleteTree(bronze);
            }
        }
        double total = (System.nanoTime() - all) / 1e9;
        out.println("Step timings:");
        timings.add(Arrays.asList("total", BigDecimal.valueOf(total).setScale(2, RoundingMode.HALF_UP)));
        ResultPrinter.print(new QueryResult(List.of("step", "seconds"), List.of("VARCHAR", "DECIMAL(10,2)"), timings, null),
                ResultPrinter.Format.TABLE, out);
        String whFlag = wh.warehouse != null ? " --warehouse " + location : "";
        out.printf("%nExplore further: bin/floe shell%s   (or: bin/floe sql%s \"SELECT * FROM gold_zone_daily LIMIT 10\")%n",
                whFlag, whFlag);
        out.flush();
        return 0;
    }

    private void steps(Path bronze) throws Exception {
        String bronzeGlob = sqlString(bronze.toAbsolutePath().resolve("*.json").toString());
        step("generate", "1. Generate raw trips as JSON lines (bronze) in " + bronze, null,
                () -> TripsGenerator.write(bronze, rows, seed), files -> {
                    long bytes = 0;
                    for (Path f : files) {
                        bytes += f.toFile().length();
                    }
                    out.printf("   %d file(s), %.1f MB%n", files.size(), bytes / 1e6);
                });
        try (Floe floe = wh.open()) {
            sql(floe, "drop", "2. Drop the tables of an earlier run",
                    "DROP TABLE IF EXISTS gold_zone_daily;\nDROP TABLE IF EXISTS silver_trips");
            sql(floe, "create silver", "3. Create the silver table: typed columns, partitioned by pickup month",
                    """
                    CREATE TABLE silver_trips (
                      trip_id BIGINT NOT NULL, vendor_id INT, pickup_ts TIMESTAMP, dropoff_ts TIMESTAMP,
                      pickup_zone STRING, dropoff_zone STRING, passenger_count INT, trip_distance DOUBLE,
                      fare_amount DECIMAL(10,2), tip_amount DECIMAL(10,2), total_amount DECIMAL(10,2),
                      payment_type STRING, pickup_month STRING)
                    USING DELTA PARTITIONED BY (pickup_month)""");
            sql(floe, "load silver", "4. Clean, type and load bronze into silver (version 1)",
                    """
                    INSERT INTO silver_trips
                    SELECT trip_id, vendor_id, CAST(pickup_ts AS TIMESTAMP), CAST(dropoff_ts AS TIMESTAMP),
                           pickup_zone, dropoff_zone, passenger_count, trip_distance,
                           CAST(fare_amount AS DECIMAL(10,2)), CAST(tip_amount AS DECIMAL(10,2)),
                           CAST(total_amount AS DECIMAL(10,2)), payment_type,
                           date_format(CAST(pickup_ts AS TIMESTAMP), 'yyyy-MM')
                    FROM read_json('BRONZE', format = 'newline_delimited')
                    WHERE fare_amount >= 0 AND pickup_zone IS NOT NULL AND dropoff_zone IS NOT NULL
                      AND CAST(dropoff_ts AS TIMESTAMP) > CAST(pickup_ts AS TIMESTAMP)""".replace("'BRONZE'", bronzeGlob));
            sql(floe, "build gold", "5. Build the gold table: trips, revenue and distance per zone and day",
                    """
                    CREATE TABLE gold_zone_daily USING DELTA AS
                    SELECT pickup_zone AS zone, CAST(pickup_ts AS DATE) AS day, count(*) AS trips,
                           sum(total_amount) AS revenue, round(avg(trip_distance), 2) AS avg_distance
                    FROM silver_trips
                    GROUP BY pickup_zone, CAST(pickup_ts AS DATE)""");
            sql(floe, "top zones", "6. The busiest pick-up zones",
                    "SELECT pickup_zone, count(*) AS trips FROM silver_trips\nGROUP BY pickup_zone ORDER BY trips DESC, pickup_zone LIMIT 15");
            sql(floe, "update", "7. A correction: disputed trips are refunded (UPDATE makes version 2)",
                    "UPDATE silver_trips SET tip_amount = 0, total_amount = 0 WHERE payment_type = 'dispute'");
            step("history", "8. The table's history", "DESCRIBE HISTORY silver_trips", () -> floe.sql("DESCRIBE HISTORY silver_trips"),
                    history -> ResultPrinter.print(narrow(history, "version", "timestamp", "operation", "operationMetrics"),
                            ResultPrinter.Format.TABLE, out));
            sql(floe, "time travel", "9. Time travel: version 1 (before the correction) next to the latest version",
                    """
                    SELECT 'version 1' AS table_version, count(*) AS trips, sum(total_amount) AS revenue
                    FROM silver_trips VERSION AS OF 1
                    UNION ALL
                    SELECT 'latest', count(*), sum(total_amount) FROM silver_trips
                    ORDER BY table_version DESC""");
        }
    }

    /**
     * Runs one step's SQL, printing the step, the SQL, its result and its time. A statement with a message
     * (DDL, DML) prints just the message: its metrics row says the same again.
     */
    private void sql(Floe floe, String name, String title, String sql) throws Exception {
        step(name, title, sql, () -> floe.sqlAll(sql), results -> {
            for (QueryResult r : results) {
                if (r.message() != null && !r.message().isEmpty()) {
                    out.println("   " + r.message());
                } else {
                    ResultPrinter.print(r, ResultPrinter.Format.TABLE, out);
                }
            }
        });
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /** Prints the title and SQL, runs the step, prints its result, then the time the step took. */
    private <T> T step(String name, String title, String sql, Step<T> s, java.util.function.Consumer<T> show) throws Exception {
        out.println(title);
        if (sql != null) {
            out.println(sql.indent(4).stripTrailing());
        }
        out.flush();
        long t0 = System.nanoTime();
        T r;
        progress.onProgress(name, 0, -1);
        try {
            r = s.run();
        } finally {
            progress.clear();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        show.accept(r);
        timings.add(Arrays.asList(name, BigDecimal.valueOf(secs).setScale(2, RoundingMode.HALF_UP)));
        out.printf("   (%.2f s)%n%n", secs);
        out.flush();
        return r;
    }

    /** The named columns of a result that has them, for a narrower print (history has many columns). */
    static QueryResult narrow(QueryResult r, String... wanted) {
        List<Integer> idx = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String c : wanted) {
            for (int i = 0; i < r.columnNames().size(); i++) {
                if (r.columnNames().get(i).equalsIgnoreCase(c)) {
                    idx.add(i);
                    names.add(r.columnNames().get(i));
                }
            }
        }
        if (idx.isEmpty()) {
            return r;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            List<Object> o = new ArrayList<>();
            idx.forEach(i -> o.add(row.get(i)));
            rows.add(o);
        }
        return new QueryResult(names, idx.stream().map(r.columnTypes()::get).toList(), rows, r.message());
    }

    private static Path localPath(String location) {
        return (location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location)).toAbsolutePath();
    }

    private static String sqlString(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless; the OS cleans it
        }
    }
}
