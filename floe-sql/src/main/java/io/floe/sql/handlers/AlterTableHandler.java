package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Table;
import io.floe.operations.AlterTable;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.ColumnDef;
import io.floe.sql.parser.Span;
import io.floe.sql.parser.SqlStatement;
import io.floe.sql.parser.SqlStatement.AddColumns;
import io.floe.sql.parser.SqlStatement.AddConstraint;
import io.floe.sql.parser.SqlStatement.AlterColumnNullability;
import io.floe.sql.parser.SqlStatement.DropConstraint;
import io.floe.sql.parser.SqlStatement.RenameColumn;
import io.floe.sql.parser.SqlStatement.SetTableProperties;
import io.floe.sql.parser.SqlStatement.UnsetTableProperties;
import io.floe.table.FloeException;

import java.util.List;

/** The ALTER TABLE family: columns, properties, CHECK constraints and nullability, each one metadata commit. */
public final class AlterTableHandler implements StatementHandler<SqlStatement.AlterTable> {
    private final SessionContext ctx;

    public AlterTableHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.AlterTable a) {
        Table t = ctx.table(a.table());
        String display = SessionContext.display(a.table());
        if (a instanceof AddColumns ac) {
            return Results.committed("added columns to " + display,
                    AlterTable.addColumns(t, ac.columns().stream().map(ColumnDef::toField).toList()));
        }
        if (a instanceof RenameColumn r) {
            String from = topLevel(r.column(), r.span(), "RENAME COLUMN");
            return Results.committed("renamed column " + from + " to " + r.newName(), AlterTable.renameColumn(t, from, r.newName()));
        }
        if (a instanceof SetTableProperties sp) {
            return Results.committed("set properties of " + display, AlterTable.setProperties(t, sp.properties()));
        }
        if (a instanceof UnsetTableProperties up) {
            return Results.committed("unset properties of " + display, AlterTable.unsetProperties(t, up.keys(), up.ifExists()));
        }
        if (a instanceof AddConstraint ac) {
            if (!ac.check().tables().isEmpty()) {
                throw new FloeException(SessionContext.position(ac.check().span()) + ": a CHECK constraint cannot read other tables");
            }
            return Results.committed("added constraint " + ac.name(),
                    AlterTable.addConstraint(ctx.engine(), t, ac.name(), ac.check().sql()));
        }
        if (a instanceof DropConstraint dc) {
            return Results.committed("dropped constraint " + dc.name(), AlterTable.dropConstraint(t, dc.name(), dc.ifExists()));
        }
        if (a instanceof SqlStatement.DropColumns dc) {
            var r = AlterTable.dropColumns(t, dc.columns(), dc.ifExists());
            List<String> names = dc.columns().stream().map(c -> String.join(".", c)).toList();
            return r == null ? QueryResult.message("no such column in " + display + "; nothing dropped")
                    : Results.committed("dropped column(s) " + String.join(", ", names) + " of " + display, r);
        }
        if (a instanceof SqlStatement.AlterColumnType ct) {
            String column = topLevel(ct.column(), ct.span(), "ALTER COLUMN … TYPE");
            return Results.committed("changed column " + column + " to " + ct.type().sqlString(),
                    AlterTable.changeColumnType(t, column, ct.type()));
        }
        AlterColumnNullability nn = (AlterColumnNullability) a;
        String column = topLevel(nn.column(), nn.span(), "ALTER COLUMN");
        return Results.committed((nn.notNull() ? "set" : "dropped") + " NOT NULL on " + column,
                AlterTable.setNullable(ctx.engine(), t, column, !nn.notNull()));
    }

    private static String topLevel(List<String> path, Span at, String what) {
        if (path.size() != 1) {
            throw new FloeException(SessionContext.position(at) + ": " + what + " of a nested field (" + String.join(".", path)
                    + ") is not supported; name a top-level column");
        }
        return path.get(0);
    }
}
