package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.operations.Optimize;
import io.floe.operations.Vacuum;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.TableResolver;
import io.floe.sql.parser.SqlParser;
import io.floe.sql.parser.SqlStatement;
import io.floe.sql.parser.TableName;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.table.SnapshotManagement;
import io.floe.table.Table;
import io.floe.table.Transaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CALL system.&lt;procedure&gt;(…): Spark's Iceberg procedures, with their argument names and result columns —
 * rollback_to_snapshot, rollback_to_timestamp, set_current_snapshot, expire_snapshots, remove_orphan_files,
 * rewrite_data_files (binpack, or sort by zorder(…) through OPTIMIZE; files with row deletes are rewritten without the
 * deleted rows, and their delete files go with them), rewrite_manifests and rewrite_position_delete_files.
 */
public final class CallHandler implements StatementHandler<SqlStatement.Call> {
    /** Each procedure's parameters in order, for positional arguments. */
    private static final Map<String, List<String>> PARAMETERS = Map.of(
            "rollback_to_snapshot", List.of("table", "snapshot_id"),
            "rollback_to_timestamp", List.of("table", "timestamp"),
            "set_current_snapshot", List.of("table", "snapshot_id", "ref"),
            "expire_snapshots", List.of("table", "older_than", "retain_last", "max_concurrent_deletes", "stream_results", "snapshot_ids"),
            "remove_orphan_files", List.of("table", "older_than", "location", "dry_run"),
            "rewrite_data_files", List.of("table", "strategy", "sort_order", "options", "where"),
            "rewrite_manifests", List.of("table", "use_caching"),
            "rewrite_position_delete_files", List.of("table", "options", "where"));

    private final SessionContext ctx;

    public CallHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.Call call) {
        List<String> params = PARAMETERS.get(call.procedure());
        String at = SessionContext.position(call.span()) + ": ";
        if (params == null) {
            throw new FloeException(at + "unknown procedure system." + call.procedure() + " (" + String.join(", ",
                    new java.util.TreeSet<>(PARAMETERS.keySet())) + ")");
        }
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            SqlStatement.CallArgument a = call.arguments().get(i);
            String name = a.name() != null ? a.name() : i < params.size() ? params.get(i) : null;
            if (name == null || !params.contains(name)) {
                throw new FloeException(at + "system." + call.procedure() + " has no parameter " + (a.name() == null ? "#" + (i + 1) : a.name())
                        + " (" + String.join(", ", params) + ")");
            }
            args.put(name, a.value());
        }
        Table t = table(args, at, call.procedure());
        return switch (call.procedure()) {
            case "rollback_to_snapshot" -> {
                long before = t.snapshot().version();
                snapshots(t, at).rollbackTo(longArg(args, "snapshot_id", at));
                yield snapshotChange(before, t);
            }
            case "rollback_to_timestamp" -> {
                long before = t.snapshot().version();
                snapshots(t, at).rollbackToTime(timeArg(args, "timestamp", at));
                yield snapshotChange(before, t);
            }
            case "set_current_snapshot" -> {
                long before = t.snapshot().version();
                SnapshotManagement sm = snapshots(t, at);
                if (args.get("ref") != null) {
                    sm.setCurrentSnapshot(sm.snapshotAtRef(args.get("ref").toString()).version());
                } else {
                    sm.setCurrentSnapshot(longArg(args, "snapshot_id", at));
                }
                yield snapshotChange(before, t);
            }
            case "expire_snapshots" -> {
                Instant olderThan = args.containsKey("older_than") ? timeArg(args, "older_than", at) : null;
                int retain = args.containsKey("retain_last") ? (int) longArg(args, "retain_last", at) : 1;
                List<Long> ids = new ArrayList<>();
                if (args.get("snapshot_ids") != null) {
                    ids.add(longArg(args, "snapshot_ids", at));
                }
                SnapshotManagement.ExpireResult r = snapshots(t, at).expireSnapshots(olderThan, retain, ids);
                yield new QueryResult(List.of("deleted_data_files_count", "deleted_position_delete_files_count",
                        "deleted_equality_delete_files_count", "deleted_manifest_files_count", "deleted_manifest_lists_count",
                        "deleted_statistics_files_count"), List.of("BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT"),
                        List.of(List.of(r.deletedDataFiles(), 0L, 0L, r.deletedManifests(), r.deletedManifestLists(), 0L)),
                        "expired " + r.expiredSnapshots() + " snapshots of " + t.name());
            }
            case "remove_orphan_files" -> {
                Instant olderThan = args.containsKey("older_than") ? timeArg(args, "older_than", at)
                        : Instant.now().minus(java.time.Duration.ofDays(3)); // Spark's default: three days
                boolean dryRun = Boolean.TRUE.equals(args.get("dry_run"));
                Vacuum.Result r = Vacuum.removeOrphans(ctx.engine(), t, olderThan.toEpochMilli(), dryRun);
                List<List<Object>> rows = new ArrayList<>();
                r.deletedKeys().forEach(k -> rows.add(List.of(t.store().uri() + k)));
                yield new QueryResult(List.of("orphan_file_location"), List.of("VARCHAR"), rows,
                        (dryRun ? "would remove " : "removed ") + rows.size() + " orphan files of " + t.name());
            }
            case "rewrite_data_files" -> {
                String strategy = args.getOrDefault("strategy", "binpack").toString().toLowerCase(java.util.Locale.ROOT);
                List<String> zorder = List.of();
                if (strategy.equals("sort")) {
                    zorder = sortColumns(String.valueOf(args.get("sort_order")), at);
                } else if (!strategy.equals("binpack")) {
                    throw new FloeException(at + "rewrite_data_files strategy '" + strategy + "': binpack or sort");
                }
                if (args.get("where") != null) {
                    throw new FloeException(at + "rewrite_data_files(where => …) is not supported yet; use OPTIMIZE t WHERE …");
                }
                Optimize.Result r = Optimize.run(ctx.engine(), t, null, null, zorder);
                yield new QueryResult(List.of("rewritten_data_files_count", "added_data_files_count", "rewritten_bytes_count",
                        "failed_data_files_count"), List.of("BIGINT", "BIGINT", "BIGINT", "BIGINT"),
                        List.of(List.of((long) r.numFilesRemoved(), (long) r.numFilesAdded(), r.numBytesRemoved(), 0L)),
                        "rewrote " + r.numFilesRemoved() + " data files of " + t.name() + " into " + r.numFilesAdded());
            }
            case "rewrite_manifests" -> {
                long[] r = snapshots(t, at).rewriteManifests();
                yield new QueryResult(List.of("rewritten_manifests_count", "added_manifests_count"), List.of("BIGINT", "BIGINT"),
                        List.of(List.of(r[0], r[1])), "rewrote " + r[0] + " manifests of " + t.name() + " into " + r[1]);
            }
            case "rewrite_position_delete_files" -> {
                if (args.get("where") != null) {
                    throw new FloeException(at + "rewrite_position_delete_files(where => …) is not supported yet");
                }
                yield rewritePositionDeletes(t);
            }
            default -> throw new IllegalStateException(call.procedure());
        };
    }

    /**
     * Restates the deletes of every data file that has any in the table's preferred form (v2: one file-scoped position
     * delete file per data file; v3: one deletion vector), dropping the delete files that no live data file uses.
     * Files without deletes are not read, so concurrent appends do not conflict with it.
     */
    private static QueryResult rewritePositionDeletes(Table t) {
        Transaction tx = t.newTransaction();
        List<DataFile> withDeletes = tx.readFiles(f -> f.deletionVector() != null);
        // with no file to restate, one file's empty restatement still lets the commit drop dangling delete files
        List<DataFile> restate = withDeletes.isEmpty() ? tx.readSnapshot().map(s -> s.files().stream().limit(1).toList()).orElse(List.of())
                : withDeletes;
        for (DataFile f : restate) {
            tx.deleteRows(f, new long[0]);
        }
        long before = t.snapshot().version();
        long after = restate.isEmpty() ? before : tx.commit(Operation.of("REWRITE POSITION DELETE FILES")).version();
        Map<String, String> m = after == before ? Map.of() : t.history(1).get(0).operationMetrics();
        List<Object> row = new ArrayList<>();
        for (String k : List.of("removed-delete-files", "added-delete-files", "removed-files-size", "added-files-size")) {
            row.add(Long.parseLong(m.getOrDefault(k, "0")));
        }
        return new QueryResult(List.of("rewritten_delete_files_count", "added_delete_files_count", "rewritten_bytes_count",
                "added_bytes_count"), List.of("BIGINT", "BIGINT", "BIGINT", "BIGINT"), List.of(row),
                "rewrote " + row.get(0) + " delete files of " + t.name() + " into " + row.get(1));
    }

    /** sort_order => 'zorder(a, b)' or 'a ASC NULLS FIRST, b DESC': the columns, Z-ordered (one column sorts by it). */
    private static List<String> sortColumns(String order, String at) {
        String o = order.trim();
        if (o.toLowerCase(java.util.Locale.ROOT).startsWith("zorder(") && o.endsWith(")")) {
            o = o.substring("zorder(".length(), o.length() - 1);
        }
        List<String> cols = new ArrayList<>();
        for (String part : o.split(",")) {
            String c = part.trim().split("\\s+")[0];
            if (c.isEmpty() || c.equals("null")) {
                throw new FloeException(at + "rewrite_data_files(strategy => 'sort') needs sort_order => 'zorder(c, …)' or 'c, …'");
            }
            cols.add(c.replace("`", ""));
        }
        return cols;
    }

    private Table table(Map<String, Object> args, String at, String procedure) {
        Object name = args.get("table");
        if (name == null) {
            throw new FloeException(at + "system." + procedure + " needs table => 'name'");
        }
        TableName tn;
        try {
            tn = SqlParser.parseTableName(name.toString());
        } catch (RuntimeException e) {
            throw new FloeException(at + "'" + name + "' is not a table name: " + e.getMessage());
        }
        Table t = new TableResolver(ctx.warehouse()).resolve(tn);
        if (!t.format().equals("iceberg")) {
            throw new FloeException(at + "system." + procedure + " is an Iceberg procedure, and " + name + " is a " + t.format() + " table");
        }
        return t;
    }

    private static SnapshotManagement snapshots(Table t, String at) {
        return t.capability(SnapshotManagement.class).orElseThrow(() -> new FloeException(at + t.format() + " table " + t.name()
                + " has no snapshot management"));
    }

    private static long longArg(Map<String, Object> args, String name, String at) {
        Object v = args.get(name);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new FloeException(at + "argument " + name + " must be a number" + (v == null ? " and is missing" : ", not " + v));
    }

    private static Instant timeArg(Map<String, Object> args, String name, String at) {
        Object v = args.get(name);
        if (v instanceof SqlStatement.TimestampArgument ts) {
            return TableResolver.parseTimestamp(ts.text());
        }
        if (v instanceof String s) {
            return TableResolver.parseTimestamp(s);
        }
        if (v instanceof Long ms) {
            return Instant.ofEpochMilli(ms);
        }
        throw new FloeException(at + "argument " + name + " must be a timestamp (TIMESTAMP '2024-01-01 00:00:00')"
                + (v == null ? " and is missing" : ", not " + v));
    }

    private static QueryResult snapshotChange(long before, Table t) {
        long now = t.snapshot().version();
        return new QueryResult(List.of("previous_snapshot_id", "current_snapshot_id"), List.of("BIGINT", "BIGINT"),
                List.of(List.of(before, now)), t.name() + ": current snapshot " + before + " → " + now);
    }
}
