package io.floe.table;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A format-neutral optimistic transaction: operations (append, MERGE, OPTIMIZE, …) are written once
 * against this and work on every format. It records what was read so that the format's conflict
 * rules can decide, on a lost race, whether to rebase or fail.
 */
public interface Transaction {
    /** The snapshot this transaction reads; empty for a table being created. */
    Optional<? extends Snapshot> readSnapshot();

    /** Marks the whole table read and returns every file. */
    List<DataFile> readWholeTable();

    /** Returns the files that may match {@code filter}, recording the filter for conflict detection. */
    List<DataFile> readFiles(Predicate<DataFile> filter);

    Transaction add(DataFile f);

    Transaction remove(DataFile f, boolean dataChange);

    /** Declares that the written rows were checked against the table's constraints. */
    Transaction enforcesConstraints(boolean v);

    /** Declares that change data was written where the table asks for it. */
    Transaction writesChangeData(boolean v);

    CommitResult commit(Operation op);
}
