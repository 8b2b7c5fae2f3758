package io.floe.sql.parser;

/**
 * The range of a {@code table_changes('t', from[, to])} call: each end is a version or a timestamp string.
 * A missing end ({@code to} omitted) has both null.
 */
public record ChangeRange(Long fromVersion, String fromTimestamp, Long toVersion, String toTimestamp) {
    public boolean hasEnd() {
        return toVersion != null || toTimestamp != null;
    }
}
