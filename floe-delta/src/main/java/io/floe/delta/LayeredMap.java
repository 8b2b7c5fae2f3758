package io.floe.delta;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A map that behaves exactly like a {@link LinkedHashMap} in insertion order (a key put again keeps its place, a key
 * removed and put again moves to the end), built as the changes a replay made over the previous snapshot's map, which it
 * never writes. A commit on a table with a large state (W5's overwrites leave one tombstone each: 100,000 after 100,000
 * commits) used to copy the previous snapshot's maps whole: the copy was most of the commit and grew with the log. Now a
 * new replay copies only the previous changes (bounded by {@link #flattenAt}) and shares the base; once the changes grow
 * past that bound the next replay starts from one flat copy, so a commit costs O(sqrt(n)) amortized instead of O(n).
 * Values are never null. Not thread safe while written; a snapshot's map is only read after its replay built it.
 */
final class LayeredMap<V> extends AbstractMap<String, V> {
    /** Never written: the flat map of an earlier snapshot. */
    private final Map<String, V> base;
    /** Keys not in the base, or removed from it and put again, in the order they were (last) added. */
    private final LinkedHashMap<String, V> appended;
    /** Base keys put again without a remove in between: they keep the base's place. */
    private final HashMap<String, V> replaced;
    /** Base keys removed (maybe put again since: then they are in {@link #appended}). */
    private final HashSet<String> removed;

    private LayeredMap(Map<String, V> base, LinkedHashMap<String, V> appended, HashMap<String, V> replaced,
                       HashSet<String> removed) {
        this.base = base;
        this.appended = appended;
        this.replaced = replaced;
        this.removed = removed;
    }

    /**
     * A writable map that starts as {@code previous}, which must never be written again (a built snapshot's map).
     * Layered maps do not nest: the new one shares {@code previous}'s base and copies its changes, or starts from a
     * flat copy when those changes grew past {@link #flattenAt}.
     */
    static <V> Map<String, V> over(Map<String, V> previous) {
        return over(previous, flattenAt(previous instanceof LayeredMap<V> l ? l.base.size() : previous.size()));
    }

    /** {@link #over(Map)} with the bound on the changes given (tests use small ones to flatten often). */
    static <V> Map<String, V> over(Map<String, V> previous, int maxChanges) {
        if (previous instanceof LayeredMap<V> l) {
            if (l.changes() > maxChanges) {
                return new LayeredMap<>(new LinkedHashMap<>(l), new LinkedHashMap<>(), new HashMap<>(), new HashSet<>());
            }
            return new LayeredMap<>(l.base, new LinkedHashMap<>(l.appended), new HashMap<>(l.replaced), new HashSet<>(l.removed));
        }
        return new LayeredMap<>(previous, new LinkedHashMap<>(), new HashMap<>(), new HashSet<>());
    }

    /**
     * How many changes a new layer copies before it flattens instead: copying k changes per commit and n entries every
     * k commits costs about k + n/k per commit, least at k ~ sqrt(n).
     */
    static int flattenAt(int size) {
        return Math.max(64, (int) Math.sqrt(size) * 2);
    }

    /** Whether {@code m} is this map's base (the flat map it is layered over). */
    boolean sharesBase(Map<String, V> m) {
        return base == m;
    }

    private int changes() {
        return appended.size() + replaced.size() + removed.size();
    }

    @Override
    public int size() {
        return base.size() - removed.size() + appended.size();
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public V get(Object key) {
        V v = appended.get(key);
        if (v != null) {
            return v;
        }
        if (removed.contains(key)) {
            return null;
        }
        v = replaced.get(key);
        return v != null ? v : base.get(key);
    }

    @Override
    public V put(String key, V value) {
        java.util.Objects.requireNonNull(value, "value");
        if (appended.containsKey(key)) {
            return appended.put(key, value); // keeps its place among the appended keys, as a LinkedHashMap does
        }
        if (!removed.contains(key)) {
            V inBase = base.get(key);
            if (inBase != null) {
                V old = replaced.put(key, value);
                return old != null ? old : inBase;
            }
        }
        appended.put(key, value);
        return null;
    }

    @Override
    public V remove(Object key) {
        if (appended.containsKey(key)) {
            return appended.remove(key); // a base key here is in removed already
        }
        if (removed.contains(key)) {
            return null;
        }
        V inBase = base.get(key);
        if (inBase == null) {
            return null;
        }
        removed.add((String) key);
        V old = replaced.remove(key);
        return old != null ? old : inBase;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("a layered map is only put to and removed from");
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return LayeredMap.this.size();
            }

            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new EntryIterator();
            }
        };
    }

    /** The base's entries in order (removed ones left out, replaced ones with their new value), then the appended ones. */
    private final class EntryIterator implements Iterator<Entry<String, V>> {
        private final Iterator<Entry<String, V>> inBase = base.entrySet().iterator();
        private Iterator<Entry<String, V>> inAppended;
        private Entry<String, V> next;

        EntryIterator() {
            advance();
        }

        private void advance() {
            next = null;
            while (inAppended == null && inBase.hasNext()) {
                Entry<String, V> e = inBase.next();
                if (removed.contains(e.getKey())) {
                    continue;
                }
                V r = replaced.get(e.getKey());
                next = r == null ? e : new SimpleImmutableEntry<>(e.getKey(), r);
                return;
            }
            if (inAppended == null) {
                inAppended = appended.entrySet().iterator();
            }
            if (inAppended.hasNext()) {
                next = inAppended.next();
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Entry<String, V> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Entry<String, V> e = next;
            advance();
            return e;
        }
    }
}
