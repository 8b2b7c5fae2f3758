package io.floe.sql.handlers;

import io.floe.table.PartitionSpec;
import io.floe.table.TableDefinition;
import io.floe.QueryResult;
import io.floe.catalog.Warehouse;
import io.floe.table.Table;
import io.floe.operations.Write;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.PartitionField;
import io.floe.sql.parser.SqlStatement.CreateTable;
import io.floe.sql.parser.TableName;
import io.floe.table.FloeException;
import io.floe.table.TableAlreadyExistsException;
import io.floe.types.StructType;

import java.util.List;

/**
 * CREATE TABLE in its three forms: with columns, AS a query (one commit holding the data), and over the LOCATION of
 * an existing table (registers it, untouched). The table is a catalog name, or a path ({@code delta.`/data/t`}),
 * which is created where it points and not registered.
 */
public final class CreateTableHandler implements StatementHandler<CreateTable> {
    private final SessionContext ctx;

    public CreateTableHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(CreateTable c) {
        checkClustering(c);
        if (c.fileSource()) {
            return io.floe.sql.FileSourceTables.create(ctx, c); // Spark's data source table: plain files, no log
        }
        TableName n = c.table();
        checkComputedColumns(c);
        if (c.replaces()) {
            QueryResult replaced = replace(c);
            if (replaced != null) {
                return replaced;
            }
        }
        Warehouse warehouse = ctx.warehouse();
        String display = SessionContext.display(n);
        String location = n.isPath() ? n.path() : c.location();
        boolean register = !n.isPath();
        PartitionSpec partitionBy = partitionSpec(c.partitionBy());
        if (register && warehouse.tableExists(n.name())) {
            if (c.ifNotExists()) {
                return QueryResult.message("table " + n.name() + " already exists");
            }
            throw new TableAlreadyExistsException(SessionContext.position(n.span()) + ": table " + n.name() + " already exists");
        }
        if (c.asQuery() != null) {
            String planned = ctx.planner().plan(c.asQuery()); // once: each planning refreshes the tables it reads
            checkColumnNames(c, planned);
            Table t = register ? warehouse.prepareTable(n.name(), c.format(), location) : warehouse.tableAt(location, c.format());
            if (!register && t.exists()) {
                throw new TableAlreadyExistsException("a " + t.format() + " table already exists at " + location);
            }
            if (!register) {
                warehouse.checkNewTableLocation(null, location); // a path table's root overlaps nothing either
            }
            Write.Result r = Write.createAs(ctx.engine(), t, ctx.planner().relation(c.asQuery(), planned), partitionBy, properties(c),
                    c.schema());
            if (register) {
                warehouse.registerTable(n.name(), t.format(), location);
            }
            return QueryResult.message("created table " + display + " with " + r.numOutputRows() + " rows (version "
                    + r.commit().version() + ")");
        }
        if (!register) {
            Table t = warehouse.tableAt(location, c.format());
            if (t.exists()) {
                if (c.ifNotExists()) {
                    return QueryResult.message("table at " + location + " already exists");
                }
                throw new TableAlreadyExistsException("a " + t.format() + " table already exists at " + location);
            }
            StructType schema = c.schema();
            if (schema == null) {
                throw new FloeException(SessionContext.position(n.span()) + ": no table at " + location
                        + " to register: declare its columns to create one");
            }
            warehouse.checkNewTableLocation(null, location);
            t.create(new TableDefinition(schema, partitionBy, properties(c), c.comment()));
            return QueryResult.message("created table " + display);
        }
        TableDefinition definition = c.schema() == null ? null
                : new TableDefinition(c.schema(), partitionBy, properties(c), c.comment());
        Table t = warehouse.createTable(n.name(), definition, c.format(), location, c.ifNotExists());
        return QueryResult.message((c.registersExisting() ? "registered table " : "created table ") + n.name() + " at " + t.location());
    }

    /**
     * CREATE OR REPLACE TABLE / REPLACE TABLE of an existing table: one new commit with the new definition (and the
     * query's rows), every earlier file removed; the history stays, so time travel to earlier versions still works.
     * Returns null when CREATE OR REPLACE finds no table (it is then created as by CREATE TABLE).
     */
    private QueryResult replace(CreateTable c) {
        TableName n = c.table();
        String display = SessionContext.display(n);
        Warehouse warehouse = ctx.warehouse();
        Table t;
        if (n.isPath()) {
            t = warehouse.tableAt(n.path(), c.format());
        } else {
            t = warehouse.tableExists(n.name()) ? warehouse.table(n.name()) : null;
        }
        if (t == null || !t.exists()) {
            if (c.replaceOnly()) {
                throw new io.floe.table.TableNotFoundException(SessionContext.position(n.span()) + ": Table " + display
                        + " cannot be replaced as it does not exist. Use CREATE OR REPLACE TABLE to create the table.");
            }
            return null;
        }
        if (!c.clusterBy().isEmpty()) {
            AlterTableHandler.clusteringOf(t, n.span()); // the existing table's format must take CLUSTER BY
        }
        String verb = (c.orReplace() ? "CREATE OR " : "") + "REPLACE TABLE";
        if (c.format() != null && !c.format().equalsIgnoreCase(t.format())) {
            throw new FloeException(SessionContext.position(n.span()) + ": " + verb + " " + display + " USING " + c.format()
                    + ": the table is a " + t.format() + " table; a replace keeps its format (DROP TABLE it first)");
        }
        if (!n.isPath() && c.location() != null && !sameLocation(c.location(), t.location())) {
            throw new FloeException(SessionContext.position(n.span()) + ": " + verb + " " + display + " cannot specify a LOCATION"
                    + " other than the table's (" + t.location() + ")");
        }
        io.floe.table.TableReplacement replacement = t.capability(io.floe.table.TableReplacement.class).orElseThrow(
                () -> new FloeException(SessionContext.position(n.span()) + ": " + verb + " is not supported for " + t.format()
                        + " tables yet (table " + display + "); use DROP TABLE then CREATE TABLE"));
        PartitionSpec partitionBy = partitionSpec(c.partitionBy());
        if (c.asQuery() != null) {
            String planned = ctx.planner().plan(c.asQuery());
            checkColumnNames(c, planned);
            Write.Result r = Write.replaceAs(ctx.engine(), t, ctx.planner().relation(c.asQuery(), planned), partitionBy,
                    properties(c), c.schema(), c.comment(), c.orReplace());
            return QueryResult.message("replaced table " + display + " with " + r.numOutputRows() + " rows (version "
                    + r.commit().version() + ")");
        }
        TableDefinition def = new TableDefinition(c.schema(), partitionBy, properties(c), c.comment());
        io.floe.table.Transaction txn = replacement.newReplaceTransaction(def);
        // every file is removed whole: change data readers derive the deleted rows from the removes
        txn.writesChangeData(true);
        io.floe.table.CommitResult r = txn.commit(io.floe.table.Operation.replace(def, c.orReplace(), false));
        return QueryResult.message("replaced table " + display + " (version " + r.version() + ")");
    }

    /**
     * CLUSTER BY: only formats with the {@link io.floe.table.Clustering} capability take it (Iceberg has sort orders
     * instead), and it needs the table's columns (declared or from the query). Its columns are checked by the format.
     */
    private void checkClustering(CreateTable c) {
        if (c.properties().keySet().stream().anyMatch(k -> k.equalsIgnoreCase(io.floe.table.Clustering.DEFINITION_PROPERTY))) {
            throw new FloeException(SessionContext.position(c.table().span()) + ": table property "
                    + io.floe.table.Clustering.DEFINITION_PROPERTY + " is reserved; use CLUSTER BY (…)");
        }
        if (c.clusterBy().isEmpty()) {
            return;
        }
        String format = c.format() != null ? c.format() : c.table().isPath() ? c.table().pathFormat() : "delta";
        if (!format.equalsIgnoreCase("delta")) {
            throw new FloeException(SessionContext.position(c.table().span()) + ": CLUSTER BY is not supported on "
                    + AlterTableHandler.formatName(format) + " tables (table " + SessionContext.display(c.table()) + ")"
                    + (format.equalsIgnoreCase("iceberg") ? "; use a sort order, or OPTIMIZE … ZORDER BY (…) /"
                    + " CALL system.rewrite_data_files(… strategy => 'sort', sort_order => 'zorder(…)')" : ""));
        }
        if (c.registersExisting()) {
            throw new FloeException(SessionContext.position(c.table().span()) + ": CLUSTER BY needs the table's columns or AS"
                    + " SELECT; to cluster an existing table use ALTER TABLE … CLUSTER BY (…)");
        }
    }

    /** The statement's table properties, plus the clustering columns CLUSTER BY asks for (taken out by the format). */
    private static java.util.Map<String, String> properties(CreateTable c) {
        if (c.clusterBy().isEmpty()) {
            return c.properties();
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>(c.properties());
        out.put(io.floe.table.Clustering.DEFINITION_PROPERTY, io.floe.table.Clustering.encodeColumns(
                c.clusterBy().stream().map(p -> String.join(".", p)).toList()));
        return out;
    }

    private static boolean sameLocation(String a, String b) {
        return a.replaceAll("/+$", "").replaceFirst("^file:(//)?", "").equals(b.replaceAll("/+$", "").replaceFirst("^file:(//)?", ""));
    }

    /**
     * Generated and identity columns: only formats that store them take them (Iceberg has neither), and a generation
     * expression must be one Floe can compute over the table's columns (checked by evaluating it over no rows).
     */
    private void checkComputedColumns(CreateTable c) {
        StructType schema = c.schema();
        if (schema == null || !io.floe.table.GeneratedColumns.anyComputed(schema)) {
            return;
        }
        String format = c.format() != null ? c.format() : c.table().isPath() ? c.table().pathFormat() : "delta";
        if (format.equalsIgnoreCase("iceberg")) {
            String col = schema.fields().stream().filter(io.floe.table.GeneratedColumns::computed).findFirst().orElseThrow().name();
            throw new FloeException(SessionContext.position(c.table().span()) + ": Iceberg tables have no generated or identity"
                    + " columns (column " + col + "); create the table USING DELTA");
        }
        try {
            io.floe.operations.Constraints.checkGenerationExpressions(ctx.engine(), SessionContext.display(c.table()), schema);
        } catch (FloeException e) {
            throw new FloeException(SessionContext.position(c.table().span()) + ": " + e.getMessage());
        }
    }

    /**
     * A CREATE TABLE … AS query must name its columns once each, as Spark requires: duplicates are refused (DuckDB would
     * quietly rename the second x to x_1), and so are expressions without AS (their text is no column name).
     */
    private void checkColumnNames(CreateTable c, String planned) {
        if (c.schema() != null) {
            return; // declared columns name the table
        }
        List<String> unnamed = io.floe.sql.spark.SparkSql.unnamedColumns(c.asQuery());
        if (!unnamed.isEmpty()) {
            throw new FloeException(SessionContext.position(c.table().span()) + ": CREATE TABLE " + SessionContext.display(c.table())
                    + " AS SELECT: the expression " + unnamed.get(0) + " has no column name; name it with AS (e.g. "
                    + unnamed.get(0) + " AS c1)");
        }
        QueryColumns.requireDistinct(ctx, c.asQuery(), planned, "CREATE TABLE " + SessionContext.display(c.table()) + " AS SELECT",
                c.table().span());
    }

    /** PARTITIONED BY as the table model's spec: columns (identity) and Iceberg's transforms. */
    static PartitionSpec partitionSpec(List<PartitionField> fields) {
        return new PartitionSpec(fields.stream().map(f -> {
            PartitionSpec.Transform t = switch (f.transform()) {
                case IDENTITY -> PartitionSpec.Transform.IDENTITY;
                case YEAR -> PartitionSpec.Transform.YEAR;
                case MONTH -> PartitionSpec.Transform.MONTH;
                case DAY -> PartitionSpec.Transform.DAY;
                case HOUR -> PartitionSpec.Transform.HOUR;
                case BUCKET -> PartitionSpec.Transform.BUCKET;
                case TRUNCATE -> PartitionSpec.Transform.TRUNCATE;
            };
            String name = t == PartitionSpec.Transform.IDENTITY ? f.column() : f.column() + "_" + switch (t) {
                case BUCKET -> "bucket";
                case TRUNCATE -> "trunc";
                default -> t.sqlName();
            };
            return new PartitionSpec.PartitionField(f.column(), name, t, f.parameter());
        }).toList());
    }
}
