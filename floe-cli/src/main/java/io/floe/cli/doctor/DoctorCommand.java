package io.floe.cli.doctor;

import io.floe.Floe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code floe doctor TABLE|PATH [--json]}. */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds what is wrong with a table and prints the command that fixes it.",
                "",
                "Examines a table's metadata (and one listing of its directory) and reports what is wrong: small",
                "files, missing or orphan files, a log without checkpoints, retention that breaks time travel, missing",
                "statistics, bad partitioning, deletion vectors, leftover staging files — each with its evidence, why it",
                "matters and the exact command that fixes it. Data files are never read.",
                "",
                "Exit code 0 whatever was found (read 'healthy' in --json); 1 if the table could not be examined."},
        footerHeading = "%nExamples:%n",
        footer = {"  floe doctor events", "  floe doctor /data/lake/events --json", "  floe doctor s3://bucket/lake/events --s3-region eu-west-1"})
public final class DoctorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TABLE|PATH", description = "A table of the warehouse, or the location of a Delta table.")
    String table;

    @Option(names = "--json", description = "Print the report as JSON (stable; see DoctorReport).")
    boolean json;

    @Option(names = {"-w", "--warehouse"}, paramLabel = "PATH|URI",
            description = "Warehouse: a local directory or s3://bucket/prefix. Default: $FLOE_WAREHOUSE, else ./floe-warehouse.")
    String warehouse;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3 endpoint for S3-compatible servers.")
    String s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region.")
    String s3Region;

    @Option(names = "--s3-path-style", description = "Path-style S3 requests.")
    boolean s3PathStyle;

    @Override
    public Integer call() {
        String location = warehouse;
        if (location == null || location.isBlank()) {
            String env = System.getenv("FLOE_WAREHOUSE");
            location = env != null && !env.isBlank() ? env : "floe-warehouse";
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (s3Endpoint != null) {
            options.put("s3.endpoint", s3Endpoint);
        }
        if (s3Region != null) {
            options.put("s3.region", s3Region);
        }
        if (s3PathStyle || "true".equalsIgnoreCase(System.getenv("FLOE_S3_PATH_STYLE"))) {
            options.put("s3.path-style", "true");
        }
        try (Floe floe = Floe.open(location, options)) {
            DoctorReport r = new Doctor().examine(floe, table);
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? r.json() : r.text());
            out.flush();
        }
        return 0;
    }
}
