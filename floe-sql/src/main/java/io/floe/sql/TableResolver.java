package io.floe.sql;

import io.floe.catalog.Warehouse;
import io.floe.delta.DeltaSnapshot;
import io.floe.delta.DeltaTable;
import io.floe.table.TableNotFoundException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Resolves the table names a statement uses: a catalog name ({@code trips}, {@code default.trips}) or a
 * path as Spark writes it ({@code delta.`/data/t`}, {@code delta.`s3://b/t`}), and time-travel clauses.
 */
public final class TableResolver {
    private final Warehouse warehouse;

    public TableResolver(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** @param name the name as written, without quotes: "t", "db.t", or "delta./path" parts joined by '.' are given separately */
    public DeltaTable resolve(String qualifier, String name) {
        if (qualifier != null && qualifier.equalsIgnoreCase("delta")) {
            if (name.startsWith("/") || name.contains("://") || name.startsWith("file:")) {
                DeltaTable t = warehouse.tableAt(name);
                if (!t.exists()) {
                    throw new TableNotFoundException("no Delta table at " + name);
                }
                return t;
            }
        }
        if (qualifier != null && !qualifier.equalsIgnoreCase("default") && !qualifier.equalsIgnoreCase("delta")
                && !qualifier.equalsIgnoreCase("floe")) {
            throw new TableNotFoundException("table " + qualifier + "." + name + " not found: Floe has one namespace (default)");
        }
        return warehouse.table(name);
    }

    /** The snapshot for an optional VERSION AS OF / TIMESTAMP AS OF clause. */
    public static DeltaSnapshot snapshot(DeltaTable t, Long version, String timestamp) {
        if (version != null) {
            return t.snapshotAt(version);
        }
        if (timestamp != null) {
            return t.snapshotAsOf(parseTimestamp(timestamp));
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

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
