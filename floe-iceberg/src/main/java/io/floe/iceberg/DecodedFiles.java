package io.floe.iceberg;

import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.table.IntKeyedMap;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/**
 * The live data files of one manifest, held by column: paths as UTF-8 after the prefix they all share (the table's data
 * location, written out in full by Iceberg for every file), sizes and record counts in arrays, integer bounds and null
 * counts in one array per metric ({@link Columns}), partition values as decoded. A {@link DataFile} is made each time one
 * is asked for (equal each time, not the same object) and not kept: a snapshot of a million files held a million
 * DataFiles with their paths and statistics alive (~380 bytes and nine objects each), which the garbage collector copied
 * while the list was read, and the heap, with the process's resident memory, grew to GBs. Immutable.
 */
final class DecodedFiles extends AbstractList<DataFile> implements RandomAccess {
    private final byte[] prefix;
    private final byte[] suffixes;
    /** End of file i's path suffix in {@link #suffixes}; it starts where file i - 1's ends. */
    private final int[] ends;
    private final long[] sizes;
    private final Columns stats;
    /** Null when the manifest's spec is unpartitioned (every file's values are empty). */
    private final Map<String, Object>[] partitions;
    private final long modificationTime;
    private final boolean ascii;

    private DecodedFiles(byte[] prefix, byte[] suffixes, int[] ends, long[] sizes, Columns stats, Map<String, Object>[] partitions,
                         long modificationTime, boolean ascii) {
        this.prefix = prefix;
        this.suffixes = suffixes;
        this.ends = ends;
        this.sizes = sizes;
        this.stats = stats;
        this.partitions = partitions;
        this.modificationTime = modificationTime;
        this.ascii = ascii;
    }

    /**
     * The files' statistics: record counts, and the integer bounds and null counts of the files whose columns are those
     * of the manifest's first file (the usual case: every file of a table has the same columns) in one array per metric,
     * file after file; any other file's FileStats as decoded ({@code others[i]}, null for the files held by column).
     */
    private record Columns(long[] records, int[] loKeys, long[] lo, int[] hiKeys, long[] hi, int[] nullKeys, long[] nulls,
                           FileStats[] others) {
        FileStats get(int i) {
            if (others != null && others[i] != null) {
                return others[i];
            }
            return new FileStats(records[i], FileStats.longsView(loKeys, lo, i * loKeys.length),
                    FileStats.longsView(hiKeys, hi, i * hiKeys.length), FileStats.longsView(nullKeys, nulls, i * nullKeys.length), null);
        }
    }

    @Override
    public int size() {
        return ends.length;
    }

    @Override
    public DataFile get(int i) {
        if (i < 0 || i >= ends.length) {
            throw new IndexOutOfBoundsException("file " + i + " of " + ends.length);
        }
        return new DataFile(path(i), partitions == null ? Map.of() : partitions[i], sizes[i], modificationTime, true, stats.get(i), null,
                Map.of());
    }

    /** The thread's buffer a path is put together in before its String copies it: one array fewer per file listed. */
    private static final ThreadLocal<byte[][]> PATH = ThreadLocal.withInitial(() -> new byte[][] {new byte[256]});

    /** File i's path: the prefix and its suffix, joined in the thread's buffer (the String makes the only copy kept). */
    String path(int i) {
        int start = i == 0 ? 0 : ends[i - 1];
        int length = prefix.length + ends[i] - start;
        byte[][] held = PATH.get();
        if (held[0].length < length) {
            held[0] = new byte[Math.max(length, held[0].length * 2)];
        }
        byte[] path = held[0];
        System.arraycopy(prefix, 0, path, 0, prefix.length);
        System.arraycopy(suffixes, start, path, prefix.length, ends[i] - start);
        // ASCII (the usual path) is Latin-1 too: the String takes the bytes without decoding them
        return new String(path, 0, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** The same files as a snapshot made at {@code time} lists them (their modification time is the snapshot's). */
    DecodedFiles at(long time) {
        return time == modificationTime ? this : new DecodedFiles(prefix, suffixes, ends, sizes, stats, partitions, time, ascii);
    }

    /**
     * The files {@code ranges} may match, judged on the held bounds alone (no DataFile made for those left out): a file
     * without rows matches nothing, one whose integer lower or upper bound rules a comparison out does not match, and
     * anything unknown may match. Looser than Iceberg's evaluator by one rule (a column of nulls only: value counts are not
     * held), which the pruning after planning applies.
     */
    List<DataFile> select(ManifestDecoder.IntegerRanges ranges) {
        int terms = ranges.size();
        int[] loAt = new int[terms];
        int[] hiAt = new int[terms];
        for (int t = 0; t < terms; t++) {
            loAt[t] = indexOf(stats.loKeys(), ranges.id(t));
            hiAt[t] = indexOf(stats.hiKeys(), ranges.id(t));
        }
        int n = ends.length;
        int loWidth = stats.loKeys().length;
        int hiWidth = stats.hiKeys().length;
        int[] keep = new int[n];
        int kept = 0;
        files:
        for (int i = 0; i < n; i++) {
            if (stats.records()[i] == 0) {
                continue;
            }
            FileStats other = stats.others() == null ? null : stats.others()[i];
            for (int t = 0; t < terms; t++) {
                boolean excluded;
                if (other != null) {
                    Object lo = other.min(ranges.id(t));
                    Object hi = other.max(ranges.id(t));
                    excluded = ranges.excludes(t, lo instanceof Long, lo instanceof Long l ? l : 0, hi instanceof Long, hi instanceof Long h ? h : 0);
                } else {
                    excluded = ranges.excludes(t, loAt[t] >= 0, loAt[t] < 0 ? 0 : stats.lo()[i * loWidth + loAt[t]],
                            hiAt[t] >= 0, hiAt[t] < 0 ? 0 : stats.hi()[i * hiWidth + hiAt[t]]);
                }
                if (excluded) {
                    continue files;
                }
            }
            keep[kept++] = i;
        }
        if (kept == n) {
            return this;
        }
        int[] picked = Arrays.copyOf(keep, kept);
        return new AbstractList<>() {
            @Override
            public DataFile get(int i) {
                return DecodedFiles.this.get(picked[i]);
            }

            @Override
            public int size() {
                return picked.length;
            }
        };
    }

    private static int indexOf(int[] keys, int key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Collects a manifest's files one by one, then {@link #build()}s the list. Its growable arrays are the thread's, kept
     * for its next manifest (one builder per thread at a time: a manifest is read whole on one thread): only the built
     * list's exact-size arrays are new per manifest.
     */
    static final class Builder {
        private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

        private static final class Scratch {
            private byte[] paths = new byte[16 * 1024];
            private int[] ends = new int[256];
            private long[] sizes = new long[256];
            private long[] records = new long[256];
            private long[] lo = new long[256];
            private long[] hi = new long[256];
            private long[] nulls = new long[256];
            private FileStats[] stats = new FileStats[256];
            @SuppressWarnings("unchecked")
            private Map<String, Object>[] partitions = new Map[256];
        }

        /** The largest arrays a thread keeps for its next manifest (a manifest of ~100,000 files). */
        private static final int KEPT_BYTES = 16 << 20;
        private static final int KEPT_FILES = 128 * 1024;

        private final long modificationTime;
        private final boolean partitioned;
        private final Scratch scratch = SCRATCH.get();
        private byte[] paths = scratch.paths;
        private int pathBytes;
        private int[] ends = scratch.ends;
        private long[] sizes = scratch.sizes;
        private long[] records = scratch.records;
        /** The first file's keys of each metric, if its values are all integers: the layout of the columns. */
        private int[] loKeys;
        private int[] hiKeys;
        private int[] nullKeys;
        private long[] lo = scratch.lo;
        private long[] hi = scratch.hi;
        private long[] nulls = scratch.nulls;
        /** The files not held by column (null at the others); any at all: {@link #others}. */
        private FileStats[] stats = scratch.stats;
        private boolean others;
        private Map<String, Object>[] partitions = scratch.partitions;
        private int n;

        Builder(long modificationTime, boolean partitioned) {
            this.modificationTime = modificationTime;
            this.partitioned = partitioned;
        }

        /**
         * Adds a file: its path as {@code length} UTF-8 bytes of {@code path}, its statistics as decoded (copied here: the
         * maps may be reused after); {@code partition} is ignored when unpartitioned.
         */
        void add(byte[] path, int length, long size, long recordCount, IntKeyedMap<Object> lower, IntKeyedMap<Object> upper,
                 IntKeyedMap<Long> nullCounts, Map<String, Object> partition) {
            if (n == ends.length) {
                int cap = n * 2;
                ends = Arrays.copyOf(ends, cap);
                sizes = Arrays.copyOf(sizes, cap);
                records = Arrays.copyOf(records, cap);
                stats = Arrays.copyOf(stats, cap);
                partitions = Arrays.copyOf(partitions, cap);
            }
            if (pathBytes + length > paths.length) {
                paths = Arrays.copyOf(paths, Math.max(paths.length * 2, pathBytes + length));
            }
            System.arraycopy(path, 0, paths, pathBytes, length);
            pathBytes += length;
            ends[n] = pathBytes;
            sizes[n] = size;
            records[n] = recordCount;
            if (n == 0) {
                loKeys = layout(lower);
                hiKeys = layout(upper);
                nullKeys = layout(nullCounts);
            }
            if (loKeys != null && hiKeys != null && nullKeys != null && fits(lower, loKeys) && fits(upper, hiKeys) && fits(nullCounts, nullKeys)) {
                lo = put(lo, lower, loKeys.length);
                hi = put(hi, upper, hiKeys.length);
                nulls = put(nulls, nullCounts, nullKeys.length);
            } else {
                stats[n] = new FileStats(recordCount, lower, upper, nullCounts, null);
                others = true;
                // the file's slots in the columns stay unused (zero): its FileStats answers for it
                lo = put(lo, null, loKeys == null ? 0 : loKeys.length);
                hi = put(hi, null, hiKeys == null ? 0 : hiKeys.length);
                nulls = put(nulls, null, nullKeys == null ? 0 : nullKeys.length);
            }
            if (partitioned) {
                // files of one partition are usually written (and listed) together: one map for a run of them
                partitions[n] = n > 0 && java.util.Objects.equals(partition, partitions[n - 1]) ? partitions[n - 1] : partition;
            }
            n++;
        }

        /** The map's keys if all its values are integers, else null (no file is held by column then). */
        private static int[] layout(IntKeyedMap<?> m) {
            int[] keys = new int[m.count()];
            for (int i = 0; i < keys.length; i++) {
                if (!(m.valueAt(i) instanceof Long)) {
                    return null;
                }
                keys[i] = m.keyAt(i);
            }
            return keys;
        }

        private static boolean fits(IntKeyedMap<?> m, int[] keys) {
            if (m.count() != keys.length) {
                return false;
            }
            for (int i = 0; i < keys.length; i++) {
                if (m.keyAt(i) != keys[i] || !(m.valueAt(i) instanceof Long)) {
                    return false;
                }
            }
            return true;
        }

        /** Writes file n's {@code width} values (zeros when {@code m} is null) into {@code column}, grown as needed. */
        private long[] put(long[] column, IntKeyedMap<?> m, int width) {
            int at = n * width;
            if (at + width > column.length) {
                column = Arrays.copyOf(column, Math.max(column.length * 2, at + width));
            }
            for (int i = 0; i < width; i++) {
                column[at + i] = m == null ? 0 : (Long) m.valueAt(i);
            }
            return column;
        }

        DecodedFiles build() {
            // the bytes every path starts with, cut after a '/' so that it never ends inside a UTF-8 character
            int common = n == 0 ? 0 : ends[0];
            for (int i = 1; i < n && common > 0; i++) {
                int start = ends[i - 1];
                int len = Math.min(common, ends[i] - start);
                int j = 0;
                while (j < len && paths[j] == paths[start + j]) {
                    j++;
                }
                common = j;
            }
            while (common > 0 && paths[common - 1] != '/') {
                common--;
            }
            byte[] prefix = Arrays.copyOf(paths, common);
            byte[] suffixes = new byte[pathBytes - n * common];
            int[] cut = new int[n];
            boolean ascii = true;
            int at = 0;
            for (int i = 0; i < n; i++) {
                int start = (i == 0 ? 0 : ends[i - 1]) + common;
                int len = ends[i] - start;
                System.arraycopy(paths, start, suffixes, at, len);
                at += len;
                cut[i] = at;
            }
            for (int i = 0; i < pathBytes; i++) {
                ascii &= paths[i] >= 0;
            }
            int[] none = new int[0];
            int[] l = loKeys == null ? none : loKeys;
            int[] h = hiKeys == null ? none : hiKeys;
            int[] z = nullKeys == null ? none : nullKeys;
            Columns columns = new Columns(Arrays.copyOf(records, n), l, Arrays.copyOf(lo, n * l.length), h, Arrays.copyOf(hi, n * h.length),
                    z, Arrays.copyOf(nulls, n * z.length), others ? Arrays.copyOf(stats, n) : null);
            DecodedFiles built = new DecodedFiles(prefix, suffixes, cut, Arrays.copyOf(sizes, n), columns,
                    partitioned ? Arrays.copyOf(partitions, n) : null, modificationTime, ascii);
            // the grown arrays serve the thread's next manifest; what they refer to is not kept alive by them
            Arrays.fill(stats, 0, n, null);
            Arrays.fill(partitions, 0, n, null);
            if (paths.length <= KEPT_BYTES) {
                scratch.paths = paths;
            }
            if (ends.length <= KEPT_FILES) {
                scratch.ends = ends;
                scratch.sizes = sizes;
                scratch.records = records;
                scratch.stats = stats;
                scratch.partitions = partitions;
            }
            if (lo.length <= KEPT_FILES * 4 && hi.length <= KEPT_FILES * 4 && nulls.length <= KEPT_FILES * 4) {
                scratch.lo = lo;
                scratch.hi = hi;
                scratch.nulls = nulls;
            }
            return built;
        }
    }

    /**
     * Manifests' file lists one after the other, without copying them into one list (copying would make every
     * {@link DecodedFiles}' DataFiles at once and keep them). Immutable.
     */
    static final class Concatenated extends AbstractList<DataFile> implements RandomAccess {
        private final List<List<DataFile>> parts;
        /** Where part i ends in the whole list. */
        private final int[] ends;

        Concatenated(List<List<DataFile>> parts, int[] ends) {
            this.parts = parts;
            this.ends = ends;
        }

        @Override
        public int size() {
            return ends.length == 0 ? 0 : ends[ends.length - 1];
        }

        @Override
        public DataFile get(int i) {
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("file " + i + " of " + size());
            }
            int part = Arrays.binarySearch(ends, i);
            // the first part ending after i (parts may be empty: equal ends)
            part = part < 0 ? -part - 1 : part + 1;
            while (ends[part] <= i) {
                part++;
            }
            return parts.get(part).get(i - (part == 0 ? 0 : ends[part - 1]));
        }

        @Override
        public Iterator<DataFile> iterator() {
            return new Iterator<>() {
                private int part;
                private int next;

                @Override
                public boolean hasNext() {
                    while (part < parts.size() && next >= parts.get(part).size()) {
                        part++;
                        next = 0;
                    }
                    return part < parts.size();
                }

                @Override
                public DataFile next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return parts.get(part).get(next++);
                }
            };
        }
    }
}
