package io.floe.operations;

import io.floe.delta.DeltaLog;
import io.floe.delta.DeltaSnapshot;
import io.floe.delta.DeltaTable;
import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddCDCFile;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.RemoveFile;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.types.StructType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * table_changes(t, from[, to]): the row-level changes of each version in the range, with Delta's
 * {@code _change_type}, {@code _commit_version} and {@code _commit_timestamp} columns. A version with
 * cdc files is read from them; one without (appends, whole-file deletes) is derived from its add and
 * remove actions with dataChange=true.
 */
public final class ChangeFeed {
    private ChangeFeed() {
    }

    /** DuckDB SQL (a parenthesized query) of the changes in versions [from, to] (to = latest when null). */
    public static String scanSql(Engine engine, DeltaTable table, long from, Long to) {
        DeltaSnapshot latest = table.snapshot();
        long end = to == null ? latest.version() : to;
        if (from < 0 || from > end || end > latest.version()) {
            throw new FloeException("table_changes(" + table.name() + ", " + from + ", " + end + "): versions must be within 0.."
                    + latest.version() + " and start ≤ end");
        }
        DeltaSnapshot atEnd = table.snapshotAt(end);
        StructType schema = atEnd.schema();
        Map<Long, Long> timestamps = new HashMap<>();
        for (DeltaLog.HistoryEntry h : table.history(0)) {
            timestamps.put(h.version(), h.timestamp());
        }
        List<String> parts = new ArrayList<>();
        String cols = RowRewrite.columnList(atEnd);
        for (long v = from; v <= end; v++) {
            DeltaSnapshot at = table.snapshotAt(v);
            if (!ChangeData.enabled(at)) {
                throw new FloeException("table_changes(" + table.name() + "): the change data feed is not enabled at version " + v
                        + " (set TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true'))");
            }
            List<Action> actions = table.log().readVersion(v).orElseThrow(() -> new FloeException(
                    "table_changes(" + table.name() + "): the commit of a version in the range was cleaned up"));
            String meta = ", " + v + "::BIGINT AS _commit_version, to_timestamp(" + timestamps.getOrDefault(v, 0L) / 1000.0
                    + ") AS _commit_timestamp";
            List<DataFile> cdc = new ArrayList<>();
            List<DataFile> adds = new ArrayList<>();
            List<DataFile> removes = new ArrayList<>();
            for (Action a : actions) {
                if (a instanceof AddCDCFile c) {
                    cdc.add(new DataFile(c.path(), c.partitionValues(), c.size(), 0, null));
                } else if (a instanceof AddFile add && add.dataChange()) {
                    adds.add(DeltaSnapshot.toDataFile(add));
                } else if (a instanceof RemoveFile r && r.dataChange()) {
                    removes.add(new DataFile(r.path(), r.partitionValues(), r.size() == null ? 0 : r.size(), 0, null));
                }
            }
            if (!cdc.isEmpty()) {
                parts.add("SELECT " + cols + ", _change_type" + meta + " FROM "
                        + engine.scan(table, at, ChangeData.schemaWithChangeType(schema), cdc, false));
                continue;
            }
            if (!adds.isEmpty()) {
                parts.add("SELECT " + cols + ", '" + ChangeData.INSERT + "' AS _change_type" + meta + " FROM "
                        + engine.scan(table, at, schema, adds, false));
            }
            if (!removes.isEmpty()) {
                parts.add("SELECT " + cols + ", '" + ChangeData.DELETE + "' AS _change_type" + meta + " FROM "
                        + engine.scan(table, at, schema, removes, false));
            }
        }
        if (parts.isEmpty()) {
            parts.add("SELECT " + cols + ", NULL::VARCHAR AS _change_type, NULL::BIGINT AS _commit_version, "
                    + "NULL::TIMESTAMPTZ AS _commit_timestamp FROM " + engine.scan(table, atEnd, schema, List.of(), false) + " WHERE false");
        }
        return "(" + String.join(" UNION ALL ", parts) + ")";
    }

    /** The version of a timestamp bound (for table_changes with timestamps). */
    public static long versionAt(DeltaTable table, Instant ts) {
        return table.log().versionAsOf(ts.toEpochMilli());
    }
}
