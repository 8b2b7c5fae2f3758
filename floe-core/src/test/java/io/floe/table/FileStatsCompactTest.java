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
}
