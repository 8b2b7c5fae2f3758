package io.floe.cli;

import io.floe.Floe;
import io.floe.ProgressListener;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code floe shell}: an interactive SQL prompt with history, multi-line input and completion. */
@Command(name = "shell", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Interactive SQL shell on a warehouse.",
                "",
                "A statement ends with ';' outside quotes and may span several lines; several statements may share a line.",
                "TAB completes SQL keywords and the warehouse's table names. Up/Down and Ctrl-R search the history,",
                "which is kept in ~/.floe_history. Ctrl-C discards the statement being typed; Ctrl-D, \\q, exit or quit",
                "leave. An error is printed and the shell goes on.",
                ""},
        footer = FloeCli.ENVIRONMENT)
final class ShellCommand implements Callable<Integer> {
    /** Single words only: JLine completes one word at a time, and a multi-word candidate would be escaped. */
    static final List<String> KEYWORDS = List.of("SELECT", "DISTINCT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER",
            "LIMIT", "OFFSET", "JOIN", "LEFT", "RIGHT", "FULL", "INNER", "OUTER", "CROSS", "UNION", "ALL", "WITH", "AS", "ON",
            "AND", "OR", "NOT", "NULL", "IS", "IN", "BETWEEN", "LIKE", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "ASC",
            "DESC", "INSERT", "INTO", "OVERWRITE", "VALUES", "CREATE", "TABLE", "IF", "EXISTS", "USING", "DELTA", "PARTITIONED",
            "TBLPROPERTIES", "LOCATION", "MERGE", "MATCHED", "SOURCE", "UPDATE", "SET", "DELETE", "OPTIMIZE", "ZORDER",
            "VACUUM", "RETAIN", "HOURS", "DRY", "RUN", "RESTORE", "TO", "VERSION", "TIMESTAMP", "OF", "DESCRIBE", "HISTORY",
            "DETAIL", "SHOW", "TABLES", "DROP", "ALTER", "ADD", "COLUMNS", "RENAME", "COLUMN", "CONSTRAINT", "CHECK",
            "EXPLAIN", "count", "sum", "avg", "min", "max", "table_changes", "BIGINT", "INT", "STRING", "DOUBLE", "DECIMAL",
            "BOOLEAN", "DATE");

    static final String PROMPT = "floe> ";
    static final String CONTINUATION = "   -> ";

    @Mixin
    FloeCli.WarehouseOptions wh;

    @Option(names = "--history", paramLabel = "FILE", description = "History file. Default: ~/.floe_history.")
    Path history;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path hist = history != null ? history : Path.of(System.getProperty("user.home"), ".floe_history");
        // dumb(true): with stdin piped there is no terminal to drive, and a plain line reader is right (without a warning)
        try (Floe floe = wh.open(); Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
             TerminalProgress progress = TerminalProgress.forStderr(System.err)) {
            floe.setProgressListener(progress);
            return run(floe, terminal, hist, progress);
        }
    }

    /** Where the shell's lines come from: a JLine reader on a terminal, or any reader in tests. */
    @FunctionalInterface
    interface LineSource {
        /**
         * The next line, or null at the end of input.
         *
         * @throws UserInterruptException on Ctrl-C: the statement being typed is dropped
         */
        String readLine(String prompt);
    }

    /** Runs the shell on a terminal: line editing, history in {@code historyFile}, completion. */
    static int run(Floe floe, Terminal terminal, Path historyFile, ProgressListener progress) {
        LineReader reader = reader(floe, terminal, historyFile);
        try {
            return loop(floe, prompt -> {
                try {
                    return reader.readLine(prompt);
                } catch (EndOfFileException e) {
                    return null;
                }
            }, terminal.writer(), progress);
        } finally {
            try {
                reader.getHistory().save();
            } catch (java.io.IOException e) {
                terminal.writer().println("warning: history not saved to " + historyFile + ": " + e.getMessage());
            }
        }
    }

    static LineReader reader(Floe floe, Terminal terminal, Path historyFile) {
        // No escape characters: a backslash in a SQL string ('C:\data') is data, not an escape.
        DefaultParser parser = new DefaultParser().escapeChars(null);
        LineReader reader = LineReaderBuilder.builder().appName("floe").terminal(terminal).parser(parser)
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                .completer(completer(floe))
                .build();
        // '!' is SQL ('a != b'), not a history event to expand
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
        reader.setOpt(LineReader.Option.CASE_INSENSITIVE);
        reader.unsetOpt(LineReader.Option.INSERT_TAB);
        // continuation lines are usually indented; they belong in the history with the rest of their statement
        reader.unsetOpt(LineReader.Option.HISTORY_IGNORE_SPACE);
        return reader;
    }

    /** Keywords, and the table names as they are now (tables come and go while the shell runs). */
    static Completer completer(Floe floe) {
        return (r, line, candidates) -> {
            KEYWORDS.forEach(k -> candidates.add(new Candidate(k, k, "keyword", null, null, null, true)));
            try {
                floe.tableNames().forEach(t -> candidates.add(new Candidate(t, t, "table", null, null, null, true)));
            } catch (RuntimeException e) {
                // a store that cannot list right now must not break typing; the keywords still complete
            }
        };
    }

    /** The read-eval-print loop: statements may span lines and end with ';'; errors are printed, not fatal. */
    static int loop(Floe floe, LineSource in, PrintWriter out, ProgressListener progress) {
        out.println("Floe " + FloeCli.version() + " shell on " + floe.warehouse().uri()
                + ". End statements with ';'. \\q to quit, help for help.");
        out.flush();
        StringBuilder pending = new StringBuilder();
        while (true) {
            String line;
            try {
                line = in.readLine(pending.isEmpty() ? PROMPT : CONTINUATION);
            } catch (UserInterruptException e) {
                pending.setLength(0);
                continue;
            }
            if (line == null) {
                return 0;
            }
            if (pending.isEmpty()) {
                String cmd = line.trim().replaceAll(";+$", "").trim().toLowerCase(Locale.ROOT);
                if (cmd.equals("\\q") || cmd.equals("exit") || cmd.equals("quit")) {
                    return 0;
                }
                if (cmd.equals("help") || cmd.equals("\\?") || cmd.equals("\\h")) {
                    help(out);
                    continue;
                }
                if (cmd.isEmpty()) {
                    continue;
                }
            }
            pending.append(line).append('\n');
            if (!endsStatement(pending)) {
                continue;
            }
            String sql = pending.toString();
            pending.setLength(0);
            try {
                FloeCli.runScript(floe, sql, progress, r -> {
                    clear(progress);
                    ResultPrinter.print(r, ResultPrinter.Format.TABLE, out);
                });
            } catch (RuntimeException e) {
                clear(progress);
                out.println("error: " + FloeCli.describe(e));
            }
            out.flush();
        }
    }

    private static void clear(ProgressListener p) {
        if (p instanceof TerminalProgress t) {
            t.clear();
        }
    }

    private static void help(PrintWriter out) {
        out.println("""
                Statements end with ';' and may span lines. Some to try:
                  SHOW TABLES;
                  CREATE TABLE t (id BIGINT, name STRING) USING DELTA PARTITIONED BY (name);
                  INSERT INTO t VALUES (1, 'a'), (2, 'b');
                  SELECT * FROM t VERSION AS OF 1;
                  UPDATE t SET name = 'c' WHERE id = 2;   DELETE FROM t WHERE id = 1;
                  MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *;
                  DESCRIBE HISTORY t;   DESCRIBE DETAIL t;   OPTIMIZE t ZORDER BY (id);   VACUUM t;
                  RESTORE TABLE t TO VERSION AS OF 1;   DROP TABLE t;
                TAB completes keywords and table names; Ctrl-C drops the current statement; \\q, exit or Ctrl-D quits.""");
        out.flush();
    }

    /**
     * Whether the text typed so far ends a statement: its last token is ';' outside quotes ('…', "…", `…`,
     * with doubled quotes inside) and comments (-- to the end of the line, and block comments).
     */
    static boolean endsStatement(CharSequence s) {
        char quote = 0;
        boolean lastSemicolon = false;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0; // a doubled quote closes and reopens: same result
                }
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                lastSemicolon = false;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int close = s.toString().indexOf("*/", i + 2);
                if (close < 0) {
                    return false; // inside an unfinished block comment
                }
                i = close + 1;
            } else if (c == ';') {
                lastSemicolon = true;
            } else if (!Character.isWhitespace(c)) {
                lastSemicolon = false;
            }
        }
        return quote == 0 && lastSemicolon;
    }
}
