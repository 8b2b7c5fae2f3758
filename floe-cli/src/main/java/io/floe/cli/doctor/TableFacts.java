package io.floe.cli.doctor;

import io.floe.QueryResult;
import io.floe.storage.ObjectInfo;
import io.floe.table.Snapshot;
import io.floe.table.Table;

import java.util.List;
import java.util.Map;

/**
 * Everything the checks look at, gathered once: the current snapshot (metadata only), one listing of the
 * table's root, the log facts and DESCRIBE HISTORY.
 *
 * @param sqlName how fix commands name the table: its catalog name, or delta.`/path`
 * @param detail    DESCRIBE DETAIL (protocol versions and table features), or null
 * @param nowMillis the time the checks compare ages against
 */
public record TableFacts(String sqlName, Table table, Snapshot snapshot, List<ObjectInfo> listing, LogFacts log,
                         QueryResult history, QueryResult detail, long nowMillis) {
    public TableFacts {
        listing = List.copyOf(listing);
    }

    public Map<String, String> properties() {
        return snapshot.properties();
    }

    /** Whether the table is an Iceberg table (whose checks and fix commands differ from Delta's). */
    public boolean iceberg() {
        return table.format().equals("iceberg");
    }

    /** The property that sets the target data file size: delta.targetFileSize, or Iceberg's write.target-file-size-bytes. */
    public String targetFileSizeProperty() {
        return iceberg() ? "write.target-file-size-bytes" : "delta.targetFileSize";
    }

    /** delta.targetFileSize, 128 MB by default (Delta's and Floe's OPTIMIZE target); Iceberg's 512 MB by default. */
    public long targetFileSize() {
        String v = properties().get(targetFileSizeProperty());
        long dflt = iceberg() ? 512L * 1024 * 1024 : 128L * 1024 * 1024;
        return v == null ? dflt : Long.parseLong(v.trim());
    }
}
