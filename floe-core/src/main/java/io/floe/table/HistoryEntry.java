package io.floe.table;

import java.util.Map;

/**
 * One commit as DESCRIBE HISTORY shows it, format-neutral.
 *
 * @param parameters     the operation's parameters as stored (values are strings; lists and maps JSON-encoded)
 * @param readVersion    the version the commit read, or null
 * @param isolationLevel null where the format records none
 * @param isBlindAppend  null where the format records none
 */
public record HistoryEntry(long version, long timestamp, String operation, Map<String, String> parameters, Long readVersion,
                           String isolationLevel, Boolean isBlindAppend, Map<String, String> metrics, String engineInfo) {
    public HistoryEntry {
        parameters = parameters == null ? Map.of() : parameters;
        metrics = metrics == null ? Map.of() : metrics;
    }
}
