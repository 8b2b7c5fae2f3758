package io.floe.cli.lab;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What a lab measured: one column per situation (usually "symptom" and "after the fix"), one row per metric,
 * and the explanation of the mechanism. Tests read the metrics by key; people read {@link #text()} or
 * {@link #markdown()}.
 *
 * @param columns     headers of the value columns, e.g. ["plain Parquet", "Delta (Floe)"]
 * @param explanation paragraphs: what happened and why the fix works
 * @param fix         the commands (SQL) that fixed it, one per line
 */
public record LabResult(String lab, String title, String scale, String warehouse, List<String> columns, List<Metric> metrics,
                        List<String> explanation, List<String> fix) {
    public LabResult {
        columns = List.copyOf(columns);
        metrics = List.copyOf(metrics);
        explanation = List.copyOf(explanation);
        fix = List.copyOf(fix);
        for (Metric m : metrics) {
            if (m.values().size() != columns.size()) {
                throw new IllegalArgumentException("metric " + m.key() + " has " + m.values().size() + " values for "
                        + columns.size() + " columns");
            }
        }
    }

    /**
     * One measured quantity across the columns.
     *
     * @param key    stable identifier for tests and tools (e.g. "rows_lost")
     * @param label  what a reader sees ("rows lost")
     * @param values one per column: Number, String or Boolean; null when not applicable
     */
    public record Metric(String key, String label, List<Object> values) {
        public Metric {
            Objects.requireNonNull(key, "key");
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }

        public static Metric of(String key, String label, Object... values) {
            return new Metric(key, label, java.util.Arrays.asList(values));
        }

        public Object value(int column) {
            return values.get(column);
        }

        /** The value as a number (for tests); fails on anything else. */
        public double number(int column) {
            Object v = values.get(column);
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalStateException(key + "[" + column + "] is not a number: " + v);
        }
    }

    public Metric metric(String key) {
        return metrics.stream().filter(m -> m.key().equals(key)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("lab " + lab + " measured no " + key));
    }

    /** The value of a metric in a column, as a number. */
    public double number(String key, int column) {
        return metric(key).number(column);
    }

    /** The side-by-side table and the explanation, for a terminal. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("Lab ").append(lab).append(": ").append(title).append("  (scale ").append(scale).append(")\n");
        b.append("warehouse: ").append(warehouse).append("\n\n");
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(columns);
        cells.add(header);
        for (Metric m : metrics) {
            List<String> row = new ArrayList<>();
            row.add(m.label());
            m.values().forEach(v -> row.add(format(v)));
            cells.add(row);
        }
        int[] width = new int[header.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (int r = 0; r < cells.size(); r++) {
            List<String> row = cells.get(r);
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.size(); i++) {
                String c = row.get(i);
                line.append(i == 0 ? pad(c, width[i]) : padLeft(c, width[i]));
                line.append(i + 1 < row.size() ? "   " : "");
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                int total = 2 + java.util.Arrays.stream(width).sum() + 3 * (width.length - 1);
                b.append("  ").append("-".repeat(total - 2)).append('\n');
            }
        }
        if (!fix.isEmpty()) {
            b.append("\nThe fix:\n");
            fix.forEach(f -> b.append("  ").append(f).append('\n'));
        }
        b.append('\n');
        for (String p : explanation) {
            b.append(wrap(p, 100)).append("\n\n");
        }
        return b.toString().stripTrailing() + "\n";
    }

    /** The same as Markdown: a heading, the table, the fix in a SQL block and the explanation. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("## Lab `").append(lab).append("`: ").append(title).append("\n\n");
        b.append("Scale `").append(scale).append("`, warehouse `").append(warehouse).append("`.\n\n");
        b.append("| |");
        columns.forEach(c -> b.append(' ').append(c.replace("|", "\\|")).append(" |"));
        b.append("\n|---|");
        columns.forEach(c -> b.append("---:|"));
        b.append('\n');
        for (Metric m : metrics) {
            b.append("| ").append(m.label().replace("|", "\\|")).append(" |");
            m.values().forEach(v -> b.append(' ').append(format(v).replace("|", "\\|")).append(" |"));
            b.append('\n');
        }
        if (!fix.isEmpty()) {
            b.append("\nThe fix:\n\n```sql\n");
            fix.forEach(f -> b.append(f).append('\n'));
            b.append("```\n");
        }
        b.append('\n');
        explanation.forEach(p -> b.append(p).append("\n\n"));
        return b.toString().stripTrailing() + "\n";
    }

    static String format(Object v) {
        if (v == null) {
            return "–";
        }
        if (v instanceof Boolean bo) {
            return bo ? "yes" : "no";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return new DecimalFormat(Math.abs(d) >= 100 ? "#,##0" : "#,##0.0#", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(d);
        }
        if (v instanceof Number n) {
            return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(n.longValue());
        }
        return v.toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(Math.max(0, w - s.length())) + s;
    }

    /** Wraps text; lines after the first start with {@code indent}. */
    public static String wrapIndented(String text, int width, String indent) {
        return wrap(text, width).replace("\n", "\n" + indent);
    }

    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line);
        return out.toString();
    }
}
