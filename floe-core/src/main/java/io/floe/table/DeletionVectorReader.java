package io.floe.table;

/** Capability of formats whose data files can carry deleted-row markers: decodes them. */
public interface DeletionVectorReader {
    /** The deleted row positions of {@code file} (0-based, ascending); empty when it has no deletion vector. */
    long[] deletedRows(DataFile file);
}
