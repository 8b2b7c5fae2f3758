package io.floe.table;

import java.util.Arrays;

/**
 * An int-keyed map in two growable arrays, in insertion order, that a decoder fills (and may clear and fill again) for
 * one file's statistics; {@link FileStats} copies it into its compact form without going through entries. Cheaper than
 * a LinkedHashMap per file and metric when a million files are read.
 */
public final class IdValues<V> extends IntKeyedMap<V> {
    /** In {@link #vals}: the value is the long at the same index of {@link #longs}, not boxed unless asked for. */
    private static final Object UNBOXED = new Object();

    private int[] keys = new int[8];
    private Object[] vals = new Object[8];
    private long[] longs = new long[8];
    private int n;

    @Override
    public void clear() {
        Arrays.fill(vals, 0, n, null);
        n = 0;
    }

    /** Sets {@code key}'s value: replaces it where the key is, else appends it. */
    public void set(int key, V value) {
        int at = slot(key); // first: it may grow the arrays
        vals[at] = value;
    }

    /**
     * Sets {@code key}'s value to a Long without boxing it: {@link #longAt} reads it as is, {@link #valueAt} boxes it
     * (a decoder's million files' bounds and counts were as many Longs, copied into arrays right after). Only for maps
     * whose values may be Longs.
     */
    public void setLong(int key, long value) {
        int at = slot(key);
        vals[at] = UNBOXED;
        longs[at] = value;
    }

    /** The index of {@code key}'s entry, appended when there is none. */
    private int slot(int key) {
        int at = indexOf(key);
        if (at >= 0) {
            return at;
        }
        if (n == keys.length) {
            keys = Arrays.copyOf(keys, n * 2);
            vals = Arrays.copyOf(vals, n * 2);
            longs = Arrays.copyOf(longs, n * 2);
        }
        keys[n] = key;
        return n++;
    }

    /** Removes {@code key}'s entry, if any, keeping the others' order. */
    public void removeKey(int key) {
        int at = indexOf(key);
        if (at >= 0) {
            System.arraycopy(keys, at + 1, keys, at, n - at - 1);
            System.arraycopy(vals, at + 1, vals, at, n - at - 1);
            System.arraycopy(longs, at + 1, longs, at, n - at - 1);
            vals[--n] = null;
        }
    }

    @Override
    public int count() {
        return n;
    }

    @Override
    public int keyAt(int i) {
        return keys[i];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V valueAt(int i) {
        Object v = vals[i];
        return (V) (v == UNBOXED ? Long.valueOf(longs[i]) : v);
    }

    @Override
    public boolean isLong(int i) {
        Object v = vals[i];
        return v == UNBOXED || v instanceof Long;
    }

    @Override
    public long longAt(int i) {
        Object v = vals[i];
        return v == UNBOXED ? longs[i] : (Long) v;
    }

    @Override
    protected int indexOf(Object key) {
        return key instanceof Integer k ? indexOf(k.intValue()) : -1;
    }

    private int indexOf(int key) {
        for (int i = 0; i < n; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }
}
