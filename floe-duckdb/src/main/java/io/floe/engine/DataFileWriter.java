package io.floe.engine;

import io.floe.storage.TablePaths;
import io.floe.storage.ObjectStore;
import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.table.PartitionSpec;
import io.floe.types.StructField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Writes rows as a table's Parquet data files, the way Delta lays them out: Hive-style partition
 * directories named with Spark's escaping, partition columns kept out of the files (their values go to
 * the log), physical column names, files of about the target size, Delta statistics for each file.
 *
 * <p>One pass over the rows: DuckDB writes all partitions at once and reports, per file, its partition
 * keys and column statistics. Partitions that would come out larger than the target are cut into pieces in that
 * pass (rows counted per partition first, bytes per row learnt from a small sample); only a file that still came out
 * far larger is split again, from the files just written, into pieces of equal row counts, each a contiguous run of
 * the file's rows. Unpartitioned output is cut while it is written. When the rows' order matters (see
 * {@link WriteSpec#preserveOrder()}), each piece holds a contiguous run of them instead, at the price of one
 * more pass.
 *
 * <p>Files are staged and then published under their final names by a rename (local stores, staged
 * inside the table's directory) or an upload, so no partial file is ever visible under a final name.
 * The files are not committed: the caller adds the returned DataFiles to a transaction.
 */
public final class DataFileWriter {
    /**
     * Prefix of the staging directories inside a local table's root: hidden from readers; VACUUM removes those a killed
     * writer left behind once they are older than the retention.
     */
    public static final String STAGING_PREFIX = ".floe-staging-";
    private static final int MAX_PARALLEL_UPLOADS = 8;
    /** The column that carries the rows' order through a partitioned write that must keep it. */
    private static final String ORDINAL = "__floe_ord";
    /** The column numbering a large partition's pieces in a partitioned write (a partition key, so in no file). */
    private static final String PIECE = "__floe_piece";
    /** Rows written to learn the output's bytes per row: few enough to cost milliseconds, enough to be within ~10%. */
    static final int SAMPLE_ROWS = 16_384;
    private static final int MAX_PLANNED_PARTITIONS = 256;
    private static final java.util.regex.Pattern JOIN = java.util.regex.Pattern.compile("(?i)\\bJOIN\\b");

    private final Connection connection;
    private final Path remoteStaging;
    private final StagingDirectories stagingDirs;

    /**
     * A writer making a staging directory per write and removing it after.
     *
     * @param connection    the DuckDB connection that can see the source relation (it may name temp tables)
     * @param remoteStaging a local directory for staging files bound for stores without local paths
     */
    public DataFileWriter(Connection connection, Path remoteStaging) {
        this(connection, remoteStaging, StagingDirectories.perWrite());
    }

    /** A writer taking its staging directories from (and giving them back to) its engine's {@code stagingDirs}. */
    DataFileWriter(Connection connection, Path remoteStaging, StagingDirectories stagingDirs) {
        this.connection = connection;
        this.remoteStaging = remoteStaging;
        this.stagingDirs = stagingDirs;
    }

    /** One file DuckDB wrote: where, its partition keys (our key columns → values) and its statistics. */
    private record Written(Path file, long rows, long bytes, Map<String, String> keys, Map<String, Map<String, String>> stats) {
    }

    /**
     * Writes the rows of {@code source} (a relation usable after FROM: a table name or a parenthesized query)
     * with the spec's logical column names as new data files. Returns them with paths relative to the table
     * root, encoded as Delta records them; an empty source gives no files.
     */
    public List<DataFile> write(String source, WriteSpec spec) {
        List<StructField> parts = spec.partitionFields();
        List<StructField> data = spec.dataFields();
        Path staging = stagingDir(spec);
        PartitionKeys transforms = new PartitionKeys(connection);
        String materialized = null;
        try {
            if (spec.partitionsByTransform() && PartitionKeys.needsMaterializedSource(spec.partitioning())) {
                // bucket keys read the rows twice (distinct values to hash, then the write): compute the source once
                materialized = Sql.tempName("wsrc");
                execute("CREATE TEMP TABLE " + materialized + " AS SELECT * FROM " + source);
                source = materialized;
            }
            // the files' columns: the schema's data columns, then hidden ones (materialized row ids), which get no statistics
            List<StructField> fileColumns = new ArrayList<>(data);
            fileColumns.addAll(spec.hiddenColumns());
            List<String> select = new ArrayList<>();
            for (StructField f : fileColumns) {
                select.add(TypeMapping.toPhysical(Sql.ident(f.name()), f.type()) + " AS " + Sql.ident(f.physicalName()));
            }
            List<String> dataSelect = List.copyOf(select);
            List<String> keyCols = new ArrayList<>();
            List<String> keySqls = new ArrayList<>();
            if (spec.partitionsByTransform()) {
                for (PartitionSpec.PartitionField f : spec.partitioning().fields()) {
                    keySqls.add(transforms.keySql(f, spec.schema(), source));
                }
            } else {
                for (StructField p : parts) {
                    keySqls.add(PartitionValues.serializeSql(Sql.ident(p.name()), p.type()));
                }
            }
            for (int i = 0; i < keySqls.size(); i++) {
                select.add(key(keySqls.get(i)) + " AS __floe_k" + i);
                keyCols.add("__floe_k" + i);
            }
            String options = "FORMAT parquet, COMPRESSION " + spec.compression() + ", ROW_GROUP_SIZE " + rowGroupRows(spec.targetFileSize())
                    + ", RETURN_STATS true" + fieldIds(spec, fileColumns);
            List<Written> written;
            String into = Sql.literal(staging.resolve("w").toString());
            String query = "SELECT " + String.join(", ", select) + " FROM " + source;
            if (!keyCols.isEmpty() && spec.preserveOrder()) {
                // DuckDB's partitioned writes interleave the chunks its threads take, so the order travels with the
                // rows as an ordinal, by which every file is then cut (and rewritten without it)
                written = copy("COPY (SELECT *, row_number() OVER () AS " + ORDINAL + " FROM (" + query + ")) TO " + into + " ("
                        + options + ", PARTITION_BY (" + String.join(", ", keyCols) + "))", keyCols);
                written = splitByOrdinal(written, fileColumns, staging.resolve("s"), spec.targetFileSize(), options);
            } else if (!keyCols.isEmpty()) {
                // counting runs the source again: cheap for a scan, not for a join (MERGE), where the split after the
                // write costs only when a partition did come out too large
                String piece = JOIN.matcher(source).find() ? null
                        : pieceColumn(source, keySqls, dataSelect, rowWidth(fileColumns), staging, spec.targetFileSize(), options);
                long oversized = spec.targetFileSize();
                if (piece != null) {
                    // partitions cut while written: only a piece the estimate got badly wrong is split again
                    query = "SELECT *, " + piece + " AS " + PIECE + " FROM (" + query + ")";
                    keyCols.add(PIECE);
                    oversized = spec.targetFileSize() / 2 * 3;
                }
                written = copy("COPY (" + query + ") TO " + into + " (" + options + ", PARTITION_BY (" + String.join(", ", keyCols)
                        + "))", keyCols);
                written = split(written, fileColumns, staging.resolve("s"), spec.targetFileSize(), oversized, options);
            } else if (spec.preserveOrder()) {
                // one file keeps the order (DuckDB writes it in parallel, in order); pieces are cut from it afterwards
                written = copy("COPY (" + query + ") TO " + Sql.literal(staging.resolve("w.parquet").toString()) + " (" + options + ")",
                        List.of());
                written = split(written, fileColumns, staging.resolve("s"), spec.targetFileSize(), spec.targetFileSize(), options);
            } else {
                // straight into the (empty) staging directory: DuckDB writes there as into a directory of its own, and
                // a write makes one directory fewer (mkdir/rmdir cost ~0.2/1.4 ms each on ext4 with discard)
                written = copy("COPY (" + query + ") TO " + Sql.literal(staging.toString()) + " (" + options + ", FILE_SIZE_BYTES "
                        + spec.targetFileSize() + ")", List.of());
            }
            written = written.stream().filter(w -> w.rows() > 0).toList(); // an empty source still leaves an empty file
            return publish(written, spec, parts, data, staging);
        } finally {
            transforms.close();
            if (materialized != null) {
                try {
                    execute("DROP TABLE IF EXISTS " + materialized);
                } catch (RuntimeException ignored) {
                    // temp tables go with the connection
                }
            }
            stagingDirs.give(staging);
        }
    }

    private void execute(String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
    }

    /** The COPY option giving each column (and struct field) its field id, for formats that match columns by id. */
    static String fieldIds(WriteSpec spec, List<StructField> data) {
        if (!spec.layout().columnsByFieldId()) {
            return "";
        }
        List<String> entries = new ArrayList<>();
        for (StructField f : data) {
            String e = fieldIdEntry(f);
            if (e != null) {
                entries.add(e);
            }
        }
        return entries.isEmpty() ? "" : ", FIELD_IDS {" + String.join(", ", entries) + "}";
    }

    private static String fieldIdEntry(StructField f) {
        if (f.id() <= 0) {
            return null;
        }
        Object nested = f.metadata().get(StructField.NESTED_FIELD_IDS);
        java.util.Iterator<?> ids = nested instanceof List<?> l ? l.iterator() : java.util.Collections.emptyIterator();
        return Sql.literal(f.physicalName()) + ": " + fieldIdValue(f.id(), f.type(), ids);
    }

    /**
     * The FIELD_IDS value of a column or nested slot with id {@code id}: the id itself for a primitive, else the id with
     * its children's (struct fields by their ids; list elements and map keys/values from {@code nested}, in
     * {@link StructField#NESTED_FIELD_IDS} order).
     */
    private static String fieldIdValue(int id, io.floe.types.DataType type, java.util.Iterator<?> nested) {
        List<String> parts = new ArrayList<>(List.of("__duckdb_field_id: " + id));
        if (type instanceof io.floe.types.StructType st) {
            for (StructField c : st.fields()) {
                if (c.id() > 0) {
                    parts.add(Sql.literal(c.physicalName()) + ": " + fieldIdValue(c.id(), c.type(), nested));
                }
            }
        } else if (type instanceof io.floe.types.ArrayType a) {
            if (!nested.hasNext()) {
                return Integer.toString(id);
            }
            parts.add("element: " + fieldIdValue(((Number) nested.next()).intValue(), a.elementType(), nested));
        } else if (type instanceof io.floe.types.MapType m) {
            if (!nested.hasNext()) {
                return Integer.toString(id);
            }
            int k = ((Number) nested.next()).intValue();
            int v = ((Number) nested.next()).intValue();
            parts.add("key: " + fieldIdValue(k, m.keyType(), nested));
            parts.add("value: " + fieldIdValue(v, m.valueType(), nested));
        } else {
            return Integer.toString(id);
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** Rows per row group: small targets need small row groups, since files are cut at row-group boundaries. */
    static long rowGroupRows(long targetFileSize) {
        return Math.max(2048, Math.min(122_880, targetFileSize / 64));
    }

    private List<Written> copy(String sql, List<String> keyCols) {
        List<Written> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                @SuppressWarnings("unchecked")
                Map<String, Map<String, String>> stats = (Map<String, Map<String, String>>) rs.getObject("column_statistics");
                @SuppressWarnings("unchecked")
                Map<String, String> keys = (Map<String, String>) rs.getObject("partition_keys");
                Map<String, String> k = new LinkedHashMap<>();
                for (String col : keyCols) {
                    k.put(col, keys == null ? null : keys.get(col));
                }
                out.add(new Written(Path.of(rs.getString("filename")), number(rs.getObject("count")),
                        number(rs.getObject("file_size_bytes")), k, stats == null ? Map.of() : stats));
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
        return out;
    }

    private static long number(Object o) {
        return o instanceof BigInteger b ? b.longValueExact() : ((Number) o).longValue();
    }

    /**
     * A partition key's SQL from its serialized value's: never NULL, as DuckDB 1.4's partitioned writes can crash on NULL
     * keys (fixed upstream later). 'n' stands for null ("" is null per protocol), 'v' prefixes values.
     */
    private static String key(String value) {
        return "CASE WHEN " + value + " IS NULL OR " + value + " = '' THEN 'n' ELSE 'v' || " + value + " END";
    }

    /**
     * The SQL of a column numbering the piece of its partition each row goes to (over the write's query, whose key
     * columns are {@code __floe_k0…}), for partitions that would come out larger than the target; null when none would.
     *
     * <p>DuckDB 1.4 cannot cut files by size in a partitioned write, and splitting its oversized output again costs as much
     * as the write itself. So the rows are counted per partition first (only the key columns are read) and, where a
     * partition is large enough to matter, bytes per row are learnt from a small sample written with the write's own
     * options: a partition of n pieces sends each row to a random one of them. Within such a partition the pieces do not
     * keep the rows' order (each holds a random n-th); writes that must keep it take the ordinal path instead.
     */
    private String pieceColumn(String source, List<String> keySqls, List<String> dataSelect, long rowWidth, Path staging, long target,
                               String options) {
        List<String> values = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < keySqls.size(); i++) {
            values.add(keySqls.get(i) + " AS __floe_v" + i);
            keys.add(key("__floe_v" + i));
        }
        // counted by the values, made keys after: the key's CASE once per partition, not per row (~40% of this query)
        String countSql = "SELECT " + String.join(", ", keys) + ", sum(n) FROM (SELECT *, count(*) AS n FROM (SELECT "
                + String.join(", ", values) + " FROM " + source + ") GROUP BY ALL) GROUP BY ALL";
        List<List<String>> partitions = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        long largest = 0;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(countSql)) {
            while (rs.next()) {
                List<String> v = new ArrayList<>();
                for (int i = 1; i <= keys.size(); i++) {
                    v.add(rs.getString(i));
                }
                partitions.add(v);
                counts.add(rs.getLong(keys.size() + 1));
                largest = Math.max(largest, counts.get(counts.size() - 1));
            }
        } catch (SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), countSql, e);
        }
        if (largest < SAMPLE_ROWS || largest * rowWidth < target) {
            // no partition fills a sample, or none would reach the target even uncompressed (strings guessed): the sample
            // would cost ~15 ms (~1% of writing 10M rows); one larger than the target all the same is split after the write
            return null;
        }
        Path sample = staging.resolve("sample.parquet");
        List<Written> sampled = copy("COPY (SELECT " + String.join(", ", dataSelect) + " FROM " + source + " LIMIT " + SAMPLE_ROWS
                + ") TO " + Sql.literal(sample.toString()) + " (" + options + ")", List.of());
        deleteQuietly(sample);
        double bytesPerRow = (double) sampled.get(0).bytes() / Math.max(1, sampled.get(0).rows());
        List<String> cases = new ArrayList<>();
        for (int k = 0; k < partitions.size(); k++) {
            long rows = counts.get(k);
            long pieces = Math.min(rows, (long) Math.ceil(rows * bytesPerRow / target));
            if (pieces > 1) {
                List<String> match = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    match.add("__floe_k" + i + " = " + Sql.literal(partitions.get(k).get(i)));
                }
                cases.add("WHEN " + String.join(" AND ", match) + " THEN CAST(floor(random() * " + pieces + ") AS BIGINT)");
            }
        }
        if (cases.isEmpty() || cases.size() > MAX_PLANNED_PARTITIONS) {
            return null; // a CASE over thousands of partitions would cost every row more than splitting the few large ones
        }
        return "CASE " + String.join(" ", cases) + " ELSE 0 END";
    }

    /**
     * Bytes a row of {@code columns} takes uncompressed, guessing 32 per string or binary value and 64 per nested one:
     * only to tell partitions that cannot outgrow the target from those that may.
     */
    static long rowWidth(List<StructField> columns) {
        long w = 0;
        for (StructField f : columns) {
            w += f.type() instanceof io.floe.types.PrimitiveType p ? switch (p) {
                case BOOLEAN, BYTE -> 1;
                case SHORT -> 2;
                case INTEGER, FLOAT, DATE -> 4;
                case STRING, BINARY -> 32;
                default -> 8;
            } : f.type() instanceof io.floe.types.DecimalType ? 16 : 64;
        }
        return w;
    }

    /**
     * Splits files larger than {@code oversized} into pieces of about the target's size and equal row counts, each a
     * contiguous run of the file's rows, in one more pass over those files only; keeps the others as they are.
     */
    private List<Written> split(List<Written> written, List<StructField> data, Path dir, long target, long oversized, String options) {
        List<Written> keep = new ArrayList<>();
        List<Written> large = new ArrayList<>();
        for (Written w : written) {
            (w.bytes() > oversized && w.rows() > 1 ? large : keep).add(w);
        }
        if (large.isEmpty()) {
            return written;
        }
        List<String> srcCases = new ArrayList<>();
        List<String> pieceCases = new ArrayList<>();
        for (int i = 0; i < large.size(); i++) {
            Written w = large.get(i);
            long pieces = Math.min(w.rows(), (w.bytes() + target - 1) / target);
            long rowsPerPiece = (w.rows() + pieces - 1) / pieces;
            String file = Sql.literal(w.file().toString());
            srcCases.add("WHEN " + file + " THEN " + i);
            pieceCases.add("WHEN " + file + " THEN file_row_number // " + rowsPerPiece);
        }
        List<String> cols = data.stream().map(f -> Sql.ident(f.physicalName())).toList();
        String list = "[" + String.join(", ", large.stream().map(w -> Sql.literal(w.file().toString())).toList()) + "]";
        String sql = "COPY (SELECT " + String.join(", ", cols) + ", CASE __floe_fp " + String.join(" ", srcCases)
                + " END AS __floe_src, CASE __floe_fp " + String.join(" ", pieceCases) + " END AS __floe_piece FROM read_parquet("
                + list + ", filename = '__floe_fp', hive_partitioning = false, file_row_number = true)) TO " + Sql.literal(dir.toString())
                + " (" + options + ", PARTITION_BY (__floe_src, __floe_piece))";
        for (Written piece : copy(sql, List.of("__floe_src"))) {
            Written from = large.get(Integer.parseInt(piece.keys().get("__floe_src")));
            keep.add(new Written(piece.file(), piece.rows(), piece.bytes(), from.keys(), piece.stats()));
        }
        for (Written w : large) {
            deleteQuietly(w.file());
        }
        return keep;
    }

    /**
     * Rewrites every file without its {@value #ORDINAL} column, cutting those larger than the target into
     * pieces that each hold a range of ordinals of about equal row counts (bounds from approximate quantiles,
     * so no sort is needed): the pieces of a partition then follow the rows' order.
     */
    private List<Written> splitByOrdinal(List<Written> written, List<StructField> data, Path dir, long target, String options) {
        if (written.isEmpty()) {
            return written;
        }
        String list = "[" + String.join(", ", written.stream().map(w -> Sql.literal(w.file().toString())).toList()) + "]";
        String read = "read_parquet(" + list + ", filename = '__floe_fp', hive_partitioning = false)";
        Map<Integer, List<Long>> bounds = new HashMap<>();
        List<String> quantiles = new ArrayList<>();
        List<Integer> quantiled = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            Written w = written.get(i);
            long pieces = Math.min(w.rows(), (w.bytes() + target - 1) / target);
            if (pieces > 1) {
                List<String> qs = new ArrayList<>();
                for (long k = 1; k < pieces; k++) {
                    qs.add(Double.toString((double) k / pieces));
                }
                quantiles.add("approx_quantile(" + ORDINAL + ", [" + String.join(", ", qs) + "]) FILTER (WHERE __floe_fp = "
                        + Sql.literal(w.file().toString()) + ")");
                quantiled.add(i);
            }
        }
        if (!quantiles.isEmpty()) {
            String sql = "SELECT " + String.join(", ", quantiles) + " FROM " + read;
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                for (int q = 0; q < quantiled.size(); q++) {
                    List<Long> b = new ArrayList<>();
                    for (Object o : (Object[]) rs.getArray(q + 1).getArray()) {
                        b.add(((Number) o).longValue());
                    }
                    bounds.put(quantiled.get(q), b);
                }
            } catch (SQLException e) {
                throw new Sql.DataPlaneException(e.getMessage(), sql, e);
            }
        }
        List<String> srcCases = new ArrayList<>();
        List<String> pieceCases = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            String file = Sql.literal(written.get(i).file().toString());
            srcCases.add("WHEN " + file + " THEN " + i);
            List<String> steps = new ArrayList<>(List.of("0"));
            for (long b : bounds.getOrDefault(i, List.of())) {
                steps.add("CAST(" + ORDINAL + " > " + b + " AS INTEGER)");
            }
            pieceCases.add("WHEN " + file + " THEN " + String.join(" + ", steps));
        }
        List<String> cols = data.stream().map(f -> Sql.ident(f.physicalName())).toList();
        String sql = "COPY (SELECT " + String.join(", ", cols) + ", CASE __floe_fp " + String.join(" ", srcCases)
                + " END AS __floe_src, CASE __floe_fp " + String.join(" ", pieceCases) + " END AS __floe_piece FROM " + read + ") TO "
                + Sql.literal(dir.toString()) + " (" + options + ", PARTITION_BY (__floe_src, __floe_piece))";
        List<Written> out = new ArrayList<>();
        for (Written piece : copy(sql, List.of("__floe_src"))) {
            Written from = written.get(Integer.parseInt(piece.keys().get("__floe_src")));
            out.add(new Written(piece.file(), piece.rows(), piece.bytes(), from.keys(), piece.stats()));
        }
        written.forEach(w -> deleteQuietly(w.file()));
        return out;
    }

    private List<DataFile> publish(List<Written> written, WriteSpec spec, List<StructField> parts, List<StructField> data, Path staging) {
        if (written.isEmpty()) {
            return List.of();
        }
        List<StatsCollector.Leaf> leaves = StatsCollector.indexedLeaves(data, spec.numIndexedCols());
        List<StatsCollector.WriterStats> reported = written.stream()
                .map(w -> new StatsCollector.WriterStats(w.file().toString(), w.rows(), w.stats())).toList();
        Map<String, Map<String, Map<String, String>>> queried = StatsCollector.query(connection,
                written.stream().map(w -> w.file().toString()).toList(), StatsCollector.needingQuery(leaves, reported));
        String job = UUID.randomUUID().toString();
        // the codec in the name, as Spark names its files (part-…c000.snappy.parquet, …c000.zstd.parquet)
        String ext = ".c000." + (spec.compression().equals("uncompressed") ? "" : spec.compression() + ".") + "parquet";
        List<PendingFile> pending = new ArrayList<>();
        for (int n = 0; n < written.size(); n++) {
            Written w = written.get(n);
            Map<String, Object> pv = new LinkedHashMap<>();
            StringBuilder rel = new StringBuilder(spec.subdirectory());
            if (spec.partitionsByTransform()) {
                List<PartitionSpec.PartitionField> fields = spec.partitioning().fields();
                for (int i = 0; i < fields.size(); i++) {
                    String k = w.keys().get("__floe_k" + i);
                    String text = k == null || !k.startsWith("v") ? null : k.substring(1);
                    PartitionSpec.PartitionField f = fields.get(i);
                    Object value = PartitionKeys.parse(f, spec.schema().field(f.sourceColumn()).orElseThrow().type(), text);
                    pv.put(f.name(), value);
                    rel.append(PartitionKeys.directory(f, value, text));
                }
            }
            for (int i = 0; i < parts.size(); i++) {
                String k = w.keys().get("__floe_k" + i);
                String value = k == null || !k.startsWith("v") ? null : k.substring(1);
                // Values are keyed by column name; directories are named by physical name, as Delta does under column mapping.
                String col = parts.get(i).physicalName();
                pv.put(parts.get(i).name(), PartitionValues.parse(value, parts.get(i).type()));
                rel.append(PartitionValues.escapePathName(col)).append('=').append(PartitionValues.escapePathName(value)).append('/');
            }
            rel.append(spec.filePrefix()).append(String.format("%05d", n)).append('-').append(job).append(ext);
            Map<String, Map<String, String>> columns = new HashMap<>(w.stats());
            columns.putAll(queried.getOrDefault(w.file().toString(), Map.of()));
            FileStats stats = StatsCollector.fileStats(w.rows(), leaves, columns, spec.schema());
            pending.add(new PendingFile(w.file(), rel.toString(), pv, w.bytes(), stats));
        }
        return publishAll(pending, spec);
    }

    private record PendingFile(Path staged, String relative, Map<String, Object> partitionValues, long size, FileStats stats) {
    }

    private List<DataFile> publishAll(List<PendingFile> pending, WriteSpec spec) {
        ObjectStore store = spec.store();
        boolean local = store.localPath(spec.tablePrefix() + "x").isPresent();
        List<DataFile> out = new ArrayList<>();
        if (local || pending.size() == 1) {
            for (PendingFile p : pending) {
                out.add(publishOne(p, spec));
            }
            return out;
        }
        // Uploads to a remote store are latency-bound: send several at once.
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL_UPLOADS, pending.size()), r -> {
            Thread t = new Thread(r, "floe-upload");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<DataFile>> futures = new ArrayList<>();
            for (PendingFile p : pending) {
                futures.add(pool.submit(() -> publishOne(p, spec)));
            }
            for (Future<DataFile> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading data files", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private DataFile publishOne(PendingFile p, WriteSpec spec) {
        String key = spec.tablePrefix() + p.relative();
        Optional<Path> target = spec.store().localPath(key);
        long mtime;
        try {
            if (target.isPresent()) {
                Files.createDirectories(target.get().getParent());
                try {
                    Files.move(p.staged(), target.get(), StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    spec.store().putFile(key, p.staged()); // staged on another filesystem: the store copies safely
                }
                mtime = Files.getLastModifiedTime(target.get()).toMillis();
            } else {
                spec.store().putFile(key, p.staged());
                mtime = System.currentTimeMillis();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish data file " + key + ": " + e.getMessage(), e);
        }
        return new DataFile(TablePaths.encode(p.relative()), p.partitionValues(), p.size(), mtime, spec.dataChange(), p.stats(),
                null, Map.of());
    }

    /** Local tables stage inside a hidden directory of the table (same filesystem: publishing is a rename). */
    private Path stagingDir(WriteSpec spec) {
        Optional<Path> local = spec.store().localPath(spec.tablePrefix() + STAGING_PREFIX);
        return stagingDirs.take(local.map(Path::getParent).orElse(remoteStaging));
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // removed with the staging directory
        }
    }
}
