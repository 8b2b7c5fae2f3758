package io.floe.cli.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The labs' numbers as a bar chart: for every table of every lab, one group of bars per measured quantity, one bar per
 * column (symptom, after the fix, …), each scaled to the largest value of its quantity. Written by hand as SVG (no
 * charting library: a few rectangles and labels are all it takes); {@link #html} wraps the same SVG in a page.
 * Quantities that are not numbers (yes/no, text) and empty cells get no bar.
 */
final class LabChart {
    private static final String[] COLORS = {"#d1495b", "#2e86ab", "#66a182", "#edae49", "#8d6a9f", "#00798c"};
    private static final int WIDTH = 900;
    private static final int LEFT = 20;
    private static final int LABEL_WIDTH = 330;
    private static final int BAR_MAX = WIDTH - LEFT - LABEL_WIDTH - 110;
    private static final int BAR = 13;
    private static final int GAP = 3;

    private LabChart() {
    }

    /** A standalone SVG document. */
    static String svg(List<LabResult> results) {
        List<String> body = new ArrayList<>();
        int y = 30;
        body.add(text(LEFT, y, "floe lab", "font-size=\"18\" font-weight=\"bold\""));
        y += 14;
        for (LabResult r : results) {
            y += 26;
            body.add(text(LEFT, y, "Lab " + r.lab() + ": " + r.title() + " (scale " + r.scale() + ")", "font-size=\"15\" font-weight=\"bold\""));
            for (LabResult.Section s : r.sections()) {
                y += 8;
                if (s.heading() != null) {
                    y += 16;
                    body.add(text(LEFT, y, s.heading(), "font-size=\"13\" font-style=\"italic\""));
                }
                y += 8;
                // legend: one swatch per column
                int x = LEFT;
                for (int c = 0; c < s.columns().size(); c++) {
                    if (x > LEFT && x + 40 + 7 * s.columns().get(c).length() > WIDTH) {
                        x = LEFT;
                        y += 18;
                    }
                    body.add(rect(x, y, 12, 12, color(c)));
                    body.add(text(x + 16, y + 10, s.columns().get(c), "font-size=\"12\""));
                    x += 40 + 7 * s.columns().get(c).length();
                }
                y += 18;
                for (LabResult.Metric m : s.metrics()) {
                    double max = 0;
                    boolean any = false;
                    for (Object v : m.values()) {
                        if (v instanceof Number n && !(v instanceof Double d && d.isNaN())) {
                            max = Math.max(max, Math.abs(n.doubleValue()));
                            any = true;
                        }
                    }
                    if (!any) {
                        continue;
                    }
                    y += 6;
                    int top = y;
                    body.add(label(top + BAR, m.label()));
                    for (int c = 0; c < m.values().size(); c++) {
                        Object v = m.values().get(c);
                        int by = top + c * (BAR + GAP);
                        if (v instanceof Number n) {
                            double w = max == 0 ? 0 : Math.abs(n.doubleValue()) / max * BAR_MAX;
                            body.add(rect(LEFT + LABEL_WIDTH, by, Math.max(w, n.doubleValue() == 0 ? 0 : 1), BAR, color(c))
                                    .replace("/>", "><title>" + esc(s.columns().get(c) + ": " + LabResult.format(v)) + "</title></rect>"));
                            body.add(text(LEFT + LABEL_WIDTH + (int) Math.ceil(w) + 5, by + BAR - 2, LabResult.format(v), "font-size=\"11\""));
                        } else {
                            body.add(text(LEFT + LABEL_WIDTH + 5, by + BAR - 2, LabResult.format(v), "font-size=\"11\" fill=\"#666\""));
                        }
                    }
                    y = top + m.values().size() * (BAR + GAP);
                }
            }
        }
        y += 20;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(y)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(y)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        b.append("  <rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(y).append("\" fill=\"white\"/>\n");
        body.forEach(l -> b.append("  ").append(l).append('\n'));
        b.append("</svg>\n");
        return b.toString();
    }

    /** A page holding the SVG (it opens in any browser, and parses as XML too). */
    static String html(List<LabResult> results) {
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head><meta charset=\"utf-8\"/><title>floe lab</title></head>\n<body>\n"
                + svg(results) + "</body>\n</html>\n";
    }

    /** The chart for a file name ending in .svg or .html. @throws IllegalArgumentException for any other name */
    static String forFile(String fileName, List<LabResult> results) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".svg")) {
            return svg(results);
        }
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return html(results);
        }
        throw new IllegalArgumentException("--chart writes .svg or .html, not '" + fileName + "'");
    }

    /** A metric's label left of its bars: indented as in the text output, shortened to fit (in full as its tooltip). */
    private static String label(int y, String label) {
        int indent = label.length() - label.stripLeading().length();
        String l = label.strip();
        int fits = LABEL_WIDTH / 6 - 2 - indent;
        if (l.length() <= fits) {
            return text(LEFT + 6 * indent, y, l, "font-size=\"12\"");
        }
        return "<text x=\"" + (LEFT + 6 * indent) + "\" y=\"" + y + "\" font-size=\"12\"><title>" + esc(l) + "</title>"
                + esc(l.substring(0, fits - 1).stripTrailing()) + "…</text>";
    }

    private static String color(int column) {
        return COLORS[column % COLORS.length];
    }

    private static String rect(double x, double y, double w, double h, String fill) {
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x, y, w, h, fill);
    }

    private static String text(int x, int y, String s, String attrs) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" " + attrs + ">" + esc(s) + "</text>";
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (ch >= 0x20 || ch == '\t' || ch == '\n') {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }
}
