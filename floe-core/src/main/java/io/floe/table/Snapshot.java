package io.floe.table;

import io.floe.types.StructType;

import java.util.List;
import java.util.Map;

/** An immutable version of a table: its schema, properties and exactly the data files of that version. */
public interface Snapshot {
    /** The format's name: "delta". */
    String format();

    /** The table root URI, ending with '/'. */
    String tableUri();

    long version();

    /** When this version was committed, millis since the epoch. */
    long timestamp();

    StructType schema();

    List<String> partitionColumns();

    Map<String, String> properties();

    List<DataFile> files();

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
