package io.floe.engine;

import java.util.Map;
import io.floe.storage.ObjectStore;
import io.floe.table.DataFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Small helpers shared by the engine tests. */
final class EngineTestSupport {
    private EngineTestSupport() {
    }

    static void exec(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + sql, e);
        }
    }

    /** Every row of a query, each as a list of column values. */
    static List<List<Object>> rows(Connection c, String sql) {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + sql, e);
        }
        return out;
    }

    static Object scalar(Connection c, String sql) {
        return rows(c, sql).get(0).get(0);
    }

    /**
     * Rows of {@code a} missing from {@code b} plus rows of {@code b} missing from {@code a}, as multisets
     * (each row compared as its text form, so nested values and NULLs compare too).
     */
    static long multisetDifference(Connection c, String a, String b) {
        String ra = "(SELECT CAST(r AS VARCHAR) AS r FROM " + a + " r)";
        String rb = "(SELECT CAST(r AS VARCHAR) AS r FROM " + b + " r)";
        return ((Number) scalar(c, "SELECT (SELECT count(*) FROM (" + ra + " EXCEPT ALL " + rb + ")) + (SELECT count(*) FROM ("
                + rb + " EXCEPT ALL " + ra + "))")).longValue();
    }

    /** Local files for a store's keys: the store's own files, else copies in {@code dir}. */
    static Function<String, Path> localFiles(ObjectStore store, Path dir) {
        return key -> store.localPath(key).orElseGet(() -> {
            try {
                Path p = Files.createTempFile(Files.createDirectories(dir), "obj-", ".parquet");
                store.getToFile(key, p);
                return p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static long totalRecords(List<DataFile> files) {
        return files.stream().mapToLong(f -> f.stats().numRecords()).sum();
    }

    /** Statistics as nested maps keyed by physical column names (Delta's stats JSON shape): minima. */
    static Map<String, Object> mins(io.floe.table.FileStats s, io.floe.types.StructType schema) {
        return s.toColumnPaths(schema).get(0);
    }

    static Map<String, Object> nulls(io.floe.table.FileStats s, io.floe.types.StructType schema) {
        return s.toColumnPaths(schema).get(2);
    }
}
