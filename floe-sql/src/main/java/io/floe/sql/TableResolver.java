package io.floe.sql;

import io.floe.catalog.Warehouse;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.sql.parser.TableName;
import io.floe.sql.parser.TimeTravel;
import io.floe.table.TableNotFoundException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Resolves the table names a statement uses: a catalog name ({@code trips}, {@code default.trips}) or a
 * path as Spark writes it ({@code delta.`/data/t`}, {@code delta.`s3://b/t`}), and time-travel clauses.
 */
public final class TableResolver {
    private final Warehouse warehouse;

    public TableResolver(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /**
     * The table a name denotes: a path ({@code delta.`/data/t`}, {@code delta.`s3://b/t`}) or a catalog name, optionally
     * qualified by Floe's one namespace ({@code default.t}; of {@code catalog.db.t} the last two parts count).
     *
     * @throws TableNotFoundException if there is no such table
     */
    public Table resolve(TableName name) {
        if (name.isPath() && FileSourceTables.FORMATS.contains(name.pathFormat())) {
            // parquet.`/p`, csv.`/p`: plain files a query reads (QueryPlanner); nothing here has a table's log
            throw new io.floe.table.FloeException(SessionContext.position(name.span()) + ": " + name.sql() + " is a directory of "
                    + name.pathFormat() + " files, not a table with a transaction log: only queries read it (use a Delta or"
                    + " Iceberg table: CREATE TABLE t USING DELTA AS SELECT * FROM " + name.sql() + ")");
        }
        if (!name.isPath()) {
            var files = FileSourceTables.lookup(warehouse, name);
            if (files.isPresent()) {
                throw new io.floe.table.FloeException(SessionContext.position(name.span()) + ": " + name.name() + " is a "
                        + files.get().format() + " table: it has no transaction log, so only SELECT, INSERT and DROP TABLE apply"
                        + " to it (copy it into a Delta or Iceberg table: CREATE TABLE " + name.name() + "_delta USING DELTA AS"
                        + " SELECT * FROM " + name.name() + ")");
            }
        }
        if (name.isPath()) {
            // the qualifier names the format (delta.`/path`); a table of another format there is an error, not a guess
            Table t;
            try {
                t = warehouse.tableAt(name.path(), name.pathFormat());
            } catch (IllegalArgumentException e) {
                throw new TableNotFoundException("no table " + name.sql() + ": " + e.getMessage());
            }
            if (!t.exists()) {
                throw new TableNotFoundException("no " + t.format() + " table at " + name.path());
            }
            return t;
        }
        List<String> namespace = name.namespace();
        String qualifier = namespace.isEmpty() ? null : namespace.get(namespace.size() - 1);
        if (qualifier != null && !qualifier.equalsIgnoreCase("default") && !qualifier.equalsIgnoreCase("delta")
                && !qualifier.equalsIgnoreCase("floe")) {
            throw new TableNotFoundException("table " + qualifier + "." + name.name() + " not found: Floe has one namespace (default)");
        }
        return warehouse.table(name.name());
    }

    /**
     * A metadata table ({@code t.snapshots}, {@code default.t.files}, …) of a table whose format has them: the table and
     * the metadata table's name. Empty for any other name (then it is an ordinary table reference).
     */
    public java.util.Optional<MetadataTableRef> metadataTable(TableName name) {
        if (name.isPath() || name.namespace().isEmpty()) {
            return java.util.Optional.empty();
        }
        String table = name.namespace().get(name.namespace().size() - 1);
        String meta = name.name().toLowerCase(java.util.Locale.ROOT);
        var entry = warehouse.catalog().resolve(table);
        if (entry.isEmpty() || FileSourceTables.isFileFormat(entry.get().format())) {
            return java.util.Optional.empty(); // a data source table has no metadata tables
        }
        Table t = warehouse.table(table);
        return t.capability(io.floe.table.MetadataTables.class).filter(m -> m.metadataTableNames().contains(meta))
                .map(m -> new MetadataTableRef(t, m, meta));
    }

    /** A resolved metadata table reference. */
    public record MetadataTableRef(Table table, io.floe.table.MetadataTables tables, String name) {
        /** Its rows as of the table's snapshot (or the one a time-travel clause names). */
        public io.floe.table.MetadataTables.Relation read(TimeTravel travel) {
            return tables.metadataTable(name, snapshot(table, travel));
        }
    }

    /** The snapshot a time-travel clause names; the current one when {@code travel} is null. */
    public static Snapshot snapshot(Table t, TimeTravel travel) {
        if (travel instanceof TimeTravel.AsOfVersion v) {
            return t.snapshotAt(v.version());
        }
        if (travel instanceof TimeTravel.AsOfRef ref) {
            return t.capability(io.floe.table.SnapshotManagement.class).orElseThrow(() -> new IllegalArgumentException(
                    "VERSION AS OF '" + ref.name() + "': " + t.format() + " tables have no tags or branches; give a version number"))
                    .snapshotAtRef(ref.name());
        }
        if (travel instanceof TimeTravel.AsOfTimestamp ts) {
            return t.snapshotAsOf(parseTimestamp(ts.timestamp()));
        }
        return t.snapshot();
    }

    /** Accepts '2024-01-01', '2024-01-01 10:00:00[.SSS]', ISO-8601 with offset; times without offset are UTC. */
    public static Instant parseTimestamp(String s) {
        String t = s.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try a date
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp: '" + s + "' (use e.g. '2024-01-31 12:00:00' UTC)");
        }
    }
}
