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
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * INSERT INTO / INSERT OVERWRITE / CREATE TABLE AS SELECT, and the Java API's append and overwrite of data files:
 * enforces the schema and constraints on the incoming rows, writes them as data files through the data plane, and
 * commits the WRITE (or CREATE TABLE AS SELECT) operation with its metrics. One commit path serves all of them.
 */
public final class Write {
    public record Result(CommitResult commit, long numOutputRows, int numFiles, long numOutputBytes, int numRemovedFiles) {
    }

    /** What a write statement asked for. */
    public record Options(List<String> targetColumns, boolean overwrite, boolean mergeSchema,
                          Predicate<DataFile> replaceWhere, String replaceWhereText) {
        public static Options append() {
            return new Options(null, false, false, null, null);
        }

        public static Options overwriteAll() {
            return new Options(null, true, false, null, null);
        }
    }

    private Write() {
    }

    /** Writes the rows of {@code query} (any SQL query of the data plane) into an existing table. */
    public static Result run(DataPlane engine, Table table, String query, Options opts) {
        Connection c = engine.connection();
        String staged = Sql.tempName("write");
        // Materialize once: the query may be expensive or non-deterministic, and it is both validated and written.
        Sql.exec(c, "CREATE TEMP TABLE " + staged + " AS " + query);
        try {
            Transaction txn = table.newTransaction();
            Snapshot s = txn.snapshot();
            boolean mergeSchema = opts.mergeSchema() || "true".equalsIgnoreCase(s.properties().get("delta.mergeSchema"))
                    || "true".equalsIgnoreCase(s.properties().get("mergeSchema"));
            SchemaAlignment.Aligned a = SchemaAlignment.align(c, table.name(), staged, s.schema(), opts.targetColumns(), mergeSchema);
            StructType schema = a.schema();
            if (a.schemaChanged()) {
                txn.updateSchema(schema);
                schema = txn.schema();
            }
            Constraints.validate(c, table.name(), a.sql(), schema, txn.checkConstraints());
            long rows = Sql.count(c, "SELECT count(*) FROM " + staged);
            List<DataFile> files = engine.write(table, schema, s.partitionSpec(), table.writeOptions(s.properties()), a.sql(), true);
            return commitFiles(txn, files, rows, opts, null, 0);
        } finally {
            Sql.exec(c, "DROP TABLE IF EXISTS " + staged);
        }
    }

    /** Appends already-written data files (Java API). */
    public static Files append(Table table) {
        return new Files(table, false);
    }

    /** Overwrites with already-written data files: they replace every file, or those matching {@link Files#replaceWhere}. */
    public static Files overwrite(Table table) {
        return new Files(table, true);
    }

    /** An append or overwrite of data files written by the caller, committed as SQL's INSERT commits. */
    public static final class Files {
        private final Table table;
        private final boolean overwrite;
        private final List<DataFile> files = new ArrayList<>();
        private Predicate<DataFile> replaceWhere;
        private String replaceWhereText;
        private String appId;
        private long appVersion;

        private Files(Table table, boolean overwrite) {
            this.table = table;
            this.overwrite = overwrite;
        }

        public Files addFile(DataFile f) {
            files.add(f);
            return this;
        }

        public Files addFiles(List<DataFile> fs) {
            files.addAll(fs);
            return this;
        }

        /** Overwrites only files whose partition values match. */
        public Files replaceWhere(Predicate<DataFile> partitionFilter, String description) {
            this.replaceWhere = partitionFilter;
            this.replaceWhereText = description;
            return this;
        }

        /**
         * Makes the write idempotent: if the table already records {@code version} (or later) for {@code appId},
         * commit nothing. The same call after a crash or retry never duplicates rows.
         */
        public Files idempotent(String appId, long version) {
            this.appId = appId;
            this.appVersion = version;
            return this;
        }

        /** @return the commit, or null if an idempotent write had already been applied */
        public CommitResult commit() {
            long rows = files.stream().mapToLong(f -> f.stats() == null || f.stats().numRecords() == null ? 0 : f.stats().numRecords()).sum();
            Result r = commitFiles(table.newTransaction(), files, rows,
                    new Options(null, overwrite, false, replaceWhere, replaceWhereText), appId, appVersion);
            return r == null ? null : r.commit();
        }
    }

    /** The commit every write shares: removals of an overwrite, the new files, the WRITE operation and its metrics. */
    static Result commitFiles(Transaction txn, List<DataFile> files, long rows, Options opts, String appId, long appVersion) {
        if (appId != null) {
            var done = txn.applicationVersion(appId);
            if (done.isPresent() && done.get() >= appVersion) {
                return null;
            }
            txn.setApplicationVersion(appId, appVersion);
        }
        int removed = 0;
        if (opts.overwrite()) {
            List<DataFile> old = opts.replaceWhere() == null ? txn.readWholeTable() : txn.readFiles(opts.replaceWhere());
            for (DataFile f : old) {
                txn.remove(f, true);
                removed++;
            }
        }
        txn.addAll(files).enforcesConstraints(true);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("mode", opts.overwrite() ? "Overwrite" : "Append");
        params.put("partitionBy", Operation.json(txn.partitionSpec().identityColumns()));
        if (opts.replaceWhereText() != null) {
            params.put("predicate", Operation.json(List.of(opts.replaceWhereText())));
        }
        long bytes = files.stream().mapToLong(DataFile::size).sum();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("numFiles", files.size());
        metrics.put("numOutputRows", rows);
        metrics.put("numOutputBytes", bytes);
        if (opts.overwrite()) {
            metrics.put("numRemovedFiles", removed);
        }
        CommitResult r = txn.commit(new Operation("WRITE", params, Map.of()).withMetrics(metrics));
        return new Result(r, rows, files.size(), bytes, removed);
    }

    /**
     * CREATE TABLE … AS SELECT in one commit (the first version holds the table's definition and the data), as Spark
     * does. The schema comes from the query unless declared; columns are nullable.
     */
    public static Result createAs(DataPlane engine, Table table, String query, PartitionSpec partitionSpec,
                                  Map<String, String> properties, StructType declared) {
        Connection c = engine.connection();
        String staged = Sql.tempName("ctas");
        Sql.exec(c, "CREATE TEMP TABLE " + staged + " AS " + query);
        try {
            StructType schema = declared;
            if (schema == null) {
                List<StructField> fields = new ArrayList<>();
                for (String[] col : Sql.describe(c, "SELECT * FROM " + staged)) {
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
            SchemaAlignment.Aligned a = SchemaAlignment.align(c, table.name(), staged, schema, null, false);
            TableDefinition def = new TableDefinition(a.schema(), partitionSpec, properties, null);
            Transaction txn = table.newCreateTransaction(def);
            Constraints.validate(c, table.name(), a.sql(), txn.schema(), txn.checkConstraints());
            long rows = Sql.count(c, "SELECT count(*) FROM " + staged);
            List<DataFile> files = engine.write(table, txn.schema(), txn.partitionSpec(), table.writeOptions(txn.properties()),
                    a.sql(), true);
            txn.addAll(files).enforcesConstraints(true);
            long bytes = files.stream().mapToLong(DataFile::size).sum();
            CommitResult r = txn.commit(Operation.create(def, true).withMetrics(Map.of(
                    "numFiles", files.size(), "numOutputRows", rows, "numOutputBytes", bytes)));
            return new Result(r, rows, files.size(), bytes, 0);
        } finally {
            Sql.exec(c, "DROP TABLE IF EXISTS " + staged);
        }
    }
}
