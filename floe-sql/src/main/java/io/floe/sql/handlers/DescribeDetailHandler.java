package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.DataFile;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * DESCRIBE DETAIL t: one row about the current version, with delta-spark's columns in its order (format, id, name,
 * description, location, createdAt, lastModified, partitionColumns, clusteringColumns, numFiles, sizeInBytes, properties),
 * then what the format adds ({@link Snapshot#formatDetails()}: Delta's minReaderVersion, minWriterVersion and
 * tableFeatures, as delta-spark ends its row), then Floe's own {@code version} (the snapshot described).
 */
public final class DescribeDetailHandler implements StatementHandler<SqlStatement.DescribeDetail> {
    private final SessionContext ctx;

    public DescribeDetailHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.DescribeDetail d) {
        Table t = ctx.table(d.table());
        Snapshot s = t.snapshot();
        long size = s.files().stream().mapToLong(DataFile::size).sum();
        List<Object> row = new ArrayList<>();
        row.add(t.format());
        row.add(s.tableId());
        row.add(SessionContext.display(d.table()));
        row.add(s.description());
        row.add(t.location());
        row.add(s.createdTime() == null ? null : Instant.ofEpochMilli(s.createdTime()).atOffset(ZoneOffset.UTC));
        row.add(Instant.ofEpochMilli(s.timestamp()).atOffset(ZoneOffset.UTC));
        row.add(s.partitionColumns());
        // the logical names, empty for a table that is not clustered
        row.add(t.capability(io.floe.table.Clustering.class).map(c -> c.clusteringColumns(s)).orElse(List.of()));
        row.add(s.fileCount());
        row.add(size);
        row.add(s.properties());
        List<String> names = new ArrayList<>(List.of("format", "id", "name", "description", "location", "createdAt",
                "lastModified", "partitionColumns", "clusteringColumns", "numFiles", "sizeInBytes", "properties"));
        List<String> types = new ArrayList<>(List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR",
                "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE", "VARCHAR[]", "VARCHAR[]", "BIGINT", "BIGINT",
                "MAP(VARCHAR, VARCHAR)"));
        s.formatDetails().forEach((k, v) -> {
            names.add(k);
            types.add(v instanceof Integer ? "INTEGER" : v instanceof Long ? "BIGINT" : v instanceof List ? "VARCHAR[]" : "VARCHAR");
            row.add(v);
        });
        names.add("version");
        types.add("BIGINT");
        row.add(s.version());
        return new QueryResult(names, types, List.of(row), null);
    }
}
