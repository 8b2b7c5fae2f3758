package io.floe.engine;

import io.floe.table.DataFile;
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
        boolean join = !partitionFields.isEmpty() || withFilePath;
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
                rows.add(v.append(")").toString());
            }
        }
        String fileList = "[" + String.join(", ", locals.stream().map(Sql::literal).toList()) + "]";
        boolean rowNumbers = anyDv || withPosition;
        String extras = (join || anyDv ? ", filename = '__floe_fp'" : "") + (rowNumbers ? ", file_row_number = true" : "") + ")";
        String read = spec.byFieldId() ? "read_parquet(" + fileList + ", schema = " + fieldIdSchema(fields, partitionSlot)
                + ", hive_partitioning = false" + extras
                : "read_parquet(" + fileList + ", union_by_name = true, hive_partitioning = false" + extras;
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
        if (!expected.isEmpty() && !spec.byFieldId()) {
            // The columns come from the table's schema, not from asking the files: a DESCRIBE of read_parquet would
            // open every file's footer once more before the query opens them again (a point lookup cost several
            // times what DuckDB alone takes). An empty relation with every expected column, unioned by name with
            // the files, gives NULL for a column no file has (files that predate it); untyped NULLs take the
            // files' types, and DuckDB matches names case-insensitively as before. DuckDB drops the empty side
            // and still pushes projections and filters into the Parquet scan (TableScanTest checks the plan).
            read = "((SELECT " + String.join(", ", expected) + " WHERE false) UNION ALL BY NAME (SELECT * FROM " + read + "))";
        }
        if (withFilePath) {
            select.add("v." + FILE_COLUMN);
        }
        if (withPosition) {
            select.add("d.file_row_number AS " + POSITION_COLUMN);
        }
        StringBuilder sql = new StringBuilder("(SELECT ").append(String.join(", ", select)).append(" FROM ").append(read).append(" AS d");
        if (join) {
            List<String> vcols = new ArrayList<>(List.of("__floe_fp", FILE_COLUMN));
            for (int i = 0; i < partitionFields.size(); i++) {
                vcols.add("__floe_p" + i);
            }
            sql.append(" JOIN (VALUES ").append(String.join(", ", rows)).append(") AS v(").append(String.join(", ", vcols))
                    .append(") ON d.__floe_fp = v.__floe_fp");
        }
        if (anyDv) {
            sql.append(" ANTI JOIN ").append(deletedRowsRelation(files, locals)).append(" AS x ON x.fp = d.__floe_fp AND x.r = d.file_row_number");
        }
        return sql.append(")").toString();
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
