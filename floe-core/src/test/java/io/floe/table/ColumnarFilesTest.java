package io.floe.table;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A list of files held by column gives back DataFiles equal to the ones added, in order, whatever mix of files it is
 * given: the ones its columns hold (same integer statistics layout) and every kind it keeps apart.
 */
class ColumnarFilesTest {
    private static Map<Integer, Object> ids(Object... kv) {
        Map<Integer, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((Integer) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<Integer, Long> counts(Object... kv) {
        Map<Integer, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((Integer) kv[i], (Long) kv[i + 1]);
        }
        return m;
    }

    private static DataFile file(String path, long size, FileStats stats) {
        return new DataFile(path, Map.of(), size, 1000, true, stats, null, Map.of());
    }

    /** Files of every kind the list keeps apart, between files its columns hold. */
    static List<DataFile> mixed() {
        List<DataFile> out = new ArrayList<>();
        out.add(file("dir/a.parquet", 10, null)); // no statistics before the first with a record count
        out.add(file("dir/b.parquet", 11, new FileStats(null, ids(1, 5L), null, null, null))); // no record count
        out.add(file("dir/c.parquet", 12, new FileStats(3L, ids(1, 1L, 2, -7L), ids(1, 9L, 2, 7L), counts(1, 0L, 2, 1L), true)));
        out.add(file("dir/d.parquet", 13, new FileStats(4L, ids(1, 2L, 2, Long.MIN_VALUE), ids(1, 8L, 2, Long.MAX_VALUE),
                counts(1, 0L, 2, 0L), true)));
        out.add(file("dir/e.parquet", 14, new FileStats(4L, ids(1, 2L, 2, 2.5), ids(1, 8L, 2, "z"), counts(1, 0L, 2, 0L), true))); // not integers
        out.add(file("dir/f.parquet", 15, new FileStats(4L, ids(2, 2L, 1, 1L), ids(1, 8L, 2, 3L), counts(1, 0L, 2, 0L), true))); // other order
        out.add(file("dir/g.parquet", 16, new FileStats(4L, ids(1, 2L), ids(1, 8L, 2, 3L), counts(1, 0L, 2, 0L), true))); // fewer
        out.add(file("dir/h.parquet", 17, new FileStats(4L, ids(1, 2L, 2, 3L), ids(1, 8L, 2, 3L), counts(1, 0L, 2, 0L), false))); // tightBounds
        out.add(file("dir/i.parquet", 18, new FileStats(4L, ids(1, 2L, 2, 3L), ids(1, 8L, 2, 3L), counts(1, 0L, 2, 0L), null)));
        out.add(file("dir/j.parquet", 19, null));
        out.add(file("dir/k.parquet", 20, new FileStats(0L, null, null, null, true))); // empty maps
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("p", 1L);
        part.put("q", null);
        out.add(new DataFile("dir/p=1/l.parquet", part, 21, 2000, false,
                new FileStats(5L, ids(1, 0L, 2, 0L), ids(1, 1L, 2, 1L), counts(1, 0L, 2, 0L), true),
                new DeletionVector("u", "abc", 1, 34, 2), Map.of("k", "v")));
        out.add(new DataFile("dir/p=1/m.parquet", new LinkedHashMap<>(part), 22, 2000, true, null, null, Map.of()));
        out.add(file("dir/é ü/n.parquet", 23, new FileStats(6L, ids(1, 3L, 2, 3L), ids(1, 4L, 2, 4L), counts(1, 1L, 2, 1L), true)));
        Map<Integer, Object> wide = new LinkedHashMap<>();
        for (int k = 0; k < 40; k++) {
            wide.put(k, (long) k); // beyond FileStats' compact maps: a hashed map
        }
        out.add(file("dir/o.parquet", 24, new FileStats(7L, wide, wide, null, true)));
        return out;
    }

    private static ColumnarFiles build(List<DataFile> files) {
        ColumnarFiles.Builder b = new ColumnarFiles.Builder();
        files.forEach(b::add);
        return b.build();
    }

    @Test
    void givesBackEqualFilesOfEveryKindInOrder() {
        List<DataFile> files = mixed();
        ColumnarFiles list = build(files);
        assertEquals(files.size(), list.size());
        for (int i = 0; i < files.size(); i++) {
            assertEquals(files.get(i), list.get(i), "file " + i);
            assertEquals(files.get(i).path(), list.path(i));
            assertEquals(files.get(i).size(), list.fileSize(i));
        }
        assertEquals(files, list);
        assertEquals(files, List.copyOf(list)); // through the iterator too
        assertEquals(files.hashCode(), list.hashCode());
        assertNotSame(list.get(2), list.get(2)); // made per get, not kept
        assertThrows(UnsupportedOperationException.class, () -> list.get(11).partitionValues().put("p", 2L));
        assertThrows(UnsupportedOperationException.class, () -> list.get(11).tags().put("k", "w"));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(files.size()));
        assertThrows(UnsupportedOperationException.class, () -> list.add(files.get(0)));
    }

    /** What {@link RecordCounts#liveRecords()} must give: the DataFiles' own live counts summed, null if one is unknown. */
    private static Long sumOneByOne(List<DataFile> files) {
        long n = 0;
        for (DataFile f : files) {
            if (f.liveRecords() == null) {
                return null;
            }
            n += f.liveRecords();
        }
        return n;
    }

    @Test
    void liveRecordsAreTheFilesCountsLessTheirDeletedRowsOrUnknown() {
        List<DataFile> files = mixed();
        assertNull(build(files).liveRecords(), "a file without a record count");
        List<DataFile> counted = files.stream().filter(f -> f.liveRecords() != null).toList();
        assertEquals(sumOneByOne(counted), build(counted).liveRecords());
        assertEquals(4L + 4 + 4 + 4 + 4 + 4 + 0 + (5 - 2) + 6 + 7 + 3, build(counted).liveRecords(), "the deletion vector's 2 rows less");
        assertEquals(0L, build(List.of()).liveRecords());
        Random r = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<DataFile> some = new ArrayList<>();
            for (int i = 0; i < r.nextInt(500); i++) {
                long records = r.nextInt(100);
                DeletionVector dv = records > 0 && r.nextInt(4) == 0 ? new DeletionVector("u", "dv" + i, 1, 34, 1 + r.nextInt((int) records)) : null;
                some.add(new DataFile("d/f" + i + ".parquet", Map.of(), 10, 1, true,
                        r.nextInt(50) == 0 ? null : new FileStats(records, ids(1, 0L), ids(1, 9L), counts(1, 0L), true), dv, Map.of()));
            }
            assertEquals(sumOneByOne(some), build(some).liveRecords(), "round " + round);
            assertEquals(sumOneByOne(some), RecordCounts.of(some), "any list, file by file");
        }
    }

    @Test
    void randomFilesOfOneTableComeBackEqual() {
        Random r = new Random(42);
        for (int round = 0; round < 50; round++) {
            List<DataFile> files = new ArrayList<>();
            int n = r.nextInt(3000);
            String dir = r.nextBoolean() ? "s3://bucket/table/data/" : "";
            for (int i = 0; i < n; i++) {
                FileStats stats;
                int kind = r.nextInt(20);
                long min = r.nextLong();
                if (kind == 0) {
                    stats = null;
                } else if (kind == 1) {
                    stats = new FileStats(r.nextLong(), ids(1, min, 3, 0.5), ids(1, min), counts(1, 0L), null);
                } else {
                    stats = new FileStats((long) r.nextInt(1000), ids(1, min, 3, (long) r.nextInt()),
                            ids(1, min + r.nextInt(100), 3, (long) r.nextInt()), counts(1, (long) r.nextInt(3), 3, 0L),
                            kind == 2 ? Boolean.FALSE : Boolean.TRUE);
                }
                files.add(new DataFile(dir + "part-" + i + (r.nextInt(50) == 0 ? "-ü" : "") + ".parquet", Map.of(), r.nextInt(1 << 20),
                        r.nextBoolean() ? 5 : r.nextLong(), r.nextInt(10) != 0, stats, null, Map.of()));
            }
            assertEquals(files, build(files), "round " + round);
        }
    }

    @Test
    void aClearedBuilderStartsAgainAndAnEmptyOneBuildsAnEmptyList() {
        ColumnarFiles.Builder b = new ColumnarFiles.Builder();
        assertTrue(b.build().isEmpty());
        mixed().forEach(b::add);
        b.clear();
        assertEquals(0, b.size());
        List<DataFile> again = mixed().subList(2, 5);
        again.forEach(b::add);
        assertEquals(again, b.build());
        DataFile plain = file("x.parquet", 1, null);
        b.clear();
        b.add(plain);
        ColumnarFiles one = b.build();
        assertEquals(List.of(plain), one);
        assertNull(one.get(0).stats());
    }

    /**
     * A builder told how many files to expect builds the same lists whether that many come, fewer or more; a list built
     * at exactly that many takes the builder's arrays, and what the builder does afterwards never changes it.
     */
    @Test
    void aBuilderSizedForTheFilesBuildsTheSameListsAndNeverChangesOneItBuilt() {
        Random r = new Random(7);
        for (int round = 0; round < 40; round++) {
            List<DataFile> files = new ArrayList<>();
            int n = 1 + r.nextInt(2500);
            for (int i = 0; i < n; i++) {
                long min = r.nextInt(1000);
                FileStats stats = r.nextInt(15) == 0 ? null : new FileStats((long) r.nextInt(100), ids(1, min, 2, -min),
                        ids(1, min + 5, 2, min), counts(1, 0L, 2, (long) r.nextInt(2)), true);
                files.add(new DataFile("d/part-" + i + (r.nextInt(99) == 0 ? "-é" : "") + ".parquet", Map.of(), i, 5, true, stats, null,
                        Map.of()));
            }
            int expected = List.of(n, n / 2, 2 * n, 1).get(r.nextInt(4));
            ColumnarFiles.Builder b = new ColumnarFiles.Builder(expected);
            files.forEach(b::add);
            ColumnarFiles built = b.build();
            assertEquals(files, built, "round " + round);
            List<DataFile> more = mixed();
            if (r.nextBoolean()) {
                more.forEach(b::add); // goes on after the list was built
                List<DataFile> all = new ArrayList<>(files);
                all.addAll(more);
                assertEquals(all, b.build());
            } else {
                b.clear(); // starts again over the same arrays
                more.forEach(b::add);
                assertEquals(more, b.build());
            }
            assertEquals(files, built, "round " + round + ": the first list after the builder went on");
        }
    }

    @Test
    void integerStatisticsOfOneLayoutAreHeldAsViewsOfTheColumns() {
        ColumnarFiles list = build(mixed());
        // a file the columns hold: its maps are views, not copies; a file kept apart: its own FileStats
        assertTrue(list.get(3).stats().minValues() instanceof IntKeyedMap<?> m && m.getClass().getSimpleName().equals("LongsView"));
        assertEquals(2.5, list.get(4).stats().min(2));
    }

    @Test
    void statisticsGivenByPartsInMapsTheCallerRefillsComeBackAsTheirFileStats() {
        List<DataFile> files = mixed();
        ColumnarFiles.Builder b = new ColumnarFiles.Builder();
        IdValues<Object> lo = new IdValues<>();
        IdValues<Object> hi = new IdValues<>();
        IdValues<Long> nulls = new IdValues<>();
        for (DataFile f : files) {
            FileStats s = f.stats();
            if (s == null) {
                b.add(f);
                continue;
            }
            lo.clear();
            hi.clear();
            nulls.clear();
            s.minValues().forEach(lo::set);
            s.maxValues().forEach(hi::set);
            s.nullCounts().forEach(nulls::set);
            b.add(f.path(), f.partitionValues(), f.size(), f.modificationTime(), f.dataChange(), s.numRecords(), lo, hi, nulls,
                    s.tightBounds(), f.deletionVector(), f.tags());
        }
        assertEquals(files, b.build());
    }

    @Test
    void pathsSplitAtTheLastSlashTheyShareAndJoinBackWhole() {
        List<List<String>> cases = List.of(
                List.of(),
                List.of("s3://b/t/part-0.parquet"),
                List.of("s3://b/t/a/x.parquet", "s3://b/t/a/y.parquet", "s3://b/t/b/z.parquet"),
                List.of("/d/t/\u00e9t\u00e9=1/f.parquet", "/d/t/\u00e9t\u00e9=2/f.parquet"), // shared bytes end inside a character
                List.of("/d/t/\u00e9/f.parquet", "/d/t/\u00e8/f.parquet"),
                List.of("x.parquet", "y.parquet"), // nothing shared up to a slash
                List.of("/a/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/1", "/a/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/2",
                        "/a/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"));
        for (List<String> paths : cases) {
            byte[] all = new byte[4096];
            int[] ends = new int[paths.size()];
            int at = 0;
            for (int i = 0; i < paths.size(); i++) {
                byte[] p = paths.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
                ends[i] = at;
            }
            ColumnarFiles.SplitPaths split = ColumnarFiles.splitPaths(all, ends, paths.size());
            String prefix = new String(split.prefix(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(prefix.isEmpty() || prefix.endsWith("/")).as(prefix).isTrue();
            for (String p : paths) {
                assertThat(p).startsWith(prefix);
            }
            if (paths.size() > 1) { // the longest such prefix: the next directory level is not shared by all
                String longer = paths.get(0).substring(0, paths.get(0).indexOf('/', prefix.length()) + 1);
                assertThat(longer.isEmpty() || !paths.stream().allMatch(p -> p.startsWith(longer))).as(longer).isTrue();
            }
            boolean ascii = paths.stream().allMatch(p -> p.chars().allMatch(c -> c < 128));
            assertThat(ColumnarFiles.ascii(all, 0, at)).isEqualTo(ascii);
            for (int i = 0; i < paths.size(); i++) {
                assertThat(ColumnarFiles.joinPath(split.prefix(), split.suffixes(), i == 0 ? 0 : split.ends()[i - 1], split.ends()[i], ascii))
                        .isEqualTo(paths.get(i));
            }
        }
        // a byte above 127 anywhere, in the eight-byte words or the bytes after them
        for (int length = 1; length < 20; length++) {
            for (int bad = 0; bad < length; bad++) {
                byte[] b = new byte[length + 2];
                java.util.Arrays.fill(b, (byte) 'a');
                b[1 + bad] = (byte) 0xC3;
                assertThat(ColumnarFiles.ascii(b, 1, 1 + length)).isFalse();
                assertThat(ColumnarFiles.ascii(b, 1, 1 + bad)).isTrue();
            }
        }
    }
}
