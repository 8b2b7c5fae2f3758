package io.floe.cli.doctor;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Delta's interval strings ("interval 7 days", "1 week", "168 hours") as the table properties hold them. */
final class Intervals {
    private static final Pattern INTERVAL = Pattern.compile(
            "(?:interval\\s+)?(\\d+)\\s*(millisecond|second|minute|hour|day|week)s?", Pattern.CASE_INSENSITIVE);

    private Intervals() {
    }

    static Duration parse(String s) {
        Matcher m = INTERVAL.matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an interval: '" + s + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "millisecond" -> Duration.ofMillis(n);
            case "second" -> Duration.ofSeconds(n);
            case "minute" -> Duration.ofMinutes(n);
            case "hour" -> Duration.ofHours(n);
            case "day" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** "7 days", "36 hours", "90 minutes": the largest unit that divides the duration. */
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
        return d.toMinutes() + " minutes";
    }

    /** The property value that sets this duration, as Delta writes it. */
    static String property(Duration d) {
        return "interval " + human(d);
    }
}
