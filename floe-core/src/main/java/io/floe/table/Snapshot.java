package io.floe.table;

import io.floe.types.StructType;

import java.util.List;
import java.util.Map;

/** An immutable version of a table: its schema, partitioning, properties and exactly the data files of that version. */
public interface Snapshot {
    /** The format's name: "delta", "iceberg". */
    String format();

    /** The table root URI, ending with '/'. */
    String tableUri();

    /** The table's unique id (Delta metadata id, Iceberg table-uuid). */
    String tableId();

    long version();

    /** When this version was committed, millis since the epoch. */
    long timestamp();

    /** When the table was created, millis since the epoch, or null if the format does not say. */
    Long createdTime();

    StructType schema();

    PartitionSpec partitionSpec();

    /** The source columns of identity partition fields (Delta's partition columns). */
    default List<String> partitionColumns() {
        return partitionSpec().identityColumns();
    }

    Map<String, String> properties();

    /** The table's description (CREATE TABLE … COMMENT): Iceberg keeps it as the {@code comment} property. */
    default String description() {
        return properties().get("comment");
    }

    List<DataFile> files();

    /**
     * The data files that may hold rows matching {@code filter}: formats that keep files in groups with summaries
     * (Iceberg's manifests and their partition summaries) skip whole groups; the caller still prunes the files
     * themselves. Never leaves out a file that may match.
     */
    default List<DataFile> files(io.floe.table.expr.Expression filter) {
        return files();
    }

    /** How many data files the snapshot has, from the format's own count where it keeps one. */
    default long fileCount() {
        return files().size();
    }

    /** What the last {@link #files(io.floe.table.expr.Expression)} read of the format's metadata, for EXPLAIN; null if nothing to say. */
    default String planningDetail() {
        return null;
    }

    /** Format-specific facts DESCRIBE DETAIL shows after the common ones (Delta: protocol versions, features), in order. */
    Map<String, Object> formatDetails();

    /** How much metadata a reader of this version goes through. */
    MetadataStats metadataStats();

    /** Sum of the files' record counts, or null if some file has no stats. */
    default Long numRecords() {
        return RecordCounts.of(files());
    }
}
