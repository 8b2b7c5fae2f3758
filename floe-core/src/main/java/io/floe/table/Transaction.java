package io.floe.table;

import io.floe.types.StructType;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A format-neutral optimistic transaction: operations (append, MERGE, OPTIMIZE, ALTER TABLE, …) are written once
 * against this and work on every format. It records what was read so that the format's conflict rules can decide,
 * on a lost race, whether to rebase or fail; schema and property changes are expressed here and the format turns
 * them into its own metadata (and the protocol or feature upgrades they need).
 */
public interface Transaction {
    /** The snapshot this transaction reads; empty for a table being created. */
    Optional<? extends Snapshot> readSnapshot();

    /** The read snapshot. @throws TableNotFoundException for a table being created */
    default Snapshot snapshot() {
        return readSnapshot().orElseThrow(() -> new TableNotFoundException("the table does not exist yet"));
    }

    /** The schema the commit will have (the new one if changed). */
    StructType schema();

    /** The partition spec the commit will have. */
    PartitionSpec partitionSpec();

    /** The properties the commit will have. */
    Map<String, String> properties();

    /** The rules rows written by this commit must satisfy (those the commit will have). */
    List<CheckConstraint> checkConstraints();

    /** Marks the whole table read and returns every file. */
    List<DataFile> readWholeTable();

    /** Returns the files that may match {@code filter}, recording the filter for conflict detection. */
    List<DataFile> readFiles(Predicate<DataFile> filter);

    Transaction add(DataFile f);

    default Transaction addAll(Collection<DataFile> files) {
        files.forEach(this::add);
        return this;
    }

    Transaction remove(DataFile f, boolean dataChange);

    /**
     * Marks rows of {@code file} (a data file of the read snapshot, as read) deleted without rewriting it: merge-on-read,
     * for tables whose {@link RowLevelDeletes} capability asks for it. {@code positions} are 0-based physical row
     * indexes in the file, ascending, without duplicates; rows the file's existing deletes already mark must not be
     * repeated. The format unions them with the file's existing deletes and records the result in its own way (Delta:
     * a new deletion vector replacing the old one; Iceberg: a position delete file, or a v3 deletion vector that takes
     * in the older deletes). A file whose every live row is deleted should be {@link #remove removed} instead.
     * Two transactions marking rows of the same file conflict unless the format can merge them safely: no deleted
     * row may come back.
     */
    default Transaction deleteRows(DataFile file, long[] positions) {
        throw new UnsupportedOperationException("this table format cannot mark rows deleted without rewriting files");
    }

    /**
     * Replaces the schema. Fields are matched to the current ones by name; new fields get whatever the format needs
     * (field ids, physical names under column mapping).
     */
    Transaction updateSchema(StructType schema);

    /** Renames a top-level column, keeping its data (the format enables column mapping if it has to). */
    Transaction renameColumn(String from, String to);

    /** Sets and removes table properties (validated by the format; features they need are enabled). */
    Transaction updateProperties(Map<String, String> set, Collection<String> unset);

    /** Adds or drops a CHECK constraint (the caller validated existing rows). */
    Transaction addCheckConstraint(String name, String expression);

    Transaction dropCheckConstraint(String name);

    /** Makes schema, partitioning and properties those of {@code target} (RESTORE). */
    Transaction restoreMetadata(Snapshot target);

    /** The last batch version an application committed (idempotent writes); concurrent commits of it conflict. */
    Optional<Long> applicationVersion(String appId);

    /** Records that {@code appId} committed its batch {@code version} in this commit (exactly-once writes). */
    Transaction setApplicationVersion(String appId, long version);

    /** Declares that the written rows were checked against the table's constraints. */
    Transaction enforcesConstraints(boolean v);

    /** Declares that change data was written where the table asks for it. */
    Transaction writesChangeData(boolean v);

    /**
     * Declares that the rows this commit copies into new files (UPDATE, MERGE, DELETE, OPTIMIZE) keep their stable row ids
     * ({@link RowLineage}): the files were written with them materialized. Formats without row lineage ignore it.
     */
    default Transaction preservesRowIds(boolean v) {
        return this;
    }

    CommitResult commit(Operation op);
}
