package io.floe.operations;

import io.floe.dataplane.DataPlane;
import io.floe.table.ChangeDataFeed;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.types.StructType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * table_changes(t, from[, to]): the row-level changes of each version in the range, with the
 * {@code _change_type}, {@code _commit_version} and {@code _commit_timestamp} columns. A version with
 * change files is read from them; one without (appends, whole-file deletes) is derived from the data files it
 * added and removed.
 */
public final class ChangeFeed {
    private ChangeFeed() {
    }

    /** SQL (a parenthesized query) of the changes in versions [from, to] (to = latest when null). */
    public static String scanSql(DataPlane engine, Table table, long from, Long to) {
        ChangeDataFeed feed = table.capability(ChangeDataFeed.class).orElseThrow(() -> new FloeException(
                "table_changes(" + table.name() + "): " + table.format() + " tables have no change data feed"));
        Snapshot latest = table.snapshot();
        long end = to == null ? latest.version() : to;
        if (from < 0 || from > end || end > latest.version()) {
            throw new FloeException("table_changes(" + table.name() + ", " + from + ", " + end + "): versions must be within 0.."
                    + latest.version() + " and start ≤ end");
        }
        Snapshot atEnd = table.snapshotAt(end);
        StructType schema = atEnd.schema();
        Map<Long, Long> timestamps = new HashMap<>();
        table.history(0).forEach(h -> timestamps.put(h.version(), h.timestamp()));
        List<String> parts = new ArrayList<>();
        String cols = RowRewrite.columnList(schema);
        for (long v = from; v <= end; v++) {
            Snapshot at = table.snapshotAt(v);
            if (!feed.enabled(at)) {
                throw new FloeException("table_changes(" + table.name() + "): the change data feed is not enabled at version " + v
                        + " (set TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true'))");
            }
            ChangeDataFeed.VersionChanges changes = feed.changesOf(v);
            String meta = ", " + v + "::BIGINT AS _commit_version, to_timestamp(" + timestamps.getOrDefault(v, 0L) / 1000.0
                    + ") AS _commit_timestamp";
            List<DataFile> cdc = changes.changeFiles();
            if (!cdc.isEmpty()) {
                parts.add("SELECT " + cols + ", _change_type" + meta + " FROM "
                        + engine.scan(table, at, ChangeData.schemaWithChangeType(schema), cdc, false));
                continue;
            }
            if (!changes.added().isEmpty()) {
                parts.add("SELECT " + cols + ", '" + ChangeData.INSERT + "' AS _change_type" + meta + " FROM "
                        + engine.scan(table, at, schema, changes.added(), false));
            }
            if (!changes.removed().isEmpty()) {
                parts.add("SELECT " + cols + ", '" + ChangeData.DELETE + "' AS _change_type" + meta + " FROM "
                        + engine.scan(table, at, schema, changes.removed(), false));
            }
        }
        if (parts.isEmpty()) {
            parts.add("SELECT " + cols + ", NULL::VARCHAR AS _change_type, NULL::BIGINT AS _commit_version, "
                    + "NULL::TIMESTAMPTZ AS _commit_timestamp FROM " + engine.scan(table, atEnd, schema, List.of(), false) + " WHERE false");
        }
        return "(" + String.join(" UNION ALL ", parts) + ")";
    }

    /** The version of a timestamp bound (for table_changes with timestamps). */
    public static long versionAt(Table table, Instant ts) {
        return table.snapshotAsOf(ts).version();
    }
}
