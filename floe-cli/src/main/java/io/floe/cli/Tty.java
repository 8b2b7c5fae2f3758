package io.floe.cli;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

import java.io.Console;

/** Which standard streams are attached to an interactive terminal. */
final class Tty {
    private Tty() {
    }

    /** stdin and stdout both on a terminal (what {@link System#console()} means on Java 17). */
    static boolean interactive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        // From Java 22 on, System.console() is non-null even in pipes; isTerminal() then tells the truth.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Whether a given standard stream is a terminal; when the platform cannot tell, {@code fallback}. */
    static boolean isTerminal(SystemStream stream, boolean fallback) {
        for (String name : new String[]{"jni", "exec"}) {
            try {
                return TerminalProvider.load(name).isSystemStream(stream);
            } catch (Throwable e) {
                // this provider does not work here (no native library, no 'test' command): try the next
            }
        }
        return fallback;
    }

    /** stdin is a terminal, so reading it would wait for typing rather than read a pipe or file. */
    static boolean stdinIsTerminal() {
        return isTerminal(SystemStream.Input, interactive());
    }

    /** A progress bar is wanted: stderr is an interactive terminal and this is not a CI log or a dumb terminal. */
    static boolean progressWanted() {
        if (System.getenv("CI") != null || "dumb".equals(System.getenv("TERM")) || !interactive()) {
            return false;
        }
        return isTerminal(SystemStream.Error, true);
    }
}
