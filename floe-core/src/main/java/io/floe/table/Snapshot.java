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

    List<DataFile> files();

    /** Format-specific facts DESCRIBE DETAIL shows after the common ones (Delta: protocol versions, features), in order. */
    Map<String, Object> formatDetails();

    /** How much metadata a reader of this version goes through. */
    MetadataStats metadataStats();

    /** Sum of the files' record counts, or null if some file has no stats. */
    default Long numRecords() {
        long n = 0;
        for (DataFile f : files()) {
            Long r = f.liveRecords();
            if (r == null) {
                return null;
            }
            n += r;
        }
        return n;
    }
}
