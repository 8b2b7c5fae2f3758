package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.FloeException;
import io.floe.table.PartitionEvolution;
import io.floe.table.PartitionSpec;
import io.floe.table.Table;

import java.util.List;

/** ALTER TABLE t ADD | DROP | REPLACE PARTITION FIELD …: Iceberg partition evolution (old files keep their spec). */
public final class PartitionEvolutionHandler implements StatementHandler<SqlStatement> {
    private final SessionContext ctx;

    public PartitionEvolutionHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement s) {
        if (s instanceof SqlStatement.AddPartitionField a) {
            evolution(a.table(), a.span()).addField(field(a.field()), a.name());
            return QueryResult.message("added partition field " + field(a.field()).sql() + " to " + SessionContext.display(a.table()));
        }
        if (s instanceof SqlStatement.DropPartitionField d) {
            evolution(d.table(), d.span()).dropField(field(d.field()));
            return QueryResult.message("dropped partition field " + field(d.field()).sql() + " of " + SessionContext.display(d.table()));
        }
        SqlStatement.ReplacePartitionField r = (SqlStatement.ReplacePartitionField) s;
        evolution(r.table(), r.span()).replaceField(field(r.from()), field(r.to()), r.name());
        return QueryResult.message("replaced partition field " + field(r.from()).sql() + " with " + field(r.to()).sql()
                + " in " + SessionContext.display(r.table()));
    }

    private PartitionEvolution evolution(io.floe.sql.parser.TableName name, io.floe.sql.parser.Span span) {
        Table t = ctx.table(name);
        return t.capability(PartitionEvolution.class).orElseThrow(() -> new FloeException(SessionContext.position(span)
                + ": partition fields of " + t.format() + " tables cannot change; only Iceberg tables evolve their partitioning"));
    }

    private static PartitionSpec.PartitionField field(io.floe.sql.parser.PartitionField f) {
        return CreateTableHandler.partitionSpec(List.of(f)).fields().get(0);
    }
}
