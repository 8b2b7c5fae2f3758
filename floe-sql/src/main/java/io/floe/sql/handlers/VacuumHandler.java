package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Table;
import io.floe.operations.Vacuum;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** VACUUM t [RETAIN n HOURS] [DRY RUN]; the session's retention-check setting applies. */
public final class VacuumHandler implements StatementHandler<SqlStatement.Vacuum> {
    private final SessionContext ctx;

    public VacuumHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.Vacuum v) {
        io.floe.sql.FileSourceTables.refuse(ctx, v.table(), "VACUUM"); // plain files: no log to change
        Table t = ctx.table(v.table());
        boolean check = !"false".equalsIgnoreCase(ctx.conf().getOrDefault(Vacuum.RETENTION_CHECK_CONF, "true"));
        Duration retention = v.retainHours() == null ? null : Duration.ofMillis((long) (v.retainHours() * 3_600_000));
        Vacuum.Result r = Vacuum.run(ctx.engine(), t, retention, v.dryRun(), check, System.currentTimeMillis());
        List<List<Object>> rows = new ArrayList<>();
        if (v.dryRun()) {
            for (String k : r.deletedKeys()) {
                rows.add(List.of(t.store().uri() + k));
            }
        } else {
            rows.add(List.of(t.location()));
        }
        return new QueryResult(List.of("path"), List.of("VARCHAR"), rows, (v.dryRun() ? "would delete " : "deleted ")
                + r.deletedKeys().size() + " files (" + r.deletedBytes() + " bytes) of " + SessionContext.display(v.table())
                + (r.abortedUploads().isEmpty() ? "" : "; " + (v.dryRun() ? "would abort " : "aborted ") + r.abortedUploads().size()
                + " incomplete upload(s) left by writers that died"));
    }
}
