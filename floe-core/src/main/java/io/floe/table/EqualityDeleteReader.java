package io.floe.table;

import java.util.List;

/**
 * Capability of formats whose rows can be deleted by value (Iceberg's equality delete files, as Flink and other
 * streaming writers make them): a row of a data file is deleted when a delete file that applies to it (the format's
 * planning decides which apply: sequence numbers, partitions) holds a row equal to it on the delete's columns, NULL
 * equal to NULL.
 */
public interface EqualityDeleteReader {
    /**
     * One equality delete file as it applies to a data file.
     *
     * @param fieldIds      the table columns compared, by field id (the delete file's columns carry the same ids)
     * @param deleteFileKey the delete file's store key (a Parquet file)
     */
    record EqualityDelete(List<Integer> fieldIds, String deleteFileKey) {
        public EqualityDelete {
            fieldIds = List.copyOf(fieldIds);
        }
    }

    /** The equality deletes that apply to {@code file} of the snapshot it was planned in; empty when none. */
    List<EqualityDelete> equalityDeletes(DataFile file);
}
