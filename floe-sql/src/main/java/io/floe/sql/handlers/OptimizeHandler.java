package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Table;
import io.floe.operations.Optimize;
import io.floe.sql.Pruning;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.DataFile;

import java.util.List;
import java.util.function.Predicate;

/**
 * OPTIMIZE t [FULL] [WHERE partition-condition] [ZORDER BY (c, …)]: bin-packing or Z-ordering of the selected partitions;
 * on a clustered table, incremental clustering by its clustering columns (FULL: every file).
 */
public final class OptimizeHandler implements StatementHandler<SqlStatement.Optimize> {
    private final SessionContext ctx;

    public OptimizeHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.Optimize o) {
        io.floe.sql.FileSourceTables.refuse(ctx, o.table(), "OPTIMIZE"); // plain files: no log to change
        Table t = ctx.table(o.table());
        String display = SessionContext.display(o.table());
        Predicate<DataFile> filter = null;
        String where = null;
        if (o.where() != null) {
            filter = Pruning.partitionFilter(t.snapshot(), o.where(), SessionContext.alias(o.table(), null), "OPTIMIZE WHERE", display);
            where = o.where().render();
        }
        List<String> zOrderBy = o.zOrderBy().stream().map(path -> String.join(".", path)).toList();
        Optimize.Result r;
        try {
            r = Optimize.run(ctx.engine(), t, filter, where, zOrderBy, o.full(), minCubeSize());
        } catch (io.floe.table.FloeException e) {
            if (e.getClass() != io.floe.table.FloeException.class) {
                throw e;
            }
            throw new io.floe.table.FloeException(SessionContext.position(o.span()) + ": " + e.getMessage(), e);
        }
        String clustered = r.clusterBy().isEmpty() ? "" : " (clustered by " + String.join(", ", r.clusterBy()) + ")";
        return new QueryResult(List.of("path", "numFilesAdded", "numFilesRemoved", "numBytesAdded", "numBytesRemoved", "zOrderBy",
                "clusterBy"),
                List.of("VARCHAR", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "VARCHAR", "VARCHAR"),
                List.of(List.of(t.location(), (long) r.numFilesAdded(), (long) r.numFilesRemoved(), r.numBytesAdded(),
                        r.numBytesRemoved(), String.join(",", r.zOrderBy()), String.join(",", r.clusterBy()))),
                r.commit() == null ? "optimize " + display + ": nothing to do" + clustered
                        : "optimized " + display + clustered + ": " + r.numFilesRemoved() + " files → " + r.numFilesAdded()
                        + " (version " + r.commit().version() + ")");
    }

    /** Delta's setting for the cube size past which a clustering run is no longer merged with new files. */
    static final String MIN_CUBE_SIZE_CONF = "spark.databricks.delta.optimize.clustering.mergeStrategy.minCubeSize.threshold";

    private long minCubeSize() {
        String v = ctx.conf().get(MIN_CUBE_SIZE_CONF);
        if (v == null) {
            return Optimize.DEFAULT_MIN_CUBE_SIZE;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new io.floe.table.FloeException(MIN_CUBE_SIZE_CONF + " must be a number of bytes, not '" + v + "'");
        }
    }
}
