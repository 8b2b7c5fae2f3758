package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement.DropTable;
import io.floe.table.FloeException;
import io.floe.table.TableNotFoundException;

/** DROP TABLE [IF EXISTS] t: removes a catalog entry (and the data of a managed table). */
public final class DropTableHandler implements StatementHandler<DropTable> {
    private final SessionContext ctx;

    public DropTableHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(DropTable d) {
        if (d.table().isPath()) {
            throw new FloeException(SessionContext.position(d.table().span()) + ": DROP TABLE takes a table name; a table addressed"
                    + " by path is not in the catalog (delete its directory to remove it)");
        }
        var files = io.floe.sql.FileSourceTables.lookup(ctx.warehouse(), d.table());
        if (files.isPresent()) {
            // a data source table: no format to ask; a managed one's directory goes with it, an external one's stays
            io.floe.sql.FileSourceTables.drop(ctx.warehouse(), files.get());
            return QueryResult.message("dropped table " + d.table().name());
        }
        try {
            ctx.warehouse().dropTable(d.table().name(), d.ifExists());
        } catch (TableNotFoundException e) {
            throw new TableNotFoundException(SessionContext.position(d.table().span()) + ": " + e.getMessage());
        }
        return QueryResult.message("dropped table " + d.table().name());
    }
}
