package io.floe.table;

import io.floe.types.DataType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Column statistics of one data file, keyed by the field id of each leaf column (see
 * {@link StructType#withFieldIds()}). Bound values are what the format's metadata gives (String, Number, Boolean;
 * dates and timestamps as ISO text), read by the column's type when used. A missing entry means "unknown", never
 * "no values". Formats that key statistics by column name (Delta's stats JSON) convert with
 * {@link #fromColumnPaths} and {@link #toColumnPaths}.
 */
public record FileStats(Long numRecords, Map<Integer, Object> minValues, Map<Integer, Object> maxValues,
                        Map<Integer, Long> nullCounts, Boolean tightBounds) {
    public FileStats {
        minValues = IdMap.copyOf(minValues);
        maxValues = IdMap.copyOf(maxValues);
        nullCounts = IdMap.copyOf(nullCounts);
    }

    /**
     * An immutable map from field id to value in insertion order, held in two arrays. A snapshot keeps the statistics of
     * every file (a million in a large table), and three LinkedHashMaps per file made them most of its memory. The key
     * arrays are shared between maps with the same ids (every file of a table has the same columns), and values that are
     * all Longs (counts, integer bounds) are held unboxed.
     */
    static final class IdMap<V> extends IntKeyedMap<V> {
        /** Larger maps keep the hashed copy: lookups by scanning would cost too much there. */
        static final int MAX = 32;

        private final int[] keys;
        private final Object[] values; // null when longs holds them
        private final long[] longs;

        private IdMap(int[] keys, Object[] values, long[] longs) {
            this.keys = keys;
            this.values = values;
            this.longs = longs;
        }

        /** The last key arrays made, to share: a snapshot converts its files one after another with the same ids. */
        private static final int SHARED = 8;
        @SuppressWarnings("unchecked")
        private static final java.util.concurrent.atomic.AtomicReferenceArray<int[]> recentKeys =
                new java.util.concurrent.atomic.AtomicReferenceArray<>(SHARED);

        private static int[] shared(int[] k) {
            int slot = (java.util.Arrays.hashCode(k) & 0x7fffffff) % SHARED;
            int[] known = recentKeys.get(slot);
            if (known != null && java.util.Arrays.equals(known, k)) {
                return known;
            }
            recentKeys.set(slot, k); // arrays are never written after this: sharing them is safe
            return k;
        }

        /** The keys of {@code m} as a shared array: a recent one with the same keys, else a new one (then shared). */
        private static int[] sharedKeys(IntKeyedMap<?> m) {
            int n = m.count();
            int h = 1;
            for (int i = 0; i < n; i++) {
                h = 31 * h + m.keyAt(i); // as Arrays.hashCode(int[]): the slot shared() picks for the same keys
            }
            int[] known = recentKeys.get((h & 0x7fffffff) % SHARED);
            if (known != null && known.length == n) {
                int i = 0;
                while (i < n && known[i] == m.keyAt(i)) {
                    i++;
                }
                if (i == n) {
                    return known;
                }
            }
            int[] k = new int[n];
            for (int i = 0; i < n; i++) {
                k[i] = m.keyAt(i);
            }
            return shared(k);
        }

        /** An unmodifiable copy in the same order: empty, compact, or (large or with a null key) a hashed one. */
        static <V> Map<Integer, V> copyOf(Map<Integer, V> m) {
            if (m == null || m.isEmpty()) {
                return Map.of();
            }
            if (m instanceof IdMap<V> || m instanceof LongsView<V>) {
                return m;
            }
            int n = m.size();
            if (n <= MAX && m instanceof IntKeyedMap<V> ints) {
                // filled by a decoder: copied by index, no entry objects, and only the arrays kept are made (a table's
                // files have the same ids, so the key array is usually a shared one found without making a new one)
                int[] k = sharedKeys(ints);
                boolean allLongs = true;
                for (int i = 0; i < n && allLongs; i++) {
                    allLongs = ints.isLong(i);
                }
                if (allLongs) {
                    long[] l = new long[n];
                    for (int i = 0; i < n; i++) {
                        l[i] = ints.longAt(i);
                    }
                    return new IdMap<>(k, null, l);
                }
                Object[] v = new Object[n];
                for (int i = 0; i < n; i++) {
                    v[i] = ints.valueAt(i);
                }
                return new IdMap<>(k, v, null);
            }
            if (n <= MAX) {
                int[] k = new int[n];
                Object[] v = new Object[n];
                boolean allLongs = true;
                int i = 0;
                for (Map.Entry<Integer, V> e : m.entrySet()) {
                    if (i == n || e.getKey() == null) {
                        i = -1; // a null key (or a map that changed while copied): the hashed copy below
                        break;
                    }
                    k[i] = e.getKey();
                    allLongs &= e.getValue() instanceof Long;
                    v[i++] = e.getValue();
                }
                if (i == n) {
                    return compact(k, v, allLongs);
                }
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(m));
        }

        private static <V> Map<Integer, V> compact(int[] k, Object[] v, boolean allLongs) {
            if (!allLongs) {
                return new IdMap<>(shared(k), v, null);
            }
            long[] l = new long[k.length];
            for (int j = 0; j < k.length; j++) {
                l[j] = (Long) v[j];
            }
            return new IdMap<>(shared(k), null, l);
        }

        /** For tests: the key array (shared between maps with the same ids) and whether the values are held unboxed. */
        int[] keyArray() {
            return keys;
        }

        boolean unboxed() {
            return longs != null;
        }

        @Override
        public int count() {
            return keys.length;
        }

        @Override
        public int keyAt(int i) {
            return keys[i];
        }

        @Override
        @SuppressWarnings("unchecked")
        public V valueAt(int i) {
            return values != null ? (V) values[i] : (V) Long.valueOf(longs[i]);
        }
    }

    /**
     * An immutable map of {@code keys[i]} → {@code values[from + i]} for each i, a view of the arrays (nothing copied):
     * for a format that holds many files' integer statistics in one array per metric, and makes each file's FileStats only
     * when it is asked for. FileStats keeps such a map as it is. Neither array may be written afterwards.
     *
     * @param <V> Long, or Object for bounds (the values are Longs)
     */
    public static <V> Map<Integer, V> longsView(int[] keys, long[] values, int from) {
        if (keys.length == 0) {
            return Map.of();
        }
        if (from < 0 || from + keys.length > values.length) {
            throw new IndexOutOfBoundsException("values " + from + ".." + (from + keys.length) + " of " + values.length);
        }
        return new LongsView<>(keys, values, from);
    }

    private static final class LongsView<V> extends IntKeyedMap<V> {
        private final int[] keys;
        private final long[] values;
        private final int from;

        LongsView(int[] keys, long[] values, int from) {
            this.keys = keys;
            this.values = values;
            this.from = from;
        }

        @Override
        public int count() {
            return keys.length;
        }

        @Override
        public int keyAt(int i) {
            return keys[i];
        }

        @Override
        @SuppressWarnings("unchecked")
        public V valueAt(int i) {
            return (V) Long.valueOf(values[from + i]);
        }
    }

    public Object min(int fieldId) {
        return minValues.get(fieldId);
    }

    public Object max(int fieldId) {
        return maxValues.get(fieldId);
    }

    public Long nullCount(int fieldId) {
        return nullCounts.get(fieldId);
    }

    /** The minimum of the column at {@code path} (logical names) of {@code schema}, if recorded. */
    public Object min(StructType schema, List<String> path) {
        return leaf(schema, path).map(f -> minValues.get(f.id())).orElse(null);
    }

    public Object max(StructType schema, List<String> path) {
        return leaf(schema, path).map(f -> maxValues.get(f.id())).orElse(null);
    }

    public Long nullCount(StructType schema, List<String> path) {
        return leaf(schema, path).map(f -> nullCounts.get(f.id())).orElse(null);
    }

    private static Optional<StructField> leaf(StructType schema, List<String> path) {
        DataType t = schema.withFieldIds();
        StructField f = null;
        for (String p : path) {
            if (!(t instanceof StructType st)) {
                return Optional.empty();
            }
            Optional<StructField> next = st.field(p);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            f = next.get();
            t = f.type();
        }
        return Optional.ofNullable(f);
    }

    /**
     * Statistics given as nested maps keyed by the columns' physical names (a struct column nests), as Delta's stats
     * JSON has them. Entries for columns the schema does not have are dropped.
     */
    public static FileStats fromColumnPaths(StructType schema, Long numRecords, Map<String, Object> min, Map<String, Object> max,
                                            Map<String, Object> nullCount, Boolean tightBounds) {
        Map<Integer, Object> lo = new LinkedHashMap<>();
        Map<Integer, Object> hi = new LinkedHashMap<>();
        Map<Integer, Long> nulls = new LinkedHashMap<>();
        for (Leaf l : leaves(schema)) {
            Object a = lookup(min, l.physicalPath());
            if (a != null) {
                lo.put(l.id(), a);
            }
            Object b = lookup(max, l.physicalPath());
            if (b != null) {
                hi.put(l.id(), b);
            }
            if (lookup(nullCount, l.physicalPath()) instanceof Number n) {
                nulls.put(l.id(), n.longValue());
            }
        }
        return new FileStats(numRecords, lo, hi, nulls, tightBounds);
    }

    /** The statistics as nested maps keyed by physical column names, in schema order: [min, max, nullCount]. */
    public List<Map<String, Object>> toColumnPaths(StructType schema) {
        Map<String, Object> lo = new LinkedHashMap<>();
        Map<String, Object> hi = new LinkedHashMap<>();
        Map<String, Object> nulls = new LinkedHashMap<>();
        for (Leaf l : leaves(schema)) {
            put(lo, l.physicalPath(), minValues.get(l.id()));
            put(hi, l.physicalPath(), maxValues.get(l.id()));
            put(nulls, l.physicalPath(), nullCounts.get(l.id()));
        }
        return List.of(lo, hi, nulls);
    }

    /** A leaf column: a field that is not a struct, reached through structs only (the columns statistics cover). */
    private record Leaf(int id, List<String> physicalPath) {
    }

    /** The leaves of the last schema asked for: a snapshot converts all its files with one schema instance. */
    private record LeafCache(StructType schema, List<Leaf> leaves) {
    }

    private static volatile LeafCache lastLeaves;

    /** The schema's leaf columns with their field ids; computed once per schema instance, not once per file. */
    private static List<Leaf> leaves(StructType schema) {
        LeafCache c = lastLeaves;
        if (c != null && c.schema() == schema) {
            return c.leaves();
        }
        List<Leaf> out = new ArrayList<>();
        collect(schema.withFieldIds(), List.of(), out);
        List<Leaf> leaves = List.copyOf(out);
        lastLeaves = new LeafCache(schema, leaves);
        return leaves;
    }

    private static void collect(StructType st, List<String> prefix, List<Leaf> out) {
        for (StructField f : st.fields()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(f.physicalName());
            if (f.type() instanceof StructType child) {
                collect(child, path, out);
            } else {
                out.add(new Leaf(f.id(), List.copyOf(path)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> m, List<String> path) {
        Object cur = m;
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> map)) {
                return null;
            }
            cur = ((Map<String, Object>) map).get(p);
        }
        return cur instanceof Map ? null : cur;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, Object value) {
        if (value == null) {
            return;
        }
        Map<String, Object> cur = root;
        for (int i = 0; i < path.size() - 1; i++) {
            cur = (Map<String, Object>) cur.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
        }
        cur.put(path.get(path.size() - 1), value);
    }
}
