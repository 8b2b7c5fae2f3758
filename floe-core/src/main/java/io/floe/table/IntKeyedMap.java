package io.floe.table;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A small map from int ids (statistics by field id) held by position: a subclass gives its entries by index, in
 * order, and lookups scan them (a file has a handful of columns). What {@link FileStats} keeps and what the formats fill
 * while they decode (see {@link IdValues}) share this.
 */
public abstract class IntKeyedMap<V> extends AbstractMap<Integer, V> {
    /** How many entries. */
    public abstract int count();

    /** The key of entry {@code i} (0 ≤ i < count()). */
    public abstract int keyAt(int i);

    /** The value of entry {@code i}. */
    public abstract V valueAt(int i);

    /** Whether entry {@code i}'s value is a Long. */
    public boolean isLong(int i) {
        return valueAt(i) instanceof Long;
    }

    /** Entry {@code i}'s value, a Long ({@link #isLong}), without boxing it where the map holds it unboxed. */
    public long longAt(int i) {
        return (Long) valueAt(i);
    }

    /** The index of {@code key}, or -1. */
    protected int indexOf(Object key) {
        if (key instanceof Integer id) {
            int k = id;
            for (int i = 0, n = count(); i < n; i++) {
                if (keyAt(i) == k) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return count();
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : valueAt(i);
    }

    @Override
    public Set<Entry<Integer, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return count();
            }

            @Override
            public Iterator<Entry<Integer, V>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < count();
                    }

                    @Override
                    public Entry<Integer, V> next() {
                        if (i >= count()) {
                            throw new NoSuchElementException();
                        }
                        Entry<Integer, V> e = new SimpleImmutableEntry<>(keyAt(i), valueAt(i));
                        i++;
                        return e;
                    }
                };
            }
        };
    }
}
