package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.table.Table;
import io.floe.table.Transaction;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ALTER TABLE t ALTER COLUMN c FIRST | AFTER d: the schema with the column moved; no data file changes. */
public final class MoveColumnHandler implements StatementHandler<SqlStatement.MoveColumn> {
    private final SessionContext ctx;

    public MoveColumnHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.MoveColumn m) {
        Table t = ctx.table(m.table());
        Transaction txn = t.newTransaction();
        StructType schema = txn.schema();
        String at = SessionContext.position(m.span()) + ": ";
        StructField moved = schema.field(m.column()).orElseThrow(() -> new FloeException(at + "no column " + m.column()
                + " in " + schema.fieldNames()));
        List<StructField> rest = new ArrayList<>(schema.fields());
        rest.remove(moved);
        int pos = 0;
        if (m.after() != null) {
            StructField after = schema.field(m.after()).orElseThrow(() -> new FloeException(at + "no column " + m.after()
                    + " in " + schema.fieldNames()));
            if (after.equals(moved)) {
                throw new FloeException(at + "a column cannot move after itself");
            }
            pos = rest.indexOf(after) + 1;
        }
        rest.add(pos, moved);
        txn.updateSchema(new StructType(rest));
        var r = txn.commit(new Operation("CHANGE COLUMN", Map.of("column", io.floe.table.Operation.json(moved.name()),
                "position", io.floe.table.Operation.json(m.after() == null ? "FIRST" : "AFTER " + m.after())), Map.of()));
        return QueryResult.message("moved column " + moved.name() + (m.after() == null ? " first" : " after " + m.after()) + " in "
                + SessionContext.display(m.table()) + " (version " + r.version() + ")");
    }
}
