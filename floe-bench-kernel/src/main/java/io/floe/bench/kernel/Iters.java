package io.floe.bench.kernel;

import io.delta.kernel.utils.CloseableIterator;

import java.util.Iterator;
import java.util.List;

/** Kernel's own iterator helpers live in its internal packages; this is the one the peer needs. */
final class Iters {
    private Iters() {
    }

    static <T> CloseableIterator<T> of(List<T> items) {
        Iterator<T> it = items.iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }
}
