package io.floe.cli;

import io.floe.ProgressListener;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A one-line progress bar on stderr, redrawn in place with '\r', with the time the current step has taken.
 * It draws only when enabled (on an interactive terminal, see {@link Tty#progressWanted()}), so pipes, files
 * and CI logs stay clean, and only for work that takes longer than a moment, so fast statements do not flash.
 *
 * <p>Progress reports can be rare (one per statement), so a daemon ticker redraws the bar while a step runs.
 */
final class TerminalProgress implements ProgressListener, AutoCloseable {
    private static final int BAR = 30;
    /** Work that finishes sooner than this shows no bar. */
    private static final long DELAY_NANOS = 400_000_000L;
    private static final long TICK_MILLIS = 200;

    private final PrintStream err;
    private final boolean enabled;
    private final long delayNanos;
    private ScheduledExecutorService ticker;

    // the step being shown; task == null: nothing to show
    private String task;
    private long done;
    private long total;
    private long since;
    private int drawnWidth;

    TerminalProgress(PrintStream err, boolean enabled) {
        this(err, enabled, DELAY_NANOS);
    }

    TerminalProgress(PrintStream err, boolean enabled, long delayNanos) {
        this.err = err;
        this.enabled = enabled;
        this.delayNanos = delayNanos;
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
        if (total > 0 && done >= total) {
            clear();
            return;
        }
        if (!task.equals(this.task)) {
            since = System.nanoTime();
        }
        this.task = task;
        this.done = done;
        this.total = total;
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "floe-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::draw, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        draw();
    }

    /** Draws the current step if it has been running long enough. */
    synchronized void draw() {
        if (task == null) {
            return;
        }
        long elapsed = System.nanoTime() - since;
        if (elapsed < delayNanos) {
            return;
        }
        String text;
        if (total > 0) {
            int filled = (int) Math.min(BAR, done * BAR / total);
            text = String.format("%s [%s%s] %d/%d  %.1f s", task, "#".repeat(filled), " ".repeat(BAR - filled), done, total, elapsed / 1e9);
        } else {
            // ASCII only: stderr may not be UTF-8
            text = done > 0 ? String.format("%s ... %d  %.1f s", task, done, elapsed / 1e9) : String.format("%s ...  %.1f s", task, elapsed / 1e9);
        }
        StringBuilder line = new StringBuilder("\r").append(text);
        if (text.length() < drawnWidth) {
            line.append(" ".repeat(drawnWidth - text.length()));
        }
        drawnWidth = Math.max(drawnWidth, text.length());
        err.print(line);
        err.flush();
    }

    /** Removes the bar, so results print on a clean line; nothing is drawn until the next report. */
    synchronized void clear() {
        task = null;
        if (enabled && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    @Override
    public synchronized void close() {
        clear();
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
