package io.floe.table.expr;

/** What a file's metadata says about the rows for which a predicate is TRUE. */
public enum Verdict {
    /** No row of the file can satisfy the predicate: the file can be skipped. */
    NO_MATCH,
    /** Some rows may satisfy it (or the metadata cannot tell). */
    MAYBE,
    /** Every row of the file satisfies it (e.g. a DELETE can drop the file without rewriting it). */
    ALL_MATCH;

    public boolean mightMatch() {
        return this != NO_MATCH;
    }
}
