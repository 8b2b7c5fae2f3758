package io.floe.cli.lab;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabChartTest {
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document d) {
        NodeList n = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add(n.item(i).getTextContent());
        }
        return out;
    }

    /** The bars' widths, in document order. */
    static List<Double> barWidths(Document d) {
        NodeList n = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            Element e = (Element) n.item(i);
            if (e.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").getLength() > 0) {
                out.add(Double.parseDouble(e.getAttribute("width")));
            }
        }
        return out;
    }

    private static LabResult result() {
        return new LabResult("small-files", "small <files> & \"compacted\"", "small", "/tmp/wh",
                List.of(new LabResult.Section(null, List.of("150 small files", "after OPTIMIZE"), List.of(
                                LabResult.Metric.of("files", "data files", 150L, 1L),
                                LabResult.Metric.of("ms", "planning time, ms", 12.5, 2.5),
                                LabResult.Metric.of("ok", "refused", true, false),
                                LabResult.Metric.of("none", "not measured", null, null),
                                LabResult.Metric.of("long", "  files a point lookup opens (id = 4242; statistics skip all the rest)", 3L, 1L))),
                        new LabResult.Section("a second table", List.of("a", "b", "c"), List.of(
                                LabResult.Metric.of("lost", "rows lost", 3500L, 0L, null)))),
                List.of("why"), List.of("OPTIMIZE t;"));
    }

    @Test
    void svgIsWellFormedAndCarriesEveryNumber() throws Exception {
        Document d = parse(LabChart.svg(List.of(result())));
        assertThat(d.getDocumentElement().getLocalName()).isEqualTo("svg");
        List<String> texts = texts(d);
        // the title with XML's special characters, the labels, the legend and the numbers as the text output prints them
        assertThat(texts).contains("Lab small-files: small <files> & \"compacted\" (scale small)", "a second table",
                "data files", "planning time, ms", "rows lost", "150 small files", "after OPTIMIZE",
                "150", "1", "12.5", "2.5", "3,500", "0", "–");
        // bars: numbers only (not the yes/no metric, not the empty one), each scaled to the largest of its quantity
        List<Double> w = barWidths(d);
        assertThat(w).hasSize(8);
        assertThat(w.get(0)).isGreaterThan(w.get(1) * 100);
        assertThat(w.get(0)).isEqualTo(w.get(2)); // 150 and 12.5 are each the maximum of their quantity
        assertThat(w.get(2)).isEqualTo(w.get(3) * 5);
        assertThat(w.get(7)).isZero(); // 0 rows lost: no bar
        // a label too long for its room is shortened, and whole in its tooltip
        assertThat(texts).anyMatch(t -> t.startsWith("files a point lookup opens (id = 4242; statistics skip all the rest)files a point")
                && t.endsWith("…"));
    }

    @Test
    void htmlHoldsTheSameSvg() throws Exception {
        String html = new String(LabChart.forFile("chart.HTML", List.of(result())), java.nio.charset.StandardCharsets.UTF_8);
        Document d = parse(html);
        assertThat(d.getDocumentElement().getLocalName()).isEqualTo("html");
        assertThat(texts(d)).contains("data files", "3,500");
        assertThat(new String(LabChart.forFile("c.svg", List.of(result())), java.nio.charset.StandardCharsets.UTF_8)).startsWith("<svg");
    }

    /** PNG: the same layout drawn by the JDK — an image as wide as the SVG, as tall, with the bars in their colours. */
    @Test
    void pngIsTheSameChartAsAnImage() throws Exception {
        byte[] png = LabChart.forFile("chart.png", List.of(result()));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(img).isNotNull();
        Document svg = parse(LabChart.svg(List.of(result())));
        assertThat(img.getWidth()).isEqualTo(Integer.parseInt(svg.getDocumentElement().getAttribute("width")));
        assertThat(img.getHeight()).isEqualTo(Integer.parseInt(svg.getDocumentElement().getAttribute("height")));
        int first = 0;
        int second = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                first += rgb == 0xd1495b ? 1 : 0;
                second += rgb == 0x2e86ab ? 1 : 0;
            }
        }
        // the first column's bars (150 files, 12.5 ms, 3,500 rows) are far longer than the second's (1 file, 2.5 ms)
        assertThat(first).isGreaterThan(3 * second);
        assertThat(second).isPositive();
    }

    @Test
    void otherFileTypesAreRefused() {
        assertThatThrownBy(() -> LabChart.forFile("chart.gif", List.of())).hasMessageContaining("--chart writes .svg, .png or .html");
    }
}
