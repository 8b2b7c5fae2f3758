package io.floe.table;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-file statistics of a large snapshot share their key arrays and hold integer values unboxed, unseen by callers. */
class FileStatsCompactTest {
    private static Map<Integer, Object> ordered(Object... kv) {
        Map<Integer, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((Integer) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void filesWithTheSameColumnsShareKeyArrays() {
        FileStats a = new FileStats(1L, ordered(3, 10L, 1, "a"), ordered(3, 20L, 1, "b"), Map.of(3, 0L), true);
        FileStats b = new FileStats(2L, ordered(3, 11L, 1, "c"), ordered(3, 21L, 1, "d"), Map.of(3, 1L), true);
        int[] ka = ((FileStats.IdMap<?>) a.minValues()).keyArray();
        assertSame(ka, ((FileStats.IdMap<?>) b.minValues()).keyArray());
        assertSame(ka, ((FileStats.IdMap<?>) a.maxValues()).keyArray());
        FileStats other = new FileStats(1L, ordered(1, "a", 3, 10L), null, null, null); // other order: other keys
        assertNotSame(ka, ((FileStats.IdMap<?>) other.minValues()).keyArray());
        assertEquals(List.of(1, 3), List.copyOf(other.minValues().keySet()));
    }

    @Test
    void longValuesAreHeldUnboxedAndReadBackAsLongs() {
        FileStats s = new FileStats(5L, ordered(4, 7L, 2, -3L, 9, Long.MAX_VALUE), ordered(4, 8, 2, 2.5), Map.of(4, 0L, 2, 1L, 9, 0L), null);
        assertTrue(((FileStats.IdMap<?>) s.minValues()).unboxed());
        assertTrue(((FileStats.IdMap<?>) s.nullCounts()).unboxed());
        assertEquals(ordered(4, 7L, 2, -3L, 9, Long.MAX_VALUE), s.minValues());
        assertEquals(Long.valueOf(-3L), s.min(2));
        assertEquals(Long.class, s.min(9).getClass());
        assertEquals(1L, s.nullCount(2));
        // an Integer or a Double is kept as given, not widened to a Long
        assertFalse(((FileStats.IdMap<?>) s.maxValues()).unboxed());
        assertEquals(Integer.class, s.max(4).getClass());
        assertEquals(2.5, s.max(2));
        assertEquals("{4=7, 2=-3, 9=" + Long.MAX_VALUE + "}", s.minValues().toString());
        assertEquals(s, new FileStats(5L, s.minValues(), s.maxValues(), s.nullCounts(), null));
    }

    @Test
    void aLongsViewIsKeptAsItIsAndReadsItsSlice() {
        int[] keys = {4, 2};
        long[] column = {10, 11, 20, 21, 30, 31}; // three files' values, two per file
        Map<Integer, Object> second = FileStats.longsView(keys, column, 2);
        FileStats s = new FileStats(7L, second, FileStats.longsView(keys, column, 4), FileStats.longsView(new int[0], column, 0), null);
        assertSame(second, s.minValues()); // not copied: the view is what a format made per file asked for
        assertEquals(ordered(4, 20L, 2, 21L), s.minValues());
        assertEquals(31L, s.max(2));
        assertEquals(Long.class, s.min(4).getClass());
        assertTrue(s.nullCounts().isEmpty());
        assertEquals(s, new FileStats(7L, ordered(4, 20L, 2, 21L), ordered(4, 30L, 2, 31L), null, null));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> FileStats.longsView(keys, column, 5));
    }

    @Test
    void aDecodersMapWithKnownKeysSharesTheKeyArrayWithoutAnEntryCopy() {
        IdValues<Object> decoded = new IdValues<>();
        decoded.set(8, 1L);
        decoded.set(5, 2L);
        int[] first = ((FileStats.IdMap<?>) new FileStats(1L, decoded, null, null, null).minValues()).keyArray();
        decoded.set(8, 3L);
        FileStats again = new FileStats(1L, decoded, null, null, null);
        assertSame(first, ((FileStats.IdMap<?>) again.minValues()).keyArray());
        assertEquals(ordered(8, 3L, 5, 2L), again.minValues());
        assertTrue(((FileStats.IdMap<?>) again.minValues()).unboxed());
        decoded.set(8, "x"); // a value of another type: held boxed, same keys
        FileStats mixed = new FileStats(1L, decoded, null, null, null);
        assertFalse(((FileStats.IdMap<?>) mixed.minValues()).unboxed());
        assertSame(first, ((FileStats.IdMap<?>) mixed.minValues()).keyArray());
        assertEquals(ordered(8, "x", 5, 2L), mixed.minValues());
    }
}
