package io.floe.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.QueryResult;
import io.floe.ResultStream;
import org.jline.utils.WCWidth;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints query results as an aligned table, CSV (RFC 4180) or JSON Lines. */
public final class ResultPrinter {
    public enum Format {
        TABLE, CSV, JSON;

        /** Accepts any case ("csv", "CSV"), for the --format option. */
        static Format of(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** A cell wider than this is cut with '…' in table format, so one long value does not push every row off screen. */
    static final int MAX_CELL_WIDTH = 80;

    // Plain decimals: a DECIMAL(10,2) of 1E+3 must print as 1000, as every other tool shows it.
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private ResultPrinter() {
    }

    /**
     * Prints one statement's result. A result without columns (DDL, DML) prints its message as a line in
     * every format; a query prints its rows in the format, and in table format also its message if it has one.
     */
    public static void print(QueryResult r, Format f, PrintWriter out) {
        print(ResultStream.of(r), f, out);
    }

    /**
     * Prints one statement's result as it streams in: CSV and JSON row by row; the table sizes its columns from the
     * first {@value #TABLE_PREVIEW_ROWS} rows and prints later ones as they come (a wider value there overflows its
     * column instead of being cut). Memory stays bounded whatever the result's size.
     */
    public static void print(ResultStream r, Format f, PrintWriter out) {
        if (r.columnNames().isEmpty()) {
            if (r.message() != null && !r.message().isEmpty()) {
                out.println(r.message());
            }
            out.flush();
            return;
        }
        switch (f) {
            case CSV -> csv(r, out);
            case JSON -> json(r, out);
            case TABLE -> {
                table(r, out);
                if (r.message() != null && !r.message().isEmpty()) {
                    out.println(r.message());
                }
            }
        }
        out.flush();
    }

    /**
     * Timestamps in every output format: ISO-8601 with seconds always and the fraction only when there is one, UTC
     * with 'Z' for TIMESTAMP, no zone for TIMESTAMP_NTZ: {@code 2024-01-01T00:00:00Z}, {@code 2024-02-11T16:58:36.333543Z}.
     * (Java's own toString drops zero seconds: 2024-01-01T00:00Z.)
     */
    private static final java.time.format.DateTimeFormatter LOCAL_TIMESTAMP = new java.time.format.DateTimeFormatterBuilder()
            .append(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T').appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    static String timestamp(Object v) {
        if (v instanceof java.time.OffsetDateTime odt) {
            return LOCAL_TIMESTAMP.format(odt.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime()) + "Z";
        }
        if (v instanceof java.time.Instant i) {
            return LOCAL_TIMESTAMP.format(java.time.LocalDateTime.ofInstant(i, java.time.ZoneOffset.UTC)) + "Z";
        }
        if (v instanceof java.time.LocalDateTime ldt) {
            return LOCAL_TIMESTAMP.format(ldt);
        }
        return null;
    }

    /** A value as text: NULL for null, base64 for bytes, ISO-8601 for dates and times (see {@link #timestamp}). */
    static String text(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        String ts = timestamp(v);
        return ts != null ? ts : v.toString();
    }

    // ------------------------------------------------------------------ table

    /** Rows the table format reads before it fixes its column widths. */
    static final int TABLE_PREVIEW_ROWS = 1000;

    static void table(ResultStream r, PrintWriter out) {
        int n = r.columnNames().size();
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        Arrays.fill(numeric, true);
        String[] header = new String[n];
        for (int i = 0; i < n; i++) {
            header[i] = oneLine(r.columnNames().get(i));
            width[i] = Math.min(MAX_CELL_WIDTH, displayWidth(header[i]));
        }
        Iterator<List<Object>> rows = r.iterator();
        List<String[]> cells = new ArrayList<>();
        while (cells.size() < TABLE_PREVIEW_ROWS && rows.hasNext()) {
            List<Object> row = rows.next();
            String[] c = cellsOf(row, n);
            for (int i = 0; i < n; i++) {
                if (row.get(i) != null && !(row.get(i) instanceof Number)) {
                    numeric[i] = false;
                }
                width[i] = Math.min(MAX_CELL_WIDTH, Math.max(width[i], displayWidth(c[i])));
            }
            cells.add(c);
        }
        StringBuilder sep = new StringBuilder("+");
        for (int w : width) {
            sep.append("-".repeat(w + 2)).append('+');
        }
        out.println(sep);
        out.println(line(header, width, new boolean[n], false));
        out.println(sep);
        long count = 0;
        for (String[] c : cells) {
            out.println(line(c, width, numeric, false));
            count++;
        }
        while (rows.hasNext()) {
            out.println(line(cellsOf(rows.next(), n), width, numeric, true));
            count++;
        }
        out.println(sep);
        out.println(count + (count == 1 ? " row" : " rows"));
    }

    /** Control characters would break the grid, so they are shown escaped. */
    private static String oneLine(String s) {
        if (s.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Terminal columns a string takes: East Asian wide characters and most emoji take two, combining marks none. */
    static int displayWidth(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += Math.max(0, WCWidth.wcwidth(cp));
            i += Character.charCount(cp);
        }
        return w;
    }

    /** The longest prefix of s that fits in max columns, with '…' when something was cut. */
    private static String fit(String s, int max) {
        if (displayWidth(s) <= max) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int cw = Math.max(0, WCWidth.wcwidth(cp));
            if (w + cw > max - 1) {
                break;
            }
            sb.appendCodePoint(cp);
            w += cw;
            i += Character.charCount(cp);
        }
        return sb.append('…').toString();
    }

    /** A row's cells as the table shows them (NULL for null). */
    private static String[] cellsOf(List<Object> row, int n) {
        String[] c = new String[n];
        for (int i = 0; i < n; i++) {
            c[i] = oneLine(text(row.get(i)));
        }
        return c;
    }

    /** @param overflow a value wider than its column is kept (up to the cell limit) rather than cut to the column */
    private static String line(String[] c, int[] width, boolean[] rightAlign, boolean overflow) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < c.length; i++) {
            String v = fit(c[i], overflow ? Math.max(width[i], MAX_CELL_WIDTH) : width[i]);
            String pad = " ".repeat(Math.max(0, width[i] - displayWidth(v)));
            sb.append(' ');
            if (rightAlign[i]) {
                sb.append(pad).append(v);
            } else {
                sb.append(v).append(pad);
            }
            sb.append(" |");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ CSV

    /** RFC 4180: CRLF line ends, fields with separators, quotes or line breaks quoted; NULL is an empty field, '' is "". */
    static void csv(ResultStream r, PrintWriter out) {
        out.print(csvLine(new ArrayList<>(r.columnNames())));
        for (List<Object> row : r) {
            List<String> vals = new ArrayList<>(row.size());
            for (Object o : row) {
                vals.add(o == null ? null : text(o));
            }
            out.print(csvLine(vals));
        }
    }

    private static String csvLine(List<String> vals) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < vals.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String s = vals.get(i);
            if (s == null) {
                continue;
            }
            if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        return sb.append("\r\n").toString();
    }

    // ------------------------------------------------------------------ JSON Lines

    /** One JSON object per row, keys in column order; numbers and booleans stay JSON numbers and booleans. */
    static void json(ResultStream r, PrintWriter out) {
        for (List<Object> row : r) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int i = 0; i < r.columnNames().size(); i++) {
                o.put(r.columnNames().get(i), jsonValue(row.get(i)));
            }
            try {
                out.println(JSON.writeValueAsString(o));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Object jsonValue(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(jsonValue(x)));
            return out;
        }
        if (v instanceof Object[] a) {
            return jsonValue(Arrays.asList(a));
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), jsonValue(x)));
            return out;
        }
        String ts = timestamp(v);
        return ts != null ? ts : v.toString(); // dates: ISO-8601
    }
}
