package io.floe;

/** Told about the progress of long operations (file writes, uploads); the CLI draws a bar on a terminal. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (task, done, total) -> {
    };

    /** @param total the amount of work, or -1 if unknown */
    void onProgress(String task, long done, long total);
}
