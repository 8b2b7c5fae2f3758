package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.FloeException;
import io.floe.table.SnapshotManagement;
import io.floe.table.Table;

import java.time.Duration;

/** ALTER TABLE t CREATE [OR REPLACE] TAG|BRANCH … and DROP TAG|BRANCH …: named snapshot references (Iceberg). */
public final class RefsHandler implements StatementHandler<SqlStatement> {
    private final SessionContext ctx;

    public RefsHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement s) {
        if (s instanceof SqlStatement.CreateRef c) {
            refs(c.table(), c.span()).createRef(c.name(), c.branch(), c.snapshotId(),
                    c.retainDays() == null ? null : Duration.ofDays(c.retainDays()), c.orReplace(), c.ifNotExists());
            return QueryResult.message("created " + (c.branch() ? "branch " : "tag ") + c.name() + " of " + SessionContext.display(c.table()));
        }
        SqlStatement.DropRef d = (SqlStatement.DropRef) s;
        refs(d.table(), d.span()).dropRef(d.name(), d.branch(), d.ifExists());
        return QueryResult.message("dropped " + (d.branch() ? "branch " : "tag ") + d.name() + " of " + SessionContext.display(d.table()));
    }

    private SnapshotManagement refs(io.floe.sql.parser.TableName name, io.floe.sql.parser.Span span) {
        Table t = ctx.table(name);
        return t.capability(SnapshotManagement.class).orElseThrow(() -> new FloeException(SessionContext.position(span)
                + ": tags and branches are for Iceberg tables; " + t.format() + " tables have versions (VERSION AS OF)"));
    }
}
