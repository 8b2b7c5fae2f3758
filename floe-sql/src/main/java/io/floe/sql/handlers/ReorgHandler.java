package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.operations.Reorg;
import io.floe.sql.Pruning;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.DataFile;
import io.floe.table.Table;

import java.util.List;
import java.util.function.Predicate;

/** REORG TABLE t [WHERE partition-condition] APPLY (PURGE): rewrites the files that have deleted rows without them. */
public final class ReorgHandler implements StatementHandler<SqlStatement.Reorg> {
    private final SessionContext ctx;

    public ReorgHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.Reorg o) {
        Table t = ctx.table(o.table());
        String display = SessionContext.display(o.table());
        Predicate<DataFile> filter = null;
        String where = null;
        if (o.where() != null) {
            filter = Pruning.partitionFilter(t.snapshot(), o.where(), SessionContext.alias(o.table(), null), "REORG WHERE", display);
            where = o.where().render();
        }
        Reorg.Result r = Reorg.purge(ctx.engine(), t, filter, where);
        return new QueryResult(List.of("path", "numFilesAdded", "numFilesRemoved", "numBytesAdded", "numBytesRemoved",
                "numDeletedRowsPurged"),
                List.of("VARCHAR", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT"),
                List.of(List.of(t.location(), (long) r.numFilesAdded(), (long) r.numFilesRemoved(), r.numBytesAdded(),
                        r.numBytesRemoved(), r.numDeletedRowsPurged())),
                r.commit() == null ? "reorg " + display + ": no file has deleted rows"
                        : "purged " + r.numDeletedRowsPurged() + " deleted rows of " + display + ": " + r.numFilesRemoved()
                        + " files rewritten (version " + r.commit().version() + ")");
    }
}
