package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.operations.Merge;
import io.floe.engine.Sql;
import io.floe.sql.Pruning;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.MergeClause;
import io.floe.sql.parser.ParsedExpr;
import io.floe.sql.parser.PredicateConverter;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.FloeException;
import io.floe.table.expr.And;
import io.floe.table.expr.Expression;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MERGE INTO target USING source ON … WHEN …: turns the ON condition into what it says of the target alone and its
 * join keys, and hands them with the clauses to the MERGE operation (which stages the source and prunes by both).
 */
public final class MergeHandler implements StatementHandler<SqlStatement.Merge> {
    private final SessionContext ctx;

    public MergeHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.Merge m) {
        io.floe.sql.FileSourceTables.refuse(ctx, m.target(), "MERGE"); // plain files: no log to change
        Table t = ctx.table(m.target());
        String targetAlias = SessionContext.alias(m.target(), m.targetAlias());
        String sourceAlias = m.sourceAlias() != null ? m.sourceAlias()
                : m.source().isSingleTable() ? SessionContext.alias(m.source().tables().get(0)) : "source";
        Snapshot s = t.snapshot();
        // only columns qualified by the target's alias are the target's: an unqualified name may be the source's
        Expression on = PredicateConverter.forTable(s.schema(), targetAlias).requireQualifier().convert(m.on());
        List<Merge.Clause> clauses = new ArrayList<>();
        for (MergeClause mc : m.clauses()) {
            clauses.add(clause(mc, s));
        }
        // the operation stages the source once and bounds the target files by the ON condition and the key ranges
        Merge.Result r = Merge.run(ctx.engine(), t, new Merge.Spec(ctx.planner().relation(m.source()), targetAlias, sourceAlias,
                ctx.planner().render(m.on()), clauses, on, MergeJoinKeys.of(m.on(), targetAlias, sourceAlias, s.schema()), null,
                ctx.autoMerge()));
        long affected = r.numTargetRowsInserted() + r.numTargetRowsUpdated() + r.numTargetRowsDeleted();
        return new QueryResult(List.of("num_affected_rows", "num_updated_rows", "num_deleted_rows", "num_inserted_rows"),
                List.of("BIGINT", "BIGINT", "BIGINT", "BIGINT"),
                List.of(List.of(affected, r.numTargetRowsUpdated(), r.numTargetRowsDeleted(), r.numTargetRowsInserted())),
                "merged into " + SessionContext.display(m.target()) + ": " + r.numTargetRowsUpdated() + " updated, "
                        + r.numTargetRowsInserted() + " inserted, " + r.numTargetRowsDeleted() + " deleted" + Results.version(r.commit()));
    }

    private Merge.Clause clause(MergeClause mc, Snapshot target) {
        Merge.When when = Merge.When.valueOf(mc.when().name());
        String condition = ctx.planner().render(mc.condition());
        MergeClause.Action a = mc.action();
        if (a instanceof MergeClause.Update u) {
            return new Merge.Clause(when, condition, Merge.Action.UPDATE, UpdateHandler.assignments(ctx, u.assignments()));
        }
        if (a instanceof MergeClause.UpdateAll) {
            return new Merge.Clause(when, condition, Merge.Action.UPDATE_ALL, Map.of());
        }
        if (a instanceof MergeClause.Delete) {
            return new Merge.Clause(when, condition, Merge.Action.DELETE, Map.of());
        }
        if (a instanceof MergeClause.InsertAll) {
            return new Merge.Clause(when, condition, Merge.Action.INSERT_ALL, Map.of());
        }
        MergeClause.Insert i = (MergeClause.Insert) a;
        // INSERT VALUES (…) without a column list fills the target's columns in order
        List<String> columns = i.columns().isEmpty() ? target.schema().fieldNames() : i.columns();
        if (columns.size() != i.values().size()) {
            throw new FloeException(SessionContext.position(mc.span()) + ": INSERT gives " + i.values().size() + " values for "
                    + columns.size() + " columns " + columns);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int k = 0; k < columns.size(); k++) {
            ParsedExpr v = i.values().get(k);
            values.put(columns.get(k), ctx.planner().render(v));
        }
        return new Merge.Clause(when, condition, Merge.Action.INSERT, values);
    }
}
