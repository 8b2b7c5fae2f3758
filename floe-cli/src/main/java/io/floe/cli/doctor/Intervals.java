package io.floe.cli.doctor;

import java.time.Duration;

/** Durations as the doctor prints them and as Delta's interval properties spell them ("interval 7 days"). */
final class Intervals {
    private Intervals() {
    }

    /** "7 days", "36 hours", "90 minutes", "5 seconds": the largest unit that divides the duration. */
    static String human(Duration d) {
        if (d.isZero()) {
            return "0 hours";
        }
        if (d.toMillis() % 86_400_000 == 0) {
            return d.toDays() + " days";
        }
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + " hours";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + " minutes";
        }
        // Iceberg's ages are milliseconds: say so rather than round to "0 minutes"
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " seconds" : d.toMillis() + " ms";
    }

    /** The property value that sets this duration, as Delta writes it. */
    static String property(Duration d) {
        return "interval " + human(d);
    }
}
