package io.floe.cli;

import io.floe.ProgressListener;

import java.io.PrintStream;

/** A one-line progress bar on stderr, drawn only on an interactive terminal (silent in pipes and CI). */
final class TerminalProgress implements ProgressListener {
    private final PrintStream err;
    private final boolean enabled;
    private long lastDraw;

    TerminalProgress(PrintStream err) {
        this.err = err;
        String term = System.getenv("TERM");
        this.enabled = System.console() != null && System.getenv("CI") == null && !"dumb".equals(term);
    }

    boolean enabled() {
        return enabled;
    }

    @Override
    public void onProgress(String task, long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now - lastDraw < 100 && done < total) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        err.print("\r" + task + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done
                + (total > 0 ? "/" + total : ""));
        if (total > 0 && done >= total) {
            err.print("\r" + " ".repeat(task.length() + width + 24) + "\r");
        }
        err.flush();
    }

    void clear() {
        if (enabled) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
