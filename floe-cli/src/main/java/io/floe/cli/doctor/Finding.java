package io.floe.cli.doctor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One problem (or fact) {@code floe doctor} found.
 *
 * @param check    the check's stable id, e.g. "small-files"
 * @param summary  one line: what is wrong, with the key number
 * @param evidence numbers and file names that show it, in a stable order (values: Number, String, Boolean, List, Map)
 * @param why      why it matters
 * @param fix      the exact command that fixes it (Floe SQL where one exists), or null when there is nothing to do
 */
public record Finding(String check, Severity severity, String summary, Map<String, Object> evidence, String why, String fix) {
    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
