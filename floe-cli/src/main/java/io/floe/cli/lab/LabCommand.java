package io.floe.cli.lab;

import io.floe.cli.FloeCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code floe lab list | run NAME}: the classic lakehouse failures, reproduced, measured and fixed. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Reproduces the classic lakehouse failures, measures them and shows the fix.",
                "",
                "Each lab builds real tables in a scratch warehouse, causes the failure (with real processes or injected",
                "storage faults), measures the symptom, applies the fix, measures again and prints both side by side",
                "with an explanation of the mechanism."},
        subcommands = {LabCommand.ListCommand.class, LabCommand.RunCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  floe lab list", "  floe lab run small-files", "  floe lab run concurrent-writers --scale medium --report cw.md --chart cw.svg",
                "  floe lab run s3-semantics   (starts its own S3 server on loopback; --warehouse s3://… uses yours)",
                "  floe lab run log-and-metadata-explosion --format iceberg", "  floe lab run all --warehouse /tmp/lab"})
public final class LabCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the labs.")
    static final class ListCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            int w = Labs.names().stream().mapToInt(String::length).max().orElse(0);
            for (Lab l : Labs.all()) {
                out.println("  " + l.name() + " ".repeat(w - l.name().length()) + "   " + l.summary());
            }
            out.println();
            out.println("Run one with: floe lab run NAME [--scale small|medium|large] [--format delta|iceberg] [--report FILE.md]"
                    + " [--chart FILE.svg|.png|.html]   (or NAME = all)");
            out.flush();
        }
    }

    static final class LabNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> n = new ArrayList<>(Labs.names());
            n.add("all");
            return n.iterator();
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Runs a lab (or all of them) and prints what it measured.",
                    "Without --warehouse, the tables go to a new temporary directory, which is kept so that you can look",
                    "at them afterwards (floe sql --warehouse DIR \"DESCRIBE HISTORY …\")."})
    static final class RunCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", completionCandidates = LabNames.class, description = "The lab: ${COMPLETION-CANDIDATES}.")
        String name;

        @Option(names = "--scale", defaultValue = "small", paramLabel = "SCALE",
                description = "small (under a minute), medium or large. Default: ${DEFAULT-VALUE}.")
        String scale;

        @Option(names = "--format", defaultValue = "delta", paramLabel = "FORMAT",
                description = "Table format: delta or iceberg. Default: ${DEFAULT-VALUE}.")
        String format;

        /** --warehouse: the scratch warehouse (default: a new temporary directory, kept), and how to reach S3. */
        @Mixin
        FloeCli.WarehouseOptions where;

        @Option(names = "--report", paramLabel = "FILE.md", description = "Also write the results as Markdown to FILE.md (with the chart, if any).")
        Path report;

        @Option(names = "--chart", paramLabel = "FILE.svg|.png|.html",
                description = "Also draw the numbers as a bar chart (one group of bars per measured quantity): SVG, PNG, or an HTML page holding the SVG.")
        Path chart;

        @Override
        public Integer call() throws Exception {
            List<Lab> labs;
            if (name.equalsIgnoreCase("all")) {
                labs = Labs.all();
            } else {
                labs = List.of(Labs.find(name).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                        "no lab named '" + name + "'; the labs: " + String.join(", ", Labs.names()))));
            }
            Scale sc;
            LabFormat fmt;
            try {
                sc = Scale.of(scale);
                fmt = LabFormat.of(format);
                if (chart != null) {
                    LabChart.forFile(chart.getFileName().toString(), List.of()); // refuse a wrong extension before any work
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            String wh;
            Path scratch;
            String warehouse = where.given();
            if (warehouse == null) {
                Path tmp = Files.createTempDirectory("floe-lab-");
                wh = tmp.resolve("warehouse").toString();
                scratch = tmp.resolve("scratch");
            } else {
                wh = io.floe.storage.ObjectStores.hasScheme(warehouse) ? warehouse : Path.of(warehouse).toAbsolutePath().toString();
                scratch = Files.createTempDirectory("floe-lab-scratch-");
            }
            Map<String, String> options = where.options();
            PrintWriter out = spec.commandLine().getOut();
            LabContext ctx = new LabContext(wh, options, scratch, sc, fmt, out);
            StringBuilder md = new StringBuilder();
            List<LabResult> results = new ArrayList<>();
            for (Lab lab : labs) {
                out.println("Running lab " + lab.name() + " …");
                out.flush();
                long t0 = System.nanoTime();
                LabResult r = lab.run(ctx);
                out.println();
                out.print(r.text());
                out.printf("(%.1f s)%n%n", (System.nanoTime() - t0) / 1e9);
                out.flush();
                md.append(r.markdown()).append('\n');
                results.add(r);
            }
            if (warehouse != null) {
                // the plain-Parquet directories and worker logs; kept only when a lab failed, to look into
                ConcurrentWritersLab.deleteTree(scratch);
            }
            if (chart != null) {
                Files.write(chart, LabChart.forFile(chart.getFileName().toString(), results));
                out.println("wrote " + chart);
            }
            if (report != null) {
                String head = "# floe lab\n\n" + (chart == null ? "" : chartLink(report, chart) + "\n\n");
                Files.writeString(report, head + md.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
                out.println("wrote " + report);
            }
            out.flush();
            return 0;
        }

        /** The chart as the report shows it: an image (SVG) or a link (HTML), by a path relative to the report. */
        static String chartLink(Path report, Path chart) {
            Path dir = report.toAbsolutePath().getParent();
            Path c = chart.toAbsolutePath();
            String rel = (dir != null && c.startsWith(dir) ? dir.relativize(c) : c).toString().replace('\\', '/').replace(" ", "%20");
            String n = chart.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            return n.endsWith(".svg") || n.endsWith(".png")
                    ? "![the labs' numbers as a bar chart](" + rel + ")"
                    : "[The labs' numbers as a bar chart](" + rel + ")";
        }
    }
}
