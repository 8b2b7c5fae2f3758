package io.floe.table;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A snapshot's data files held by column: paths as UTF-8 after the prefix they all share, sizes, modification times and
 * record counts in arrays, the integer bounds and null counts of every file whose statistics have the layout of the
 * first file's (the usual case: a table's files have the same columns) in one array per metric, and only what is rare
 * (another layout, non-integer bounds, deletion vectors, tags) as objects per file. A {@link DataFile} is made each time
 * one is asked for (equal each time, not the same object) and not kept: a million DataFiles with their paths and
 * statistics held alive (~350 bytes and about ten objects each) were most of a large snapshot's live heap, which the
 * garbage collector copied while the list grew. Immutable; built by a {@link Builder}, one file at a time.
 */
public final class ColumnarFiles extends AbstractList<DataFile> implements RandomAccess, DataFile.Source, RecordCounts {
    /** In {@link Stats#others}: the file has no statistics. */
    private static final FileStats NONE = new FileStats(null, null, null, null, null);

    private final byte[] prefix;
    private final byte[] suffixes;
    /** End of file i's path suffix in {@link #suffixes}; it starts where file i - 1's ends. */
    private final int[] ends;
    private final boolean ascii;
    private final long[] sizes;
    /** Null when every file has {@link #time}. */
    private final long[] times;
    private final long time;
    /** The files whose dataChange is false; null when none. */
    private final BitSet noDataChange;
    /** Null when every file's partition values are empty. */
    private final Map<String, Object>[] partitions;
    /** Null when no file has one. */
    private final DeletionVector[] deletionVectors;
    /** Null when no file has tags. */
    private final Map<String, String>[] tags;
    private final Stats stats;

    private ColumnarFiles(byte[] prefix, byte[] suffixes, int[] ends, boolean ascii, long[] sizes, long[] times, long time,
                          BitSet noDataChange, Map<String, Object>[] partitions, DeletionVector[] deletionVectors,
                          Map<String, String>[] tags, Stats stats) {
        this.prefix = prefix;
        this.suffixes = suffixes;
        this.ends = ends;
        this.ascii = ascii;
        this.sizes = sizes;
        this.times = times;
        this.time = time;
        this.noDataChange = noDataChange;
        this.partitions = partitions;
        this.deletionVectors = deletionVectors;
        this.tags = tags;
        this.stats = stats;
    }

    /**
     * The files' statistics: for the files held by column, a record count and {@code width} integer bounds and null
     * counts each (keyed as the layout's), file after file, and the layout's tightBounds; any other file's FileStats as
     * given ({@code others[i]}, {@link #NONE} for none; null at the files held by column, or no array when all are).
     */
    private record Stats(long[] records, int[] loKeys, long[] lo, int[] hiKeys, long[] hi, int[] nullKeys, long[] nulls,
                         Boolean tightBounds, FileStats[] others) {
        FileStats get(int i) {
            if (others != null && others[i] != null) {
                return others[i] == NONE ? null : others[i];
            }
            return new FileStats(records[i], FileStats.longsView(loKeys, lo, i * loKeys.length),
                    FileStats.longsView(hiKeys, hi, i * hiKeys.length), FileStats.longsView(nullKeys, nulls, i * nullKeys.length),
                    tightBounds);
        }
    }

    @Override
    public int size() {
        return ends.length;
    }

    @Override
    public DataFile get(int i) {
        Objects.checkIndex(i, ends.length);
        // path and statistics made when asked for: a caller listing sizes makes one object per file
        return DataFile.lazy(this, i, partitions == null ? null : partitions[i], sizes[i], times == null ? time : times[i],
                noDataChange == null || !noDataChange.get(i), deletionVectors == null ? null : deletionVectors[i],
                tags == null ? null : tags[i]);
    }

    /** File i's path (without making its DataFile). */
    @Override
    public String path(int i) {
        Objects.checkIndex(i, ends.length);
        return joinPath(prefix, suffixes, i == 0 ? 0 : ends[i - 1], ends[i], ascii);
    }

    /** File i's statistics, or null (without making its DataFile). */
    @Override
    public FileStats stats(int i) {
        Objects.checkIndex(i, ends.length);
        return stats.get(i);
    }

    @Override
    public Long liveRecords() {
        long n = 0;
        for (int i = 0; i < ends.length; i++) {
            FileStats other = stats.others() == null ? null : stats.others()[i];
            if (other == null) {
                n += stats.records()[i];
            } else if (other == NONE || other.numRecords() == null) {
                return null;
            } else {
                n += other.numRecords();
            }
            if (deletionVectors != null && deletionVectors[i] != null) {
                n -= deletionVectors[i].cardinality();
            }
        }
        return n;
    }

    /** The thread's buffer a path is put together in before its String copies it: one array fewer per file listed. */
    private static final ThreadLocal<byte[][]> PATH = ThreadLocal.withInitial(() -> new byte[][] {new byte[256]});

    /**
     * A path held as a shared prefix and a suffix ({@code suffixes[start, end)}), UTF-8 (or ASCII, when {@code ascii}),
     * joined in the thread's buffer: the String makes the only copy kept. For column-held file lists of every format.
     */
    public static String joinPath(byte[] prefix, byte[] suffixes, int start, int end, boolean ascii) {
        int length = prefix.length + end - start;
        byte[][] held = PATH.get();
        if (held[0].length < length) {
            held[0] = new byte[Math.max(length, held[0].length * 2)];
        }
        byte[] path = held[0];
        System.arraycopy(prefix, 0, path, 0, prefix.length);
        System.arraycopy(suffixes, start, path, prefix.length, end - start);
        // ASCII (the usual path) is Latin-1 too: the String takes the bytes without decoding them
        return new String(path, 0, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /**
     * Paths held as the bytes they all start with and each one's rest: {@code suffixes} holds the rests one after the
     * other, path i's ending at {@code ends[i]}.
     */
    public record SplitPaths(byte[] prefix, byte[] suffixes, int[] ends) {
    }

    /**
     * {@code n} paths laid one after the other in {@code paths} (path i ends at {@code ends[i]}) split into the prefix
     * they share, cut after a '/' so that it never ends inside a UTF-8 character, and their rests.
     */
    public static SplitPaths splitPaths(byte[] paths, int[] ends, int n) {
        int common = n == 0 ? 0 : ends[0];
        for (int i = 1; i < n && common > 0; i++) {
            int start = ends[i - 1];
            int len = Math.min(common, ends[i] - start);
            // vectorized by the JIT: a million paths' prefixes were compared byte by byte before
            int differ = Arrays.mismatch(paths, 0, len, paths, start, start + len);
            common = differ < 0 ? len : differ;
        }
        while (common > 0 && paths[common - 1] != '/') {
            common--;
        }
        int total = n == 0 ? 0 : ends[n - 1];
        byte[] suffixes = new byte[total - n * common];
        int[] cut = new int[n];
        int at = 0;
        for (int i = 0; i < n; i++) {
            int start = (i == 0 ? 0 : ends[i - 1]) + common;
            int len = ends[i] - start;
            System.arraycopy(paths, start, suffixes, at, len);
            at += len;
            cut[i] = at;
        }
        return new SplitPaths(Arrays.copyOf(paths, common), suffixes, cut);
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Whether {@code bytes[from, to)} are all ASCII (eight at a time). */
    public static boolean ascii(byte[] bytes, int from, int to) {
        long high = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            high |= (long) LONGS.get(bytes, i);
        }
        for (; i < to; i++) {
            high |= bytes[i];
        }
        return (high & 0x8080808080808080L) == 0;
    }

    /**
     * A file's statistics map's keys if all its values are Longs and it gives them by index, else null: the layout of the
     * columns a column-held file list (of either format) keeps its files' integer statistics in.
     */
    public static int[] statsLayout(Map<Integer, ?> m) {
        if (m.isEmpty()) {
            return new int[0];
        }
        if (!(m instanceof IntKeyedMap<?> ints)) {
            return null;
        }
        int[] keys = new int[ints.count()];
        for (int i = 0; i < keys.length; i++) {
            if (!ints.isLong(i)) {
                return null;
            }
            keys[i] = ints.keyAt(i);
        }
        return keys;
    }

    /** Whether {@code m} has the layout {@code keys} ({@link #statsLayout}): those keys in that order, Longs only. */
    public static boolean fitsLayout(Map<Integer, ?> m, int[] keys) {
        if (m.isEmpty()) {
            return keys.length == 0;
        }
        if (!(m instanceof IntKeyedMap<?> ints) || ints.count() != keys.length) {
            return false;
        }
        for (int i = 0; i < keys.length; i++) {
            if (ints.keyAt(i) != keys[i] || !ints.isLong(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes file {@code file}'s {@code width} values of {@code m} (a map of the layout; zeros when null) into
     * {@code column}, grown as needed.
     */
    public static long[] putLongs(long[] column, int file, Map<Integer, ?> m, int width) {
        int at = file * width;
        if (at + width > column.length) {
            column = Arrays.copyOf(column, Math.max(column.length * 2, at + width));
        }
        IntKeyedMap<?> ints = m == null || width == 0 ? null : (IntKeyedMap<?>) m;
        for (int i = 0; i < width; i++) {
            column[at + i] = ints == null ? 0 : ints.longAt(i);
        }
        return column;
    }

    /** File i's size in bytes (without making its DataFile). */
    public long fileSize(int i) {
        return sizes[i];
    }

    /**
     * Collects files one by one (in list order), then {@link #build()}s the list. Not thread-safe; the maps given are
     * copied or read at once, so a caller may reuse its own afterwards.
     */
    public static final class Builder {
        private byte[] paths = new byte[16 * 1024];
        private int pathBytes;
        private boolean ascii = true;
        private int[] ends = new int[1024];
        private long[] sizes = new long[1024];
        private long[] times = new long[1024];
        private boolean sameTime = true;
        private final BitSet noDataChange = new BitSet();
        private Map<String, Object>[] partitions; // made at the first file that has any
        private DeletionVector[] deletionVectors;
        private Map<String, String>[] tags;
        private long[] records = new long[1024];
        /** The layout of the files held by column, from the first file with a record count; unset until then. */
        private boolean layoutSet;
        private int[] loKeys;
        private int[] hiKeys;
        private int[] nullKeys;
        private Boolean tightBounds;
        private long[] lo = new long[1024];
        private long[] hi = new long[1024];
        private long[] nulls = new long[1024];
        private FileStats[] others; // made at the first file not held by column
        private int n;
        /** How many files the caller expects (0: unknown): the arrays are made that large at once, not grown. */
        private final int expected;
        /** The last {@link #build()} took the arrays as they are: the next change copies them first. */
        private boolean shared;

        public Builder() {
            this(0);
        }

        /**
         * A builder for about {@code expected} files: arrays of that size from the start, and a list built at exactly
         * that many files takes them as they are. Growing by doubling to a million files made ~60 MB of arrays twice
         * over (each a humongous object that started a concurrent collection), and the list then copied them again.
         */
        public Builder(int expected) {
            this.expected = Math.max(0, expected);
            if (this.expected > ends.length) {
                ends = new int[this.expected];
                sizes = new long[this.expected];
                times = new long[this.expected];
                records = new long[this.expected];
            }
        }

        /** Before a change after {@link #build()}: the built list keeps the arrays it took. */
        private void unshare() {
            if (!shared) {
                return;
            }
            shared = false;
            paths = paths.clone();
            ends = ends.clone();
            sizes = sizes.clone();
            times = times.clone();
            records = records.clone();
            lo = lo.clone();
            hi = hi.clone();
            nulls = nulls.clone();
            partitions = partitions == null ? null : partitions.clone();
            deletionVectors = deletionVectors == null ? null : deletionVectors.clone();
            tags = tags == null ? null : tags.clone();
            others = others == null ? null : others.clone();
        }

        /** How many files so far. */
        public int size() {
            return n;
        }

        /** Forgets every file added (to start again). */
        public void clear() {
            unshare();
            pathBytes = 0;
            ascii = true;
            sameTime = true;
            noDataChange.clear();
            partitions = null;
            deletionVectors = null;
            tags = null;
            layoutSet = false;
            loKeys = hiKeys = nullKeys = null;
            tightBounds = null;
            others = null;
            n = 0;
        }

        /** Adds {@code f} (it is not kept: its parts are copied into the columns, or kept where they are rare). */
        public Builder add(DataFile f) {
            return add(f.path(), f.partitionValues(), f.size(), f.modificationTime(), f.dataChange(), f.stats(),
                    f.deletionVector(), f.tags());
        }

        /**
         * Adds a file from its parts, as {@link DataFile}'s constructor takes them ({@code partitionValues} and
         * {@code tags} are kept as given when not empty: pass maps nobody changes afterwards).
         */
        public Builder add(String path, Map<String, Object> partitionValues, long size, long modificationTime, boolean dataChange,
                           FileStats stats, DeletionVector deletionVector, Map<String, String> tags) {
            addFile(path, partitionValues, size, modificationTime, dataChange, deletionVector, tags);
            if (stats == null) {
                apart(NONE);
            } else {
                addStats(stats.numRecords(), stats.minValues(), stats.maxValues(), stats.nullCounts(), stats.tightBounds(), stats);
            }
            n++;
            return this;
        }

        /**
         * Adds a file whose statistics are given by their parts, as {@link FileStats}' constructor takes them: what a
         * decoder fills for each file, without making a FileStats the columns would take apart again. The statistics'
         * maps are read now and not kept (the caller may refill them for its next file); the other maps as in
         * {@link #add(String, Map, long, long, boolean, FileStats, DeletionVector, Map)}.
         */
        public Builder add(String path, Map<String, Object> partitionValues, long size, long modificationTime, boolean dataChange,
                           Long numRecords, Map<Integer, Object> minValues, Map<Integer, Object> maxValues,
                           Map<Integer, Long> nullCounts, Boolean tightBounds, DeletionVector deletionVector, Map<String, String> tags) {
            addFile(path, partitionValues, size, modificationTime, dataChange, deletionVector, tags);
            addStats(numRecords, minValues == null ? Map.of() : minValues, maxValues == null ? Map.of() : maxValues,
                    nullCounts == null ? Map.of() : nullCounts, tightBounds, null);
            n++;
            return this;
        }

        /** Everything of file n but its statistics. */
        private void addFile(String path, Map<String, Object> partitionValues, long size, long modificationTime, boolean dataChange,
                             DeletionVector deletionVector, Map<String, String> tags) {
            Objects.requireNonNull(path, "path");
            unshare();
            grow();
            addPath(path);
            sizes[n] = size;
            times[n] = modificationTime;
            sameTime &= modificationTime == times[0];
            if (!dataChange) {
                noDataChange.set(n);
            }
            if (partitionValues != null && !partitionValues.isEmpty()) {
                if (partitions == null) {
                    partitions = newMaps(ends.length);
                }
                // files of one partition are usually written (and listed) together: one map for a run of them
                Map<String, Object> previous = n > 0 ? partitions[n - 1] : null;
                partitions[n] = partitionValues.equals(previous) ? previous : Collections.unmodifiableMap(partitionValues);
            }
            if (deletionVector != null) {
                if (deletionVectors == null) {
                    deletionVectors = new DeletionVector[ends.length];
                }
                deletionVectors[n] = deletionVector;
            }
            if (tags != null && !tags.isEmpty()) {
                if (this.tags == null) {
                    this.tags = newMaps(ends.length);
                }
                this.tags[n] = Collections.unmodifiableMap(tags);
            }
        }

        @SuppressWarnings("unchecked")
        private static <V> Map<String, V>[] newMaps(int length) {
            return new Map[length];
        }

        private void grow() {
            if (n < ends.length) {
                return;
            }
            int cap = n * 2;
            ends = Arrays.copyOf(ends, cap);
            sizes = Arrays.copyOf(sizes, cap);
            times = Arrays.copyOf(times, cap);
            records = Arrays.copyOf(records, cap);
            if (partitions != null) {
                partitions = Arrays.copyOf(partitions, cap);
            }
            if (deletionVectors != null) {
                deletionVectors = Arrays.copyOf(deletionVectors, cap);
            }
            if (tags != null) {
                tags = Arrays.copyOf(tags, cap);
            }
            if (others != null) {
                others = Arrays.copyOf(others, cap);
            }
        }

        private void addPath(String path) {
            int len = path.length();
            if (n == 0 && expected > 0) {
                // as many bytes a file as the first path's, and a little more (one table's paths have one shape)
                paths = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(paths.length, (long) expected * (len + 8)))];
            }
            if (pathBytes + len > paths.length) {
                paths = Arrays.copyOf(paths, Math.max(paths.length * 2, pathBytes + len));
            }
            int at = pathBytes;
            int i = 0;
            while (i < len) {
                char ch = path.charAt(i);
                if (ch >= 0x80) {
                    break;
                }
                paths[at + i] = (byte) ch;
                i++;
            }
            if (i < len) {
                // not ASCII: the whole path as UTF-8 (more bytes than chars)
                byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
                if (at + utf8.length > paths.length) {
                    paths = Arrays.copyOf(paths, Math.max(paths.length * 2, at + utf8.length));
                }
                System.arraycopy(utf8, 0, paths, at, utf8.length);
                len = utf8.length;
                ascii = false;
            }
            pathBytes = at + len;
            ends[n] = pathBytes;
        }

        /**
         * File n's statistics: into the columns when they fit the layout (set by the first file with a record count),
         * else kept apart as {@code given} (or a FileStats made of the parts).
         */
        private void addStats(Long numRecords, Map<Integer, ?> lower, Map<Integer, ?> upper, Map<Integer, Long> nullCounts,
                              Boolean tight, FileStats given) {
            if (numRecords != null && !layoutSet) {
                layoutSet = true;
                loKeys = statsLayout(lower);
                hiKeys = statsLayout(upper);
                nullKeys = statsLayout(nullCounts);
                tightBounds = tight;
                if (expected > n) {
                    lo = presized(lo, loKeys);
                    hi = presized(hi, hiKeys);
                    nulls = presized(nulls, nullKeys);
                }
            }
            if (numRecords != null && loKeys != null && hiKeys != null && nullKeys != null && Objects.equals(tight, tightBounds)
                    && fitsLayout(lower, loKeys) && fitsLayout(upper, hiKeys) && fitsLayout(nullCounts, nullKeys)) {
                records[n] = numRecords;
                lo = putLongs(lo, n, lower, loKeys.length);
                hi = putLongs(hi, n, upper, hiKeys.length);
                nulls = putLongs(nulls, n, nullCounts, nullKeys.length);
                return;
            }
            @SuppressWarnings("unchecked")
            FileStats apart = given != null ? given
                    : new FileStats(numRecords, (Map<Integer, Object>) lower, (Map<Integer, Object>) upper, nullCounts, tight);
            apart(apart);
        }

        /** {@code column} large enough for the expected files' values of {@code keys} (its values so far kept). */
        private long[] presized(long[] column, int[] keys) {
            long want = keys == null ? 0 : (long) expected * keys.length;
            return want > column.length && want < Integer.MAX_VALUE - 8 ? Arrays.copyOf(column, (int) want) : column;
        }

        /** Keeps file n's statistics apart ({@link #NONE}: none). */
        private void apart(FileStats s) {
            if (others == null) {
                others = new FileStats[ends.length];
            }
            others[n] = s;
            // the file's slots in the columns stay unused (zero): its FileStats answers for it
            lo = putLongs(lo, n, null, loKeys == null ? 0 : loKeys.length);
            hi = putLongs(hi, n, null, hiKeys == null ? 0 : hiKeys.length);
            nulls = putLongs(nulls, n, null, nullKeys == null ? 0 : nullKeys.length);
        }

        /** The list of the files added so far (the builder may go on, or be cleared, afterwards). */
        public ColumnarFiles build() {
            SplitPaths split = splitPaths(paths, ends, n);
            int[] none = new int[0];
            int[] l = loKeys == null ? none : loKeys;
            int[] h = hiKeys == null ? none : hiKeys;
            int[] z = nullKeys == null ? none : nullKeys;
            shared = true; // arrays of exactly the right length are taken as they are (see unshare)
            Stats stats = new Stats(exact(records, n), l, exact(lo, n * l.length), h, exact(hi, n * h.length),
                    z, exact(nulls, n * z.length), tightBounds, others == null ? null : exact(others, n));
            return new ColumnarFiles(split.prefix(), split.suffixes(), split.ends(), ascii, exact(sizes, n), sameTime || n == 0 ? null : exact(times, n),
                    n == 0 ? 0 : times[0], noDataChange.isEmpty() ? null : (BitSet) noDataChange.clone(),
                    partitions == null ? null : exact(partitions, n),
                    deletionVectors == null ? null : exact(deletionVectors, n), tags == null ? null : exact(tags, n), stats);
        }

        private static long[] exact(long[] a, int length) {
            return a.length == length ? a : Arrays.copyOf(a, length);
        }

        private static <T> T[] exact(T[] a, int length) {
            return a.length == length ? a : Arrays.copyOf(a, length);
        }
    }
}
