package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Table;
import io.floe.operations.Write;
import io.floe.sql.Pruning;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement.Insert;
import io.floe.table.DataFile;

import java.util.List;
import java.util.function.Predicate;

/** INSERT INTO | OVERWRITE t [(cols)] [REPLACE WHERE partition-condition] VALUES … | query. */
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
        Write.Result r = Write.run(ctx.engine(), t, ctx.planner().relation(ins.source(), planned),
                new Write.Options(columns, ins.overwrite(), ctx.autoMerge(), replace, replaceText, replaceCondition)
                        .withDynamicPartitionOverwrite(dynamicOverwrite(t)));
        return new QueryResult(List.of("num_affected_rows", "num_inserted_rows"), List.of("BIGINT", "BIGINT"),
                List.of(List.of(r.numOutputRows(), r.numOutputRows())),
                (ins.overwrite() ? "overwrote " : "inserted ") + r.numOutputRows() + " rows into " + display
                        + " (version " + r.commit().version() + ")");
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
