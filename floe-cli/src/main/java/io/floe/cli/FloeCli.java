package io.floe.cli;

import io.floe.Floe;
import io.floe.QueryResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The {@code floe} command. */
@Command(name = "floe", mixinStandardHelpOptions = true, versionProvider = FloeCli.Version.class,
        description = "Transactional Delta Lake tables on local storage and S3, from one command.",
        subcommands = {FloeCli.SqlCommand.class, ShellCommand.class, Quickstart.class, FloeCli.VersionCommand.class,
                CommandLine.HelpCommand.class})
public final class FloeCli implements Runnable {
    public static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs the command with the given streams; returns the exit code (tests call this). */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new FloeCli());
        cl.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler((e, cmd, parse) -> {
            cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }

    /** Where the warehouse is and how to reach it; shared by every command. */
    static final class WarehouseOptions {
        @Option(names = {"-w", "--warehouse"}, paramLabel = "PATH|URI",
                description = "Warehouse: a local directory or s3://bucket/prefix (default: $FLOE_WAREHOUSE or ./floe-warehouse).")
        String warehouse;

        @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3 endpoint (default: $AWS_ENDPOINT_URL or AWS).")
        String s3Endpoint;

        @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region (default: $AWS_REGION).")
        String s3Region;

        @Option(names = "--s3-path-style", description = "Path-style S3 addressing, for S3-compatible servers "
                + "(also: FLOE_S3_PATH_STYLE=true).")
        boolean s3PathStyle;

        String location() {
            if (warehouse != null) {
                return warehouse;
            }
            String env = System.getenv("FLOE_WAREHOUSE");
            return env != null && !env.isBlank() ? env : "floe-warehouse";
        }

        Map<String, String> options() {
            Map<String, String> o = new LinkedHashMap<>();
            if (s3Endpoint != null) {
                o.put("s3.endpoint", s3Endpoint);
            }
            if (s3Region != null) {
                o.put("s3.region", s3Region);
            }
            if (s3PathStyle) {
                o.put("s3.path-style", "true");
            }
            return o;
        }

        Floe open() {
            return Floe.open(location(), options());
        }
    }

    @Command(name = "sql", mixinStandardHelpOptions = true,
            description = {"Runs SQL statements (';'-separated) against the warehouse and prints each result.",
                    "Statements come from the argument, from -f FILE, or from standard input."})
    static final class SqlCommand implements Callable<Integer> {
        @Mixin
        WarehouseOptions wh;

        @Option(names = "--format", defaultValue = "table", description = "Output: table, csv or json (JSON Lines). Default: ${DEFAULT-VALUE}.")
        String format;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read statements from this file.")
        Path file;

        @Parameters(arity = "0..1", paramLabel = "STATEMENTS", description = "SQL to run, e.g. \"SELECT count(*) FROM trips\".")
        String statements;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String sql;
            if (statements != null) {
                sql = statements;
            } else if (file != null) {
                sql = Files.readString(file, StandardCharsets.UTF_8);
            } else if (System.console() == null) {
                sql = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                throw new CommandLine.ParameterException(spec.commandLine(), "give statements, -f FILE, or pipe SQL on stdin");
            }
            ResultPrinter.Format f = ResultPrinter.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
            try (Floe floe = wh.open()) {
                TerminalProgress progress = new TerminalProgress(System.err);
                floe.setProgressListener(progress);
                List<QueryResult> results = floe.sqlAll(sql);
                progress.clear();
                for (QueryResult r : results) {
                    ResultPrinter.print(r, f, spec.commandLine().getOut());
                }
            }
            return 0;
        }
    }

    @Command(name = "version", description = "Prints Floe's version.")
    static final class VersionCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().println("floe " + VERSION);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"floe " + VERSION};
        }
    }
}
