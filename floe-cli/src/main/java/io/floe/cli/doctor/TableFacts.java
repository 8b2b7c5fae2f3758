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

    /** delta.targetFileSize, 128 MB by default (Delta's and Floe's OPTIMIZE target). */
    public long targetFileSize() {
        String v = properties().get("delta.targetFileSize");
        return v == null ? 128L * 1024 * 1024 : Long.parseLong(v.trim());
    }
}
