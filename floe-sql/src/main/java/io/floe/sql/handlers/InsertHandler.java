package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Table;
import io.floe.operations.Write;
import io.floe.sql.Pruning;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.ParsedExpr;
import io.floe.sql.parser.SqlParser;
import io.floe.sql.parser.SqlStatement;
import io.floe.sql.parser.SqlStatement.Insert;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** INSERT INTO | OVERWRITE t [PARTITION (p = v, …)] [(cols)] [REPLACE WHERE partition-condition] VALUES … | query. */
public final class InsertHandler implements StatementHandler<Insert> {
    private final SessionContext ctx;

    public InsertHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(Insert ins) {
        var files = io.floe.sql.FileSourceTables.lookup(ctx.warehouse(), ins.table());
        if (files.isPresent()) {
            return io.floe.sql.FileSourceTables.insert(ctx, files.get(), ins); // new files in the table's format, no log
        }
        Table t = ctx.table(ins.table());
        String display = SessionContext.display(ins.table());
        Predicate<DataFile> replace = null;
        String replaceText = null;
        String replaceCondition = null;
        if (ins.replaceWhere() != null) {
            // the files of the partitions the condition selects are replaced whole
            replace = Pruning.partitionFilter(t.snapshot(), ins.replaceWhere(), SessionContext.alias(ins.table(), null),
                    "REPLACE WHERE", display);
            replaceText = ins.replaceWhere().render();
            // every written row must satisfy the condition (checked by the write before any file is written)
            replaceCondition = ctx.planner().render(ins.replaceWhere());
        }
        List<String> columns = ins.columns().isEmpty() ? null : ins.columns();
        String planned = ctx.planner().plan(ins.source()); // once: each planning refreshes the tables it reads
        String relation = ctx.planner().relation(ins.source(), planned);
        List<SqlStatement.PartitionValue> statics = ins.staticPartition();
        if (!ins.partition().isEmpty()) {
            StaticPartition sp = staticPartition(t, ins, columns, display);
            if (!statics.isEmpty()) {
                List<String> fromRows = sp.columns().subList(0, sp.columns().size() - statics.size());
                int width = io.floe.engine.Sql.describe(ctx.engine().connection(), "SELECT * FROM " + relation).size();
                if (width != fromRows.size() && !ctx.autoMerge()) {
                    throw new FloeException(SessionContext.position(ins.table().span()) + ": INSERT INTO " + display
                            + " PARTITION (…): the rows have " + width + " columns but " + fromRows.size() + " are expected "
                            + fromRows + " (the columns given a value in PARTITION (…) are not part of the rows)");
                }
                columns = sp.columns();
                relation = sp.relation(relation);
                if (ins.overwrite()) {
                    // INSERT OVERWRITE … PARTITION (p = v): replaces that partition only, as REPLACE WHERE p = v would
                    replace = Pruning.partitionFilter(t.snapshot(), sp.condition(), SessionContext.alias(ins.table(), null),
                            "INSERT OVERWRITE … PARTITION", display);
                    replaceText = sp.condition().sql();
                    replaceCondition = ctx.planner().render(sp.condition());
                }
            }
        }
        if (ctx.autoMerge()) {
            // schema evolution may add the source's extra columns by name: each must be named, and once
            int width = t.snapshot().schema().fields().size();
            var unnamed = io.floe.sql.spark.SparkSql.unnamedColumnsByPosition(ins.source()).tailMap(columns == null ? width : columns.size());
            if (!unnamed.isEmpty()) {
                throw new io.floe.table.FloeException(SessionContext.position(ins.table().span()) + ": INSERT INTO " + display
                        + " with schema evolution would add the expression " + unnamed.get(unnamed.firstKey()) + " as a column,"
                        + " but it has no name; name it with AS");
            }
            QueryColumns.requireDistinct(ctx, ins.source(), planned, "INSERT INTO " + display + " with schema evolution", ins.table().span());
        }
        Write.Result r = Write.run(ctx.engine(), t, relation,
                new Write.Options(columns, ins.overwrite(), ctx.autoMerge(), replace, replaceText, replaceCondition)
                        .withDynamicPartitionOverwrite(dynamicOverwrite(t)));
        return new QueryResult(List.of("num_affected_rows", "num_inserted_rows"), List.of("BIGINT", "BIGINT"),
                List.of(List.of(r.numOutputRows(), r.numOutputRows())),
                (ins.overwrite() ? "overwrote " : "inserted ") + r.numOutputRows() + " rows into " + display
                        + " (version " + r.commit().version() + ")");
    }

    /**
     * A PARTITION clause's static values: the rows supply the other columns (the listed ones, else the table's columns
     * but these, in order) and each static column takes its value, cast to the column's type.
     */
    private record StaticPartition(List<String> columns, List<String> values, ParsedExpr condition) {
        String relation(String rows) {
            StringBuilder sb = new StringBuilder("(SELECT *");
            for (int i = 0; i < values.size(); i++) {
                sb.append(", ").append(values.get(i)).append(" AS __floe_partition_").append(i);
            }
            return sb.append(" FROM ").append(rows).append(")").toString();
        }
    }

    private StaticPartition staticPartition(Table t, Insert ins, List<String> listed, String display) {
        var snapshot = t.snapshot();
        StructType schema = snapshot.schema();
        List<String> partitionColumns = snapshot.partitionColumns();
        List<String> statics = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> condition = new ArrayList<>();
        for (SqlStatement.PartitionValue p : ins.partition()) {
            String col = partitionColumns.stream().filter(c -> c.equalsIgnoreCase(p.column())).findFirst().orElseThrow(() ->
                    new FloeException(SessionContext.position(ins.table().span()) + ": INSERT INTO " + display + " PARTITION ("
                            + p.column() + "): " + p.column() + " is not a partition column of " + display + " (its partition columns: "
                            + partitionColumns + ")"));
            if (p.value() == null) {
                continue; // a dynamic column: the rows give it, as they would without the clause
            }
            StructField f = schema.field(col).orElseThrow();
            if (listed != null && listed.stream().anyMatch(c -> c.equalsIgnoreCase(col))) {
                throw new FloeException(SessionContext.position(ins.table().span()) + ": INSERT INTO " + display + ": column " + col
                        + " has a static value in PARTITION (…) and may not be listed as well");
            }
            statics.add(f.name());
            values.add("CAST((" + ctx.planner().render(p.value()) + ") AS " + io.floe.engine.TypeMapping.duckdbType(f.type()) + ")");
            condition.add("`" + f.name().replace("`", "``") + "` = " + p.value().sql());
        }
        List<String> columns = new ArrayList<>();
        if (listed != null) {
            columns.addAll(listed);
        } else {
            for (StructField f : schema.fields()) {
                if (!io.floe.table.GeneratedColumns.computed(f) && statics.stream().noneMatch(c -> c.equalsIgnoreCase(f.name()))) {
                    columns.add(f.name());
                }
            }
        }
        columns.addAll(statics);
        ParsedExpr cond = statics.isEmpty() ? null : SqlParser.parseExpression(String.join(" AND ", condition));
        return new StaticPartition(columns, values, cond);
    }

    /**
     * Whether INSERT OVERWRITE replaces only the partitions it writes: spark.sql.sources.partitionOverwriteMode = dynamic.
     * Spark's default is static (the whole table) for Delta and Iceberg tables alike, and so is Floe's.
     */
    private boolean dynamicOverwrite(Table t) {
        String mode = ctx.conf().get("spark.sql.sources.partitionOverwriteMode");
        return mode != null && mode.trim().equalsIgnoreCase("dynamic");
    }
}
