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
}
