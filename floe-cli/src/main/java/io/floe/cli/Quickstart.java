package io.floe.cli;

import io.floe.Floe;
import io.floe.QueryResult;
import io.floe.storage.ObjectStores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code floe quickstart}: a small lakehouse end to end — raw JSON trips (bronze), a cleaned and typed
 * Delta table partitioned by month (silver), a daily aggregate (gold), a query, a change, the history
 * and a time-travel read — printing what each step took.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Builds bronze → silver → gold tables from a generated NYC-taxi-like dataset and shows queries,",
                "history and time travel. Re-runnable: it replaces its own tables."})
public final class Quickstart implements Callable<Integer> {
    @Mixin
    FloeCli.WarehouseOptions wh;

    @Option(names = "--rows", defaultValue = "1000000", description = "Trips to generate (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same data.")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        String location = wh.location();
        // DuckDB reads raw JSON from local files only, so a remote warehouse gets its bronze files in a local temp dir.
        Path bronze = ObjectStores.hasScheme(location) && !location.startsWith("file:")
                ? Files.createTempDirectory("floe-bronze-") : Path.of(location).toAbsolutePath().resolve("bronze").resolve("trips");
        out.println("Floe quickstart: " + rows + " trips into warehouse " + location);
        long all = System.nanoTime();
        step("1. generate raw trips as JSON (bronze) in " + bronze, () -> {
            TripsGenerator.write(bronze, rows, seed);
            return null;
        });
        try (Floe floe = wh.open()) {
            step("2. drop the tables of an earlier run", () -> floe.sql(
                    "DROP TABLE IF EXISTS gold_zone_daily; DROP TABLE IF EXISTS silver_trips"));
            QueryResult silver = step("3. clean, type and load silver_trips (Delta, partitioned by pickup month)", () -> floe.sql(
                    "CREATE TABLE silver_trips USING DELTA PARTITIONED BY (pickup_month) AS\n"
                            + "SELECT trip_id, vendor_id, CAST(pickup_ts AS TIMESTAMP) AS pickup_ts, CAST(dropoff_ts AS TIMESTAMP) AS dropoff_ts,\n"
                            + "       pickup_zone, dropoff_zone, CAST(passenger_count AS INT) AS passenger_count,\n"
                            + "       CAST(trip_distance AS DOUBLE) AS trip_distance, CAST(fare_amount AS DECIMAL(10,2)) AS fare_amount,\n"
                            + "       CAST(tip_amount AS DECIMAL(10,2)) AS tip_amount, CAST(total_amount AS DECIMAL(10,2)) AS total_amount,\n"
                            + "       payment_type, strftime(CAST(pickup_ts AS TIMESTAMP), '%Y-%m') AS pickup_month\n"
                            + "FROM read_json('" + bronze.toString().replace("'", "''") + "/*.json', format = 'newline_delimited')\n"
                            + "WHERE fare_amount >= 0 AND pickup_zone IS NOT NULL AND CAST(dropoff_ts AS TIMESTAMP) > CAST(pickup_ts AS TIMESTAMP)"));
            out.println("   " + silver.message());
            QueryResult gold = step("4. build gold_zone_daily (trips, revenue, distance per zone and day)", () -> floe.sql(
                    "CREATE TABLE gold_zone_daily USING DELTA AS\n"
                            + "SELECT pickup_zone, CAST(pickup_ts AS DATE) AS day, count(*) AS trips, sum(total_amount) AS revenue,\n"
                            + "       round(avg(trip_distance), 2) AS avg_distance\n"
                            + "FROM silver_trips GROUP BY pickup_zone, CAST(pickup_ts AS DATE)"));
            out.println("   " + gold.message());
            QueryResult zones = step("5. trips per pickup zone", () -> floe.sql(
                    "SELECT pickup_zone, count(*) AS trips FROM silver_trips GROUP BY pickup_zone ORDER BY trips DESC, pickup_zone LIMIT 15"));
            ResultPrinter.print(zones, ResultPrinter.Format.TABLE, out);
            QueryResult upd = step("6. a correction: disputed trips are voided (DELETE → version 1)", () -> floe.sql(
                    "DELETE FROM silver_trips WHERE payment_type = 'dispute'"));
            out.println("   " + upd.message());
            QueryResult history = step("7. DESCRIBE HISTORY silver_trips", () -> floe.sql("DESCRIBE HISTORY silver_trips"));
            ResultPrinter.print(project(history, "version", "timestamp", "operation", "operationMetrics"), ResultPrinter.Format.TABLE, out);
            QueryResult travel = step("8. time travel: the table before and after the correction (VERSION AS OF 0)", () -> floe.sql(
                    "SELECT 'version 0' AS version, count(*) AS trips, sum(total_amount) AS revenue FROM silver_trips VERSION AS OF 0\n"
                            + "UNION ALL SELECT 'latest', count(*), sum(total_amount) FROM silver_trips ORDER BY 1 DESC"));
            ResultPrinter.print(travel, ResultPrinter.Format.TABLE, out);
        }
        out.printf("done in %.1f s. Explore with: bin/floe shell --warehouse %s%n", (System.nanoTime() - all) / 1e9, location);
        out.flush();
        return 0;
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private <T> T step(String title, Step<T> s) throws Exception {
        out.println(title);
        out.flush();
        long t0 = System.nanoTime();
        T r = s.run();
        out.printf("   (%.2f s)%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
        return r;
    }

    /** The named columns of a result, for a narrower print. */
    static QueryResult project(QueryResult r, String... cols) {
        List<Integer> idx = java.util.Arrays.stream(cols).map(r::columnIndex).toList();
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (List<Object> row : r.rows()) {
            List<Object> out = new java.util.ArrayList<>();
            idx.forEach(i -> out.add(row.get(i)));
            rows.add(out);
        }
        return new QueryResult(List.of(cols), idx.stream().map(r.columnTypes()::get).toList(), rows, r.message());
    }
}
