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

import io.floe.table.Clustering;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ALTER TABLE family: columns, properties, CHECK constraints, nullability and clustering, each one metadata commit. */
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
        if (a instanceof SqlStatement.ClusterBy cb) {
            return clusterBy(t, display, cb);
        }
        if (a instanceof SqlStatement.DropColumns dc) {
            refuseDroppingClusteringColumns(t, dc);
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

    /**
     * ALTER TABLE t CLUSTER BY (c, …) | NONE: one metadata commit naming the new clustering columns (Delta: the
     * delta.clustering domain, the clustering feature added when the table had none), named CLUSTER BY in the history
     * with the old and new columns, as Delta logs it. NONE on a table that is not clustered changes nothing.
     */
    private QueryResult clusterBy(Table t, String display, SqlStatement.ClusterBy cb) {
        Clustering clustering = clusteringOf(t, cb.span());
        List<String> columns = cb.columns().stream().map(p -> String.join(".", p)).toList();
        io.floe.table.Transaction txn = t.newTransaction();
        io.floe.table.Snapshot s = txn.readSnapshot().orElseThrow();
        if (columns.isEmpty() && !clustering.clustered(s)) {
            return QueryResult.message(display + " is not clustered; nothing to change");
        }
        if (!s.partitionColumns().isEmpty()) {
            throw new FloeException(SessionContext.position(cb.span()) + ": ALTER TABLE CLUSTER BY cannot be applied to a"
                    + " partitioned table (" + display + " is partitioned by " + s.partitionColumns() + ")");
        }
        List<String> old = clustering.clusteringColumns(s);
        try {
            clustering.setClusteringColumns(txn, columns);
        } catch (FloeException e) {
            throw new FloeException(SessionContext.position(cb.span()) + ": " + e.getMessage(), e);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("oldClusteringColumns", String.join(",", old));
        params.put("newClusteringColumns", String.join(",", columns));
        io.floe.table.CommitResult r = txn.commit(new io.floe.table.Operation("CLUSTER BY", params, Map.of()));
        return Results.committed(columns.isEmpty() ? "removed the clustering columns of " + display
                : "clustered " + display + " by " + String.join(", ", columns), r);
    }

    /** The table's clustering capability, or a clear refusal naming the format (Iceberg: sort orders, Z-order). */
    static Clustering clusteringOf(Table t, Span at) {
        return t.capability(Clustering.class).orElseThrow(() -> new FloeException(SessionContext.position(at) + ": CLUSTER BY is"
                + " not supported on " + formatName(t.format()) + " tables (table " + t.name() + "); "
                + (t.format().equalsIgnoreCase("iceberg") ? "use a sort order, or OPTIMIZE … ZORDER BY (…) /"
                + " CALL system.rewrite_data_files(… strategy => 'sort', sort_order => 'zorder(…)')"
                : "use OPTIMIZE … ZORDER BY (…)")));
    }

    static String formatName(String format) {
        return format.equalsIgnoreCase("iceberg") ? "Iceberg" : format.equalsIgnoreCase("delta") ? "Delta" : format;
    }

    /** As Delta: a clustering column cannot be dropped (ALTER TABLE CLUSTER BY without it first). */
    private static void refuseDroppingClusteringColumns(Table t, SqlStatement.DropColumns dc) {
        Clustering clustering = t.capability(Clustering.class).orElse(null);
        if (clustering == null) {
            return;
        }
        io.floe.table.Snapshot s = t.snapshot();
        List<String> clusteringColumns = clustering.clusteringColumns(s);
        List<String> dropped = dc.columns().stream().map(p -> String.join(".", p))
                .filter(c -> clusteringColumns.stream().anyMatch(k -> k.equalsIgnoreCase(c) || k.toLowerCase(java.util.Locale.ROOT)
                        .startsWith(c.toLowerCase(java.util.Locale.ROOT) + ".")))
                .toList();
        if (!dropped.isEmpty()) {
            throw new FloeException(SessionContext.position(dc.span()) + ": dropping clustering columns (" + String.join(", ", dropped)
                    + ") is not allowed; change the clustering first (ALTER TABLE … CLUSTER BY)");
        }
    }

    private static String topLevel(List<String> path, Span at, String what) {
        if (path.size() != 1) {
            throw new FloeException(SessionContext.position(at) + ": " + what + " of a nested field (" + String.join(".", path)
                    + ") is not supported; name a top-level column");
        }
        return path.get(0);
    }
}
