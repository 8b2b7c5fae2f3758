package io.floe.table;

/** Conflict: the table's metadata (schema, partitioning or properties) changed. */
public final class MetadataChangedException extends ConcurrentModificationException {
    public MetadataChangedException(String table, long winningVersion, String detail) {
        super(table, winningVersion, "the table's metadata (schema, partitioning or properties) changed: " + detail);
    }
}
