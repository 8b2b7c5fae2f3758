package io.floe.table;

/**
 * Every attempt of a commit lost its race to another writer's commit, none of which conflicted with it, until the
 * writer gave up: a table so busy that this writer did not get a turn. Nothing of this transaction became visible.
 */
public final class CommitRetriesExhaustedException extends ConcurrentModificationException {
    public CommitRetriesExhaustedException(String table, long lastWinningVersion, int attempts) {
        super(table, lastWinningVersion, "gave up after " + attempts + " commit attempts, each lost to a concurrent commit");
    }
}
