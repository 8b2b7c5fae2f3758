package io.floe.table;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FileStats keeps its maps compact (per-file memory of a large snapshot) yet behaving as the ordered copies did. */
class FileStatsMapsTest {
    @Test
    void compactMapsKeepOrderEqualityAndNullValues() {
        Map<Integer, Object> lo = new LinkedHashMap<>();
        lo.put(7, "z");
        lo.put(2, 5L);
        lo.put(9, null);
        FileStats s = new FileStats(3L, lo, Map.of(2, 9L), null, true);
        assertTrue(s.minValues() instanceof FileStats.IdMap, "a compact copy");
        assertEquals(List.of(7, 2, 9), List.copyOf(s.minValues().keySet()));
        assertEquals("{7=z, 2=5, 9=null}", s.minValues().toString());
        assertEquals(lo, s.minValues());
        assertEquals(s.minValues(), lo);
        assertEquals(lo.hashCode(), s.minValues().hashCode());
        assertEquals(5L, s.min(2));
        assertNull(s.min(9));
        assertTrue(s.minValues().containsKey(9));
        assertFalse(s.minValues().containsKey("9"));
        assertNull(s.minValues().get(null));
        assertEquals(Map.of(), s.nullCounts());
        assertThrows(UnsupportedOperationException.class, () -> s.minValues().put(1, 1L));
        lo.put(1, "later");
        assertEquals(3, s.minValues().size(), "a copy, not a view");
        assertEquals(s, new FileStats(3L, new HashMap<>(s.minValues()), Map.of(2, 9L), Map.of(), true));
        FileStats again = new FileStats(s.numRecords(), s.minValues(), s.maxValues(), s.nullCounts(), s.tightBounds());
        assertSame(s.minValues(), again.minValues(), "an immutable compact map is not copied again");
    }

    @Test
    void largeMapsAndNullKeysStayHashed() {
        Map<Integer, Object> big = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            big.put(i, (long) i);
        }
        FileStats s = new FileStats(null, big, null, null, null);
        assertFalse(s.minValues() instanceof FileStats.IdMap);
        assertEquals(big, s.minValues());
        Map<Integer, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1L);
        assertEquals(nullKey, new FileStats(null, nullKey, null, null, null).minValues());
    }
}
