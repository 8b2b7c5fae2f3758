package io.floe.table;

import java.util.Map;

/**
 * One commit as DESCRIBE HISTORY shows it, format-neutral.
 *
 * @param operationParameters the operation's parameters as stored (values are strings; lists and maps JSON-encoded)
 * @param readVersion    the version the commit read, or null
 * @param isolationLevel null where the format records none
 * @param isBlindAppend  null where the format records none
 */
public record HistoryEntry(long version, long timestamp, String operation, Map<String, String> operationParameters, Long readVersion,
                           String isolationLevel, Boolean isBlindAppend, Map<String, String> operationMetrics, String engineInfo) {
    public HistoryEntry {
        operationParameters = operationParameters == null ? Map.of() : operationParameters;
        operationMetrics = operationMetrics == null ? Map.of() : operationMetrics;
    }
}
