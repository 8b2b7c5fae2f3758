package io.floe.table;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Stable row identity of a format (Delta's row tracking): every row has an id and the version that last inserted or
 * updated it. A row's id is the value of a hidden "materialized" column in its data file when that is not null, else
 * its file's base row id plus its physical position in the file; its commit version likewise falls back to the file's
 * default row commit version. Writers that copy rows into new files (UPDATE, MERGE, DELETE, OPTIMIZE) keep their ids
 * by writing them to the materialized columns.
 *
 * <p>Reached with {@link #of(Table)}: the table's own capability if it has one, else a provider registered for its
 * format with {@link ServiceLoader} (formats keep their log details to themselves).
 */
public interface RowLineage {
    /** The format this provider serves ({@link Table#format()}). */
    String format();

    /** Whether every row of {@code snapshot} has a stable id that writers must preserve (Delta: delta.enableRowTracking). */
    boolean enabled(Snapshot snapshot);

    /** The physical names of the hidden columns holding materialized row ids and row commit versions. */
    MaterializedColumns materializedColumns(Snapshot snapshot);

    /** The default row id base and row commit version of a data file of {@code snapshot}. */
    FileRowIds fileRowIds(Snapshot snapshot, DataFile file);

    /** The hidden columns' names in the data files. */
    record MaterializedColumns(String rowId, String rowCommitVersion) {
    }

    /** A file's default ids: a row's id is {@code baseRowId} + its position; null when the file has none. */
    record FileRowIds(Long baseRowId, Long defaultRowCommitVersion) {
    }

    /** The lineage of {@code table}'s format, if it has one. */
    static Optional<RowLineage> of(Table table) {
        Optional<RowLineage> own = table.capability(RowLineage.class);
        if (own.isPresent()) {
            return own;
        }
        return Providers.ALL.stream().filter(p -> p.format().equals(table.format())).findFirst();
    }

    /** The lineage of a table whose rows must have stable ids at {@code snapshot}, or empty when they need not. */
    static Optional<RowLineage> enabledFor(Table table, Snapshot snapshot) {
        return of(table).filter(l -> l.enabled(snapshot));
    }

    /** Providers found once per class loader of the core (formats are on the class path at start-up). */
    final class Providers {
        static final List<RowLineage> ALL = ServiceLoader.load(RowLineage.class, RowLineage.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();

        private Providers() {
        }
    }
}
