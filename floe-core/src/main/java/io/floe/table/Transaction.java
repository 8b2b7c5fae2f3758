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

    CommitResult commit(Operation op);
}
