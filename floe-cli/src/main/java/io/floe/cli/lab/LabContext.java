package io.floe.cli.lab;

import io.floe.Floe;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a lab runs with: the scratch warehouse (a local directory or a URI), the scale, the format and where
 * to narrate progress. Labs create their tables under their own name prefix and drop them first, so a
 * warehouse can be reused.
 *
 * @param warehouse   the warehouse location handed to {@link Floe#open(String, Map)}
 * @param localScratch a local directory for things that must be local (plain Parquet directories, worker logs)
 */
public record LabContext(String warehouse, Map<String, String> options, Path localScratch, Scale scale, LabFormat format,
                         PrintWriter log) {
    public LabContext {
        Objects.requireNonNull(warehouse, "warehouse");
        options = Map.copyOf(options);
        Objects.requireNonNull(localScratch, "localScratch");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(log, "log");
    }

    public Floe open() {
        return Floe.open(warehouse, options);
    }

    /** Prints a progress line ("  building 200 tiny files …"). */
    public void step(String message) {
        log.println("  … " + message);
        log.flush();
    }
}
