package io.floe.engine;

import io.floe.storage.TablePaths;
import io.floe.dataplane.DataPlane;
import io.floe.table.PartitionSpec;
import io.floe.table.RowLineage;
import io.floe.table.DataLayout;
import io.floe.table.WriteOptions;
import io.floe.storage.LocalFileCache;
import io.floe.storage.ObjectStore;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The DuckDB engine the operations run on: a {@link DuckDbDatabase} (the database, checkpoint Parquet),
 * {@link DataFileWriter} for writing a table's data files and {@link TableScan} for reading them, bound to
 * {@link Table}s. Floe decides which files; DuckDB does the columnar work.
 *
 * <p>Files of remote stores are read through a local cache keyed by store and key (data files are
 * immutable, so cached copies never go stale).
 */
public final class DuckDbDataPlane implements DataPlane {
    private final DuckDbDatabase plane;
    private final Path workDir;
    private final Path cacheDir;
    private final Path stagingDir;
    /** The writes' staging directories, kept empty between writes and removed on close. */
    private final StagingDirectories stagingDirs = StagingDirectories.reusing();
    /** Whether the work directory is this process's own scratch space ({@code <tmp>/floe-<pid>}), removed whole on close. */
    private final boolean ownsWorkDir;

    /** Prefix of the default scratch directories: {@code floe-<pid>} in the system's temporary directory. */
    static final String SCRATCH_PREFIX = "floe-";

    /**
     * An engine with its scratch space in {@code <java.io.tmpdir>/floe-<pid>}, removed on {@link #close()}; the scratch
     * directories of processes that no longer exist (killed, crashed) are removed first.
     */
    public DuckDbDataPlane() {
        // one subdirectory per engine: several engines of one process share floe-<pid>, and each removes only its own
        this(removeStaleScratch(Path.of(System.getProperty("java.io.tmpdir"))).resolve(SCRATCH_PREFIX + ProcessHandle.current().pid())
                .resolve("e" + INSTANCES.incrementAndGet()), true);
    }

    private static final java.util.concurrent.atomic.AtomicLong INSTANCES = new java.util.concurrent.atomic.AtomicLong();

    private DuckDbDataPlane(Path workDir, boolean ownsWorkDir) {
        this(workDir, DuckDbDatabase.Settings.defaults(workDir.resolve("spill")), ownsWorkDir);
    }

    /** An engine keeping its spill files, cache and staging area under {@code workDir}. */
    public DuckDbDataPlane(Path workDir) {
        this(workDir, false);
    }

    public DuckDbDataPlane(Path workDir, DuckDbDatabase.Settings settings) {
        this(workDir, settings, false);
    }

    private DuckDbDataPlane(Path workDir, DuckDbDatabase.Settings settings, boolean ownsWorkDir) {
        this.ownsWorkDir = ownsWorkDir;
        try {
            this.workDir = createDirectories(workDir);
            this.cacheDir = Files.createDirectories(workDir.resolve("cache"));
            this.stagingDir = Files.createDirectories(workDir.resolve("staging"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.plane = new DuckDbDatabase(settings);
    }

    // A sibling engine closing may remove the shared floe-<pid> parent just as it is created here: try once more.
    private static Path createDirectories(Path dir) throws IOException {
        try {
            return Files.createDirectories(dir);
        } catch (java.nio.file.NoSuchFileException raced) {
            return Files.createDirectories(dir);
        }
    }

    /**
     * Removes {@code floe-<pid>} directories in {@code tmp} whose process no longer runs (their cache may hold
     * downloaded table data). A pid that is alive — this process, another Floe, or an unrelated process that reused the
     * pid — keeps its directory. Links are removed as links, never followed. Returns {@code tmp}.
     */
    static Path removeStaleScratch(Path tmp) {
        try (var entries = Files.newDirectoryStream(tmp, SCRATCH_PREFIX + "*")) {
            for (Path p : entries) {
                String rest = p.getFileName().toString().substring(SCRATCH_PREFIX.length());
                if (!rest.matches("[0-9]{1,18}") || !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long pid = Long.parseLong(rest);
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                StagingDirectories.deleteTree(p);
            }
        } catch (IOException | SecurityException ignored) {
            // another user's directories, or no temp dir: scratch cleanup is best effort
        }
        return tmp;
    }

    public DuckDbDatabase database() {
        return plane;
    }

    @Override
    public Connection connection() {
        return plane.connection();
    }

    // ------------------------------------------------------------------ checkpoints (DataPlane)

    @Override
    public void writeParquetFromJson(Path ndjson, StructType schema, Path parquetOut) {
        plane.writeParquetFromJson(ndjson, schema, parquetOut);
    }

    @Override
    public void writeParquetFromJson(Path ndjson, StructType schema, Path parquetOut, List<ParsedJson> parsed) {
        plane.writeParquetFromJson(ndjson, schema, parquetOut, parsed);
    }

    @Override
    public void readParquetAsJson(Path parquet, List<String> columns, Consumer<String> rowJson) {
        plane.readParquetAsJson(parquet, columns, rowJson);
    }

    @Override
    public void readParquetAsJson(Path parquet, List<String> columns, boolean nonNullRowsOnly, Consumer<String> rowJson) {
        plane.readParquetAsJson(parquet, columns, nonNullRowsOnly, rowJson);
    }

    @Override
    public void readParquetColumns(Path parquet, List<String> columns, List<String> anyNonNull, Consumer<Object[]> row) {
        plane.readParquetColumns(parquet, columns, anyNonNull, row);
    }

    // ------------------------------------------------------------------ stored expressions

    private volatile java.util.function.BiFunction<String, StructType, String> storedExpressions = (sql, schema) -> sql;

    /** Installs the translation of stored Spark SQL expressions (CHECK constraints) into DuckDB SQL; the SQL layer has it. */
    public void translateStoredExpressionsWith(java.util.function.BiFunction<String, StructType, String> translation) {
        this.storedExpressions = java.util.Objects.requireNonNull(translation);
    }

    @Override
    public String storedExpression(String sparkSql, StructType schema) {
        return storedExpressions.apply(sparkSql, schema);
    }

    // ------------------------------------------------------------------ scans

    private volatile LocalFileCache sharedCache;

    /**
     * Keeps copies of remote data files in {@code cache}, shared with the other processes of the machine, instead of this
     * engine's own scratch space (null: back to the scratch space). Stores opt in ({@link ObjectStore#sharedCacheable}).
     */
    public DuckDbDataPlane useSharedCache(LocalFileCache cache) {
        this.sharedCache = cache;
        return this;
    }

    public Optional<LocalFileCache> sharedCache() {
        return Optional.ofNullable(sharedCache);
    }

    /** A local path holding the data file: the store's own file, or a cached copy. */
    public Path localFile(ObjectStore store, String key) {
        Optional<Path> direct = store.localPath(key);
        if (direct.isPresent()) {
            if (!Files.exists(direct.get())) {
                throw new MissingDataFileException(store.uri() + key);
            }
            return direct.get();
        }
        LocalFileCache shared = sharedCache;
        if (shared != null && store.sharedCacheable()) {
            try {
                return shared.fetch(store, key); // one copy for every process of the machine
            } catch (io.floe.storage.ObjectNotFoundException e) {
                throw new MissingDataFileException(store.uri() + key);
            }
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

    /**
     * As {@link #localFile(ObjectStore, String)} for a file that may be replaced in place (plain files of a data source
     * table, which no log makes immutable): a remote copy is cached under the key and the listing's version tag
     * ({@code etag}, else size and modification time), so a rewritten file is downloaded again, never read stale.
     */
    public Path localFileVersion(ObjectStore store, io.floe.storage.ObjectInfo file) {
        Optional<Path> direct = store.localPath(file.key());
        if (direct.isPresent()) {
            return localFile(store, file.key());
        }
        String version = file.etag() != null ? file.etag() : file.size() + "@" + file.lastModifiedMillis();
        Path cached = cacheDir.resolve(hash(store.uri() + file.key() + "\n" + version) + ".data");
        if (Files.exists(cached)) {
            return cached;
        }
        try {
            Path tmp = Files.createTempFile(cacheDir, "dl-", ".tmp");
            try {
                store.getToFile(file.key(), tmp);
                Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return cached;
        } catch (io.floe.storage.ObjectNotFoundException e) {
            throw new MissingDataFileException(store.uri() + file.key());
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

    /** A scan of {@code table}'s files (SQL for this data plane's connections), reading deletion vectors from the table. */
    public TableScan tableScan(Table table) {
        var dvs = table.capability(io.floe.table.DeletionVectorReader.class);
        return new TableScan(key -> localFile(table.store(), key), f -> dvs.orElseThrow(() -> new FloeException(
                "table " + table.location() + ": file " + f.path() + " has a deletion vector but the " + table.format()
                        + " format reads none")).deletedRows(f));
    }

    @Override
    public String scan(Table table, Snapshot snapshot, StructType schema, List<DataFile> files, boolean withFilePath) {
        return scan(table, snapshot, schema, files, withFilePath, false);
    }

    @Override
    public String scan(Table table, Snapshot snapshot, StructType schema, List<DataFile> files, boolean withFilePath,
                       boolean withPosition) {
        return scan(table, snapshot, schema, files, new ScanColumns(withFilePath, withPosition, false, false));
    }

    /**
     * Row ids need the table's {@link RowLineage} enabled at {@code snapshot}; file metadata without it leaves them out of
     * {@value #METADATA_COLUMN}.
     */
    @Override
    public String scan(Table table, Snapshot snapshot, StructType schema, List<DataFile> files, ScanColumns columns) {
        TableScan.RowIds rowIds = null;
        Optional<RowLineage> lineage = RowLineage.enabledFor(table, snapshot);
        if (columns.rowIds() && lineage.isEmpty()) {
            throw new RowTrackingRequiredException(table, snapshot);
        }
        if (lineage.isPresent() && (columns.rowIds() || columns.metadata())) {
            RowLineage l = lineage.get();
            RowLineage.MaterializedColumns m = l.materializedColumns(snapshot);
            rowIds = new TableScan.RowIds(m.rowId(), m.rowCommitVersion(), f -> l.fileRowIds(snapshot, f));
        }
        DataLayout layout = table.dataLayout();
        // formats that keep every column in the files read them there (partition values need no injecting)
        ScanSpec spec = new ScanSpec(schema, layout.partitionSourcesInFiles() ? List.of() : snapshot.partitionColumns(), table.store(),
                table.rootKey(), layout.columnsByFieldId(), table::resolveKey);
        if (!layout.partitionSourcesInFiles() && !snapshot.partitionSpec().isIdentityOnly()) {
            throw new FloeException("table " + table.location() + ": partition transforms need the partition source columns in the files");
        }
        return tableScan(table).sql(spec, files, columns.filePath(), columns.position(), rowIds,
                columns.metadata() ? table.location() : null);
    }

    /** Row ids asked of a table that does not track them. */
    public static final class RowTrackingRequiredException extends FloeException {
        public RowTrackingRequiredException(Table table, Snapshot snapshot) {
            super("table " + table.name() + " (version " + snapshot.version() + ") has no stable row ids: row tracking is not"
                    + " enabled (delta.enableRowTracking = true turns it on)");
        }
    }

    // ------------------------------------------------------------------ writes

    /** A writer on this thread's connection, staging files for remote stores in the engine's work directory. */
    public DataFileWriter writer() {
        return new DataFileWriter(connection(), stagingDir, stagingDirs);
    }

    @Override
    public List<DataFile> write(Table table, StructType schema, PartitionSpec partitionSpec, WriteOptions options, String selectSql,
                                boolean dataChange) {
        return write(table, schema, partitionSpec, options, selectSql, dataChange, null);
    }

    @Override
    public List<DataFile> write(Table table, StructType schema, PartitionSpec partitionSpec, WriteOptions options, String selectSql,
                                boolean dataChange, Snapshot rowIdsOf) {
        DataLayout layout = table.dataLayout();
        if (!layout.partitionSourcesInFiles()) {
            identityColumns(partitionSpec); // formats that keep partition values out of the files partition by columns only
        }
        WriteSpec spec = WriteSpec.of(schema, partitionSpec, layout, options, table.store(), table.rootKey())
                .withDataChange(dataChange).withPreserveOrder(ORDERED.matcher(selectSql).find());
        if (rowIdsOf != null) {
            RowLineage lineage = RowLineage.enabledFor(table, rowIdsOf).orElseThrow(() -> new RowTrackingRequiredException(table, rowIdsOf));
            RowLineage.MaterializedColumns m = lineage.materializedColumns(rowIdsOf);
            // hidden columns: written under their physical names, never in the schema, never given statistics; where the
            // files carry field ids (Delta's id mapping) they get Iceberg's reserved row lineage ids, as Delta gives them
            // under IcebergCompatV3 (readers that match by id find them by name: the table's schema has no id for them)
            spec = spec.withHiddenColumns(List.of(
                    new io.floe.types.StructField(ROW_ID_COLUMN, io.floe.types.PrimitiveType.LONG, true, Map.of(), RESERVED_ROW_ID_FIELD_ID,
                            m.rowId()),
                    new io.floe.types.StructField(ROW_COMMIT_VERSION_COLUMN, io.floe.types.PrimitiveType.LONG, true, Map.of(),
                            RESERVED_ROW_VERSION_FIELD_ID, m.rowCommitVersion())));
        }
        return relativize(table, writer().write(selectSql, spec));
    }

    /** Iceberg's reserved field ids of _row_id and _last_updated_sequence_number (the spec's row lineage columns). */
    static final int RESERVED_ROW_ID_FIELD_ID = 2147483540;
    static final int RESERVED_ROW_VERSION_FIELD_ID = 2147483539;

    // Engine.write has no word for "ordered"; a source that sorts (OPTIMIZE ZORDER BY, INSERT … ORDER BY) asks for it.
    // A false match only costs a second pass over large unpartitioned output.
    private static final Pattern ORDERED = Pattern.compile("(?i)\\bORDER\\s+BY\\b");

    @Override
    public List<DataFile> writeChangeData(Table table, StructType schemaWithChangeType, PartitionSpec partitionSpec,
                                          WriteOptions options, String directory, String selectSql) {
        WriteSpec spec = WriteSpec.of(schemaWithChangeType, identityColumns(partitionSpec), options, table.store(), table.rootKey())
                .asChangeData(directory);
        return relativize(table, writer().write(selectSql, spec));
    }

    /** Formats that leave partition columns out of the files partition by column values only. */
    private static List<String> identityColumns(PartitionSpec spec) {
        if (spec.identityColumns().size() != spec.fields().size()) {
            throw new FloeException("partition transforms " + spec.fields() + " need the partition source columns in the files");
        }
        return spec.identityColumns();
    }

    /** The paths as the table's format records them (the writer gives them URI-encoded, relative to the root). */
    private static List<DataFile> relativize(Table table, List<DataFile> files) {
        return files.stream().map(f -> {
            String p = table.relativePath(TablePaths.decode(f.path()));
            return p.equals(f.path()) ? f : new DataFile(p, f.partitionValues(), f.size(), f.modificationTime(), f.dataChange(),
                    f.stats(), f.deletionVector(), f.tags());
        }).toList();
    }

    @Override
    public void close() {
        plane.close();
        stagingDirs.close();
        if (ownsWorkDir) {
            StagingDirectories.deleteTree(workDir); // the cache may hold downloaded table data: nothing stays behind
            try {
                Files.deleteIfExists(workDir.getParent()); // floe-<pid>, once its last engine is closed
            } catch (IOException stillInUse) {
                // another engine of this process still works there
            }
        } else {
            StagingDirectories.deleteTree(workDir.resolve("spill"));
            StagingDirectories.deleteTree(stagingDir);
        }
    }

    /** The directory holding this engine's spill files, cache and staging area. */
    public Path workDir() {
        return workDir;
    }

}
