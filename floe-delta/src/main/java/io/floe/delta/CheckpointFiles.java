package io.floe.delta;

import io.floe.dataplane.DataPlane;
import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.table.CorruptTableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Parquet files of one checkpoint that hold its add and remove actions (its parts, then its V2 sidecars), as local
 * files: what a lazy snapshot ({@link FileState}) reads its files from when they are first needed.
 */
final class CheckpointFiles {
    private final DataPlane dataPlane;
    private final List<Path> files;
    private final String tableUri;
    private final long version;

    CheckpointFiles(DataPlane dataPlane, List<Path> files, String tableUri, long version) {
        this.dataPlane = dataPlane;
        this.files = List.copyOf(files);
        this.tableUri = tableUri;
        this.version = version;
    }

    long version() {
        return version;
    }

    /** The add and remove actions of every file, in file order and each file's row order (as an eager read has them). */
    void readFileActions(Consumer<Action> out) {
        for (Path p : files) {
            try {
                readFileActions(dataPlane, p, out);
            } catch (CorruptTableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CorruptTableException("table " + tableUri + ": unreadable checkpoint file " + p + " (version "
                        + version + "): " + e.getMessage(), e);
            }
        }
    }

    private static void readFileActions(DataPlane dataPlane, Path p, Consumer<Action> out) {
        try {
            TypedCheckpointRows rows = new TypedCheckpointRows(out);
            dataPlane.readParquetColumns(p, TypedCheckpointRows.COLUMNS, TypedCheckpointRows.FILE_ACTIONS, rows::accept);
        } catch (UnsupportedOperationException e) {
            dataPlane.readParquetAsJson(p, TypedCheckpointRows.FILE_ACTIONS, true,
                    row -> DeltaJson.parseRow(row).forEach(out));
        }
    }

    /**
     * The checkpoint's add actions whose row satisfies {@code condition}, a DuckDB SQL condition over the column
     * {@code add} (a struct) and the statistics it reads ({@link StatsPushdown.Condition}): one query over all the files, whose few matching rows are written to a temporary
     * Parquet file and read back the way {@link #readFileActions} reads a checkpoint, so they bind identically.
     *
     * @throws SQLException when the data plane's SQL cannot run the query (another data plane, a checkpoint whose
     *                      add column lacks a field the condition reads): the caller then reads every file
     */
    List<AddFile> addsWhere(StatsPushdown.Condition condition) throws SQLException {
        Path tmp;
        try {
            tmp = Files.createTempFile("floe-checkpoint-adds-", ".parquet");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String list = fileList();
            // the statistics the condition reads, from one parse of each row's stats JSON
            String values = condition.textPaths().isEmpty() ? "CAST(NULL AS VARCHAR[])" : "json_extract_string(\"add\".\"stats\", ["
                    + String.join(", ", condition.textPaths().stream().map(CheckpointFiles::literal).toList()) + "])";
            String json = condition.jsonPaths().isEmpty() ? "CAST(NULL AS VARCHAR[])" : "CAST(json_extract(\"add\".\"stats\", ["
                    + String.join(", ", condition.jsonPaths().stream().map(CheckpointFiles::literal).toList()) + "]) AS VARCHAR[])";
            String sql = "COPY (SELECT \"add\" FROM (SELECT \"add\", " + values + " AS __v, " + json + " AS __j FROM read_parquet([" + list
                    + "], union_by_name = true, hive_partitioning = false) WHERE \"add\" IS NOT NULL AND \"add\".\"path\" IS NOT NULL)"
                    + " WHERE " + condition.sql() + ") TO " + literal(tmp.toString()) + " (FORMAT parquet)";
            try (Statement st = dataPlane.connection().createStatement()) {
                st.execute(sql);
            }
            List<AddFile> out = new ArrayList<>();
            readFileActions(dataPlane, tmp, a -> {
                if (a instanceof AddFile add) {
                    out.add(add);
                }
            });
            return out;
        } catch (UnsupportedOperationException e) {
            throw new SQLException("the data plane runs no SQL: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a temporary file: best effort
            }
        }
    }

    private volatile Long addCount;

    /** How many add rows the checkpoint has (counted once). */
    long addCount() throws SQLException {
        Long n = addCount;
        if (n == null) {
            String sql = "SELECT count(*) FROM read_parquet([" + fileList() + "], union_by_name = true, hive_partitioning = false)"
                    + " WHERE \"add\" IS NOT NULL AND \"add\".\"path\" IS NOT NULL";
            try (Statement st = dataPlane.connection().createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                n = rs.getLong(1);
            } catch (UnsupportedOperationException e) {
                throw new SQLException("the data plane runs no SQL: " + e.getMessage(), e);
            }
            addCount = n;
        }
        return n;
    }

    /** The checkpoint's add actions whose path (as written) is one of {@code paths}. */
    List<AddFile> addsWithPathIn(java.util.Collection<String> paths) throws SQLException {
        if (paths.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", paths.stream().map(CheckpointFiles::literal).toList());
        return addsWhere(new StatsPushdown.Condition(List.of(), List.of(), "\"add\".\"path\" IN (" + in + ")", "paths"));
    }

    private String fileList() {
        StringBuilder list = new StringBuilder();
        for (Path p : files) {
            list.append(list.length() == 0 ? "" : ", ").append(literal(p.toString()));
        }
        return list.toString();
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    public String toString() {
        return "checkpoint " + version + " " + files;
    }
}
