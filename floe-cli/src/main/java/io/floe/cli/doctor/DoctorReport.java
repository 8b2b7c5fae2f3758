package io.floe.cli.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code floe doctor} found in one table, as text or as JSON.
 *
 * <p><b>The JSON (stable; fields are only ever added, never renamed or removed):</b>
 * <pre>{@code
 * {
 *   "doctorVersion": 1,
 *   "table": "events",                 // the name fix commands use: a catalog name, delta.`/path` or iceberg.`/path`
 *   "location": "file:/…/events/",
 *   "format": "delta",
 *   "version": 42,                     // the table version examined
 *   "files": 120, "bytes": 123456,     // data files of that version and their size
 *   "checks": ["missing-files", …],    // the checks that ran
 *   "healthy": true,                   // no finding above "info"
 *   "findings": [                      // most severe first
 *     { "check": "small-files",        // one of "checks"
 *       "severity": "warning",         // "info" | "warning" | "error"
 *       "summary": "…",                // one line
 *       "evidence": { … },             // check-specific numbers and names, keys in camelCase
 *       "why": "…",
 *       "fix": "OPTIMIZE events;" }    // the command(s) that fix it, or null
 *   ]
 * }
 * }</pre>
 * Check ids (Delta): missing-files, small-files, orphan-files, checkpoint, retention, time-travel, column-stats, partitioning,
 * deletion-vectors, staging-files, compatibility. Iceberg: missing-files, small-files, orphan-files, manifests,
 * snapshot-expiry, time-travel, column-stats, partitioning, deletion-vectors, staging-files ("format": "iceberg"; "version"
 * is the current snapshot id; "table" may be iceberg.`/path`).
 */
public record DoctorReport(String table, String location, String format, long version, long files, long bytes,
                           List<String> checks, List<Finding> findings) {
    public static final int JSON_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DoctorReport {
        checks = List.copyOf(checks);
        findings = List.copyOf(findings);
    }

    /** No finding above INFO. */
    public boolean healthy() {
        return findings.stream().noneMatch(f -> f.severity().compareTo(Severity.INFO) > 0);
    }

    public List<Finding> findings(String check) {
        return findings.stream().filter(f -> f.check().equals(check)).toList();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("doctorVersion", JSON_VERSION);
        m.put("table", table);
        m.put("location", location);
        m.put("format", format);
        m.put("version", version);
        m.put("files", files);
        m.put("bytes", bytes);
        m.put("checks", checks);
        m.put("healthy", healthy());
        m.put("findings", findings.stream().map(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("check", f.check());
            x.put("severity", f.severity().label());
            x.put("summary", f.summary());
            x.put("evidence", f.evidence());
            x.put("why", f.why());
            x.put("fix", f.fix());
            return x;
        }).toList());
        return m;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(toMap()) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("floe doctor: ").append(table).append(" (").append(format).append(", version ").append(version).append(", ")
                .append(files).append(" files, ").append(Checks.human(bytes)).append(")\n");
        b.append("location: ").append(location).append("\n\n");
        if (findings.isEmpty()) {
            b.append("No findings: ").append(String.join(", ", checks)).append(" all look fine.\n");
            return b.toString();
        }
        for (Finding f : findings) {
            b.append('[').append(f.severity().label().toUpperCase(java.util.Locale.ROOT)).append("] ").append(f.check())
                    .append(": ").append(f.summary()).append('\n');
            f.evidence().forEach((k, v) -> b.append("    ").append(k).append(": ").append(v).append('\n'));
            b.append("  why: ").append(io.floe.cli.lab.LabResult.wrapIndented(f.why(), 96, "       ")).append('\n');
            if (f.fix() != null) {
                b.append("  fix:\n");
                for (String line : f.fix().split("\n")) {
                    b.append("    ").append(line).append('\n');
                }
            }
            b.append('\n');
        }
        b.append(healthy() ? "Healthy: nothing above info.\n" : "Findings above info: "
                + findings.stream().filter(f -> f.severity() != Severity.INFO).count() + ".\n");
        return b.toString();
    }
}
