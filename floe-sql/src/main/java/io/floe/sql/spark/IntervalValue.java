package io.floe.sql.spark;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An interval literal's value: months, days and microseconds, read the way Spark reads INTERVAL literals. */
record IntervalValue(long months, long days, long micros) {
    private static final Pattern PAIR = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]+)");

    /** {@code value} in {@code unit} ({@code '1' DAY}, {@code '1.5' SECOND}), or the range form ({@code '1-2' YEAR TO MONTH}). */
    static IntervalValue parse(String value, String unit, String toUnit) {
        String v = value.trim();
        if (toUnit != null) {
            return range(v, unit, toUnit);
        }
        BigDecimal n;
        try {
            n = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new SparkSqlException.Syntax("invalid interval value '" + value + "' for unit " + unit);
        }
        return of(n, unit);
    }

    /** '1 day 2 hours' (unit names in the text). */
    static IntervalValue parseText(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("interval")) {
            t = t.substring("interval".length());
        }
        Matcher m = PAIR.matcher(t);
        long months = 0;
        long days = 0;
        long micros = 0;
        int end = 0;
        boolean any = false;
        while (m.find()) {
            if (!t.substring(end, m.start()).isBlank()) {
                break;
            }
            IntervalValue iv = of(new BigDecimal(m.group(1)), m.group(2).toUpperCase(Locale.ROOT));
            months += iv.months;
            days += iv.days;
            micros += iv.micros;
            end = m.end();
            any = true;
        }
        if (!any || !t.substring(end).isBlank()) {
            throw new SparkSqlException.Syntax("cannot read interval '" + text + "'");
        }
        return new IntervalValue(months, days, micros);
    }

    private static IntervalValue of(BigDecimal n, String unit) {
        String u = unit.endsWith("S") ? unit.substring(0, unit.length() - 1) : unit;
        return switch (u) {
            case "YEAR" -> new IntervalValue(n.longValueExact() * 12, 0, 0);
            case "MONTH" -> new IntervalValue(n.longValueExact(), 0, 0);
            case "WEEK" -> new IntervalValue(0, n.longValueExact() * 7, 0);
            case "DAY" -> new IntervalValue(0, n.longValueExact(), 0);
            case "HOUR" -> new IntervalValue(0, 0, n.multiply(BigDecimal.valueOf(3_600_000_000L)).longValueExact());
            case "MINUTE" -> new IntervalValue(0, 0, n.multiply(BigDecimal.valueOf(60_000_000L)).longValueExact());
            case "SECOND" -> new IntervalValue(0, 0, n.movePointRight(6).longValueExact());
            case "MILLISECOND" -> new IntervalValue(0, 0, n.movePointRight(3).longValueExact());
            case "MICROSECOND" -> new IntervalValue(0, 0, n.longValueExact());
            default -> throw new SparkSqlException.Syntax("unknown interval unit " + unit);
        };
    }

    private static IntervalValue range(String v, String from, String to) {
        int sign = 1;
        if (v.startsWith("-")) {
            sign = -1;
            v = v.substring(1);
        } else if (v.startsWith("+")) {
            v = v.substring(1);
        }
        String f = from.replaceAll("S$", "");
        String t = to.replaceAll("S$", "");
        try {
            if (f.equals("YEAR") && t.equals("MONTH")) {
                String[] p = v.split("-");
                return new IntervalValue(sign * (Long.parseLong(p[0]) * 12 + Long.parseLong(p[1])), 0, 0);
            }
            long days = 0;
            String time = v;
            if (f.equals("DAY")) {
                String[] p = v.split("\\s+", 2);
                days = Long.parseLong(p[0]);
                time = p.length > 1 ? p[1] : "0";
            }
            String[] hms = time.split(":");
            long micros = 0;
            String[] units = switch (f.equals("DAY") ? "HOUR" : f) {
                case "HOUR" -> new String[]{"HOUR", "MINUTE", "SECOND"};
                case "MINUTE" -> new String[]{"MINUTE", "SECOND"};
                default -> throw new SparkSqlException.Syntax("unknown interval range " + from + " TO " + to);
            };
            for (int i = 0; i < hms.length && i < units.length; i++) {
                micros += of(new BigDecimal(hms[i]), units[i]).micros;
            }
            return new IntervalValue(0, sign * days, sign * micros);
        } catch (RuntimeException e) {
            if (e instanceof SparkSqlException s) {
                throw s;
            }
            throw new SparkSqlException.Syntax("cannot read interval '" + v + "' " + from + " TO " + to);
        }
    }
}
