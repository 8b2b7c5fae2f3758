package io.floe.cli;

import io.floe.Floe;
import io.floe.ProgressListener;
import io.floe.QueryResult;
import io.floe.ResultStream;
import io.floe.sql.parser.SqlStatement;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The {@code floe} command: {@code sql}, {@code shell}, {@code quickstart}, {@code version}. */
@Command(name = "floe", mixinStandardHelpOptions = true, versionProvider = FloeCli.Version.class,
        description = {"Transactional Delta Lake tables on a local directory or S3, with SQL, from one command.",
                "DuckDB runs in-process as the query engine; no Spark, no server."},
        subcommands = {FloeCli.SqlCommand.class, ShellCommand.class, Quickstart.class, io.floe.cli.lab.LabCommand.class,
                io.floe.cli.doctor.DoctorCommand.class, FloeCli.VersionCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  floe quickstart --rows 100000",
                "  floe sql \"SELECT pickup_zone, count(*) FROM silver_trips GROUP BY 1 ORDER BY 2 DESC LIMIT 5\"",
                "  floe sql --format csv -f report.sql > report.csv",
                "  echo 'SHOW TABLES;' | floe sql --warehouse s3://bucket/lake --s3-endpoint http://localhost:9000 --s3-path-style",
                "  floe shell",
                "",
                "Run 'floe help COMMAND' or 'floe COMMAND --help' for a command's options."})
public final class FloeCli implements Runnable {
    /** Shown under every command that opens a warehouse. */
    static final String ENVIRONMENT = "%nEnvironment:%n"
            + "  FLOE_WAREHOUSE          default warehouse when --warehouse is not given (else ./floe-warehouse)%n"
            + "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE%n"
            + "                          S3 credentials (the AWS default chain; Floe never prints them)%n"
            + "  AWS_REGION, AWS_ENDPOINT_URL%n"
            + "                          S3 region and endpoint when --s3-region / --s3-endpoint are not given%n"
            + "  FLOE_S3_PATH_STYLE=true path-style S3 requests, as with --s3-path-style%n"
            + "  FLOE_CACHE_DIR          one cache of remote data files for all floe processes%n"
            + "                          (default ~/.cache/floe; 'none': one per process)%n"
            + "  FLOE_CACHE_MAX_BYTES    its size in bytes (default 10 GiB, LRU)%n"
            + "  FLOE_TRACE_STORE=1      print every object-store request (kind and key) on stderr%n"
            + "  JAVA_OPTS               JVM options for bin/floe (e.g. -Xmx4g)%n"
            + "  FLOE_DEBUG=1            print stack traces of errors%n";

    /** Where 'floe sql' reads statements from when none are given (System.in, or a test's stream). */
    final InputStream stdin;
    /** Whether stdin is a terminal (then 'floe sql' without statements is a usage error, not a wait for input). */
    final BooleanSupplier stdinIsTerminal;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    FloeCli(InputStream stdin, BooleanSupplier stdinIsTerminal) {
        this.stdin = stdin;
        this.stdinIsTerminal = stdinIsTerminal;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // The AWS SDK logs through SLF4J and the command ships no logging backend: without this, every s3://
        // run starts with SLF4J's "no providers" warning. Its NOP fallback is what we want anyway.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(execute(System.in, System.out, System.err, Tty::stdinIsTerminal, args));
    }

    /** Runs a command with the given output streams and an empty, non-terminal stdin; returns the exit code. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        return execute(InputStream.nullInputStream(), out, err, () -> false, args);
    }

    /**
     * Runs a command; returns its exit code: 0 success, 1 an error while running (printed to {@code err}
     * as {@code error: <message>}), 2 a usage error.
     */
    public static int execute(InputStream in, PrintStream out, PrintStream err, BooleanSupplier stdinIsTerminal, String... args) {
        CommandLine cl = new CommandLine(new FloeCli(in, stdinIsTerminal));
        // SQL may start with a comment ("-- load the day\nINSERT …"): such an argument is the statements, not an
        // option; SqlCommand still refuses a lone unknown option such as --formt
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler((e, cmd, parse) -> {
            cmd.getOut().flush();
            cmd.getErr().println("error: " + describe(e));
            if (System.getenv("FLOE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        });
        return cl.execute(args);
    }

    /** The message a user sees for an error: Floe's own messages as they are, I/O errors with what failed. */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    /**
     * Runs a script statement by statement and hands each result over as soon as it is ready, so the
     * results before a failing statement are printed before its error. The whole script is parsed first:
     * a syntax error anywhere runs nothing.
     */
    static void runScript(Floe floe, String script, ProgressListener progress, Consumer<ResultStream> each) {
        List<SqlStatement> statements = floe.session().parse(script);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("no SQL statement to run");
        }
        Iterator<SqlStatement> it = statements.iterator();
        for (int i = 0; it.hasNext(); i++) {
            progress.onProgress("statement " + (i + 1) + "/" + statements.size(), i, statements.size());
            // a query's rows stream from the data plane to the printer: memory stays bounded by the batch
            try (ResultStream r = floe.session().stream(it.next())) {
                each.accept(r);
            }
        }
    }

    /** Where the warehouse is and how to reach it; shared (as a picocli mixin) by every command that opens one. */
    public static final class WarehouseOptions {
        @Option(names = {"-w", "--warehouse"}, paramLabel = "PATH|URI",
                description = "Warehouse: a local directory or s3://bucket/prefix. Default: $FLOE_WAREHOUSE, else ./floe-warehouse.")
        String warehouse;

        @Option(names = "--s3-endpoint", paramLabel = "URL",
                description = "S3 endpoint for S3-compatible servers (MinIO, …). Default: $AWS_ENDPOINT_URL, else AWS.")
        String s3Endpoint;

        @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region. Default: $AWS_REGION.")
        String s3Region;

        @Option(names = "--s3-path-style", description = "Path-style S3 requests (bucket in the path), which most "
                + "S3-compatible servers need. Also: FLOE_S3_PATH_STYLE=true.")
        boolean s3PathStyle;

        @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE", description = "A warehouse option, repeatable: "
                + "catalog.cache-ttl-ms (how long table names resolve from the catalog state last seen; default 10000, "
                + "0 asks every statement), cache.dir, cache.max-bytes, s3.endpoint, s3.region, s3.path-style.")
        Map<String, String> extra = new LinkedHashMap<>();

        /** The --warehouse given, or null. */
        public String given() {
            return warehouse == null || warehouse.isBlank() ? null : warehouse;
        }

        public String location() {
            if (warehouse != null && !warehouse.isBlank()) {
                return warehouse;
            }
            String env = System.getenv("FLOE_WAREHOUSE");
            return env != null && !env.isBlank() ? env : "floe-warehouse";
        }

        /** Options for {@link Floe#open(String, Map)}; credentials are deliberately not among them (env/profile only). */
        public Map<String, String> options() {
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
            o.putAll(extra); // given last: an explicit --option wins over the shorthand flags
            return o;
        }

        public Floe open() {
            return Floe.open(location(), options());
        }
    }

    /** --format's values, lower-case as users type them. */
    static final class FormatConverter implements CommandLine.ITypeConverter<ResultPrinter.Format> {
        @Override
        public ResultPrinter.Format convert(String value) {
            try {
                return ResultPrinter.Format.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a format; use table, csv or json");
            }
        }
    }

    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("table", "csv", "json").iterator();
        }
    }

    @Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Runs SQL statements against the warehouse and prints each statement's result.",
                    "",
                    "Statements are separated by ';' and come from the STATEMENTS argument, from -f FILE, or, when",
                    "neither is given, from standard input (a pipe or a file; not a terminal — use 'floe shell' there).",
                    "Queries print rows in the chosen format; DDL and DML statements print a one-line message",
                    "(e.g. 'inserted 3 rows into t (version 1)'). On the first error, the results so far are printed,",
                    "then 'error: <message>' (with line:column for syntax errors) on stderr, and the exit code is 1.",
                    "",
                    "Formats: table  aligned columns, a header and a row count; NULL shown as NULL",
                    "         csv    RFC 4180 with a header row; NULL is an empty field, an empty string is \"\"",
                    "         json   JSON Lines: one object per row; NULL is null",
                    "Rows stream as the query produces them (the table sizes its columns from the first 1,000), so",
                    "results of any size print in bounded memory. Timestamps: ISO-8601 with seconds, the fraction",
                    "when there is one, 'Z' for TIMESTAMP (UTC): 2024-01-01T00:00:00Z; none for TIMESTAMP_NTZ.",
                    ""},
            footerHeading = "%nExamples:%n",
            footer = {"  floe sql \"CREATE TABLE t (id BIGINT, name STRING) USING DELTA; INSERT INTO t VALUES (1, 'a')\"",
                    "  floe sql --format json \"SELECT * FROM t VERSION AS OF 1\"",
                    "  floe sql -f nightly.sql --warehouse s3://bucket/lake --s3-region eu-west-1",
                    "  floe sql < nightly.sql",
                    ENVIRONMENT})
    static final class SqlCommand implements Callable<Integer> {
        @ParentCommand
        FloeCli root;

        @Mixin
        WarehouseOptions wh;

        @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", converter = FormatConverter.class,
                completionCandidates = FormatNames.class, description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
        ResultPrinter.Format format;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the statements from FILE (UTF-8).")
        Path file;

        @Option(names = "--stats", description = "After each statement, print on stderr what it cost: wall time, object-store "
                + "requests by kind (GET, RANGED_GET, PUT, CONDITIONAL_PUT, LIST, DELETE, HEAD) with bytes read and written, and "
                + "hits of the machine's data-file cache.")
        boolean stats;

        @Parameters(arity = "0..1", paramLabel = "STATEMENTS", description = "SQL to run, e.g. \"SELECT count(*) FROM trips\".")
        String statements;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String sql = script();
            PrintWriter out = spec.commandLine().getOut();
            try (TerminalProgress progress = TerminalProgress.forStderr(System.err); Floe floe = wh.open()) {
                floe.setProgressListener(progress);
                StatementCost cost = new StatementCost(floe);
                runScript(floe, sql, progress, r -> {
                    progress.clear();
                    ResultPrinter.print(r, format, out);
                    if (stats) {
                        out.flush();
                        spec.commandLine().getErr().println(cost.next());
                        spec.commandLine().getErr().flush();
                    }
                });
            }
            return 0;
        }

        private String script() throws IOException {
            if (statements != null && file != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give either STATEMENTS or -f FILE, not both");
            }
            if (statements != null) {
                if (statements.startsWith("-") && statements.strip().chars().noneMatch(Character::isWhitespace)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "Unknown option: '" + statements + "'");
                }
                return statements;
            }
            if (file != null) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            if (root.stdinIsTerminal.getAsBoolean()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "no statements: give \"STATEMENTS\", -f FILE, or pipe SQL on stdin (for an interactive prompt: floe shell)");
            }
            return new String(root.stdin.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What each statement of a script cost, from the counters before and after it (floe sql --stats). */
    static final class StatementCost {
        private final Floe floe;
        private io.floe.storage.StoreRequests.Counts requests;
        private long hits;
        private long misses;
        private long nanos = System.nanoTime();

        StatementCost(Floe floe) {
            this.floe = floe;
            this.requests = floe.storeRequests();
            floe.cacheStats().ifPresent(c -> {
                hits = c.hits();
                misses = c.misses();
            });
        }

        /** The line for the statement that just ended; the next one is counted from here. */
        String next() {
            var now = floe.storeRequests();
            long t = System.nanoTime();
            StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "stats: %.1f ms, store: %s", (t - nanos) / 1e6,
                    now.minus(requests).describe()));
            floe.cacheStats().ifPresent(c -> {
                line.append(", data-file cache: ").append(c.hits() - hits).append(" hits, ").append(c.misses() - misses).append(" misses");
                hits = c.hits();
                misses = c.misses();
            });
            requests = now;
            nanos = t;
            return line.toString();
        }
    }

    @Command(name = "version", mixinStandardHelpOptions = true, description = "Prints Floe's version and the Java version it runs on.")
    static final class VersionCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            for (String line : new Version().getVersion()) {
                spec.commandLine().getOut().println(line);
            }
        }
    }

    /** Floe's version, from the build (floe-version.properties is filtered by Maven). */
    static String version() {
        try (InputStream in = FloeCli.class.getResourceAsStream("/io/floe/cli/floe-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through: a version is nice to have, not worth failing for
        }
        return "unknown";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"floe " + version(), "Java " + System.getProperty("java.version")};
        }
    }
}
