package io.floe.operations;

import io.floe.delta.DeltaJson;
import io.floe.delta.DeltaSnapshot;
import io.floe.delta.DeltaTable;
import io.floe.delta.DeltaTransaction;
import io.floe.delta.SchemaJson;
import io.floe.delta.TableFeatures;
import io.floe.delta.actions.Metadata;
import io.floe.table.CommitResult;
import io.floe.table.DataFile;
import io.floe.table.Operation;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * INSERT INTO / INSERT OVERWRITE / CREATE TABLE AS SELECT: enforces the schema and constraints on the
 * incoming rows, writes them as data files through the engine, and commits Delta's WRITE (or CREATE
 * TABLE AS SELECT) operation with its metrics.
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

    /** Writes the rows of {@code query} (any DuckDB query) into an existing table. */
    public static Result run(Engine engine, DeltaTable table, String query, Options opts) {
        Connection c = engine.connection();
        String staged = Sql.tempName("write");
        // Materialize once: the query may be expensive or non-deterministic, and it is both validated and written.
        Sql.exec(c, "CREATE TEMP TABLE " + staged + " AS " + query);
        try {
            DeltaTransaction txn = table.newTransaction();
            DeltaSnapshot s = txn.readSnapshot().orElseThrow();
            boolean mergeSchema = opts.mergeSchema() || "true".equalsIgnoreCase(s.properties().get("delta.mergeSchema"))
                    || "true".equalsIgnoreCase(s.properties().get("mergeSchema"));
            SchemaAlignment.Aligned a = SchemaAlignment.align(c, table.name(), staged, s.schema(), opts.targetColumns(), mergeSchema);
            Constraints.validate(c, table.name(), a.sql(), a.schema(), s.properties());
            long rows = Sql.count(c, "SELECT count(*) FROM " + staged);
            List<DataFile> files = engine.write(table, a.schema(), s.partitionColumns(), s.properties(), a.sql(), true);
            if (a.schemaChanged()) {
                txn.updateMetadata(s.metadata().withSchemaString(SchemaJson.toJson(a.schema())));
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
            params.put("partitionBy", DeltaJson.write(s.partitionColumns()));
            if (opts.replaceWhereText() != null) {
                params.put("predicate", DeltaJson.write(List.of(opts.replaceWhereText())));
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
        } finally {
            Sql.exec(c, "DROP TABLE IF EXISTS " + staged);
        }
    }

    /**
     * CREATE TABLE … AS SELECT in one commit (version 0 holds protocol, metadata and the data), as Spark does.
     * The schema comes from the query; columns are nullable.
     */
    public static Result createAs(Engine engine, DeltaTable table, String query, List<String> partitionColumns,
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
            for (String p : partitionColumns) {
                if (schema.field(p).isEmpty()) {
                    throw new SchemaAlignment.SchemaMismatchException("partition column " + p + " is not produced by the query "
                            + schema.fieldNames());
                }
            }
            SchemaAlignment.Aligned a = SchemaAlignment.align(c, table.name(), staged, schema, null, false);
            Constraints.validate(c, table.name(), a.sql(), schema, properties);
            long rows = Sql.count(c, "SELECT count(*) FROM " + staged);
            List<String> parts = partitionColumns.stream().map(p -> a.schema().field(p).get().name()).toList();
            List<DataFile> files = engine.write(table, a.schema(), parts, properties, a.sql(), true);
            Metadata m = new Metadata(UUID.randomUUID().toString(), null, null, Metadata.Format.PARQUET,
                    SchemaJson.toJson(a.schema()), parts, properties, System.currentTimeMillis());
            DeltaTransaction txn = table.log().startTransaction(null);
            txn.updateProtocol(TableFeatures.protocolFor(a.schema(), properties)).updateMetadata(m);
            txn.addAll(files).enforcesConstraints(true);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("isManaged", "false");
            params.put("description", "null");
            params.put("partitionBy", DeltaJson.write(parts));
            params.put("properties", DeltaJson.write(properties));
            long bytes = files.stream().mapToLong(DataFile::size).sum();
            CommitResult r = txn.commit(new Operation("CREATE TABLE AS SELECT", params, Map.of()).withMetrics(Map.of(
                    "numFiles", files.size(), "numOutputRows", rows, "numOutputBytes", bytes)));
            return new Result(r, rows, files.size(), bytes, 0);
        } finally {
            Sql.exec(c, "DROP TABLE IF EXISTS " + staged);
        }
    }
}
