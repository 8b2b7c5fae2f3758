package io.floe.engine;

import io.floe.table.DataFile;
import io.floe.table.RowLineage;
import io.floe.types.StructField;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a list of a table's data files into DuckDB SQL that yields exactly the table's rows: logical
 * column names and types, partition columns as typed constants from the log's partition values (they
 * are not in the files), physical names (column mapping) renamed to logical ones, NULL for columns a
 * file predates, and rows marked by deletion vectors left out.
 */
public final class TableScan {
    /** The column a scan adds, on request, with each row's {@link DataFile#path()}. */
    public static final String FILE_COLUMN = "__floe_file";

    /** The column a scan adds, on request, with each row's 0-based position in its file. */
    public static final String POSITION_COLUMN = "__floe_pos";

    /** The columns a scan adds, on request, with each row's stable row id and row commit version (row tracking). */
    public static final String ROW_ID_COLUMN = io.floe.dataplane.DataPlane.ROW_ID_COLUMN;
    public static final String ROW_COMMIT_VERSION_COLUMN = io.floe.dataplane.DataPlane.ROW_COMMIT_VERSION_COLUMN;

    /** Spark's hidden file metadata struct. */
    public static final String METADATA_COLUMN = io.floe.dataplane.DataPlane.METADATA_COLUMN;
    private static final String METADATA_TYPE = "STRUCT(file_path VARCHAR, file_name VARCHAR, file_size BIGINT, file_block_start BIGINT,"
            + " file_block_length BIGINT, file_modification_time TIMESTAMP WITH TIME ZONE, row_index BIGINT";
    private static final String ROW_METADATA_TYPE = ", row_id BIGINT, base_row_id BIGINT, default_row_commit_version BIGINT,"
            + " row_commit_version BIGINT";

    private final Function<String, Path> localFile;
    private final Function<DataFile, long[]> deletedRows;

    /**
     * @param localFile   a local path holding the object at a store key (the store's own file or a staged copy)
     * @param deletedRows the row indexes a file's deletion vector marks, ascending; null if the caller cannot
     *                    read deletion vectors (files that have one are then refused)
     */
    public TableScan(Function<String, Path> localFile, Function<DataFile, long[]> deletedRows) {
        this.localFile = localFile;
        this.deletedRows = deletedRows;
    }

    /**
     * A parenthesized DuckDB subquery with the rows of {@code files}. With {@code withFilePath}, an extra VARCHAR
     * column {@value #FILE_COLUMN} holds each row's file path as the log records it.
     */
    public String sql(ScanSpec spec, List<DataFile> files, boolean withFilePath) {
        return sql(spec, files, withFilePath, false);
    }

    /**
     * As {@link #sql(ScanSpec, List, boolean)}; with {@code withPosition} (which implies the file path) also a BIGINT
     * column {@value #POSITION_COLUMN} with each row's 0-based physical index in its file, what deletion vectors and
     * position deletes mark.
     */
    public String sql(ScanSpec spec, List<DataFile> files, boolean withFilePath, boolean withPosition) {
        return sql(spec, files, withFilePath, withPosition, null, null);
    }

    /**
     * Stable row ids (row tracking): a row's id is its file's materialized {@code rowIdColumn} when not null, else the
     * file's base row id plus the row's position; its commit version the materialized {@code rowCommitVersionColumn}
     * when not null, else the file's default row commit version.
     *
     * @param rowIdColumn            physical name of the hidden materialized row id column
     * @param rowCommitVersionColumn physical name of the hidden materialized row commit version column
     * @param fileRowIds             a file's base row id and default row commit version
     */
    public record RowIds(String rowIdColumn, String rowCommitVersionColumn, Function<DataFile, RowLineage.FileRowIds> fileRowIds) {
    }

    /**
     * As {@link #sql(ScanSpec, List, boolean, boolean)}; with {@code rowIds} also the BIGINT columns {@value #ROW_ID_COLUMN}
     * and {@value #ROW_COMMIT_VERSION_COLUMN}; with {@code metadataOf} (the table's location, ending with '/') also the
     * struct {@value #METADATA_COLUMN} as Spark's hidden {@code _metadata} column (with the row ids when {@code rowIds}
     * is given).
     */
    public String sql(ScanSpec spec, List<DataFile> files, boolean withFilePath, boolean withPosition, RowIds rowIds,
                      String metadataOf) {
        withFilePath |= withPosition;
        List<StructField> fields = spec.schema().fields();
        if (files.isEmpty()) {
            List<String> cols = new ArrayList<>();
            for (StructField f : fields) {
                cols.add("CAST(NULL AS " + TypeMapping.logicalType(f.type()) + ") AS " + Sql.ident(f.name()));
            }
            if (withFilePath) {
                cols.add("CAST(NULL AS VARCHAR) AS " + Sql.ident(FILE_COLUMN));
            }
            if (withPosition) {
                cols.add("CAST(NULL AS BIGINT) AS " + Sql.ident(POSITION_COLUMN));
            }
            if (rowIds != null) {
                cols.add("CAST(NULL AS BIGINT) AS " + Sql.ident(ROW_ID_COLUMN));
                cols.add("CAST(NULL AS BIGINT) AS " + Sql.ident(ROW_COMMIT_VERSION_COLUMN));
            }
            if (metadataOf != null) {
                cols.add("CAST(NULL AS " + METADATA_TYPE + (rowIds != null ? ROW_METADATA_TYPE : "") + ")) AS " + Sql.ident(METADATA_COLUMN));
            }
            return "(SELECT " + String.join(", ", cols) + " WHERE false)";
        }
        boolean anyDv = files.stream().anyMatch(f -> f.deletionVector() != null && f.deletionVector().cardinality() > 0);
        if (anyDv && deletedRows == null) {
            DataFile f = files.stream().filter(x -> x.deletionVector() != null).findFirst().orElseThrow();
            throw new UnsupportedOperationException("deletion vectors: data file " + f.path() + " has one, and this scan cannot read them");
        }
        // partition columns of the requested schema, by position in it
        Map<Integer, Integer> partitionSlot = new HashMap<>();
        List<StructField> partitionFields = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).name();
            if (spec.partitionColumns().stream().anyMatch(p -> p.equalsIgnoreCase(name))) {
                partitionSlot.put(i, partitionFields.size());
                partitionFields.add(fields.get(i));
            }
        }
        boolean join = !partitionFields.isEmpty() || withFilePath || rowIds != null || metadataOf != null;
        List<String> locals = new ArrayList<>(files.size());
        List<String> rows = new ArrayList<>(files.size());
        for (DataFile f : files) {
            String local = localFile.apply(spec.keyOf(f)).toString();
            locals.add(local);
            if (join) {
                StringBuilder v = new StringBuilder("(").append(Sql.literal(local)).append(", ").append(Sql.literal(f.path()));
                for (StructField p : partitionFields) {
                    v.append(", ").append(PartitionValues.literal(partitionValue(f.partitionValues(), p), p.type()));
                }
                if (rowIds != null) {
                    RowLineage.FileRowIds ids = rowIds.fileRowIds().apply(f);
                    v.append(", CAST(").append(ids == null || ids.baseRowId() == null ? "NULL" : ids.baseRowId().toString())
                            .append(" AS BIGINT), CAST(").append(ids == null || ids.defaultRowCommitVersion() == null ? "NULL"
                                    : ids.defaultRowCommitVersion().toString()).append(" AS BIGINT)");
                }
                if (metadataOf != null) {
                    v.append(", ").append(Sql.literal(absolutePath(metadataOf, f.path()))).append(", CAST(").append(f.size())
                            .append(" AS BIGINT), to_timestamp(").append(f.modificationTime()).append(" / 1000.0)");
                }
                rows.add(v.append(")").toString());
            }
        }
        String fileList = "[" + String.join(", ", locals.stream().map(Sql::literal).toList()) + "]";
        boolean rowNumbers = anyDv || withPosition || rowIds != null || metadataOf != null;
        // By field id, DuckDB 1.4's file_row_number option fails on files with a column that has no field id (Spark's
        // materialized row id columns), so the row number is taken as read_parquet's virtual column there.
        boolean virtualRowNumber = rowNumbers && spec.byFieldId();
        String extras = (join || anyDv ? ", filename = '__floe_fp'" : "") + (rowNumbers && !virtualRowNumber ? ", file_row_number = true" : "")
                + ")";
        // what the log's statistics prove about the files' columns (by name: nothing to prove when reading by field id)
        Cover cover = spec.byFieldId() || rowIds != null ? Cover.UNKNOWN : Cover.of(spec.schema(), partitionSlot, files);
        // one file, or files that each hold every column as the same type: DuckDB need not open every footer to unify them
        boolean unionByName = cover == Cover.UNKNOWN || (files.size() > 1 && cover != Cover.EVERY_FILE);
        String read = spec.byFieldId() ? "read_parquet(" + fileList + ", schema = " + fieldIdSchema(fields, partitionSlot)
                + ", hive_partitioning = false" + extras
                : "read_parquet(" + fileList + (unionByName ? ", union_by_name = true" : "") + ", hive_partitioning = false" + extras;
        if (virtualRowNumber) {
            read = "(SELECT *, file_row_number FROM " + read + ")";
        }
        List<String> select = new ArrayList<>();
        List<String> expected = new ArrayList<>(); // the physical columns the files should have
        for (int i = 0; i < fields.size(); i++) {
            StructField f = fields.get(i);
            Integer slot = partitionSlot.get(i);
            String e;
            if (slot != null) {
                e = "v.__floe_p" + slot;
            } else {
                expected.add("NULL AS " + Sql.ident(f.physicalName()));
                e = TypeMapping.toLogical("d." + Sql.ident(f.physicalName()), f.type());
            }
            select.add(e + " AS " + Sql.ident(f.name()));
        }
        if (withFilePath) {
            select.add("v." + FILE_COLUMN);
        }
        if (withPosition) {
            select.add("d.file_row_number AS " + POSITION_COLUMN);
        }
        String rowId = null;
        String rowCommitVersion = null;
        String materialized = null; // the files' materialized row id columns, when the read by field id cannot see them
        if (rowIds != null) {
            // materialized values win; a file without the columns (never rewritten) reads them as NULL
            String m = "d.";
            if (spec.byFieldId()) {
                // they have no field id (they are not in the schema): read by name beside the read by id, row by row
                m = "rid.";
                materialized = "(SELECT __floe_fp, file_row_number, " + Sql.ident(rowIds.rowIdColumn()) + ", "
                        + Sql.ident(rowIds.rowCommitVersionColumn()) + " FROM ((SELECT NULL AS " + Sql.ident(rowIds.rowIdColumn())
                        + ", NULL AS " + Sql.ident(rowIds.rowCommitVersionColumn()) + " WHERE false) UNION ALL BY NAME (SELECT * FROM "
                        + "read_parquet(" + fileList + ", union_by_name = true, hive_partitioning = false, filename = '__floe_fp', "
                        + "file_row_number = true))))";
            } else {
                expected.add("NULL AS " + Sql.ident(rowIds.rowIdColumn()));
                expected.add("NULL AS " + Sql.ident(rowIds.rowCommitVersionColumn()));
            }
            rowId = "coalesce(CAST(" + m + Sql.ident(rowIds.rowIdColumn()) + " AS BIGINT), v.__floe_base + d.file_row_number)";
            rowCommitVersion = "coalesce(CAST(" + m + Sql.ident(rowIds.rowCommitVersionColumn()) + " AS BIGINT), v.__floe_drcv)";
            select.add(rowId + " AS " + ROW_ID_COLUMN);
            select.add(rowCommitVersion + " AS " + ROW_COMMIT_VERSION_COLUMN);
        }
        if (metadataOf != null) {
            String m = "struct_pack(file_path := v.__floe_uri, file_name := regexp_extract(v.__floe_uri, '[^/]*$'), file_size := v.__floe_size,"
                    + " file_block_start := CAST(0 AS BIGINT), file_block_length := v.__floe_size, file_modification_time := v.__floe_mtime,"
                    + " row_index := d.file_row_number"
                    + (rowIds == null ? "" : ", row_id := " + rowId + ", base_row_id := v.__floe_base, default_row_commit_version := "
                    + "v.__floe_drcv, row_commit_version := " + rowCommitVersion) + ")";
            select.add(m + " AS " + Sql.ident(METADATA_COLUMN));
        }
        if (!expected.isEmpty() && !spec.byFieldId() && cover == Cover.UNKNOWN) {
            // The columns come from the table's schema, not from asking the files: a DESCRIBE of read_parquet would
            // open every file's footer once more before the query opens them again (a point lookup cost several
            // times what DuckDB alone takes). An empty relation with every expected column, unioned by name with
            // the files, gives NULL for a column no file has (files that predate it); untyped NULLs take the
            // files' types, and DuckDB matches names case-insensitively as before. DuckDB drops the empty side
            // and still pushes projections and filters into the Parquet scan (TableScanTest checks the plan), but
            // binding the union still costs a point lookup a third of what DuckDB alone takes: left out when the
            // statistics prove that some file has each column ({@link Cover}).
            read = "((SELECT " + String.join(", ", expected) + " WHERE false) UNION ALL BY NAME (SELECT * FROM " + read + "))";
        }
        StringBuilder sql = new StringBuilder("(SELECT ").append(String.join(", ", select)).append(" FROM ").append(read).append(" AS d");
        if (join) {
            List<String> vcols = new ArrayList<>(List.of("__floe_fp", FILE_COLUMN));
            for (int i = 0; i < partitionFields.size(); i++) {
                vcols.add("__floe_p" + i);
            }
            if (rowIds != null) {
                vcols.add("__floe_base");
                vcols.add("__floe_drcv");
            }
            if (metadataOf != null) {
                vcols.addAll(List.of("__floe_uri", "__floe_size", "__floe_mtime"));
            }
            sql.append(" JOIN (VALUES ").append(String.join(", ", rows)).append(") AS v(").append(String.join(", ", vcols))
                    .append(") ON d.__floe_fp = v.__floe_fp");
        }
        if (materialized != null) {
            sql.append(" LEFT JOIN ").append(materialized).append(" AS rid ON rid.__floe_fp = d.__floe_fp AND rid.file_row_number = d.file_row_number");
        }
        if (anyDv) {
            sql.append(" ANTI JOIN ").append(deletedRowsRelation(files, locals)).append(" AS x ON x.fp = d.__floe_fp AND x.r = d.file_row_number");
        }
        return sql.append(")").toString();
    }

    /**
     * What the files' statistics prove about the scan's (non-partition) columns, read by name. A column with a non-null
     * value in a file (a bound, or fewer nulls than rows) is in that file under its physical name; nothing is assumed
     * from a missing statistic (writers record them for the first columns only) or an all-null column (a writer may
     * count a column it left out as all null).
     */
    enum Cover {
        /** Some column is not proven in any file (or is not a primitive): the empty typed relation supplies it. */
        UNKNOWN,
        /** Each column is in at least one file: DuckDB's union by name gives NULL where a file lacks it. */
        SOME_FILE,
        /**
         * Each file has each column, and no column's type was widened (files then hold one type per column): DuckDB
         * may read them without the union by name, as it reads a directory of like files.
         */
        EVERY_FILE;

        /** Field metadata recording a column's type changes (Delta type widening): older files hold the narrower type. */
        static final String TYPE_CHANGES = "delta.typeChanges";

        static Cover of(io.floe.types.StructType schema, Map<Integer, Integer> partitionSlot, List<DataFile> files) {
            // statistics are keyed by these ids (the schema's own, or assigned in order as the format assigned them)
            List<StructField> fields = schema.withFieldIds().fields();
            List<Integer> ids = new ArrayList<>();
            boolean widened = false;
            for (int i = 0; i < fields.size(); i++) {
                if (partitionSlot.containsKey(i)) {
                    continue;
                }
                StructField f = fields.get(i);
                if (!(f.type() instanceof io.floe.types.PrimitiveType) && !(f.type() instanceof io.floe.types.DecimalType)) {
                    return UNKNOWN; // nested types evolve inside (added struct fields): left to DuckDB's union by name
                }
                widened |= f.metadata().containsKey(TYPE_CHANGES);
                ids.add(f.id());
            }
            boolean[] seen = new boolean[ids.size()];
            int unseen = ids.size();
            boolean every = true;
            for (DataFile file : files) {
                io.floe.table.FileStats s = file.stats();
                for (int k = 0; k < seen.length; k++) {
                    if (holds(s, ids.get(k))) {
                        if (!seen[k]) {
                            seen[k] = true;
                            unseen--;
                        }
                    } else {
                        every = false;
                    }
                }
                if (!every && unseen == 0) {
                    break;
                }
            }
            return unseen > 0 ? UNKNOWN : every && !widened ? EVERY_FILE : SOME_FILE;
        }

        private static boolean holds(io.floe.table.FileStats s, int id) {
            if (s == null) {
                return false;
            }
            if (s.min(id) != null || s.max(id) != null) {
                return true;
            }
            Long nulls = s.nullCount(id);
            return nulls != null && s.numRecords() != null && nulls < s.numRecords();
        }
    }

    /**
     * read_parquet's schema argument mapping each (non-partition) column's field id to its name and type: files written
     * before a rename or a re-add then read by id, and a column a file lacks reads as NULL.
     */
    private static String fieldIdSchema(List<StructField> fields, Map<Integer, Integer> partitionSlot) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            StructField f = fields.get(i);
            if (partitionSlot.containsKey(i)) {
                continue;
            }
            if (f.id() <= 0) {
                throw new IllegalArgumentException("column " + f.name() + " has no field id to read it by");
            }
            entries.add(f.id() + ": {name: " + Sql.literal(f.physicalName()) + ", type: " + Sql.literal(TypeMapping.duckdbType(f.type()))
                    + ", default_value: NULL}");
        }
        return "MAP {" + String.join(", ", entries) + "}";
    }

    /** (file, deleted row index) pairs of every file with a deletion vector, for an anti join. */
    private String deletedRowsRelation(List<DataFile> files, List<String> locals) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            DataFile f = files.get(i);
            if (f.deletionVector() == null || f.deletionVector().cardinality() == 0) {
                continue;
            }
            long[] deleted = deletedRows.apply(f);
            StringBuilder l = new StringBuilder("[");
            for (int k = 0; k < deleted.length; k++) {
                l.append(k == 0 ? "" : ",").append(deleted[k]);
            }
            rows.add("(" + Sql.literal(locals.get(i)) + ", " + l + "]::BIGINT[])");
        }
        return "(SELECT fp, unnest(r) AS r FROM (VALUES " + String.join(", ", rows) + ") AS t(fp, r))";
    }

    /** A data file's absolute path as Spark's _metadata.file_path shows it: the table location plus the recorded path. */
    static String absolutePath(String location, String path) {
        if (path.contains(":/")) {
            return path; // recorded absolute
        }
        return (location.endsWith("/") ? location : location + "/") + path;
    }

    /** A file's value for a partition column: keyed by the column's name (any case). */
    static Object partitionValue(Map<String, Object> values, StructField column) {
        if (values.containsKey(column.name())) {
            return values.get(column.name());
        }
        for (var e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(column.name())) {
                return e.getValue();
            }
        }
        return null;
    }
}
