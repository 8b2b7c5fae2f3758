package io.floe.iceberg;

import io.floe.table.ColumnarFiles;
import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.table.IntKeyedMap;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The live data files of one manifest, held by column: paths as UTF-8 after the prefix they all share (the table's data
 * location, written out in full by Iceberg for every file), sizes and record counts in arrays, integer bounds and null
 * counts in one array per metric ({@link Columns}), partition values as decoded. A {@link DataFile} is made each time one
 * is asked for (equal each time, not the same object) and not kept: a snapshot of a million files held a million
 * DataFiles with their paths and statistics alive (~380 bytes and nine objects each), which the garbage collector copied
 * while the list was read, and the heap, with the process's resident memory, grew to GBs. Immutable.
 */
final class DecodedFiles extends AbstractList<DataFile> implements RandomAccess, DataFile.Source, io.floe.table.RecordCounts {
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
    /** The files of the arrays this list is: {@code count} from {@code from} (a manifest's part of a {@link Joined} list). */
    private final int from;
    private final int count;

    private DecodedFiles(byte[] prefix, byte[] suffixes, int[] ends, long[] sizes, Columns stats, Map<String, Object>[] partitions,
                         long modificationTime, boolean ascii) {
        this(prefix, suffixes, ends, sizes, stats, partitions, modificationTime, ascii, 0, ends.length);
    }

    private DecodedFiles(byte[] prefix, byte[] suffixes, int[] ends, long[] sizes, Columns stats, Map<String, Object>[] partitions,
                         long modificationTime, boolean ascii, int from, int count) {
        this.from = from;
        this.count = count;
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
        return count;
    }

    @Override
    public DataFile get(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("file " + i + " of " + count);
        }
        int j = from + i;
        // path and statistics made when asked for: a caller listing sizes makes one object per file
        return DataFile.lazy(this, i, partitions == null ? null : partitions[j], sizes[j], modificationTime, true, null, null);
    }

    /** File i's path (without making its DataFile). */
    @Override
    public String path(int i) {
        Objects.checkIndex(i, count);
        return pathAt(from + i);
    }

    /** File i's statistics (without making its DataFile). */
    @Override
    public FileStats stats(int i) {
        Objects.checkIndex(i, count);
        return stats.get(from + i);
    }

    /** The files' record counts summed (a decoded list's files have no deletes: those with deletes are listed apart). */
    @Override
    public Long liveRecords() {
        long n = 0;
        for (int i = from; i < from + count; i++) {
            FileStats other = stats.others() == null ? null : stats.others()[i];
            if (other == null) {
                n += stats.records()[i];
            } else if (other.numRecords() == null) {
                return null;
            } else {
                n += other.numRecords();
            }
        }
        return n;
    }

    /** The path of file i of the arrays: the prefix and its suffix. */
    private String pathAt(int i) {
        return ColumnarFiles.joinPath(prefix, suffixes, i == 0 ? 0 : ends[i - 1], ends[i], ascii);
    }

    /** The same files as a snapshot made at {@code time} lists them (their modification time is the snapshot's). */
    DecodedFiles at(long time) {
        return time == modificationTime ? this : new DecodedFiles(prefix, suffixes, ends, sizes, stats, partitions, time, ascii, from, count);
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
        int n = count;
        int loWidth = stats.loKeys().length;
        int hiWidth = stats.hiKeys().length;
        int[] keep = new int[n];
        int kept = 0;
        files:
        for (int i = 0; i < n; i++) {
            int j = from + i;
            if (stats.records()[j] == 0) {
                continue;
            }
            FileStats other = stats.others() == null ? null : stats.others()[j];
            for (int t = 0; t < terms; t++) {
                boolean excluded;
                if (other != null) {
                    Object lo = other.min(ranges.id(t));
                    Object hi = other.max(ranges.id(t));
                    excluded = ranges.excludes(t, lo instanceof Long, lo instanceof Long l ? l : 0, hi instanceof Long, hi instanceof Long h ? h : 0);
                } else {
                    excluded = ranges.excludes(t, loAt[t] >= 0, loAt[t] < 0 ? 0 : stats.lo()[j * loWidth + loAt[t]],
                            hiAt[t] >= 0, hiAt[t] < 0 ? 0 : stats.hi()[j * hiWidth + hiAt[t]]);
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
                loKeys = ColumnarFiles.statsLayout(lower);
                hiKeys = ColumnarFiles.statsLayout(upper);
                nullKeys = ColumnarFiles.statsLayout(nullCounts);
            }
            if (loKeys != null && hiKeys != null && nullKeys != null && ColumnarFiles.fitsLayout(lower, loKeys)
                    && ColumnarFiles.fitsLayout(upper, hiKeys) && ColumnarFiles.fitsLayout(nullCounts, nullKeys)) {
                lo = ColumnarFiles.putLongs(lo, n, lower, loKeys.length);
                hi = ColumnarFiles.putLongs(hi, n, upper, hiKeys.length);
                nulls = ColumnarFiles.putLongs(nulls, n, nullCounts, nullKeys.length);
            } else {
                stats[n] = new FileStats(recordCount, lower, upper, nullCounts, null);
                others = true;
                // the file's slots in the columns stay unused (zero): its FileStats answers for it
                lo = ColumnarFiles.putLongs(lo, n, null, loKeys == null ? 0 : loKeys.length);
                hi = ColumnarFiles.putLongs(hi, n, null, hiKeys == null ? 0 : hiKeys.length);
                nulls = ColumnarFiles.putLongs(nulls, n, null, nullKeys == null ? 0 : nullKeys.length);
            }
            if (partitioned) {
                // files of one partition are usually written (and listed) together: one map for a run of them
                partitions[n] = n > 0 && Objects.equals(partition, partitions[n - 1]) ? partitions[n - 1]
                        : Collections.unmodifiableMap(partition);
            }
            n++;
        }

        DecodedFiles build() {
            ColumnarFiles.SplitPaths split = ColumnarFiles.splitPaths(paths, ends, n);
            boolean ascii = ColumnarFiles.ascii(paths, 0, pathBytes);
            int[] none = new int[0];
            int[] l = loKeys == null ? none : loKeys;
            int[] h = hiKeys == null ? none : hiKeys;
            int[] z = nullKeys == null ? none : nullKeys;
            Columns columns = new Columns(Arrays.copyOf(records, n), l, Arrays.copyOf(lo, n * l.length), h, Arrays.copyOf(hi, n * h.length),
                    z, Arrays.copyOf(nulls, n * z.length), others ? Arrays.copyOf(stats, n) : null);
            DecodedFiles built = new DecodedFiles(split.prefix(), split.suffixes(), split.ends(), Arrays.copyOf(sizes, n), columns,
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
     * Manifests' lists joined, in order, into one held by column: one set of arrays for a snapshot's files instead of one
     * per manifest. A 1M-file snapshot's thousand small per-manifest arrays lived through the load, were copied into the
     * old generation, and stayed there after the snapshot was dropped until a marking cycle, which a run of loads did not
     * reach (its peak held several snapshots' dead lists); arrays this large are allocated apart (humongous, for G1) and
     * given back at the first collection after they die. Each part is copied as it is added, so it dies young. A part
     * this cannot hold with the others (another layout of statistics, files apart, another path prefix) ends the current
     * run of joined parts and is kept as it is. Not thread-safe.
     */
    static final class Joiner {
        /** The finished pieces, in order: joined runs and parts kept as they are. */
        private final List<List<DataFile>> pieces = new ArrayList<>();
        /** For each part added: its piece, and where it starts in it. */
        private final List<int[]> places = new ArrayList<>();
        private int capacity;
        private DecodedFiles first; // the run's first part: its layout, prefix, time and partitioning are the run's
        private byte[] suffixes;
        private int bytes;
        private int[] ends;
        private long[] sizes;
        private long[] records;
        private long[] lo;
        private long[] hi;
        private long[] nulls;
        private Map<String, Object>[] partitions;
        private boolean ascii;
        private int n;

        /** @param expected how many files the parts are expected to hold (their arrays are made that large at once) */
        Joiner(long expected) {
            this.capacity = (int) Math.max(1024, Math.min(expected, Integer.MAX_VALUE - 8));
        }

        /** Adds a manifest's list (a {@link DecodedFiles} is copied, any other list is kept as it is). */
        void add(List<DataFile> part) {
            if (part instanceof DecodedFiles d && d.stats.others() == null && (first == null || fits(d))) {
                if (first == null) {
                    start(d);
                }
                places.add(new int[] {pieces.size(), n, d.count});
                append(d);
                return;
            }
            endRun();
            places.add(new int[] {pieces.size(), 0, part.size()});
            pieces.add(part);
        }

        private boolean fits(DecodedFiles d) {
            return d.modificationTime == first.modificationTime && (d.partitions == null) == (first.partitions == null)
                    && Arrays.equals(d.stats.loKeys(), first.stats.loKeys()) && Arrays.equals(d.stats.hiKeys(), first.stats.hiKeys())
                    && Arrays.equals(d.stats.nullKeys(), first.stats.nullKeys())
                    && Arrays.mismatch(d.prefix, 0, Math.min(d.prefix.length, first.prefix.length), first.prefix, 0, first.prefix.length) < 0
                    && d.prefix.length >= first.prefix.length;
        }

        @SuppressWarnings("unchecked")
        private void start(DecodedFiles d) {
            first = d;
            n = 0;
            bytes = 0;
            ascii = true;
            int cap = Math.max(capacity, d.count);
            // as many bytes a file as the first part's (paths of one table have the same shape): usually no growing
            long perFile = d.count == 0 ? 32 : suffixBytes(d) / d.count + 1;
            suffixes = new byte[(int) Math.max(1024, Math.min(cap * perFile, Integer.MAX_VALUE - 8))];
            ends = new int[cap];
            sizes = new long[cap];
            records = new long[cap];
            lo = new long[cap * d.stats.loKeys().length];
            hi = new long[cap * d.stats.hiKeys().length];
            nulls = new long[cap * d.stats.nullKeys().length];
            partitions = d.partitions == null ? null : new Map[cap];
        }

        private void append(DecodedFiles d) {
            if (n + d.count > ends.length) {
                int cap = Math.max(ends.length * 2, n + d.count);
                ends = Arrays.copyOf(ends, cap);
                sizes = Arrays.copyOf(sizes, cap);
                records = Arrays.copyOf(records, cap);
                lo = Arrays.copyOf(lo, cap * first.stats.loKeys().length);
                hi = Arrays.copyOf(hi, cap * first.stats.hiKeys().length);
                nulls = Arrays.copyOf(nulls, cap * first.stats.nullKeys().length);
                partitions = partitions == null ? null : Arrays.copyOf(partitions, cap);
            }
            if (d.count == 0) {
                return;
            }
            // the part's prefix beyond the run's goes before each of its suffixes
            int extra = d.prefix.length - first.prefix.length;
            long need = (long) bytes + suffixBytes(d) + (long) extra * d.count;
            if (need > suffixes.length) {
                suffixes = Arrays.copyOf(suffixes, (int) Math.min(Math.max(need, (long) suffixes.length * 2), Integer.MAX_VALUE - 8));
            }
            for (int i = 0; i < d.count; i++) {
                int j = d.from + i;
                int start = j == 0 ? 0 : d.ends[j - 1];
                System.arraycopy(d.prefix, first.prefix.length, suffixes, bytes, extra);
                System.arraycopy(d.suffixes, start, suffixes, bytes + extra, d.ends[j] - start);
                bytes += extra + d.ends[j] - start;
                ends[n + i] = bytes;
            }
            System.arraycopy(d.sizes, d.from, sizes, n, d.count);
            System.arraycopy(d.stats.records(), d.from, records, n, d.count);
            copy(d.stats.lo(), d.stats.loKeys().length, d, lo);
            copy(d.stats.hi(), d.stats.hiKeys().length, d, hi);
            copy(d.stats.nulls(), d.stats.nullKeys().length, d, nulls);
            if (partitions != null) {
                System.arraycopy(d.partitions, d.from, partitions, n, d.count);
            }
            ascii &= d.ascii;
            n += d.count;
        }

        /** The bytes of a part's path suffixes. */
        private static long suffixBytes(DecodedFiles d) {
            return d.count == 0 ? 0 : d.ends[d.from + d.count - 1] - (d.from == 0 ? 0 : d.ends[d.from - 1]);
        }

        private void copy(long[] from, int width, DecodedFiles d, long[] to) {
            System.arraycopy(from, d.from * width, to, n * width, d.count * width);
        }

        /** Ends the run of joined parts: it becomes a piece. */
        private void endRun() {
            if (first == null) {
                return;
            }
            Columns columns = new Columns(fitted(records, n), first.stats.loKeys(), fitted(lo, n * first.stats.loKeys().length),
                    first.stats.hiKeys(), fitted(hi, n * first.stats.hiKeys().length), first.stats.nullKeys(),
                    fitted(nulls, n * first.stats.nullKeys().length), null);
            pieces.add(new DecodedFiles(first.prefix, bytes > suffixes.length - suffixes.length / 8 ? suffixes : Arrays.copyOf(suffixes, bytes),
                    fitted(ends, n), fitted(sizes, n), columns,
                    partitions == null || partitions.length - n <= partitions.length / 8 ? partitions : Arrays.copyOf(partitions, n),
                    first.modificationTime, ascii, 0, n));
            first = null;
            suffixes = null;
            ends = null;
            sizes = records = lo = hi = nulls = null;
            partitions = null;
        }

        /*
         * The run's arrays as they are when they are nearly full (the list uses its first n entries): they were made as
         * large as the manifests said at once, so copying them to their exact length only made a second copy of a
         * million-file snapshot's columns (~65 MB per load, churn that grew the young generation and the process's peak).
         * A run ended early (a part that does not fit) leaves most of its arrays empty: those are copied.
         */
        private static long[] fitted(long[] a, int length) {
            return a.length - length <= a.length / 8 ? a : Arrays.copyOf(a, length);
        }

        private static int[] fitted(int[] a, int length) {
            return a.length - length <= a.length / 8 ? a : Arrays.copyOf(a, length);
        }

        /** The joined lists: the whole list, and each part's files as a list of its own (a view of the whole's arrays). */
        Joined build() {
            endRun();
            List<List<DataFile>> parts = new ArrayList<>(places.size());
            for (int[] place : places) {
                List<DataFile> piece = pieces.get(place[0]);
                parts.add(piece instanceof DecodedFiles d && d.count != place[2]
                        ? new DecodedFiles(d.prefix, d.suffixes, d.ends, d.sizes, d.stats, d.partitions, d.modificationTime, d.ascii,
                        place[1], place[2])
                        : piece);
            }
            int[] pieceEnds = new int[pieces.size()];
            int total = 0;
            for (int i = 0; i < pieces.size(); i++) {
                total += pieces.get(i).size();
                pieceEnds[i] = total;
            }
            List<DataFile> whole = pieces.size() == 1 ? pieces.get(0) : new Concatenated(List.copyOf(pieces), pieceEnds);
            return new Joined(whole, List.copyOf(parts));
        }
    }

    /** What a {@link Joiner} made: the whole list and, in the order they were added, the parts' lists (views of it). */
    record Joined(List<DataFile> whole, List<List<DataFile>> parts) {
    }

    /**
     * Manifests' file lists one after the other, without copying them into one list (copying would make every
     * {@link DecodedFiles}' DataFiles at once and keep them). Immutable.
     */
    static final class Concatenated extends AbstractList<DataFile> implements RandomAccess, io.floe.table.RecordCounts {
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
        public Long liveRecords() {
            long n = 0;
            for (List<DataFile> part : parts) {
                Long r = io.floe.table.RecordCounts.of(part);
                if (r == null) {
                    return null;
                }
                n += r;
            }
            return n;
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
