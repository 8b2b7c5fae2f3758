package io.floe.cli;

import io.floe.ProgressListener;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, redrawn in place with '\r'. It draws only when asked to (on an
 * interactive terminal, see {@link Tty#progressWanted()}), so pipes, files and CI logs stay clean.
 */
final class TerminalProgress implements ProgressListener {
    private static final int BAR = 30;
    private final PrintStream err;
    private final boolean enabled;
    private long lastDraw;
    private int drawnWidth;

    TerminalProgress(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** On stderr when that is a terminal; otherwise silent. */
    static TerminalProgress forStderr(PrintStream err) {
        return new TerminalProgress(err, Tty.progressWanted());
    }

    boolean enabled() {
        return enabled;
    }

    @Override
    public synchronized void onProgress(String task, long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        boolean finished = total > 0 && done >= total;
        // at most ~10 redraws a second: a fast loop of callbacks must not cost more than the work
        if (!finished && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        if (finished) {
            clear();
            return;
        }
        String text;
        if (total > 0) {
            int filled = (int) Math.min(BAR, done * BAR / total);
            text = String.format("%s [%s%s] %d/%d", task, "#".repeat(filled), " ".repeat(BAR - filled), done, total);
        } else {
            text = task + " … " + done;
        }
        String line = "\r" + text;
        int len = text.length();
        if (len < drawnWidth) {
            line += " ".repeat(drawnWidth - len);
        }
        drawnWidth = len;
        err.print(line);
        err.flush();
    }

    /** Removes the bar, so the results print on a clean line. */
    synchronized void clear() {
        if (enabled && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }
}
