package io.floe.iceberg;

/**
 * An int-keyed map in two arrays, in insertion order, cleared and filled again for each entry (a manifest's entries
 * have a handful of columns each): what the decoder reads metrics into, and what the evaluators and FileStats (which
 * copies it) read.
 */
final class IdValues<V> extends java.util.AbstractMap<Integer, V> {
    int[] keys = new int[8];
    Object[] vals = new Object[8];
    int n;

    @Override
    public void clear() {
        java.util.Arrays.fill(vals, 0, n, null);
        n = 0;
    }

    void set(int key, Object value) {
        int at = indexOf(key);
        if (at >= 0) {
            vals[at] = value;
            return;
        }
        if (n == keys.length) {
            keys = java.util.Arrays.copyOf(keys, n * 2);
            vals = java.util.Arrays.copyOf(vals, n * 2);
        }
        keys[n] = key;
        vals[n++] = value;
    }

    void removeKey(int key) {
        int at = indexOf(key);
        if (at >= 0) {
            System.arraycopy(keys, at + 1, keys, at, n - at - 1);
            System.arraycopy(vals, at + 1, vals, at, n - at - 1);
            vals[--n] = null;
        }
    }

    private int indexOf(int key) {
        for (int i = 0; i < n; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof Integer k && indexOf(k) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int at = key instanceof Integer k ? indexOf(k) : -1;
        return at < 0 ? null : (V) vals[at];
    }

    @Override
    public java.util.Set<Entry<Integer, V>> entrySet() {
        return new java.util.AbstractSet<>() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public java.util.Iterator<Entry<Integer, V>> iterator() {
                return new java.util.Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < n;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<Integer, V> next() {
                        if (i >= n) {
                            throw new java.util.NoSuchElementException();
                        }
                        Entry<Integer, V> e = new SimpleImmutableEntry<>(keys[i], (V) vals[i]);
                        i++;
                        return e;
                    }
                };
            }
        };
    }
}

