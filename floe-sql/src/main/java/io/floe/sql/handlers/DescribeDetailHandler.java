package io.floe.sql.handlers;

import io.floe.QueryResult;
import io.floe.delta.DeltaSnapshot;
import io.floe.delta.DeltaTable;
import io.floe.sql.SessionContext;
import io.floe.sql.StatementHandler;
import io.floe.sql.parser.SqlStatement;
import io.floe.table.DataFile;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * DESCRIBE DETAIL t: one row about the current version, with Delta's columns. Delta-specific (it reads the
 * Metadata and Protocol actions), kept in this one class so that a second format can bring its own.
 */
public final class DescribeDetailHandler implements StatementHandler<SqlStatement.DescribeDetail> {
    private final SessionContext ctx;

    public DescribeDetailHandler(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public QueryResult execute(SqlStatement.DescribeDetail d) {
        DeltaTable t = ctx.table(d.table());
        DeltaSnapshot s = t.snapshot();
        long size = s.files().stream().mapToLong(DataFile::size).sum();
        List<String> features = new ArrayList<>();
        if (s.protocol().readerFeatures() != null) {
            features.addAll(s.protocol().readerFeatures());
        }
        if (s.protocol().writerFeatures() != null) {
            s.protocol().writerFeatures().stream().filter(f -> !features.contains(f)).forEach(features::add);
        }
        List<Object> row = new ArrayList<>(List.of("delta", s.metadata().id(), SessionContext.display(d.table()), t.location()));
        row.add(s.metadata().createdTime() == null ? null : Instant.ofEpochMilli(s.metadata().createdTime()).atOffset(ZoneOffset.UTC));
        row.add(Instant.ofEpochMilli(s.timestamp()).atOffset(ZoneOffset.UTC));
        row.add(s.partitionColumns());
        row.add((long) s.files().size());
        row.add(size);
        row.add(s.properties());
        row.add(s.protocol().minReaderVersion());
        row.add(s.protocol().minWriterVersion());
        row.add(features);
        row.add(s.version());
        return new QueryResult(List.of("format", "id", "name", "location", "createdAt", "lastModified", "partitionColumns",
                "numFiles", "sizeInBytes", "properties", "minReaderVersion", "minWriterVersion", "tableFeatures", "version"),
                List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE",
                        "VARCHAR[]", "BIGINT", "BIGINT", "MAP(VARCHAR, VARCHAR)", "INTEGER", "INTEGER", "VARCHAR[]", "BIGINT"),
                List.of(row), null);
    }
}
