package io.floe.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic NYC-taxi-like trips dataset, written as newline-delimited JSON (the raw "bronze"
 * layer). The same seed and row count always give the same bytes. About 1% of rows are dirty
 * (negative fares, missing zones, drop-off before pick-up) for the cleaning step to remove.
 */
public final class TripsGenerator {
    static final String[] ZONES = {"Midtown Center", "Upper East Side South", "Upper East Side North", "Midtown East",
            "Times Sq/Theatre District", "Penn Station/Madison Sq West", "Lincoln Square East", "Murray Hill", "Union Sq",
            "East Village", "Clinton East", "Upper West Side South", "Lenox Hill West", "Gramercy", "East Chelsea",
            "West Village", "JFK Airport", "LaGuardia Airport", "Midtown North", "Yorkville West", "Lower East Side",
            "Greenwich Village North", "Sutton Place/Turtle Bay North", "Flatiron", "TriBeCa/Civic Center", "Battery Park City",
            "Financial District North", "Kips Bay", "Upper West Side North", "Little Italy/NoLiTa", "SoHo", "Chinatown",
            "Hudson Sq", "Central Park", "Harlem", "Williamsburg", "Astoria", "Long Island City", "Park Slope", "Newark Airport"};
    static final String[] PAYMENTS = {"card", "card", "card", "cash", "cash", "no_charge", "dispute"};
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final LocalDateTime START = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final int SECONDS = 91 * 24 * 3600; // January to March 2024

    private TripsGenerator() {
    }

    /** Writes {@code rows} trips into {@code dir}/part-N.json files of at most 250,000 rows; returns the files. */
    public static List<Path> write(Path dir, long rows, long seed) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(seed);
        long perFile = 250_000;
        StringBuilder sb = new StringBuilder(256);
        for (long start = 0, part = 0; start < rows; start += perFile, part++) {
            Path f = dir.resolve("part-" + part + ".json");
            files.add(f);
            try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                for (long id = start; id < Math.min(rows, start + perFile); id++) {
                    sb.setLength(0);
                    row(sb, id, rnd);
                    w.append(sb).append('\n');
                }
            }
        }
        return files;
    }

    private static void row(StringBuilder sb, long id, SplittableRandom r) {
        int dirty = r.nextInt(100) == 0 ? 1 + r.nextInt(3) : 0;
        LocalDateTime pickup = START.plusSeconds(r.nextInt(SECONDS));
        double distance = Math.round((0.3 + Math.pow(r.nextDouble(), 2) * 18) * 100) / 100.0;
        int minutes = 3 + (int) (distance * (2 + r.nextDouble() * 3));
        LocalDateTime dropoff = dirty == 3 ? pickup.minusMinutes(minutes) : pickup.plusMinutes(minutes);
        // a skewed zone choice: a few zones get most trips, as in the real data
        String pz = ZONES[(int) (ZONES.length * Math.pow(r.nextDouble(), 2.5))];
        String dz = ZONES[(int) (ZONES.length * Math.pow(r.nextDouble(), 2))];
        double fare = Math.round((3.0 + distance * 2.5 + minutes * 0.5) * 100) / 100.0;
        if (dirty == 1) {
            fare = -fare;
        }
        String pay = PAYMENTS[r.nextInt(PAYMENTS.length)];
        double tip = pay.equals("card") ? Math.round(fare * (0.1 + r.nextDouble() * 0.15) * 100) / 100.0 : 0;
        double total = Math.round((fare + tip + 1.0) * 100) / 100.0;
        sb.append("{\"trip_id\":").append(id)
                .append(",\"vendor_id\":").append(1 + r.nextInt(3))
                .append(",\"pickup_ts\":\"").append(pickup.format(TS)).append('"')
                .append(",\"dropoff_ts\":\"").append(dropoff.format(TS)).append('"')
                .append(",\"pickup_zone\":").append(dirty == 2 ? "null" : "\"" + pz.replace("\"", "\\\"") + "\"")
                .append(",\"dropoff_zone\":\"").append(dz).append('"')
                .append(",\"passenger_count\":").append(1 + (int) (Math.pow(r.nextDouble(), 3) * 5))
                .append(",\"trip_distance\":").append(distance)
                .append(",\"fare_amount\":").append(fare)
                .append(",\"tip_amount\":").append(tip)
                .append(",\"total_amount\":").append(total)
                .append(",\"payment_type\":\"").append(pay).append("\"}");
    }
}
