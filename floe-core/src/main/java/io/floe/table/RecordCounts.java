package io.floe.table;

import java.util.List;

/**
 * A file list that sums its files' live record counts ({@link DataFile#liveRecords()}) from what it holds, without
 * making a DataFile or FileStats per file: the column-held lists of a million-file snapshot, for a count(*) that the
 * metadata answers.
 */
public interface RecordCounts {
    /** The sum of the files' live record counts, or null when some file's count is not known. */
    Long liveRecords();

    /** The sum for {@code files}: from the list itself where it can, else file by file. */
    static Long of(List<DataFile> files) {
        if (files instanceof RecordCounts counts) {
            return counts.liveRecords();
        }
        long n = 0;
        for (DataFile f : files) {
            Long r = f.liveRecords();
            if (r == null) {
                return null;
            }
            n += r;
        }
        return n;
    }
}
