package io.floe.operations;

import io.floe.table.Table;
import io.floe.table.Snapshot;
import io.floe.table.Transaction;
import io.floe.dataplane.DataPlane;
import io.floe.engine.Sql;
import io.floe.table.DataFile;
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
    /** Per-file match counts of a condition over the candidate files. */
    record FileMatches(Map<String, DataFile> untouched, Map<String, DataFile> allMatch, Map<String, DataFile> someMatch,
                       long matchedRows, long rowsInRewrittenFiles, long matchedInRewrittenFiles) {
    }

    private RowRewrite() {
    }

    static String scanAll(DataPlane engine, Table table, Snapshot s, List<DataFile> files) {
        return engine.scan(table, s, s.schema(), files, true);
    }

    static FileMatches classify(DataPlane engine, Connection c, Table table, Snapshot s, List<DataFile> candidates,
                                String condition, String alias) {
        Map<String, DataFile> byPath = new HashMap<>();
        candidates.forEach(f -> byPath.put(f.path(), f));
        Map<String, DataFile> untouched = new HashMap<>(byPath);
        Map<String, DataFile> all = new HashMap<>();
        Map<String, DataFile> some = new HashMap<>();
        long matched = 0;
        long rewritten = 0;
        long matchedInRewritten = 0;
        if (candidates.isEmpty()) {
            return new FileMatches(untouched, all, some, 0, 0, 0);
        }
        String sql = "SELECT " + DataPlane.FILE_COLUMN + ", count(*), count(*) FILTER (WHERE coalesce((" + condition
                + "), false)) FROM " + scanAll(engine, table, s, candidates) + " AS " + Sql.ident(alias)
                + " GROUP BY 1";
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
                }
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
        return new FileMatches(untouched, all, some, matched, rewritten, matchedInRewritten);
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

    static List<DataFile> candidates(Transaction txn, Predicate<DataFile> filter) {
        return filter == null ? txn.readWholeTable() : txn.readFiles(filter);
    }
}
