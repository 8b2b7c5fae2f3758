package io.floe.cli;

import io.floe.Floe;
import io.floe.QueryResult;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code floe shell}: an interactive SQL prompt with history, multi-line input and table-name completion. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Interactive SQL shell. A statement ends with ';' and may span lines.",
                "History is kept in ~/.floe_history; TAB completes keywords and table names; \\q or exit quits."})
final class ShellCommand implements Callable<Integer> {
    static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP BY", "ORDER BY", "LIMIT", "INSERT INTO",
            "INSERT OVERWRITE", "VALUES", "CREATE TABLE", "USING DELTA", "PARTITIONED BY", "TBLPROPERTIES", "LOCATION", "AS",
            "MERGE INTO", "USING", "ON", "WHEN MATCHED THEN", "WHEN NOT MATCHED THEN", "UPDATE SET", "INSERT", "DELETE FROM",
            "UPDATE", "SET", "OPTIMIZE", "ZORDER BY", "VACUUM", "RETAIN", "HOURS", "DRY RUN", "RESTORE TABLE", "TO VERSION AS OF",
            "VERSION AS OF", "TIMESTAMP AS OF", "DESCRIBE HISTORY", "DESCRIBE DETAIL", "DESCRIBE", "SHOW TABLES", "DROP TABLE",
            "ALTER TABLE", "ADD COLUMNS", "RENAME COLUMN", "ADD CONSTRAINT", "CHECK", "EXPLAIN", "table_changes");

    @Mixin
    FloeCli.WarehouseOptions wh;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Floe floe = wh.open(); Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            return run(floe, terminal);
        }
    }

    /** Where the shell's lines come from: a JLine reader on a terminal, or any reader in tests. */
    interface LineSource {
        /** The next line, or null at the end of input. */
        String readLine(String prompt);
    }

    /** Runs the shell on a terminal: history, completion, line editing. */
    static int run(Floe floe, Terminal terminal) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal)
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".floe_history"))
                .completer((r, line, candidates) -> {
                    KEYWORDS.forEach(k -> candidates.add(new Candidate(k)));
                    floe.tableNames().forEach(t -> candidates.add(new Candidate(t)));
                })
                .build();
        return loop(floe, prompt -> {
            while (true) {
                try {
                    return reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    return "";
                } catch (EndOfFileException e) {
                    return null;
                }
            }
        }, terminal.writer());
    }

    /** The read-eval-print loop: statements may span lines and end with ';'; errors are printed, not fatal. */
    static int loop(Floe floe, LineSource in, PrintWriter out) {
        out.println("Floe " + FloeCli.VERSION + " — warehouse " + floe.warehouse().uri() + ". End statements with ';', \\q to quit.");
        StringBuilder pending = new StringBuilder();
        while (true) {
            String line = in.readLine(pending.isEmpty() ? "floe> " : "   -> ");
            if (line == null) {
                return 0;
            }
            String trimmed = line.trim();
            if (pending.isEmpty() && (trimmed.equals("\\q") || trimmed.equalsIgnoreCase("exit") || trimmed.equalsIgnoreCase("quit"))) {
                return 0;
            }
            if (pending.isEmpty() && trimmed.isEmpty()) {
                continue;
            }
            pending.append(line).append('\n');
            if (!endsStatement(pending)) {
                continue;
            }
            String sql = pending.toString();
            pending.setLength(0);
            try {
                for (QueryResult r : floe.sqlAll(sql)) {
                    ResultPrinter.print(r, ResultPrinter.Format.TABLE, out);
                }
            } catch (RuntimeException e) {
                out.println("error: " + e.getMessage());
            }
            out.flush();
        }
    }

    /** A statement is complete when its text ends with ';' outside quotes and comments. */
    static boolean endsStatement(CharSequence s) {
        char quote = 0;
        boolean lastSemicolon = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                lastSemicolon = false;
            } else if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == ';') {
                lastSemicolon = true;
            } else if (!Character.isWhitespace(c)) {
                lastSemicolon = false;
            }
        }
        return quote == 0 && lastSemicolon;
    }
}
