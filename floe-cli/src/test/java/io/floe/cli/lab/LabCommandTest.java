package io.floe.cli.lab;

import io.floe.cli.FloeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LabCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FloeCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listsEveryLab() {
        Run r = run("lab", "list");
        assertThat(r.code()).as(r.err()).isZero();
        for (String name : Labs.names()) {
            assertThat(r.out()).contains(name);
        }
    }

    @Test
    void runsALabAndWritesTheReport() throws Exception {
        Path report = dir.resolve("report.md");
        Run r = run("lab", "run", "vacuum-vs-time-travel", "--warehouse", dir.resolve("wh").toString(), "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Lab vacuum-vs-time-travel").contains("of them with every data file still in storage").contains("RESTORE TABLE");
        String md = Files.readString(report);
        assertThat(md).startsWith("# floe lab").contains("## Lab `vacuum-vs-time-travel`").contains("|---|")
                .contains("```sql");
    }

    @Test
    void drawsTheChartAndTheReportShowsIt() throws Exception {
        Path report = dir.resolve("out/report.md");
        Path chart = dir.resolve("out/charts/tt.svg");
        Files.createDirectories(chart.getParent());
        Run r = run("lab", "run", "vacuum-vs-time-travel", "--warehouse", dir.resolve("wh").toString(), "--report", report.toString(),
                "--chart", chart.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + chart);
        var svg = LabChartTest.parse(Files.readString(chart));
        // every numeric metric of the run is drawn with its label, and its values are printed beside the bars
        assertThat(LabChartTest.texts(svg)).contains("Lab vacuum-vs-time-travel: an aggressive VACUUM breaks time travel (scale small)",
                "of them with every data file still in storage");
        assertThat(LabChartTest.barWidths(svg)).isNotEmpty();
        String md = Files.readString(report);
        assertThat(md).startsWith("# floe lab\n\n![the labs' numbers as a bar chart](charts/tt.svg)\n");
        // a number from the report's table is in the chart too
        String versions = md.lines().filter(l -> l.startsWith("| of them with every data file still in storage |")).findFirst().orElseThrow();
        String firstValue = versions.split("\\|")[2].trim();
        assertThat(LabChartTest.texts(svg)).contains(firstValue);
    }

    @Test
    void aChartOfAnotherTypeIsAUsageError() {
        Run r = run("lab", "run", "small-files", "--chart", dir.resolve("c.gif").toString(), "--warehouse", dir.resolve("wh").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--chart writes .svg, .png or .html");
        assertThat(dir.resolve("wh")).doesNotExist();
    }

    @Test
    void unknownLabIsAUsageError() {
        Run r = run("lab", "run", "no-such-lab");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no lab named 'no-such-lab'").contains("small-files");
    }

    @Test
    void runsALabOnIceberg() throws Exception {
        Path report = dir.resolve("iceberg.md");
        Run r = run("lab", "run", "vacuum-vs-time-travel", "--format", "iceberg", "--warehouse", dir.resolve("wh").toString(),
                "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("an aggressive snapshot expiry breaks time travel").contains("CALL system.rollback_to_snapshot");
        assertThat(dir.resolve("wh/lab_tt_safe/metadata")).isDirectory();
        assertThat(dir.resolve("wh/lab_tt_safe/_delta_log")).doesNotExist();
        assertThat(Files.readString(report)).contains("## Lab `vacuum-vs-time-travel`");
    }

    @Test
    void unknownFormatIsAUsageError() {
        Run r = run("lab", "run", "small-files", "--format", "hudi", "--warehouse", dir.resolve("wh").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'hudi' is not a table format");
        assertThat(dir.resolve("wh")).doesNotExist(); // refused before anything was built
    }

    @Test
    void badScaleIsAUsageError() {
        Run r = run("lab", "run", "small-files", "--scale", "huge");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'huge' is not a scale");
    }
}
