package io.floe.engine;

import io.floe.dataplane.DataPlane;
import io.floe.table.FloeException;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An in-process DuckDB database (in memory, spilling to a temp directory) and the {@link DataPlane}
 * operations on it: checkpoint Parquet written from and read as JSON.
 *
 * <p>Thread-safe: each thread works on its own connection to the one database (DuckDB runs connections
 * in parallel), so temporary tables and settings of one thread's work never meet another's. Nothing is
 * downloaded at run time: DuckDB's extension autoloading and autoinstalling are off, Parquet and JSON are built in.
 */
public final class DuckDbDatabase implements AutoCloseable {
    /**
     * How the database runs.
     *
     * @param threads     worker threads, 0 for DuckDB's default (one per core)
     * @param memoryLimit DuckDB's memory_limit, e.g. "4GB"; null for DuckDB's default (80% of RAM)
     * @param tempDir     where DuckDB spills what does not fit in memory
     */
    public record Settings(int threads, String memoryLimit, Path tempDir) {
        public Settings {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0: " + threads);
            }
        }

        public static Settings defaults(Path tempDir) {
            return new Settings(0, null, tempDir);
        }

        public Settings withThreads(int n) {
            return new Settings(n, memoryLimit, tempDir);
        }

        public Settings withMemoryLimit(String limit) {
            return new Settings(threads, limit, tempDir);
        }
    }

    private final Settings settings;
    /** Null until the first connection starts the database (guarded by {@link #all}). */
    private DuckDBConnection root;
    private final ThreadLocal<Connection> connections;
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    public DuckDbDatabase(Settings settings) {
        this.settings = settings;
        connections = ThreadLocal.withInitial(this::newConnection);
    }

    /**
     * The database, started by the first connection anyone asks for: a process that opens Floe only to read metadata
     * (a table's history, a count the log answers, a commit of files written elsewhere) never loads DuckDB, which is
     * most of a fresh process's memory (~65 MiB resident) and start-up. Called with {@link #all} held.
     */
    private DuckDBConnection root() {
        if (root != null) {
            return root;
        }
        try {
            if (settings.tempDir() != null) {
                Files.createDirectories(settings.tempDir());
            }
            // results stream from DuckDB in chunks as they are read, instead of being materialized first: a large query
            // result then costs a batch of memory, not its size (the connections duplicated from root inherit this)
            java.util.Properties props = new java.util.Properties();
            props.setProperty(org.duckdb.DuckDBDriver.JDBC_STREAM_RESULTS, "true");
            DuckDBConnection started = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props);
            try (Statement st = started.createStatement()) {
                st.execute("SET autoinstall_known_extensions = false");
                st.execute("SET autoload_known_extensions = false");
                st.execute("SET TimeZone = 'UTC'");
                SparkFunctions.install(started); // Spark functions DuckDB lacks, for floe-sql's Spark SQL translation
                if (settings.tempDir() != null) {
                    st.execute("SET temp_directory = " + Sql.literal(settings.tempDir().toString()));
                }
                if (settings.threads() > 0) {
                    st.execute("SET threads = " + settings.threads());
                }
                if (settings.memoryLimit() != null) {
                    st.execute("SET memory_limit = " + Sql.literal(settings.memoryLimit()));
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    started.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            root = started;
            return root;
        } catch (SQLException e) {
            throw new FloeException("cannot start DuckDB: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether DuckDB has been started (by a first connection). */
    public boolean started() {
        synchronized (all) {
            return root != null;
        }
    }

    public Settings settings() {
        return settings;
    }

    private Connection newConnection() {
        synchronized (all) {
            if (closed) {
                throw new IllegalStateException("the DuckDB data plane is closed");
            }
            try {
                Connection c = root().duplicate();
                try (Statement st = c.createStatement()) {
                    st.execute("SET TimeZone = 'UTC'"); // partition values and statistics are written in UTC
                }
                all.add(c);
                return c;
            } catch (SQLException e) {
                throw new FloeException("cannot open a DuckDB connection: " + e.getMessage(), e);
            }
        }
    }

    /** This thread's connection (its temporary tables are visible on it only). */
    public Connection connection() {
        if (closed) {
            throw new IllegalStateException("the DuckDB data plane is closed");
        }
        return connections.get();
    }


    public void writeParquetFromJson(Path ndjson, StructType schema, Path parquetOut) {
        writeParquetFromJson(ndjson, schema, parquetOut, List.of());
    }

    /** See {@link DataPlane#writeParquetFromJson(Path, StructType, Path, List)}. */
    public void writeParquetFromJson(Path ndjson, StructType schema, Path parquetOut, List<DataPlane.ParsedJson> parsed) {
        List<String> cols = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (StructField f : schema.fields()) {
            // the names are the schema's own (a checkpoint's add, metaData, …), at every level
            cols.add(Sql.literal(f.name()) + ": " + Sql.literal(TypeMapping.logicalType(f.type())));
            if (f.id() > 0) {
                ids.add(Sql.ident(f.name()) + ": " + f.id());
            }
        }
        String rows = "SELECT * FROM read_json(" + Sql.literal(ndjson.toString()) + ", columns = {" + String.join(", ", cols)
                + "}, format = 'newline_delimited', maximum_object_size = 268435456)";
        if (!parsed.isEmpty()) {
            rows = ParsedJsonSql.select(rows, schema, parsed);
        }
        Sql.exec(connection(), "COPY (" + rows + ") TO " + Sql.literal(parquetOut.toString()) + " (FORMAT parquet, COMPRESSION snappy"
                + (ids.isEmpty() ? "" : ", FIELD_IDS {" + String.join(", ", ids) + "}") + ")");
    }


    public void readParquetAsJson(Path parquet, List<String> columns, Consumer<String> rowJson) {
        readParquetAsJson(parquet, columns, false, rowJson);
    }

    public void readParquetAsJson(Path parquet, List<String> columns, boolean nonNullRowsOnly, Consumer<String> rowJson) {
        String file = "read_parquet(" + Sql.literal(parquet.toString()) + ", hive_partitioning = false)";
        Map<String, String> types = new HashMap<>();
        for (String[] col : Sql.describe(connection(), "SELECT * FROM " + file)) {
            types.put(col[0], col[1]);
        }
        List<String> found = columns.stream().filter(types::containsKey).toList();
        if (found.isEmpty()) {
            return;
        }
        List<String> fields = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (String c : found) {
            // JSON has no bytes: binary columns come out as base64 text
            String value = types.get(c).equals("BLOB") ? "base64(" + Sql.ident(c) + ")" : Sql.ident(c);
            fields.add(Sql.ident(c) + " := " + value);
            present.add(Sql.ident(c) + " IS NOT NULL");
        }
        String where = "";
        if (nonNullRowsOnly) {
            List<long[]> ranges = sizeOf(parquet) < footerPruningBytes ? null : rowGroupsWithValues(parquet, found);
            if (ranges != null && ranges.isEmpty()) {
                return;
            }
            where = " WHERE (" + String.join(" OR ", present) + ")";
            if (ranges != null) {
                file = "read_parquet(" + Sql.literal(parquet.toString()) + ", hive_partitioning = false, file_row_number = true)";
                List<String> in = new ArrayList<>();
                for (long[] r : ranges) {
                    in.add("file_row_number BETWEEN " + r[0] + " AND " + r[1]);
                }
                where += " AND (" + String.join(" OR ", in) + ")";
            }
        }
        String sql = "SELECT CAST(to_json(struct_pack(" + String.join(", ", fields) + ")) AS VARCHAR) FROM " + file + where;
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rowJson.accept(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
    }

    /**
     * Files smaller than this are read without asking their footer which row groups to read: they have one or a few
     * (DuckDB's row groups of 122,880 rows make a checkpoint of ~10 MB), and the footer query would cost about what it
     * saves (a checkpoint of a small table is read by every cold load).
     */
    static volatile long footerPruningBytes = 8L << 20; // tests lower it

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0; // the read below says what is wrong with it
        }
    }

    /**
     * The row ranges (first and last row, merged where adjacent) of the row groups of {@code parquet} that may hold a
     * value of one of {@code columns}, judged by the footer alone; null when every row group may (or the footer cannot
     * tell). A row group is left out when, for every column, each of its leaves whose null count the footer records counts
     * as many nulls as the row group has rows (and there is such a leaf: writers record none for the leaves of lists and
     * maps). So a struct value whose every such field is null is not seen: a Delta action always has a required one
     * (metaData.id, protocol.minReaderVersion, txn.appId, …). A checkpoint of a million files keeps its few metaData,
     * protocol and txn rows in its first row group; reading those columns through all the others took ~70 ms of each
     * cold load.
     */
    List<long[]> rowGroupsWithValues(Path parquet, List<String> columns) {
        String sql = "SELECT row_group_id, row_group_num_rows, path_in_schema, stats_null_count FROM parquet_metadata("
                + Sql.literal(parquet.toString()) + ") ORDER BY row_group_id";
        // per row group: its rows, and per column whether a known null count shows a value (or none is known)
        java.util.TreeMap<Long, Long> rows = new java.util.TreeMap<>();
        Map<Long, Map<String, Boolean>> mayHave = new HashMap<>();
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                long group = rs.getLong(1);
                long n = rs.getLong(2);
                rows.put(group, n);
                String path = rs.getString(3);
                String column = null;
                for (String c : columns) {
                    if (path.equals(c) || path.startsWith(c + ", ")) {
                        column = c;
                        break;
                    }
                }
                long nulls = rs.getLong(4);
                if (column == null || rs.wasNull()) {
                    continue;
                }
                mayHave.computeIfAbsent(group, g -> new HashMap<>()).merge(column, nulls < n, Boolean::logicalOr);
            }
        } catch (SQLException e) {
            return null; // the footer is an optimization only: the file is read whole, as before
        }
        List<long[]> ranges = new ArrayList<>();
        boolean all = true;
        long start = 0;
        for (Map.Entry<Long, Long> g : rows.entrySet()) {
            long n = g.getValue();
            Map<String, Boolean> known = mayHave.getOrDefault(g.getKey(), Map.of());
            boolean values = false;
            for (String c : columns) {
                Boolean v = known.get(c);
                values |= v == null || v; // no known leaf: it may
            }
            if (values && n > 0) {
                if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1] == start - 1) {
                    ranges.get(ranges.size() - 1)[1] = start + n - 1;
                } else {
                    ranges.add(new long[] {start, start + n - 1});
                }
            } else if (n > 0) {
                all = false;
            }
            start += n;
        }
        return all ? null : ranges;
    }

    public void readParquetColumns(Path parquet, List<String> columns, List<String> anyNonNull, Consumer<Object[]> row) {
        String lit = Sql.literal(parquet.toString());
        Map<String, ParquetField> fields = parquetFields(lit);
        Selection sel = new Selection(fields);
        ColumnReader[] readers = new ColumnReader[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            ParquetField f = fields.get(columns.get(i));
            readers[i] = f == null ? null : sel.reader(f);
        }
        List<String> present = new ArrayList<>();
        for (String c : anyNonNull) {
            if (fields.containsKey(c)) {
                present.add(expr(c) + " IS NOT NULL");
            }
        }
        if (present.isEmpty()) {
            return;
        }
        String sql = "SELECT " + (sel.exprs.isEmpty() ? "1" : String.join(", ", sel.exprs)) + " FROM read_parquet(" + lit
                + ", hive_partitioning = false) t WHERE " + String.join(" OR ", present);
        Object[] values = new Object[columns.size()];
        boolean[] set = new boolean[sel.flagColumns.size()];
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                for (int i = 0; i < set.length; i++) {
                    set[i] = rs.getBoolean(sel.flagColumns.get(i));
                }
                for (int i = 0; i < readers.length; i++) {
                    values[i] = readers[i] == null ? null : readers[i].read(rs, set);
                }
                row.accept(values);
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
    }

    /** A field of a Parquet file's schema: its dotted path, and its children's names where it is a struct. */
    private record ParquetField(String path, List<String> structChildren) {
    }

    /** Reads one requested column's value from the current row of a result, given which structs of the row are set. */
    private interface ColumnReader {
        Object read(ResultSet rs, boolean[] set) throws SQLException;
    }

    /**
     * The select list of a typed read. A struct is read as its nullness (a flag column, once per row) plus its fields one
     * by one, and nothing under a null struct is read: DuckDB's JDBC driver builds a struct value slowly, even a null one
     * (a null deletion vector per row cost more than the path, size and stats of a checkpoint row together), and every
     * value asked for costs, null or not (a checkpoint row is an add or a remove, never both).
     */
    private static final class Selection {
        final Map<String, ParquetField> fields;
        final List<String> exprs = new ArrayList<>();
        final List<Integer> flagColumns = new ArrayList<>(); // the select list's column of each struct's flag
        final Map<String, Integer> flags = new HashMap<>(); // struct path → its flag's index in flagColumns

        Selection(Map<String, ParquetField> fields) {
            this.fields = fields;
        }

        private int flag(String structPath) {
            return flags.computeIfAbsent(structPath, p -> {
                exprs.add(expr(p) + " IS NOT NULL");
                flagColumns.add(exprs.size());
                return flagColumns.size() - 1;
            });
        }

        /** The flags of the structs enclosing a path, outermost first. */
        private int[] ancestors(String path) {
            List<Integer> out = new ArrayList<>();
            for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
                out.add(flag(path.substring(0, dot)));
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        ColumnReader reader(ParquetField f) {
            int[] outer = ancestors(f.path());
            if (f.structChildren() == null) {
                exprs.add(expr(f.path()));
                int col = exprs.size();
                return (rs, set) -> allSet(set, outer) ? rs.getObject(col) : null;
            }
            int own = flag(f.path());
            List<String> names = f.structChildren();
            ColumnReader[] children = new ColumnReader[names.size()];
            for (int i = 0; i < names.size(); i++) {
                children[i] = reader(fields.get(f.path() + "." + names.get(i)));
            }
            return (rs, set) -> {
                if (!set[own] || !allSet(set, outer)) {
                    return null;
                }
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                for (int i = 0; i < children.length; i++) {
                    m.put(names.get(i), children[i].read(rs, set));
                }
                return m;
            };
        }

        private static boolean allSet(boolean[] set, int[] which) {
            for (int i : which) {
                if (!set[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The SQL of a dotted path over the file aliased t. */
    private static String expr(String path) {
        StringBuilder e = new StringBuilder("t");
        for (String part : path.split("\\.")) {
            e.append('.').append(Sql.ident(part));
        }
        return e.toString();
    }

    /**
     * Every field of a Parquet file's schema by dotted path, read from its footer (parquet_schema lists it depth first).
     * Groups annotated as MAP or LIST, or repeated, are values of their own, not structs to descend.
     */
    private Map<String, ParquetField> parquetFields(String fileLiteral) {
        String sql = "SELECT name, num_children, converted_type, repetition_type FROM parquet_schema(" + fileLiteral + ")";
        Map<String, ParquetField> out = new HashMap<>();
        java.util.ArrayDeque<String> prefixes = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<int[]> left = new java.util.ArrayDeque<>(); // children still to come under each prefix
        List<List<String>> kids = new ArrayList<>(); // a stack: each group's struct children, null where it is no struct
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            boolean root = true;
            while (rs.next()) {
                String name = rs.getString(1);
                int children = rs.getInt(2); // null (a leaf) reads as 0
                String converted = rs.getString(3);
                boolean struct = children > 0 && converted == null && !"REPEATED".equals(rs.getString(4));
                if (root) {
                    prefixes.push("");
                    left.push(new int[]{children});
                    kids.add(new ArrayList<>());
                    root = false;
                    continue;
                }
                while (!left.isEmpty() && left.peek()[0] == 0) {
                    left.pop();
                    prefixes.pop();
                    kids.remove(kids.size() - 1);
                }
                if (left.isEmpty()) {
                    break; // more elements than the root declared: nothing sensible follows
                }
                left.peek()[0]--;
                List<String> siblings = kids.get(kids.size() - 1);
                if (siblings != null) {
                    siblings.add(name);
                }
                String path = prefixes.peek().isEmpty() ? name : prefixes.peek() + "." + name;
                List<String> structKids = struct ? new ArrayList<>() : null;
                out.put(path, new ParquetField(path, structKids));
                if (children > 0) {
                    prefixes.push(path);
                    left.push(new int[]{children});
                    kids.add(structKids);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
    }

    @Override
    public void close() {
        synchronized (all) {
            if (closed) {
                return;
            }
            closed = true;
            for (Connection c : all) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            all.clear();
            if (root != null) {
                try {
                    root.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
