package io.floe.cli.doctor;

import io.floe.cli.FloeCli;
import io.floe.Floe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code floe doctor TABLE|PATH [--json]}. */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds what is wrong with a table and prints the command that fixes it.",
                "",
                "Examines a table's metadata (and one listing of its directory) and reports what is wrong: small",
                "files, missing or orphan files, a log without checkpoints, retention that breaks time travel, missing",
                "statistics, bad partitioning, deletion vectors, leftover staging files; on Iceberg tables also too many",
                "manifests and snapshots nobody expired — each with its evidence, why it matters and the exact command",
                "that fixes it. Data files are never read.",
                "",
                "Exit code 0 whatever was found (read 'healthy' in --json); 1 if the table could not be examined."},
        footerHeading = "%nExamples:%n",
        footer = {"  floe doctor events", "  floe doctor /data/lake/events --json", "  floe doctor s3://bucket/lake/events --s3-region eu-west-1"})
public final class DoctorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TABLE|PATH", description = "A table of the warehouse, or the location of a Delta or Iceberg table.")
    String table;

    @Option(names = "--json", description = "Print the report as JSON (stable; see DoctorReport).")
    boolean json;

    @Mixin
    FloeCli.WarehouseOptions wh;

    @Override
    public Integer call() {
        try (Floe floe = wh.open()) {
            DoctorReport r = new Doctor().examine(floe, table);
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? r.json() : r.text());
            out.flush();
        }
        return 0;
    }
}
