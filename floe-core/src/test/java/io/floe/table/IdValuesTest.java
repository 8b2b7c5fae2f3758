package io.floe.table;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IdValuesTest {
    @Test
    void keepsInsertionOrderReplacesInPlaceAndRemovesWithoutReordering() {
        IdValues<Object> v = new IdValues<>();
        Map<Integer, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) { // past the first growth
            v.set(i * 3, "v" + i);
            expected.put(i * 3, "v" + i);
        }
        v.set(9, "again");
        expected.put(9, "again");
        v.removeKey(12);
        expected.remove(12);
        v.removeKey(1000);
        assertThat(v).isEqualTo(expected);
        assertThat(List.copyOf(v.keySet())).isEqualTo(List.copyOf(expected.keySet()));
        assertThat(v.get(9)).isEqualTo("again");
        assertThat(v.containsKey(12)).isFalse();
        v.clear();
        assertThat(v).isEmpty();
    }

    @Test
    void fileStatsCopiesItAsItCopiesAnyMap() {
        IdValues<Object> lo = new IdValues<>();
        IdValues<Long> nulls = new IdValues<>();
        lo.set(1, 5L);
        lo.set(2, "a");
        nulls.set(1, 0L);
        nulls.set(2, 3L);
        FileStats fromValues = new FileStats(10L, lo, Map.of(), nulls, null);
        FileStats fromMaps = new FileStats(10L, new LinkedHashMap<>(lo), Map.of(), new LinkedHashMap<>(nulls), null);
        assertThat(fromValues).isEqualTo(fromMaps);
        assertThat(List.copyOf(fromValues.minValues().keySet())).containsExactly(1, 2);
        // the copy is its own: refilling the decoder's map changes nothing
        lo.clear();
        lo.set(7, 1L);
        assertThat(fromValues.minValues()).containsOnlyKeys(1, 2);
        assertThat(((FileStats.IdMap<?>) fromValues.nullCounts()).unboxed()).isTrue();
    }

    @Test
    void unboxedLongsAreLongsToEveryReaderAndMoveWithTheirKeys() {
        IdValues<Object> v = new IdValues<>();
        Map<Integer, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) { // past the first growth, boxed and unboxed mixed
            if (i % 3 == 0) {
                v.set(i, "s" + i);
                expected.put(i, "s" + i);
            } else {
                v.setLong(i, 1000L * i - 7);
                expected.put(i, 1000L * i - 7);
            }
        }
        v.set(4, 4L); // a boxed Long where an unboxed one was
        expected.put(4, 4L);
        v.setLong(6, -1L); // and an unboxed one where a String was
        expected.put(6, -1L);
        v.removeKey(2); // the longs after it move with their keys
        expected.remove(2);
        assertThat(v).isEqualTo(expected);
        for (int i = 0; i < v.count(); i++) {
            Object value = expected.get(v.keyAt(i));
            assertThat(v.valueAt(i)).isEqualTo(value);
            assertThat(v.isLong(i)).isEqualTo(value instanceof Long);
            if (value instanceof Long l) {
                assertThat(v.longAt(i)).isEqualTo(l);
            }
        }
        // copied as any map of the same values is, with the Longs held unboxed
        IdValues<Long> counts = new IdValues<>();
        counts.setLong(1, 3L);
        counts.setLong(2, Long.MIN_VALUE);
        FileStats stats = new FileStats(5L, Map.of(), Map.of(), counts, null);
        assertThat(stats).isEqualTo(new FileStats(5L, Map.of(), Map.of(), Map.of(1, 3L, 2, Long.MIN_VALUE), null));
        assertThat(((FileStats.IdMap<?>) stats.nullCounts()).unboxed()).isTrue();
        v.clear();
        v.set(1, "x");
        assertThat(v.isLong(0)).isFalse();
        assertThat(v).containsExactly(Map.entry(1, "x"));
    }
}
