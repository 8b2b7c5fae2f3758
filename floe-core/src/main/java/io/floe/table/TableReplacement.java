package io.floe.table;

/**
 * The capability of replacing a table's definition and data in one new commit that keeps its history
 * ({@code CREATE OR REPLACE TABLE}, {@code REPLACE TABLE … AS SELECT}): earlier versions stay readable by time travel.
 */
public interface TableReplacement {
    /**
     * The transaction whose commit makes {@code definition} the table's schema, partitioning and properties and removes
     * every file of the latest version (the caller adds the new files, if any). The table must exist.
     */
    Transaction newReplaceTransaction(TableDefinition definition);
}
