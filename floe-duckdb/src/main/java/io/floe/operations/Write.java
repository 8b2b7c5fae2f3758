package io.floe.operations;

import io.floe.dataplane.DataPlane;
import io.floe.engine.Sql;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.Operation;
import io.floe.table.PartitionSpec;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.TableDefinition;
import io.floe.table.Transaction;
import io.floe.table.WriteFiles;
import io.floe.types.StructField;
import io.floe.types.StructType;

import io.floe.table.FloeException;
import io.floe.table.GeneratedColumns;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * INSERT INTO / INSERT OVERWRITE / CREATE TABLE AS SELECT: enforces the schema and constraints on the incoming rows,
 * writes them as data files through the data plane, and commits them through {@link WriteFiles} — the same commit
 * path as the Java API's {@code table.newAppend()} — or, for CTAS, as the table's first version.
 */
public final class Write {
    public record Result(CommitResult commit, long numOutputRows, int numFiles, long numOutputBytes, int numRemovedFiles) {
    }

    /**
     * What a write statement asked for.
     *
     * @param replaceWhere          the files REPLACE WHERE replaces (selected by partition values), or null
     * @param replaceWhereText      the condition as the history records it
     * @param replaceWhereCondition the same condition as data-plane SQL over the table's columns (named by the table's
     *                              name), which every written row must satisfy; null when there is no REPLACE WHERE
     * @param dynamicPartitionOverwrite an overwrite of a partitioned table replaces only the partitions the new rows
     *                              fall in (Spark's partitionOverwriteMode = dynamic), not the whole table
     */
    public record Options(List<String> targetColumns, boolean overwrite, boolean mergeSchema,
                          Predicate<DataFile> replaceWhere, String replaceWhereText, String replaceWhereCondition,
                          boolean dynamicPartitionOverwrite) {
        public Options(List<String> targetColumns, boolean overwrite, boolean mergeSchema, Predicate<DataFile> replaceWhere,
                       String replaceWhereText, String replaceWhereCondition) {
            this(targetColumns, overwrite, mergeSchema, replaceWhere, replaceWhereText, replaceWhereCondition, false);
        }

        /** The same write, replacing (when it overwrites a partitioned table) only the partitions its rows land in. */
        public Options withDynamicPartitionOverwrite(boolean dynamic) {
            return new Options(targetColumns, overwrite, mergeSchema, replaceWhere, replaceWhereText, replaceWhereCondition, dynamic);
        }

        public Options {
            if (replaceWhere != null && replaceWhereCondition == null) {
                // without the condition the rows cannot be checked, and a row outside it would land in a partition the
                // write does not replace while the one it does is emptied
                throw new IllegalArgumentException("REPLACE WHERE needs its condition to check the written rows");
            }
        }

        public static Options append() {
            return new Options(null, false, false, null, null, null);
        }

        public static Options overwriteAll() {
            return new Options(null, true, false, null, null, null);
        }
    }

    /** A row written by INSERT … REPLACE WHERE does not satisfy the condition (Delta refuses it the same way). */
    public static final class ReplaceWhereViolationException extends FloeException {
        public ReplaceWhereViolationException(String message) {
            super(message);
        }
    }

    private Write() {
    }

    /** Writes the rows of {@code query} (any SQL query of the data plane) into an existing table. */
    public static Result run(DataPlane engine, Table table, String query, Options opts) {
        Connection c = engine.connection();
        Transaction txn = table.newTransaction();
        Snapshot s = txn.snapshot();
        // Rows that are checked before they are written are read twice: materialized once, since the query may be
        // expensive or non-deterministic. Rows only written are read once, straight from the query.
        String staged = readTwice(s.schema(), txn.checkConstraints(), opts.replaceWhereCondition() != null) ? Sql.tempName("write") : null;
        if (staged != null) {
            Sql.exec(c, "CREATE TEMP TABLE " + staged + " AS " + query);
        }
        String source = staged != null ? staged : "(" + query + ")";
        List<String> alignedTables = new ArrayList<>();
        try {
            boolean mergeSchema = opts.mergeSchema() || "true".equalsIgnoreCase(s.properties().get("delta.mergeSchema"))
                    || "true".equalsIgnoreCase(s.properties().get("mergeSchema"));
            SchemaAlignment.Aligned a = SchemaAlignment.align(engine, c, table.name(), source, s.schema(), opts.targetColumns(),
                    mergeSchema);
            StructType schema = a.schema();
            if (a.schemaChanged()) {
                txn.updateSchema(schema);
                schema = txn.schema();
            }
            if (GeneratedColumns.anyComputed(schema)) {
                // computed once: identity values are generated by the query, which validation and writing would each run
                String aligned = Sql.tempName("aligned");
                Sql.exec(c, "CREATE TEMP TABLE " + aligned + " AS SELECT * FROM " + a.sql());
                alignedTables.add(aligned);
                a = new SchemaAlignment.Aligned("(SELECT * FROM " + aligned + ")", a.schema(), a.schemaChanged());
            }
            Constraints.validateAligned(engine, table.name(), a.sql(), schema, txn.checkConstraints());
            if (opts.replaceWhereCondition() != null) {
                checkReplaceWhere(c, table, a.sql(), opts.replaceWhereCondition(), opts.replaceWhereText());
            }
            List<DataFile> files = engine.write(table, schema, s.partitionSpec(), table.writeOptions(s.properties()), a.sql(), true);
            long rows = rowsWritten(c, files, source);
            WriteFiles w = WriteFiles.in(txn, opts.overwrite()).addFiles(files).numRows(rows).rowsValidated();
            if (opts.replaceWhere() != null) {
                w.replaceWhere(opts.replaceWhere(), opts.replaceWhereText());
            } else if (opts.overwrite() && opts.dynamicPartitionOverwrite() && !s.partitionSpec().isUnpartitioned()) {
                // the partitions the new files fall in, by the spec the files were written with
                java.util.Set<Map<String, Object>> written = new java.util.HashSet<>();
                files.forEach(f -> written.add(f.partitionValues()));
                w.replaceWhere(f -> written.contains(f.partitionValues()), "dynamic partition overwrite");
            }
            CommitResult r = w.commit();
            return new Result(r, rows, files.size(), files.stream().mapToLong(DataFile::size).sum(), w.removedFiles());
        } finally {
            if (staged != null) {
                Sql.exec(c, "DROP TABLE IF EXISTS " + staged);
            }
            alignedTables.forEach(t -> Sql.exec(c, "DROP TABLE IF EXISTS " + t));
        }
    }

    /**
     * Whether the rows written to a table of this schema are read before they are written as well: to check NOT NULL
     * columns, generation expressions, CHECK constraints or a REPLACE WHERE condition. Computed columns (identity values
     * come from the query) are materialized on their own once aligned.
     */
    static boolean readTwice(StructType schema, List<io.floe.table.CheckConstraint> checks, boolean replaceWhere) {
        return replaceWhere || !checks.isEmpty()
                || schema.fields().stream().anyMatch(f -> !f.nullable() || GeneratedColumns.expression(f).isPresent());
    }

    /** The rows the files hold, by their statistics (every written file has its row count); else counted from the source. */
    private static long rowsWritten(Connection c, List<DataFile> files, String source) {
        long rows = 0;
        for (DataFile f : files) {
            if (f.stats() == null || f.stats().numRecords() == null) {
                return Sql.count(c, "SELECT count(*) FROM " + source);
            }
            rows += f.stats().numRecords();
        }
        return rows;
    }

    /**
     * Refuses, before any file is written, rows that do not satisfy the REPLACE WHERE condition (NULL counts as not
     * satisfied, as for a CHECK constraint in Delta): such a row would be written outside the replaced partitions.
     */
    private static void checkReplaceWhere(Connection c, Table table, String relation, String condition, String display) {
        String sql = "SELECT * FROM " + relation + " AS " + Sql.ident(RowRewrite.alias(table, null))
                + " WHERE NOT coalesce((" + condition + "), false) LIMIT 1";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (rs.next()) {
                ResultSetMetaData md = rs.getMetaData();
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(i > 1 ? ", " : "").append(md.getColumnLabel(i)).append(" = ");
                    Object v = rs.getObject(i);
                    row.append(v instanceof String str ? "'" + str.replace("'", "''") + "'" : String.valueOf(v));
                }
                throw new ReplaceWhereViolationException("data written to " + table.name() + " does not match REPLACE WHERE "
                        + (display == null ? condition : display) + ": the row (" + row + ") does not satisfy it; nothing was"
                        + " written");
            }
        } catch (SQLException e) {
            throw new FloeException("REPLACE WHERE " + (display == null ? condition : display) + " cannot be evaluated over the"
                    + " rows written to " + table.name() + ": " + e.getMessage(), e);
        }
    }

    /** {@link #createAs(DataPlane, Table, String, PartitionSpec, Map, StructType)} partitioned by columns. */
    public static Result createAs(DataPlane engine, Table table, String query, List<String> partitionColumns,
                                  Map<String, String> properties, StructType declared) {
        return createAs(engine, table, query, PartitionSpec.identity(partitionColumns), properties, declared);
    }

    /**
     * CREATE TABLE … AS SELECT in one commit (the first version holds the table's definition and the data), as Spark
     * does. The schema comes from the query unless declared; columns are nullable.
     */
    public static Result createAs(DataPlane engine, Table table, String query, PartitionSpec partitionSpec,
                                  Map<String, String> properties, StructType declared) {
        return createOrReplaceAs(engine, table, query, partitionSpec, properties, declared, null, null);
    }

    /**
     * REPLACE TABLE … AS SELECT / CREATE OR REPLACE TABLE … AS SELECT on an existing table: one commit holding the new
     * definition and the query's rows, every earlier file removed, the history kept (as Spark does).
     *
     * @param description the table's comment, or null
     */
    public static Result replaceAs(DataPlane engine, Table table, String query, PartitionSpec partitionSpec,
                                   Map<String, String> properties, StructType declared, String description, boolean orCreate) {
        io.floe.table.TableReplacement replacement = table.capability(io.floe.table.TableReplacement.class).orElseThrow(
                () -> new FloeException("REPLACE TABLE is not supported for " + table.format() + " tables (table " + table.name() + ")"));
        return createOrReplaceAs(engine, table, query, partitionSpec, properties, declared, description,
                def -> new Replacing(replacement.newReplaceTransaction(def), Operation.replace(def, orCreate, true)));
    }

    /** The transaction and operation of a replace of the table's definition and data. */
    private record Replacing(Transaction txn, Operation op) {
    }

    private static Result createOrReplaceAs(DataPlane engine, Table table, String query, PartitionSpec partitionSpec,
                                            Map<String, String> properties, StructType declared, String description,
                                            java.util.function.Function<TableDefinition, Replacing> replace) {
        Connection c = engine.connection();
        String staged = Sql.tempName("ctas");
        // the query runs once, into the files, unless the declared schema or properties make its rows checked first
        boolean materialized = (declared != null && readTwice(declared, List.of(), false))
                || properties.keySet().stream().anyMatch(k -> k.startsWith("delta.constraints."));
        if (materialized) {
            Sql.exec(c, "CREATE TEMP TABLE " + staged + " AS " + query);
        }
        String source = materialized ? staged : "(" + query + ")";
        try {
            StructType schema = declared;
            if (schema == null) {
                List<StructField> fields = new ArrayList<>();
                for (String[] col : Sql.describe(c, "SELECT * FROM " + source)) {
                    fields.add(new StructField(col[0], DuckTypes.toDataType(col[1]), true));
                }
                schema = new StructType(fields);
            }
            for (PartitionSpec.PartitionField p : partitionSpec.fields()) {
                if (schema.field(p.sourceColumn()).isEmpty()) {
                    throw new SchemaAlignment.SchemaMismatchException("partition column " + p.sourceColumn()
                            + " is not produced by the query " + schema.fieldNames());
                }
            }
            SchemaAlignment.Aligned a = SchemaAlignment.align(engine, c, table.name(), source, schema, null, false);
            if (GeneratedColumns.anyComputed(a.schema())) {
                // computed once (identity values come from the query), then validated and written
                Sql.exec(c, "CREATE TEMP TABLE " + staged + "_aligned AS SELECT * FROM " + a.sql());
                a = new SchemaAlignment.Aligned("(SELECT * FROM " + staged + "_aligned)", a.schema(), a.schemaChanged());
            }
            TableDefinition def = new TableDefinition(a.schema(), partitionSpec, properties, description);
            Replacing replacing = replace == null ? null : replace.apply(def);
            Transaction txn = replacing == null ? table.newCreateTransaction(def) : replacing.txn();
            Operation op = replacing == null ? Operation.create(def, true) : replacing.op();
            if (!materialized && !GeneratedColumns.anyComputed(a.schema()) && readTwice(txn.schema(), txn.checkConstraints(), false)) {
                // the table's definition (a replaced table's constraints) asks for checks: materialize after all
                Sql.exec(c, "CREATE TEMP TABLE " + staged + " AS " + query);
                a = SchemaAlignment.align(engine, c, table.name(), staged, schema, null, false);
                source = staged;
            }
            Constraints.validateAligned(engine, table.name(), a.sql(), txn.schema(), txn.checkConstraints());
            List<DataFile> files = engine.write(table, txn.schema(), txn.partitionSpec(), table.writeOptions(txn.properties()),
                    a.sql(), true);
            long rows = rowsWritten(c, files, source);
            txn.addAll(files).enforcesConstraints(true);
            if (replacing != null) {
                txn.writesChangeData(true); // every file is removed or added whole: change readers derive rows from them
            }
            long bytes = files.stream().mapToLong(DataFile::size).sum();
            CommitResult r = txn.commit(op.withMetrics(Map.of(
                    "numFiles", files.size(), "numOutputRows", rows, "numOutputBytes", bytes)));
            return new Result(r, rows, files.size(), bytes, 0);
        } finally {
            Sql.exec(c, "DROP TABLE IF EXISTS " + staged);
            Sql.exec(c, "DROP TABLE IF EXISTS " + staged + "_aligned");
        }
    }
}
