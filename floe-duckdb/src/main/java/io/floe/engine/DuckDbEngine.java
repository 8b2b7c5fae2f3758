package io.floe.engine;

import io.floe.dataplane.DataPlane;
import io.floe.delta.DeltaConfig;
import io.floe.delta.TableFeatures;
import io.floe.operations.Engine;
import io.floe.operations.Sql;
import io.floe.storage.ObjectStore;
import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.table.FloeException;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The DuckDB data plane, in-process: writes Parquet data files (partitioned Hive-style, split at the
 * target size, with Delta statistics), turns a table's file list into a relation DuckDB scans, and
 * writes/reads checkpoint Parquet. Floe decides which files; DuckDB does the columnar work.
 *
 * <p>Each thread gets its own connection to one shared in-memory database, so temporary tables of
 * one operation never meet another's. Files of remote stores are read through a local cache keyed by
 * store and key (data files are immutable, so cached copies never go stale).
 */
public final class DuckDbEngine implements DataPlane, Engine {
    private final DuckDBConnection root;
    private final ThreadLocal<Connection> connections;
    private final List<Connection> all = new ArrayList<>();
    private final Path workDir;
    private final Path cacheDir;

    public DuckDbEngine() {
        this(defaultWorkDir());
    }

    public DuckDbEngine(Path workDir) {
        try {
            this.workDir = Files.createDirectories(workDir);
            this.cacheDir = Files.createDirectories(workDir.resolve("cache"));
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = root.createStatement()) {
                // Nothing may be fetched at run time: the extensions Floe needs are built in.
                st.execute("SET autoinstall_known_extensions = false");
                st.execute("SET autoload_known_extensions = false");
                st.execute("SET TimeZone = 'UTC'");
                st.execute("SET temp_directory = '" + workDir.resolve("spill").toString().replace("'", "''") + "'");
            }
        } catch (SQLException e) {
            throw new FloeException("cannot start DuckDB: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        connections = ThreadLocal.withInitial(() -> {
            try {
                Connection c = root.duplicate();
                try (Statement st = c.createStatement()) {
                    st.execute("SET TimeZone = 'UTC'");
                }
                synchronized (all) {
                    all.add(c);
                }
                return c;
            } catch (SQLException e) {
                throw new FloeException("cannot open a DuckDB connection: " + e.getMessage(), e);
            }
        });
    }

    private static Path defaultWorkDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "floe-" + ProcessHandle.current().pid());
    }

    @Override
    public Connection connection() {
        return connections.get();
    }

    // ------------------------------------------------------------------ checkpoints (DataPlane)

    @Override
    public void writeParquetFromJson(Path ndjson, StructType schema, Path parquetOut) {
        List<String> cols = new ArrayList<>();
        for (StructField f : schema.fields()) {
            cols.add(Sql.literal(f.name()) + ": " + Sql.literal(f.type().duckdbType()));
        }
        Sql.exec(connection(), "COPY (SELECT * FROM read_json(" + Sql.literal(ndjson.toString()) + ", columns = {"
                + String.join(", ", cols) + "}, format = 'newline_delimited', maximum_object_size = 268435456)) TO "
                + Sql.literal(parquetOut.toString()) + " (FORMAT parquet, COMPRESSION snappy)");
    }

    @Override
    public void readParquetAsJson(Path parquet, List<String> columns, Consumer<String> rowJson) {
        String file = "read_parquet(" + Sql.literal(parquet.toString()) + ")";
        Set<String> present = new HashSet<>();
        for (String[] col : Sql.describe(connection(), "SELECT * FROM " + file)) {
            present.add(col[0]);
        }
        List<String> wanted = columns.stream().filter(present::contains).map(Sql::ident).toList();
        if (wanted.isEmpty()) {
            return;
        }
        String sql = "SELECT to_json(r) FROM (SELECT " + String.join(", ", wanted) + " FROM " + file + ") r";
        try (Statement st = connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rowJson.accept(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
    }

    // ------------------------------------------------------------------ scans

    /** A local path holding the data file: the store's own file, or a cached copy. */
    public Path localFile(ObjectStore store, String key) {
        Optional<Path> direct = store.localPath(key);
        if (direct.isPresent()) {
            if (!Files.exists(direct.get())) {
                throw new MissingDataFileException(store.uri() + key);
            }
            return direct.get();
        }
        Path cached = cacheDir.resolve(hash(store.uri() + key) + ".parquet");
        if (Files.exists(cached)) {
            return cached;
        }
        try {
            Path tmp = Files.createTempFile(cacheDir, "dl-", ".tmp");
            try {
                store.getToFile(key, tmp);
                Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return cached;
        } catch (io.floe.storage.ObjectNotFoundException e) {
            throw new MissingDataFileException(store.uri() + key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A data file the log names is gone (deleted by VACUUM, or lost); names it. */
    public static final class MissingDataFileException extends FloeException {
        public MissingDataFileException(String file) {
            super("data file " + file + " does not exist (removed by VACUUM or lost); the table version that"
                    + " references it cannot be read");
        }
    }

    @Override
    public String scan(Table table, Snapshot snapshot, StructType schema, List<DataFile> files, boolean withFilePath) {
        List<String> partitionCols = snapshot.partitionColumns();
        if (files.isEmpty()) {
            List<String> cols = new ArrayList<>();
            for (StructField f : schema.fields()) {
                cols.add("CAST(NULL AS " + f.type().duckdbType() + ") AS " + Sql.ident(f.name()));
            }
            if (withFilePath) {
                cols.add("CAST(NULL AS VARCHAR) AS " + Sql.ident(FILE_COLUMN));
            }
            return "(SELECT " + String.join(", ", cols) + " WHERE false)";
        }
        List<String> locals = new ArrayList<>(files.size());
        List<String> values = new ArrayList<>(files.size());
        Map<String, String> partitionIndex = new LinkedHashMap<>();
        for (int i = 0; i < partitionCols.size(); i++) {
            partitionIndex.put(partitionCols.get(i).toLowerCase(Locale.ROOT), "__floe_p" + i);
        }
        for (DataFile f : files) {
            String local = localFile(table.store(), table.resolveKey(f.path())).toString();
            locals.add(local);
            StringBuilder v = new StringBuilder("(").append(Sql.literal(local)).append(", ").append(Sql.literal(f.path()));
            for (String p : partitionCols) {
                // with column mapping the log keys partition values by physical name
                String physical = schema.field(p).map(StructField::physicalName).orElse(p);
                String value = f.partitionValues().containsKey(physical) ? f.partitionValues().get(physical)
                        : lookup(f.partitionValues(), p);
                v.append(", ").append(Sql.literal(value));
            }
            values.add(v.append(")").toString());
        }
        String list = "[" + String.join(", ", locals.stream().map(Sql::literal).toList()) + "]";
        boolean anyDv = files.stream().anyMatch(f -> f.deletionVector() != null);
        String read = "read_parquet(" + list + ", filename = '__floe_fp', union_by_name = true"
                + (anyDv ? ", file_row_number = true" : "") + ")";
        Set<String> present = new HashSet<>();
        for (String[] col : Sql.describe(connection(), "SELECT * FROM " + read)) {
            present.add(col[0].toLowerCase(Locale.ROOT));
        }
        List<String> vcols = new ArrayList<>(List.of("__floe_fp", FILE_COLUMN));
        vcols.addAll(partitionIndex.values());
        List<String> select = new ArrayList<>();
        for (StructField f : schema.fields()) {
            String pcol = partitionIndex.get(f.name().toLowerCase(Locale.ROOT));
            String e;
            if (pcol != null) {
                e = PartitionValues.deserializeSql("v." + pcol, f.type());
            } else if (present.contains(f.physicalName().toLowerCase(Locale.ROOT))) {
                e = "CAST(d." + Sql.ident(f.physicalName()) + " AS " + f.type().duckdbType() + ")";
            } else {
                e = "CAST(NULL AS " + f.type().duckdbType() + ")";
            }
            select.add(e + " AS " + Sql.ident(f.name()));
        }
        if (withFilePath) {
            select.add("v." + Sql.ident(FILE_COLUMN));
        }
        String dvFilter = "";
        if (anyDv) {
            // rows a deletion vector marks are not part of the table
            List<String> cases = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                DataFile f = files.get(i);
                if (f.deletionVector() != null) {
                    long[] rows = DeletionVectors.read(table, f.deletionVector());
                    StringBuilder l = new StringBuilder("[");
                    for (int k = 0; k < rows.length; k++) {
                        l.append(k == 0 ? "" : ",").append(rows[k]);
                    }
                    cases.add("WHEN " + Sql.literal(locals.get(i)) + " THEN list_contains(" + l + "]::BIGINT[], d.file_row_number)");
                }
            }
            dvFilter = " WHERE NOT (CASE d.__floe_fp " + String.join(" ", cases) + " ELSE false END)";
        }
        return "(SELECT " + String.join(", ", select) + " FROM " + read + " AS d JOIN (VALUES " + String.join(", ", values)
                + ") AS v(" + String.join(", ", vcols.stream().map(Sql::ident).toList()) + ") ON d.__floe_fp = v.__floe_fp"
                + dvFilter + ")";
    }

    private static String lookup(Map<String, String> pv, String col) {
        if (pv.containsKey(col)) {
            return pv.get(col);
        }
        for (var e : pv.entrySet()) {
            if (e.getKey().equalsIgnoreCase(col)) {
                return e.getValue();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ writes

    @Override
    public List<DataFile> write(Table table, StructType schema, List<String> partitionColumns, Map<String, String> properties,
                                String selectSql, boolean dataChange) {
        return writeFiles(table, schema, partitionColumns, properties, selectSql, dataChange, "", "part-");
    }

    @Override
    public List<DataFile> writeChangeData(Table table, StructType schemaWithChangeType, List<String> partitionColumns,
                                          Map<String, String> properties, String selectSql) {
        return writeFiles(table, schemaWithChangeType, partitionColumns, properties, selectSql, false, "_change_data/", "cdc-");
    }

    private List<DataFile> writeFiles(Table table, StructType schema, List<String> partitionColumns, Map<String, String> properties,
                                      String selectSql, boolean dataChange, String dirPrefix, String namePrefix) {
        Connection c = connection();
        long target = Long.parseLong(properties.getOrDefault(DeltaConfig.TARGET_FILE_SIZE, String.valueOf(128L << 20)).trim());
        int numIndexed = Integer.parseInt(properties.getOrDefault(DeltaConfig.NUM_INDEXED_COLS, "32").trim());
        List<StructField> partFields = new ArrayList<>();
        List<StructField> dataFields = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(f.name()))) {
                partFields.add(f);
            } else {
                dataFields.add(f);
            }
        }
        // Data columns carry their physical names into the file; partition values live only in the log.
        List<String> dataSelect = new ArrayList<>();
        for (StructField f : dataFields) {
            dataSelect.add("CAST(" + Sql.ident(f.name()) + " AS " + f.type().duckdbType() + ") AS " + Sql.ident(f.physicalName()));
        }
        Path staging = stagingDir(table);
        String uuid = UUID.randomUUID().toString();
        long rowGroupRows = Math.max(2048, Math.min(122_880, target / 64));
        String copyOpts = "(FORMAT parquet, COMPRESSION snappy, FILE_SIZE_BYTES " + target + ", ROW_GROUP_SIZE " + rowGroupRows
                + ", FILENAME_PATTERN '" + namePrefix + "{i}-" + uuid + ".c000.snappy')";
        try {
            Map<String, Map<String, String>> dirs = new LinkedHashMap<>(); // staging subdir -> partition values
            if (partFields.isEmpty()) {
                Sql.exec(c, "COPY (SELECT " + String.join(", ", dataSelect) + " FROM " + selectSql + ") TO "
                        + Sql.literal(staging.resolve("p0").toString()) + " " + copyOpts);
                dirs.put("p0", Map.of());
            } else {
                String staged = Sql.tempName("partitioned");
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < partFields.size(); i++) {
                    keys.add(PartitionValues.serializeSql(Sql.ident(partFields.get(i).name()), partFields.get(i).type())
                            + " AS __floe_k" + i);
                }
                Sql.exec(c, "CREATE TEMP TABLE " + staged + " AS SELECT *, dense_rank() OVER (ORDER BY "
                        + String.join(", ", keys.stream().map(k -> k.substring(k.lastIndexOf(" AS ") + 4)).toList())
                        + ") AS __floe_pid FROM (SELECT *, " + String.join(", ", keys) + " FROM " + selectSql + ") ORDER BY __floe_pid");
                try {
                    String q = "SELECT DISTINCT __floe_pid, " + String.join(", ", java.util.stream.IntStream.range(0, partFields.size())
                            .mapToObj(i -> "__floe_k" + i).toList()) + " FROM " + staged + " ORDER BY 1";
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
                        while (rs.next()) {
                            Map<String, String> pv = new LinkedHashMap<>();
                            for (int i = 0; i < partFields.size(); i++) {
                                String val = rs.getString(i + 2);
                                pv.put(partFields.get(i).physicalName(), val == null || val.isEmpty() ? null : val);
                            }
                            dirs.put("p" + rs.getLong(1), pv);
                        }
                    } catch (SQLException e) {
                        throw new Sql.DataPlaneException(e.getMessage(), q, e);
                    }
                    for (String dir : dirs.keySet()) {
                        Sql.exec(c, "COPY (SELECT " + String.join(", ", dataSelect) + " FROM " + staged + " WHERE __floe_pid = "
                                + dir.substring(1) + ") TO " + Sql.literal(staging.resolve(dir).toString()) + " " + copyOpts);
                    }
                } finally {
                    Sql.exec(c, "DROP TABLE IF EXISTS " + staged);
                }
            }
            List<Path> written = new ArrayList<>();
            Map<Path, Map<String, String>> partitionOf = new HashMap<>();
            for (var e : dirs.entrySet()) {
                Path d = staging.resolve(e.getKey());
                if (!Files.isDirectory(d)) {
                    continue;
                }
                try (Stream<Path> s = Files.list(d)) {
                    for (Path p : s.sorted().toList()) {
                        written.add(p);
                        partitionOf.put(p, e.getValue());
                    }
                }
            }
            if (written.isEmpty()) {
                return List.of();
            }
            Map<String, FileStats> stats = StatsCollector.collect(c, written.stream().map(Path::toString).toList(), dataFields,
                    numIndexed);
            List<DataFile> out = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (Path p : written) {
                FileStats st = stats.get(p.toString());
                if (st == null) {
                    continue; // DuckDB wrote an empty file for an empty result: nothing to add
                }
                Map<String, String> pv = partitionOf.get(p);
                StringBuilder rel = new StringBuilder(dirPrefix);
                for (var e : pv.entrySet()) {
                    rel.append(e.getKey()).append('=').append(PartitionValues.escapePathName(e.getValue())).append('/');
                }
                rel.append(p.getFileName().toString());
                String key = table.rootKey() + rel;
                long size = Files.size(p);
                publish(table.store(), key, p);
                out.add(new DataFile(table.relativePath(rel.toString()), pv, size, now, dataChange, st, null, Map.of()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(staging);
        }
    }

    /** Local tables stage inside a hidden directory of the table (same filesystem: publishing is a rename). */
    private Path stagingDir(Table table) {
        try {
            Optional<Path> local = table.store().localPath(table.rootKey() + "_delta_log");
            if (local.isPresent()) {
                return Files.createDirectories(local.get().getParent().resolve(".floe-staging-" + UUID.randomUUID()));
            }
            return Files.createDirectories(workDir.resolve("staging-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void publish(ObjectStore store, String key, Path file) throws IOException {
        Optional<Path> target = store.localPath(key);
        if (target.isPresent()) {
            Files.createDirectories(target.get().getParent());
            Files.move(file, target.get(), StandardCopyOption.ATOMIC_MOVE);
        } else {
            store.putFile(key, file);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // staging leftovers are hidden from readers and VACUUM
        }
    }

    @Override
    public void close() {
        synchronized (all) {
            for (Connection c : all) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
        try {
            root.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
        deleteTree(workDir.resolve("spill"));
    }

    static {
        // Scans apply deletion vectors, so tables that use them are readable.
        TableFeatures.setDeletionVectorsReadable(true);
    }
}
