package io.floe.cli.lab;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What a lab measured: one or more tables ({@link Section}s), each with one column per situation (usually "symptom" and
 * "after the fix") and one row per metric, and the explanation of the mechanism. Tests read the metrics by key (keys
 * are unique across sections); people read {@link #text()} or {@link #markdown()}.
 *
 * @param sections    the tables; most labs have one, untitled
 * @param explanation paragraphs: what happened and why the fix works
 * @param fix         the commands (SQL) that fixed it, one per line
 */
public record LabResult(String lab, String title, String scale, String warehouse, List<Section> sections,
                        List<String> explanation, List<String> fix) {
    public LabResult {
        sections = List.copyOf(sections);
        explanation = List.copyOf(explanation);
        fix = List.copyOf(fix);
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("lab " + lab + " measured nothing");
        }
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Section sec : sections) {
            for (Metric m : sec.metrics()) {
                if (!keys.add(m.key())) {
                    throw new IllegalArgumentException("lab " + lab + " measured " + m.key() + " twice");
                }
            }
        }
    }

    /** One table of the result. */
    public LabResult(String lab, String title, String scale, String warehouse, List<String> columns, List<Metric> metrics,
                     List<String> explanation, List<String> fix) {
        this(lab, title, scale, warehouse, List.of(new Section(null, columns, metrics)), explanation, fix);
    }

    /**
     * One side-by-side table.
     *
     * @param heading what it compares (null: the lab's title says it)
     * @param columns headers of the value columns, e.g. ["plain Parquet", "Delta (Floe)"]
     */
    public record Section(String heading, List<String> columns, List<Metric> metrics) {
        public Section {
            columns = List.copyOf(columns);
            metrics = List.copyOf(metrics);
            for (Metric m : metrics) {
                if (m.values().size() != columns.size()) {
                    throw new IllegalArgumentException("metric " + m.key() + " has " + m.values().size() + " values for "
                            + columns.size() + " columns");
                }
            }
        }
    }

    /** The columns of the first table. */
    public List<String> columns() {
        return sections.get(0).columns();
    }

    /** Every metric, of every table. */
    public List<Metric> metrics() {
        return sections.stream().flatMap(s -> s.metrics().stream()).toList();
    }

    /** The table that holds a metric. */
    public Section sectionOf(String key) {
        return sections.stream().filter(s -> s.metrics().stream().anyMatch(m -> m.key().equals(key))).findFirst()
                .orElseThrow(() -> new NoSuchElementException("lab " + lab + " measured no " + key));
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
        return metrics().stream().filter(m -> m.key().equals(key)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("lab " + lab + " measured no " + key));
    }

    /** The value of a metric in a column, as a number. */
    public double number(String key, int column) {
        return metric(key).number(column);
    }

    /** The side-by-side tables and the explanation, for a terminal. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("Lab ").append(lab).append(": ").append(title).append("  (scale ").append(scale).append(")\n");
        b.append("warehouse: ").append(warehouse).append("\n");
        for (Section sec : sections) {
            b.append('\n');
            if (sec.heading() != null) {
                b.append(sec.heading()).append('\n');
            }
            appendText(b, sec);
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

    private static void appendText(StringBuilder b, Section sec) {
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(sec.columns());
        cells.add(header);
        for (Metric m : sec.metrics()) {
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
    }

    /** The same as Markdown: a heading, the tables, the fix in a SQL block and the explanation. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("## Lab `").append(lab).append("`: ").append(title).append("\n\n");
        b.append("Scale `").append(scale).append("`, warehouse `").append(warehouse).append("`.\n\n");
        for (Section sec : sections) {
            if (sec.heading() != null) {
                b.append("**").append(sec.heading()).append("**\n\n");
            }
            b.append("| |");
            sec.columns().forEach(c -> b.append(' ').append(c.replace("|", "\\|")).append(" |"));
            b.append("\n|---|");
            sec.columns().forEach(c -> b.append("---:|"));
            b.append('\n');
            for (Metric m : sec.metrics()) {
                b.append("| ").append(m.label().replace("|", "\\|")).append(" |");
                m.values().forEach(v -> b.append(' ').append(format(v).replace("|", "\\|")).append(" |"));
                b.append('\n');
            }
            b.append('\n');
        }
        if (!fix.isEmpty()) {
            b.append("The fix:\n\n```sql\n");
            fix.forEach(f -> b.append(f).append('\n'));
            b.append("```\n\n");
        }
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
