package io.floe.cli.lab;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The labs' numbers as a bar chart: for every table of every lab, one group of bars per measured quantity, one bar per
 * column (symptom, after the fix, …), each scaled to the largest value of its quantity. Laid out once as rectangles and
 * labels (no charting library: that is all it takes), then written as SVG, as an HTML page holding the SVG, or drawn
 * as PNG with the JDK's own imaging (java.awt, headless).
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

    /** A shape of the chart: a filled box, or a line of text (with the full text as its tooltip where it was cut). */
    private sealed interface Shape permits Box, Label {
    }

    private record Box(double x, double y, double w, double h, String fill, String title) implements Shape {
    }

    private record Label(int x, int y, String text, int size, String style, String fill, String title) implements Shape {
    }

    private record Layout(List<Shape> shapes, int height) {
    }

    private static Layout layout(List<LabResult> results) {
        List<Shape> body = new ArrayList<>();
        int y = 30;
        body.add(new Label(LEFT, y, "floe lab", 18, "bold", null, null));
        y += 14;
        for (LabResult r : results) {
            y += 26;
            body.add(new Label(LEFT, y, "Lab " + r.lab() + ": " + r.title() + " (scale " + r.scale() + ")", 15, "bold", null, null));
            for (LabResult.Section s : r.sections()) {
                y += 8;
                if (s.heading() != null) {
                    y += 16;
                    body.add(new Label(LEFT, y, s.heading(), 13, "italic", null, null));
                }
                y += 8;
                // legend: one swatch per column
                int x = LEFT;
                for (int c = 0; c < s.columns().size(); c++) {
                    if (x > LEFT && x + 40 + 7 * s.columns().get(c).length() > WIDTH) {
                        x = LEFT;
                        y += 18;
                    }
                    body.add(new Box(x, y, 12, 12, color(c), null));
                    body.add(new Label(x + 16, y + 10, s.columns().get(c), 12, null, null, null));
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
                            body.add(new Box(LEFT + LABEL_WIDTH, by, Math.max(w, n.doubleValue() == 0 ? 0 : 1), BAR, color(c),
                                    s.columns().get(c) + ": " + LabResult.format(v)));
                            body.add(new Label(LEFT + LABEL_WIDTH + (int) Math.ceil(w) + 5, by + BAR - 2, LabResult.format(v), 11, null, null, null));
                        } else {
                            body.add(new Label(LEFT + LABEL_WIDTH + 5, by + BAR - 2, LabResult.format(v), 11, null, "#666", null));
                        }
                    }
                    y = top + m.values().size() * (BAR + GAP);
                }
            }
        }
        y += 20;
        return new Layout(body, y);
    }

    /** A standalone SVG document. */
    static String svg(List<LabResult> results) {
        Layout l = layout(results);
        int y = l.height();
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(y)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(y)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        b.append("  <rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(y).append("\" fill=\"white\"/>\n");
        for (Shape sh : l.shapes()) {
            b.append("  ").append(sh instanceof Box x ? svgBox(x) : svgLabel((Label) sh)).append('\n');
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static String svgBox(Box x) {
        String r = rect(x.x(), x.y(), x.w(), x.h(), x.fill());
        return x.title() == null ? r : r.replace("/>", "><title>" + esc(x.title()) + "</title></rect>");
    }

    private static String svgLabel(Label t) {
        String attrs = "font-size=\"" + t.size() + "\""
                + ("bold".equals(t.style()) ? " font-weight=\"bold\"" : "italic".equals(t.style()) ? " font-style=\"italic\"" : "")
                + (t.fill() == null ? "" : " fill=\"" + t.fill() + "\"");
        if (t.title() == null) {
            return text(t.x(), t.y(), t.text(), attrs);
        }
        return "<text x=\"" + t.x() + "\" y=\"" + t.y() + "\" " + attrs + "><title>" + esc(t.title()) + "</title>" + esc(t.text()) + "</text>";
    }

    /**
     * The same chart as a PNG image, drawn with java.awt in headless mode.
     *
     * @throws IllegalStateException when the JDK cannot draw text here (no system fonts): SVG needs none
     */
    static byte[] png(List<LabResult> results) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Layout l = layout(results);
        try {
            BufferedImage img = new BufferedImage(WIDTH, l.height(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, l.height());
            for (Shape sh : l.shapes()) {
                if (sh instanceof Box x) {
                    g.setColor(Color.decode(x.fill()));
                    g.fill(new java.awt.geom.Rectangle2D.Double(x.x(), x.y(), x.w(), x.h()));
                } else if (sh instanceof Label t) {
                    int style = "bold".equals(t.style()) ? Font.BOLD : "italic".equals(t.style()) ? Font.ITALIC : Font.PLAIN;
                    g.setFont(new Font(Font.SANS_SERIF, style, t.size()));
                    g.setColor(t.fill() == null ? Color.BLACK : Color.decode(t.fill()));
                    g.drawString(t.text(), t.x(), t.y());
                }
            }
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LinkageError | java.awt.AWTError | InternalError e) {
            throw new IllegalStateException("--chart FILE.png needs the system's fonts, which Java cannot load here (" + e
                    + "); write --chart FILE.svg instead", e);
        }
    }

    /** A page holding the SVG (it opens in any browser, and parses as XML too). */
    static String html(List<LabResult> results) {
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head><meta charset=\"utf-8\"/><title>floe lab</title></head>\n<body>\n"
                + svg(results) + "</body>\n</html>\n";
    }

    /** The chart for a file name ending in .svg, .html or .png. @throws IllegalArgumentException for any other name */
    static byte[] forFile(String fileName, List<LabResult> results) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".svg")) {
            return svg(results).getBytes(StandardCharsets.UTF_8);
        }
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return html(results).getBytes(StandardCharsets.UTF_8);
        }
        if (n.endsWith(".png")) {
            return png(results);
        }
        throw new IllegalArgumentException("--chart writes .svg, .png or .html, not '" + fileName + "'");
    }

    /** A metric's label left of its bars: indented as in the text output, shortened to fit (in full as its tooltip). */
    private static Label label(int y, String label) {
        int indent = label.length() - label.stripLeading().length();
        String l = label.strip();
        int fits = LABEL_WIDTH / 6 - 2 - indent;
        if (l.length() <= fits) {
            return new Label(LEFT + 6 * indent, y, l, 12, null, null, null);
        }
        return new Label(LEFT + 6 * indent, y, l.substring(0, fits - 1).stripTrailing() + "…", 12, null, null, l);
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
