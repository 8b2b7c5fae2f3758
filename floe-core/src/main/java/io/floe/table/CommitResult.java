package io.floe.table;

/**
 * A commit that landed.
 *
 * @param version  the version it created
 * @param attempts how many versions it tried (1 = no race; more = rebased over non-conflicting commits)
 * @param timestamp commit time, millis
 */
public record CommitResult(long version, int attempts, long timestamp) {
}
