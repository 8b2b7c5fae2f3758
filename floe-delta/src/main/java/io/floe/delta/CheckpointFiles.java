package io.floe.delta;

import io.floe.dataplane.DataPlane;
import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.DeletionVectorDescriptor;
import io.floe.table.CorruptTableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Parquet files of one checkpoint that hold its add and remove actions (its parts, then its V2 sidecars), as local
 * files: what a lazy snapshot ({@link FileState}) reads its files from when they are first needed.
 */
final class CheckpointFiles {
    private final DataPlane dataPlane;
    private final List<Path> files;
    /** What error messages call each file: its key in the store (a local copy's path means nothing to a user). */
    private final List<String> names;
    private final String tableUri;
    private final long version;
    /**
     * The temporary copies some of {@link #files} are (a remote store's checkpoint), deleted once this object is
     * unreachable: every method reading the files ends with a reachability fence, so that none goes while a query may
     * still open it.
     */
    private final List<io.floe.storage.TemporaryCopy> copies;

    CheckpointFiles(DataPlane dataPlane, List<Path> files, String tableUri, long version) {
        this(dataPlane, files, files.stream().map(Path::toString).toList(), tableUri, version, List.of());
    }

    CheckpointFiles(DataPlane dataPlane, List<Path> files, List<String> names, String tableUri, long version,
                    List<io.floe.storage.TemporaryCopy> copies) {
        if (names.size() != files.size()) {
            throw new IllegalArgumentException(files.size() + " checkpoint files, " + names.size() + " names");
        }
        this.dataPlane = dataPlane;
        this.files = List.copyOf(files);
        this.names = List.copyOf(names);
        this.tableUri = tableUri;
        this.version = version;
        this.copies = List.copyOf(copies);
    }

    long version() {
        return version;
    }

    /**
     * The error for checkpoint file {@code i} that cannot be read, naming it as the table has it (its key in the store),
     * not by the local copy the data plane read, in the reader's message too.
     */
    private CorruptTableException unreadable(int i, RuntimeException e) {
        String message = String.valueOf(e.getMessage()).replace(files.get(i).toString(), names.get(i));
        return new CorruptTableException("table " + tableUri + ": unreadable checkpoint file " + names.get(i) + " (version "
                + version + "): " + message, e);
    }

    /** The local files read (tests). */
    List<Path> paths() {
        return files;
    }

    /** The add and remove actions of every file, in file order and each file's row order (as an eager read has them). */
    void readFileActions(Consumer<Action> out) {
        try {
            for (int i = 0; i < files.size(); i++) {
                try {
                    readFileActions(dataPlane, files.get(i), out);
                } catch (CorruptTableException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw unreadable(i, e);
                }
            }
        } finally {
            java.lang.ref.Reference.reachabilityFence(this);
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
     * The add actions of every file, in file order and each file's row order, as {@link #readFileActions} gives them,
     * read by one query per file that leaves out the remove actions, moves few values per row through JDBC (the rarely
     * set fields as one JSON text, null on almost every row) and, when {@code schema} has a {@link TypedStats} form,
     * takes each add's statistics apart in DuckDB: {@link StatsJson#parse} then takes those values for the add's stats
     * text while {@code out} runs (see {@link StatsJson#offer}). At a million files, moving and parsing each row's stats
     * text and every field of both actions was most of loading the file list.
     *
     * @param schema the schema the statistics are typed by (null: the checkpoint's own)
     * @throws SQLException when the data plane's SQL cannot run the query: the caller reads {@link #readFileActions}
     */
    void readAdds(io.floe.types.StructType schema, Consumer<AddFile> out) throws SQLException {
        try {
            io.floe.types.StructType s = schema != null ? schema : schema();
            TypedStats typed = s == null ? null : TypedStats.of(s);
            for (int i = 0; i < files.size(); i++) {
                try {
                    readAdds(files.get(i), typed, out);
                } catch (CorruptTableException | SQLException e) {
                    throw e;
                } catch (UnsupportedOperationException e) {
                    throw new SQLException("the data plane runs no SQL: " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    throw unreadable(i, e);
                }
            }
        } finally {
            java.lang.ref.Reference.reachabilityFence(this);
        }
    }

    /** The add fields read as their own column (those missing in a file read as null). */
    private static final List<String> ADD_COLUMNS = List.of("path", "size", "modificationTime", "dataChange",
            "baseRowId", "defaultRowCommitVersion", "clusteringProvider");

    private void readAdds(Path p, TypedStats typed, Consumer<AddFile> out) throws SQLException {
        java.sql.Connection c = dataPlane.connection();
        String file = "read_parquet(" + literal(p.toString()) + ", hive_partitioning = false)";
        java.util.Set<String> fields = new java.util.HashSet<>();
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT CAST(json_keys(to_json(\"add\")) AS VARCHAR[]) FROM " + file + " WHERE \"add\" IS NOT NULL LIMIT 1")) {
            if (!rs.next()) {
                return; // no add action in this file
            }
            for (Object k : (Object[]) rs.getArray(1).getArray()) {
                fields.add((String) k);
            }
        }
        // the fields are projected where the file is read: a whole add struct carried through the query costs as much
        java.util.function.Function<String, String> f = n -> fields.contains(n) ? "\"add\"." + ident(n) : "NULL";
        List<String> inner = new ArrayList<>();
        for (String n : ADD_COLUMNS) {
            inner.add(f.apply(n));
        }
        String pv = f.apply("partitionValues");
        inner.add(pv.equals("NULL") ? "NULL" : "CASE WHEN " + pv + " IS NULL OR cardinality(" + pv + ") = 0 THEN NULL ELSE CAST(to_json(" + pv + ") AS VARCHAR) END");
        // tags and deletion vector, when set, as the JSON of an add action that DeltaJson binds
        List<String> rare = new ArrayList<>();
        List<String> rareSet = new ArrayList<>();
        for (String n : List.of("tags", "deletionVector")) {
            if (fields.contains(n)) {
                rare.add(ident(n) + " := \"add\"." + ident(n));
                rareSet.add("\"add\"." + ident(n) + " IS NOT NULL");
            }
        }
        inner.add(rare.isEmpty() ? "NULL" : "CASE WHEN " + String.join(" OR ", rareSet) + " THEN CAST(to_json(struct_pack(\"add\" := struct_pack(path := \"add\".path, "
                + String.join(", ", rare) + "))) AS VARCHAR) END");
        inner.add(fields.contains("stats") ? "\"add\".stats" : "CAST(NULL AS VARCHAR)");
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < inner.size(); i++) {
            cols.add("__c" + i);
            inner.set(i, inner.get(i) + " AS __c" + i);
        }
        String stats = cols.get(cols.size() - 1);
        // the writer's typed copy of the statistics, where it can stand for the text: nothing to parse
        String parsed = typed == null || !fields.contains(Checkpoints.STATS_PARSED) ? null
                : typed.selectParsed("__sp", parsedLeafTypes(c, p));
        if (parsed == null && !fields.contains("stats")) {
            typed = null; // no text to parse (a writer may write the typed copy alone: Spark's writeStatsAsJson = false)
        }
        if (parsed != null) {
            inner.add("\"add\"." + ident(Checkpoints.STATS_PARSED) + " AS __sp");
        }
        String from = "SELECT " + String.join(", ", inner) + " FROM " + file + " WHERE \"add\" IS NOT NULL";
        String sql;
        if (typed == null) {
            sql = from;
        } else {
            // the typed values: the writer's copy (__sp), or DuckDB's json_transform of the text (__s)
            String helper = parsed != null ? "__sp" : "__s";
            String source = parsed != null ? "(" + from + ")" : "(SELECT *, TRY(json_transform(" + stats + ", "
                    + literal(typed.structure) + ")) AS __s FROM (" + from + "))";
            List<String> outer = new ArrayList<>(cols.subList(0, cols.size() - 1));
            outer.add("CASE WHEN __regular THEN NULL ELSE " + stats + " END");
            outer.add("* EXCLUDE (" + String.join(", ", cols) + ", " + helper + ")");
            sql = "SELECT " + String.join(", ", outer) + " FROM (SELECT *, " + (parsed != null ? parsed : typed.select("__s", stats))
                    + " FROM " + source + ")";
        }
        int first = ADD_COLUMNS.size() + 4; // the typed columns' first
        TypedStats.Row row = typed == null ? null : new TypedStats.Row(typed);
        if (row != null) {
            StatsJson.offer(row);
        }
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String path = rs.getString(1);
                long size = rs.getLong(2);
                long modificationTime = rs.getLong(3);
                boolean dataChange = rs.getBoolean(4);
                Long baseRowId = longOrNull(rs, 5);
                Long defaultRowCommitVersion = longOrNull(rs, 6);
                String clusteringProvider = rs.getString(7);
                String pvJson = rs.getString(8);
                String rareJson = rs.getString(9);
                Map<String, String> tags = null;
                DeletionVectorDescriptor dv = null;
                if (rareJson != null) {
                    AddFile r = (AddFile) DeltaJson.parseRow(rareJson).get(0);
                    tags = r.tags();
                    dv = r.deletionVector();
                }
                String statsText;
                if (row != null && row.read(rs, first)) {
                    statsText = row.json;
                } else {
                    statsText = rs.getString(10);
                    if (row != null) {
                        row.json = null; // nothing to take for this row
                    }
                }
                out.accept((AddFile) DeltaJson.requireFields("add", new AddFile(path, pvJson == null ? null : stringMap(pvJson), size,
                        modificationTime, dataChange, statsText, tags, dv, baseRowId, defaultRowCommitVersion, clusteringProvider)));
            }
        } finally {
            if (row != null) {
                StatsJson.forget();
            }
        }
    }

    /** {@link #parsedLeafTypes} of each file, read once: every plan of a lazy snapshot asks again. */
    private final Map<Path, Map<List<String>, String>> parsedLeafTypes = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The DuckDB types of the leaves of {@code add.stats_parsed} in checkpoint file {@code p}, by their path under it
     * (from the file's schema: nothing is read but its footer).
     */
    private Map<List<String>, String> parsedLeafTypes(java.sql.Connection c, Path p) throws SQLException {
        Map<List<String>, String> known = parsedLeafTypes.get(p);
        if (known == null) {
            known = readParsedLeafTypes(c, p);
            parsedLeafTypes.put(p, known);
        }
        return known;
    }

    private static Map<List<String>, String> readParsedLeafTypes(java.sql.Connection c, Path p) throws SQLException {
        Map<List<String>, String> out = new java.util.HashMap<>();
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT name, num_children, duckdb_type FROM parquet_schema(" + literal(p.toString()) + ")")) {
            // the schema's elements come depth first, each group with its number of children
            List<String> path = new ArrayList<>();
            List<Integer> left = new ArrayList<>();
            boolean root = true;
            while (rs.next()) {
                String name = rs.getString(1);
                int children = rs.getInt(2);
                if (root) {
                    root = false; // the file's schema element itself
                    left.add(children);
                    continue;
                }
                while (!left.isEmpty() && left.get(left.size() - 1) == 0) {
                    left.remove(left.size() - 1);
                    path.remove(path.size() - 1);
                }
                left.set(left.size() - 1, left.get(left.size() - 1) - 1);
                if (children > 0) {
                    path.add(name);
                    left.add(children);
                    continue;
                }
                // a leaf: under add.stats_parsed?
                if (path.size() >= 2 && path.get(0).equals("add") && path.get(1).equals(Checkpoints.STATS_PARSED)) {
                    List<String> at = new ArrayList<>(path.subList(2, path.size()));
                    at.add(name);
                    out.put(List.copyOf(at), rs.getString(3));
                }
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Long longOrNull(java.sql.ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    /** A partition values map's JSON as {@link TypedCheckpointRows} binds the map: insertion order, values as text. */
    private static Map<String, String> stringMap(String json) {
        try (com.fasterxml.jackson.core.JsonParser p = DeltaJson.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("partitionValues is not a map: " + json);
            }
            Map<String, String> m = new java.util.LinkedHashMap<>();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String k = p.currentName();
                com.fasterxml.jackson.core.JsonToken t = p.nextToken();
                m.put(k, t == com.fasterxml.jackson.core.JsonToken.VALUE_NULL ? null : p.getText());
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private volatile io.floe.types.StructType schema;

    /** The schema of the checkpoint's metaData action (read once), or null when it has none that reads. */
    io.floe.types.StructType schema() throws SQLException {
        try {
            io.floe.types.StructType s = schema;
            if (s == null) {
                String sql = "SELECT \"metaData\".\"schemaString\" FROM read_parquet([" + fileList()
                        + "], union_by_name = true, hive_partitioning = false) WHERE \"metaData\" IS NOT NULL LIMIT 1";
                try (Statement st = dataPlane.connection().createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
                    if (!rs.next() || rs.getString(1) == null) {
                        return null;
                    }
                    s = SchemaJson.parse(rs.getString(1));
                } catch (UnsupportedOperationException e) {
                    throw new SQLException("the data plane runs no SQL: " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    return null; // statistics are then parsed from their text
                }
                schema = s;
            }
            return s;
        } finally {
            java.lang.ref.Reference.reachabilityFence(this);
        }
    }

    private static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * The checkpoint's add actions whose row satisfies {@code condition}, a DuckDB SQL condition over the column
     * {@code add} (a struct) and the statistics it reads ({@link StatsPushdown.Condition}). The matching rows are written to a temporary Parquet file and read back the way
     * {@link #readFileActions} reads a checkpoint, so they bind identically; when few match, they are found first from
     * the statistics alone ({@link #matchingRows}), else in one query over all the files.
     *
     * @throws SQLException when the data plane's SQL cannot run the query (another data plane, a checkpoint whose
     *                      add column lacks a field the condition reads): the caller then reads every file
     */
    List<AddFile> addsWhere(StatsPushdown.Condition condition) throws SQLException {
        try {
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
                if (parsedStatsHold(condition)) {
                    // the writer's typed copy, where a row has one (its values are the text's whole reading): no text parsed
                    values = fromParsed(condition.textPaths(), values);
                    json = fromParsed(condition.jsonPaths(), json);
                }
                String rows = matchingRows(list, values, json, condition);
                if (rows != null && rows.isEmpty()) {
                    return List.of();
                }
                String sql = rows != null
                        ? "COPY (SELECT \"add\" FROM read_parquet([" + list + "], union_by_name = true, hive_partitioning = false, filename = true,"
                        + " file_row_number = true) WHERE \"add\" IS NOT NULL AND \"add\".\"path\" IS NOT NULL AND (" + rows + ")) TO "
                        + literal(tmp.toString()) + " (FORMAT parquet)"
                        : "COPY (SELECT \"add\" FROM (SELECT \"add\", " + values + " AS __v, " + json + " AS __j FROM read_parquet([" + list
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
        } finally {
            java.lang.ref.Reference.reachabilityFence(this);
        }
    }

    /**
     * Whether every checkpoint file has add.stats_parsed with each statistic the condition reads, typed as an integer or
     * a date (what the condition reads: integral and date bounds, null counts), whose text is then the text's own.
     */
    private boolean parsedStatsHold(StatsPushdown.Condition condition) throws SQLException {
        if (condition.textPaths().isEmpty() && condition.jsonPaths().isEmpty()) {
            return false;
        }
        java.sql.Connection c = dataPlane.connection();
        for (Path p : files) {
            Map<List<String>, String> types = parsedLeafTypes(c, p);
            for (List<String> paths : List.of(condition.textPaths(), condition.jsonPaths())) {
                for (String path : paths) {
                    String t = types.get(StatsPushdown.Condition.sectionAndKey(path));
                    if (t == null || !List.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DATE").contains(t)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The statistics at {@code paths} as text from a row's stats_parsed, or {@code fromText} for a row without it. */
    private static String fromParsed(List<String> paths, String fromText) {
        if (paths.isEmpty()) {
            return fromText;
        }
        List<String> values = new ArrayList<>();
        for (String path : paths) {
            List<String> at = StatsPushdown.Condition.sectionAndKey(path);
            values.add("CAST(\"add\"." + ident(Checkpoints.STATS_PARSED) + "." + ident(at.get(0)) + "." + ident(at.get(1)) + " AS VARCHAR)");
        }
        return "CASE WHEN \"add\"." + ident(Checkpoints.STATS_PARSED) + " IS NOT NULL THEN [" + String.join(", ", values) + "] ELSE "
                + fromText + " END";
    }

    /**
     * Matches at most this many rows, the condition is evaluated first on the statistics alone and the matching rows'
     * adds read after (by file and row number); beyond it, in one pass. Package-private for tests.
     */
    static volatile int selectiveRows = 4096;

    /**
     * The rows the condition keeps, as an SQL condition on filename and file_row_number ("" when none), read with only
     * the columns the condition needs; null when more than {@link #selectiveRows} match (or the condition reads other
     * columns of the add). A point lookup's planning read every add's path, partition values, tags and deletion vector
     * to keep one: the statistics alone take ~two thirds of that on a million-file checkpoint.
     */
    private String matchingRows(String list, String values, String json, StatsPushdown.Condition condition) throws SQLException {
        int limit = selectiveRows;
        if (limit <= 0 || condition.sql().contains("\"add\"")) {
            return null;
        }
        String sql = "SELECT filename, file_row_number FROM (SELECT filename, file_row_number, " + values + " AS __v, " + json
                + " AS __j FROM read_parquet([" + list + "], union_by_name = true, hive_partitioning = false, filename = true,"
                + " file_row_number = true) WHERE \"add\".\"path\" IS NOT NULL) WHERE " + condition.sql() + " LIMIT " + (limit + 1);
        Map<String, List<Long>> byFile = new java.util.LinkedHashMap<>();
        int n = 0;
        try (Statement st = dataPlane.connection().createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                if (++n > limit) {
                    return null;
                }
                byFile.computeIfAbsent(rs.getString(1), f -> new ArrayList<>()).add(rs.getLong(2));
            }
        }
        List<String> terms = new ArrayList<>();
        byFile.forEach((file, numbers) -> terms.add("(filename = " + literal(file) + " AND file_row_number IN ("
                + String.join(", ", numbers.stream().map(String::valueOf).toList()) + "))"));
        return String.join(" OR ", terms);
    }

    private volatile Long addCount;

    /** How many add rows the checkpoint has (counted once). */
    long addCount() throws SQLException {
        Long n = addCount;
        if (n == null) {
            n = addCountFromFooters();
            if (n == null) {
                n = addCountByScan();
            }
            addCount = n;
        }
        return n;
    }

    /**
     * The adds counted from the files' footers: each row group's rows less its nulls in add.path (an add row has a path;
     * every other row has none), with no page read. Scanning add.path instead read a million paths of a million-file
     * checkpoint (60-90 ms of its cold query planning). Null when a row group's statistics have no null count.
     */
    Long addCountFromFooters() throws SQLException {
        try {
            String sql = "SELECT count(*), count(stats_null_count), sum(row_group_num_rows - stats_null_count) FROM parquet_metadata(["
                    + fileList() + "]) WHERE path_in_schema = 'add, path'";
            try (Statement st = dataPlane.connection().createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                long chunks = rs.getLong(1);
                // no add.path column at all: no adds (a checkpoint of an empty table written without the column)
                return chunks == rs.getLong(2) ? Long.valueOf(chunks == 0 ? 0 : rs.getLong(3)) : null;
            } catch (UnsupportedOperationException e) {
                throw new SQLException("the data plane runs no SQL: " + e.getMessage(), e);
            }
        } finally {
            java.lang.ref.Reference.reachabilityFence(this);
        }
    }

    long addCountByScan() throws SQLException {
        try {
            String sql = "SELECT count(*) FROM read_parquet([" + fileList() + "], union_by_name = true, hive_partitioning = false)"
                    + " WHERE \"add\" IS NOT NULL AND \"add\".\"path\" IS NOT NULL";
            try (Statement st = dataPlane.connection().createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (UnsupportedOperationException e) {
                throw new SQLException("the data plane runs no SQL: " + e.getMessage(), e);
            }
        } finally {
            java.lang.ref.Reference.reachabilityFence(this);
        }
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
