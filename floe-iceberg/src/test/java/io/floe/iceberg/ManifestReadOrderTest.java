package io.floe.iceberg;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a snapshot's manifests are read in parallel and handed on in order: never far ahead of the one handed on, so that
 * a slow consumer (joining a million files' columns) does not leave hundreds of decoded manifests waiting in the heap.
 */
class ManifestReadOrderTest {
    @Test
    void readsAreHandedOnInOrderWithFewFinishedAheadOfTheConsumer() {
        int n = 400;
        AtomicInteger finished = new AtomicInteger();
        List<Supplier<Integer>> reads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            reads.add(() -> {
                finished.incrementAndGet();
                return id;
            });
        }
        List<Integer> seen = new ArrayList<>();
        int[] mostAhead = {0};
        IcebergSnapshot.inOrder(reads, n, 8, id -> { // a local store's readers
            // a consumer slower than the readers: without a window every read is done before the first few are handed on
            long until = System.nanoTime() + 200_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            mostAhead[0] = Math.max(mostAhead[0], finished.get() - seen.size());
            seen.add(id);
        });
        assertThat(seen).hasSize(n).isSorted();
        assertThat(mostAhead[0]).as("reads finished but not yet handed on, at most").isLessThanOrEqualTo(32);
    }
}
