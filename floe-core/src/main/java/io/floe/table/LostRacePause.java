package io.floe.table;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The random pause a writer takes after losing a commit race, before catching up with the winners. Without it the
 * losers of one version all chase the next at once and all but one lose again, each loss costing a conditional PUT and
 * reads of the winners: on S3 that is what limits 8 writers. The bound is scaled by what the lost attempt itself took
 * (a store's latency: microseconds on a local disk, milliseconds on S3), grows with each further loss to 16 times its
 * first value, and never exceeds half a second. Both formats' transactions use it.
 */
public final class LostRacePause {
    private static final long MAX_NANOS = 500_000_000L;

    private LostRacePause() {
    }

    /**
     * Pauses for a random time up to {@code factor × lostNanos}, doubled for each loss after the first (at most 16x).
     *
     * @param attempt   the attempt that was lost, from 1
     * @param lostNanos how long the lost attempt's deciding part took
     * @param factor    the bound's multiple of {@code lostNanos} for a first loss
     */
    public static void pause(int attempt, long lostNanos, int factor) {
        long bound = Math.min(MAX_NANOS, Math.max(0, lostNanos) * factor << Math.min(attempt - 1, 4));
        if (bound > 0) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(bound + 1));
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new FloeException("interrupted while retrying a commit");
        }
    }
}
