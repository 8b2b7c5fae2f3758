package io.floe.delta;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chain of layered maps, each over the one before (as each commit's replay is over the previous snapshot's), behaves
 * exactly like a copied LinkedHashMap: same entries in the same order, same lookups, same sizes — and writing a new
 * layer never changes an earlier one.
 */
class LayeredMapTest {
    /** One write: put (key → value) or remove (key). */
    record Op(boolean put, int key, int value) {
    }

    @Provide
    Arbitrary<List<List<Op>>> generations() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9).map(i -> i < 6),
                Arbitraries.integers().between(0, 30), Arbitraries.integers().between(0, 1000)).as(Op::new);
        return op.list().ofMaxSize(25).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 500)
    void aChainOfLayersBehavesLikeCopiedLinkedHashMaps(@ForAll("generations") List<List<Op>> generations,
                                                      @ForAll("bounds") int maxChanges) {
        Map<String, Integer> layered = new LinkedHashMap<>();
        Map<String, Integer> reference = new LinkedHashMap<>();
        List<Map<String, Integer>> built = new ArrayList<>();
        List<Map<String, Integer>> expected = new ArrayList<>();
        for (List<Op> ops : generations) {
            layered = LayeredMap.over(layered, maxChanges);
            reference = new LinkedHashMap<>(reference);
            for (Op o : ops) {
                String k = "k" + o.key();
                if (o.put()) {
                    assertThat(layered.put(k, o.value())).isEqualTo(reference.put(k, o.value()));
                } else {
                    assertThat(layered.remove(k)).isEqualTo(reference.remove(k));
                }
            }
            assertSame(layered, reference);
            built.add(layered);
            expected.add(reference);
        }
        for (int i = 0; i < built.size(); i++) {
            assertSame(built.get(i), expected.get(i)); // later layers did not write earlier ones
        }
    }

    @Provide
    Arbitrary<Integer> bounds() {
        return Arbitraries.of(0, 1, 3, 8, 1000);
    }

    private static void assertSame(Map<String, Integer> layered, Map<String, Integer> reference) {
        assertThat(List.copyOf(layered.entrySet())).containsExactlyElementsOf(List.copyOf(reference.entrySet()));
        assertThat(List.copyOf(layered.values())).containsExactlyElementsOf(reference.values());
        assertThat(layered.size()).isEqualTo(reference.size());
        for (int k = 0; k <= 30; k++) {
            assertThat(layered.get("k" + k)).isEqualTo(reference.get("k" + k));
            assertThat(layered.containsKey("k" + k)).isEqualTo(reference.containsKey("k" + k));
        }
    }

    @Test
    void aLayerCopiesOnlyTheChangesUntilTheyGrowPastTheBound() {
        Map<String, Integer> flat = new LinkedHashMap<>();
        for (int i = 0; i < 10_000; i++) {
            flat.put("k" + i, i);
        }
        Map<String, Integer> m = flat;
        int bound = LayeredMap.flattenAt(10_000);
        for (int i = 0; i <= bound; i++) {
            m = LayeredMap.over(m);
            m.put("new" + i, i);
            assertThat(((LayeredMap<Integer>) m).sharesBase(flat)).isTrue();
        }
        m = LayeredMap.over(m); // more changes than the bound: starts from one flat copy
        assertThat(((LayeredMap<Integer>) m).sharesBase(flat)).isFalse();
        assertThat(m).hasSize(10_000 + bound + 1);
    }
}
