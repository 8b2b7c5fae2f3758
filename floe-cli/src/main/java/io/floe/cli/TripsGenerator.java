package io.floe.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A deterministic NYC-taxi-like trips dataset, written as newline-delimited JSON (the raw "bronze"
 * layer): the same seed and row count always give the same bytes. About 1% of rows are dirty
 * (a negative fare, a missing pick-up zone, or a drop-off before the pick-up) for the cleaning step.
 *
 * <p>Each part file has its own random stream, derived from the seed and the part number, so the parts
 * are generated in parallel and still come out the same on every run.
 */
public final class TripsGenerator {
    static final String[] ZONES = {"Midtown Center", "Upper East Side South", "Upper East Side North", "Midtown East",
            "Times Sq/Theatre District", "Penn Station/Madison Sq West", "Lincoln Square East", "Murray Hill", "Union Sq",
            "East Village", "Clinton East", "Upper West Side South", "Lenox Hill West", "Gramercy", "East Chelsea",
            "West Village", "JFK Airport", "LaGuardia Airport", "Midtown North", "Yorkville West", "Lower East Side",
            "Greenwich Village North", "Sutton Place/Turtle Bay North", "Flatiron", "TriBeCa/Civic Center", "Battery Park City",
            "Financial District North", "Kips Bay", "Upper West Side North", "Little Italy/NoLiTa", "SoHo", "Chinatown",
            "Hudson Sq", "Central Park", "Harlem", "Williamsburg", "Astoria", "Long Island City", "Park Slope", "Newark Airport"};
    static final String[] PAYMENTS = {"card", "cash", "no_charge", "dispute"};
    /** Cumulative percentages for PAYMENTS: most trips are paid by card, a few are disputed. */
    private static final int[] PAYMENT_CUMULATIVE = {68, 95, 98, 100};
    static final int ROWS_PER_FILE = 250_000;
    /** One row in DIRTY_ONE_IN is dirty. */
    static final int DIRTY_ONE_IN = 100;

    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 91; // January to March 2024
    /** "yyyy-MM-dd " for the days a pick-up or drop-off can fall on (one day of margin either side). */
    private static final String[] DAY_PREFIX = new String[DAYS + 2];

    static {
        for (int d = -1; d <= DAYS; d++) {
            DAY_PREFIX[d + 1] = FIRST_DAY.plusDays(d) + " ";
        }
    }

    private TripsGenerator() {
    }

    /**
     * Writes {@code rows} trips into {@code dir}/part-N.json files of at most {@value #ROWS_PER_FILE} rows and
     * returns them. Part files of an earlier, larger run are deleted first, so the directory holds exactly this data.
     */
    public static List<Path> write(Path dir, long rows, long seed) throws IOException {
        return write(dir, rows, seed, ROWS_PER_FILE);
    }

    /** As {@link #write(Path, long, long)} with another file size (tests use small files to get several). */
    static List<Path> write(Path dir, long rows, long seed, int rowsPerFile) throws IOException {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, not " + rows);
        }
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "part-*.json")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        int parts = (int) ((rows + rowsPerFile - 1) / rowsPerFile);
        List<Path> files = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            files.add(dir.resolve("part-" + i + ".json"));
        }
        try {
            IntStream.range(0, parts).parallel().forEach(part -> {
                long from = (long) part * rowsPerFile;
                writePart(files.get(part), from, Math.min(rows, from + rowsPerFile), seed, part);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return files;
    }

    private static void writePart(Path file, long from, long to, long seed, int part) {
        // a distinct, reproducible stream per part: mixing in the part number with an odd constant
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + part);
        StringBuilder sb = new StringBuilder(1 << 16);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long id = from; id < to; id++) {
                row(sb, id, rnd);
                sb.append('\n');
                if (sb.length() > 60_000) {
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void row(StringBuilder sb, long id, SplittableRandom r) {
        int dirty = r.nextInt(DIRTY_ONE_IN) == 0 ? 1 + r.nextInt(3) : 0;
        // more trips in the evening than at night: two draws, keep the later hour half of the time
        int day = r.nextInt(DAYS);
        int second = r.nextInt(86_400);
        if (second < 6 * 3600 && r.nextBoolean()) {
            second += 12 * 3600;
        }
        long pickup = day * 86_400L + second;
        double distance = round2(0.3 + Math.pow(r.nextDouble(), 2) * 18);
        int minutes = 3 + (int) (distance * (2 + r.nextDouble() * 3));
        long dropoff = dirty == 3 ? pickup - minutes * 60L : pickup + minutes * 60L;
        // skewed zones: a few get most of the trips, as in the real data
        String pz = ZONES[(int) (ZONES.length * Math.pow(r.nextDouble(), 2.5))];
        String dz = ZONES[(int) (ZONES.length * Math.pow(r.nextDouble(), 2))];
        double fare = round2(3.0 + distance * 2.5 + minutes * 0.5);
        if (dirty == 1) {
            fare = -fare;
        }
        String pay = payment(r.nextInt(100));
        double tip = pay.equals("card") ? round2(Math.abs(fare) * (0.1 + r.nextDouble() * 0.15)) : 0;
        double total = round2(fare + tip + 1.0);
        sb.append("{\"trip_id\":").append(id)
                .append(",\"vendor_id\":").append(1 + r.nextInt(3))
                .append(",\"pickup_ts\":\"");
        timestamp(sb, pickup);
        sb.append("\",\"dropoff_ts\":\"");
        timestamp(sb, dropoff);
        sb.append("\",\"pickup_zone\":");
        if (dirty == 2) {
            sb.append("null");
        } else {
            sb.append('"').append(pz).append('"');
        }
        sb.append(",\"dropoff_zone\":\"").append(dz).append('"')
                .append(",\"passenger_count\":").append(1 + (int) (Math.pow(r.nextDouble(), 3) * 5))
                .append(",\"trip_distance\":").append(distance)
                .append(",\"fare_amount\":").append(fare)
                .append(",\"tip_amount\":").append(tip)
                .append(",\"total_amount\":").append(total)
                .append(",\"payment_type\":\"").append(pay).append("\"}");
    }

    private static String payment(int percentile) {
        int i = 0;
        while (percentile >= PAYMENT_CUMULATIVE[i]) {
            i++;
        }
        return PAYMENTS[i];
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** "yyyy-MM-dd HH:mm:ss" for seconds since 2024-01-01 00:00, by hand: a formatter per value is the slow part. */
    private static void timestamp(StringBuilder sb, long s) {
        int day = (int) Math.floorDiv(s, 86_400L);
        int sec = (int) Math.floorMod(s, 86_400L);
        sb.append(DAY_PREFIX[day + 1]);
        two(sb, sec / 3600);
        sb.append(':');
        two(sb, sec / 60 % 60);
        sb.append(':');
        two(sb, sec % 60);
    }

    private static void two(StringBuilder sb, int v) {
        sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
