package io.floe.operations;

import io.floe.table.Table;
import io.floe.table.Snapshot;
import io.floe.table.Transaction;
import io.floe.dataplane.DataPlane;
import io.floe.engine.Sql;
import io.floe.table.DataFile;
import io.floe.table.RowLevelDeletes;
import io.floe.table.RowLineage;
import io.floe.types.StructField;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The copy-on-write core shared by DELETE and UPDATE: scans only the candidate files (already pruned
 * by partition values and statistics), counts per file how many rows the condition matches, leaves
 * files with no match untouched, drops files whose every row matches (no rewrite), and rewrites the rest.
 */
final class RowRewrite {
    /**
     * Per-file match counts of a condition over the candidate files; with positions asked for, also the matching rows'
     * positions in each file that only some rows of match (merge-on-read marks those instead of rewriting the file).
     */
    record FileMatches(Map<String, DataFile> untouched, Map<String, DataFile> allMatch, Map<String, DataFile> someMatch,
                       long matchedRows, long rowsInRewrittenFiles, long matchedInRewrittenFiles, Map<String, long[]> positions) {
        List<DataFile> touched() {
            List<DataFile> out = new ArrayList<>(allMatch.values());
            out.addAll(someMatch.values());
            return out;
        }
    }

    /**
     * Whether the table wants {@code command} done merge-on-read (rows marked deleted in their files rather than the
     * files rewritten); false for formats without {@link RowLevelDeletes}.
     */
    static boolean mergeOnRead(Table table, Snapshot s, RowLevelDeletes.Command command) {
        return table.capability(RowLevelDeletes.class).map(r -> r.mergeOnRead(s, command)).orElse(false);
    }

    /** What {@link #markDeleted} did: the files removed whole, and how many got rows marked. */
    record Marked(List<DataFile> removed, int marked) {
    }

    /**
     * Merge-on-read's commit of deleted rows: files whose every live row goes are removed, the others get their rows
     * marked ({@link Transaction#deleteRows}). {@code liveRows}: the file's rows before this change, as scanned.
     */
    static Marked markDeleted(Transaction txn, Map<String, DataFile> byPath, Map<String, long[]> positions, Map<String, Long> liveRows) {
        List<DataFile> removed = new ArrayList<>();
        int marked = 0;
        for (var e : positions.entrySet()) {
            DataFile f = byPath.get(e.getKey());
            if (f == null) {
                throw new IllegalStateException("scan returned a row of " + e.getKey() + ", which is not among the files read");
            }
            Long live = liveRows.get(e.getKey());
            if (live != null && live == e.getValue().length) {
                txn.remove(f, true);
                removed.add(f);
            } else {
                txn.deleteRows(f, e.getValue());
                marked++;
            }
        }
        return new Marked(removed, marked);
    }

    /** Reads a (file, list of positions) result into a map; positions come ascending from the query. */
    static Map<String, long[]> positionLists(Connection c, String sql) {
        Map<String, long[]> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), toLongs(rs.getArray(2)));
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
        return out;
    }

    private static long[] toLongs(java.sql.Array a) throws SQLException {
        Object[] values = (Object[]) a.getArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).longValue();
        }
        return out;
    }

    private RowRewrite() {
    }

    static String scanAll(DataPlane engine, Table table, Snapshot s, List<DataFile> files) {
        return engine.scan(table, s, s.schema(), files, true);
    }

    /**
     * Whether rows copied into new files must keep their stable ids: the table tracks rows ({@link RowLineage} enabled).
     * Then the scans of the rows to copy carry {@link DataPlane#ROW_ID_COLUMN} and {@link DataPlane#ROW_COMMIT_VERSION_COLUMN},
     * and the write materializes them ({@link DataPlane#write(Table, io.floe.types.StructType, io.floe.table.PartitionSpec,
     * io.floe.table.WriteOptions, String, boolean, Snapshot)}).
     */
    static boolean keepsRowIds(Table table, Snapshot s) {
        return RowLineage.enabledFor(table, s).isPresent();
    }

    /** {@link #scanAll} plus the rows' stable ids where {@code rowIds}. */
    static String scanAll(DataPlane engine, Table table, Snapshot s, List<DataFile> files, boolean rowIds) {
        return rowIds ? engine.scan(table, s, s.schema(), files, DataPlane.ScanColumns.ROW_IDS) : scanAll(engine, table, s, files);
    }

    /**
     * The row id columns a rewrite writes, after the table's: the id kept, the commit version kept for rows copied
     * unchanged and NULL (the new file's version) for rows {@code updated} says changed; "" without row ids.
     */
    static String rowIdColumns(boolean rowIds, String qualifier, String updated) {
        if (!rowIds) {
            return "";
        }
        String q = qualifier == null ? "" : qualifier + ".";
        String version = q + DataPlane.ROW_COMMIT_VERSION_COLUMN;
        return ", " + q + DataPlane.ROW_ID_COLUMN + " AS " + DataPlane.ROW_ID_COLUMN + ", "
                + (updated == null ? version : "CASE WHEN " + updated + " THEN CAST(NULL AS BIGINT) ELSE " + version + " END")
                + " AS " + DataPlane.ROW_COMMIT_VERSION_COLUMN;
    }

    static FileMatches classify(DataPlane engine, Connection c, Table table, Snapshot s, List<DataFile> candidates,
                                String condition, String alias) {
        return classify(engine, c, table, s, candidates, condition, alias, false);
    }

    /** @param withPositions also collect the matching positions of files only some rows of match (one scan for both) */
    static FileMatches classify(DataPlane engine, Connection c, Table table, Snapshot s, List<DataFile> candidates,
                                String condition, String alias, boolean withPositions) {
        Map<String, DataFile> byPath = new HashMap<>();
        candidates.forEach(f -> byPath.put(f.path(), f));
        Map<String, DataFile> untouched = new HashMap<>(byPath);
        Map<String, DataFile> all = new HashMap<>();
        Map<String, DataFile> some = new HashMap<>();
        long matched = 0;
        long rewritten = 0;
        long matchedInRewritten = 0;
        Map<String, long[]> positions = new HashMap<>();
        if (candidates.isEmpty()) {
            return new FileMatches(untouched, all, some, 0, 0, 0, positions);
        }
        String matches = "coalesce((" + condition + "), false)";
        // positions only for files some rows of match: a file every row of matches is removed whole
        String list = !withPositions ? "" : ", CASE WHEN count(*) FILTER (WHERE " + matches + ") BETWEEN 1 AND count(*) - 1 THEN list("
                + DataPlane.POSITION_COLUMN + " ORDER BY " + DataPlane.POSITION_COLUMN + ") FILTER (WHERE " + matches + ") END";
        String sql = "SELECT " + DataPlane.FILE_COLUMN + ", count(*), count(*) FILTER (WHERE " + matches + ")" + list + " FROM "
                + (withPositions ? engine.scan(table, s, s.schema(), candidates, true, true) : scanAll(engine, table, s, candidates))
                + " AS " + Sql.ident(alias) + " GROUP BY 1";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String path = rs.getString(1);
                long total = rs.getLong(2);
                long m = rs.getLong(3);
                DataFile f = byPath.get(path);
                if (f == null || m == 0) {
                    continue;
                }
                untouched.remove(path);
                matched += m;
                if (m == total) {
                    all.put(path, f);
                } else {
                    some.put(path, f);
                    rewritten += total;
                    matchedInRewritten += m;
                    if (withPositions) {
                        positions.put(path, toLongs(rs.getArray(4)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
        return new FileMatches(untouched, all, some, matched, rewritten, matchedInRewritten, positions);
    }

    static String columnList(Snapshot s) {
        return columnList(s.schema());
    }

    static String columnList(io.floe.types.StructType schema) {
        List<String> cols = new ArrayList<>();
        for (StructField f : schema.fields()) {
            cols.add(Sql.ident(f.name()));
        }
        return String.join(", ", cols);
    }

    /** How the statement names the table: its alias, else its name. */
    static String alias(Table table, String alias) {
        if (alias != null) {
            return alias;
        }
        String n = table.name();
        return n.substring(n.replaceAll("/+$", "").lastIndexOf('/') + 1).replaceAll("\\W", "_");
    }

    /** The rows written to {@code files}, by their statistics (the writer records every file's row count). */
    static long recordsIn(List<DataFile> files) {
        long n = 0;
        for (DataFile f : files) {
            Long records = f.stats() == null ? null : f.stats().numRecords();
            if (records == null) {
                throw new IllegalStateException("written file " + f.path() + " has no row count");
            }
            n += records;
        }
        return n;
    }

    static List<DataFile> candidates(Transaction txn, Predicate<DataFile> filter) {
        return filter == null ? txn.readWholeTable() : txn.readFiles(filter);
    }
}
