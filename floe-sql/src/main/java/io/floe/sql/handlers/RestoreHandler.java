package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Table;
import io.floe.operations.Restore;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.TableResolver;
import io.floe.sql.parser.SqlStatement;
import io.floe.sql.parser.TimeTravel;

import java.util.List;

/** RESTORE [TABLE] t [TO] VERSION AS OF n | TIMESTAMP AS OF '…'. */
public final class RestoreHandler implements StatementHandler<SqlStatement.Restore> {
    private final SessionContext ctx;

    public RestoreHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.Restore r) {
        Table t = ctx.table(r.table());
        Restore.Result res = r.target() instanceof TimeTravel.AsOfVersion v ? Restore.toVersion(t, v.version())
                : r.target() instanceof TimeTravel.AsOfRef ref ? Restore.toVersion(t, TableResolver.snapshot(t, ref).version())
                : Restore.toTimestamp(t, TableResolver.parseTimestamp(((TimeTravel.AsOfTimestamp) r.target()).timestamp()));
        return new QueryResult(List.of("table_size_after_restore", "num_of_files_after_restore", "num_removed_files",
                "num_restored_files", "removed_files_size", "restored_files_size"),
                List.of("BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT"),
                List.of(List.of(res.tableSizeAfterRestore(), (long) res.numOfFilesAfterRestore(), (long) res.numRemovedFiles(),
                        (long) res.numRestoredFiles(), res.removedFilesSize(), res.restoredFilesSize())),
                "restored " + SessionContext.display(r.table()) + " to version " + res.restoredVersion() + " (version "
                        + res.commit().version() + ")");
    }
}
