package io.floe.table.expr;

import io.floe.table.expr.SkippingModel.GeneratedFile;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Being conservative is easy (keep everything); this checks that the generated cases also get skipped and fully matched. */
class FileSkippingEffectivenessTest {
    @Test
    void skipsAndFullyMatchesAShareOfRandomFiles() {
        FileSkipping skipping = new FileSkipping(SkippingModel.SCHEMA, SkippingModel.PARTITION_COLUMNS);
        Map<Verdict, Integer> stats = new EnumMap<>(Verdict.class);
        Map<Verdict, Integer> partitions = new EnumMap<>(Verdict.class);
        Random r = new Random(42);
        for (int k = 0; k < 5000; k++) {
            GeneratedFile f = SkippingModel.file(r, k);
            SkippingPredicate p = skipping.compile(SkippingModel.predicate(r, 1));
            stats.merge(p.evaluate(f.file()), 1, Integer::sum);
            partitions.merge(p.evaluatePartitions(f.file()), 1, Integer::sum);
        }
        assertThat(stats.getOrDefault(Verdict.NO_MATCH, 0)).as("%s", stats).isGreaterThan(1000);
        assertThat(stats.getOrDefault(Verdict.ALL_MATCH, 0)).as("%s", stats).isGreaterThan(300);
        assertThat(partitions.getOrDefault(Verdict.NO_MATCH, 0)).as("%s", partitions)
                .isLessThan(stats.get(Verdict.NO_MATCH)).isGreaterThan(100);
    }
}
