package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.Snapshot;
import io.floe.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** DESCRIBE [TABLE] [EXTENDED] t: the columns, then the partition or clustering columns, as Spark lists them. */
public final class DescribeTableHandler implements StatementHandler<SqlStatement.DescribeTable> {
    private final SessionContext ctx;

    public DescribeTableHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.DescribeTable d) {
        var files = io.floe.sql.FileSourceTables.describe(ctx, d.table()); // a data source table (USING parquet|csv|json)
        if (files.isPresent()) {
            return files.get();
        }
        io.floe.table.Table table = ctx.table(d.table());
        Snapshot s = table.snapshot();
        List<List<Object>> rows = new ArrayList<>();
        for (StructField f : s.schema().fields()) {
            rows.add(Arrays.asList(f.name(), f.type().sqlString() + (f.nullable() ? "" : " not null"),
                    (Object) f.metadata().getOrDefault("comment", null)));
        }
        if (!s.partitionColumns().isEmpty()) {
            rows.add(Arrays.asList("", "", null));
            rows.add(Arrays.asList("# Partition Information", "", null));
            rows.add(Arrays.asList("# col_name", "data_type", "comment"));
            for (String p : s.partitionColumns()) {
                StructField f = s.schema().field(p).orElseThrow();
                rows.add(Arrays.asList(f.name(), f.type().sqlString(), null));
            }
        }
        List<String> clustering = table.capability(io.floe.table.Clustering.class).map(c -> c.clusteringColumns(s)).orElse(List.of());
        if (!clustering.isEmpty()) {
            // as Spark lists them: the clustering columns with their types
            rows.add(Arrays.asList("# Clustering Information", "", null));
            rows.add(Arrays.asList("# col_name", "data_type", "comment"));
            for (String c : clustering) {
                io.floe.types.DataType type = typeOf(s.schema(), c);
                rows.add(Arrays.asList(c, type == null ? "" : type.sqlString(), null));
            }
        }
        return Results.text(List.of("col_name", "data_type", "comment"), rows);
    }

    /** The type of a column path (dotted for nested fields), or null when the schema has no such column. */
    private static io.floe.types.DataType typeOf(io.floe.types.StructType schema, String path) {
        io.floe.types.DataType t = schema;
        for (String part : path.split("\\.")) {
            if (!(t instanceof io.floe.types.StructType st)) {
                return null;
            }
            StructField f = st.fields().stream().filter(x -> x.name().equalsIgnoreCase(part)).findFirst().orElse(null);
            if (f == null) {
                return null;
            }
            t = f.type();
        }
        return t;
    }
}
