package io.floe.table.expr;

import io.floe.table.DataFile;

import java.util.List;

/**
 * The files a predicate may need, with the counts EXPLAIN shows.
 *
 * @param files                 the files kept after partition pruning and statistics skipping, in input order
 * @param total                 files considered
 * @param afterPartitionPruning files left after looking at partition values only
 * @param afterStatsSkipping    files left after also looking at min/max/null-count statistics ({@code files.size()})
 */
public record FileSelection(List<DataFile> files, int total, int afterPartitionPruning, int afterStatsSkipping) {
    public FileSelection {
        files = List.copyOf(files);
    }
}
