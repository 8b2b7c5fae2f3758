package io.floe.table.expr;

import io.floe.table.expr.SkippingModel.GeneratedFile;
import io.floe.table.expr.SkippingModel.Row;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Skipping is conservative: on random files (real statistics of random rows, as various writers log them) and
 * random predicates, a file that holds a row for which the predicate is TRUE is never skipped, and a file said
 * to match entirely has no row for which it is not TRUE — with statistics and with partition values alone.
 */
class FileSkippingPropertyTest {
    private static final FileSkipping SKIPPING = new FileSkipping(SkippingModel.SCHEMA, SkippingModel.PARTITION_COLUMNS);

    /** A generated case: files and a predicate, built from one seed so that a failure can be replayed. */
    record Case(long seed, List<GeneratedFile> files, Expression predicate) {
        static Case of(long seed) {
            Random r = new Random(seed);
            List<GeneratedFile> files = new ArrayList<>();
            int n = 1 + r.nextInt(6);
            for (int k = 0; k < n; k++) {
                files.add(SkippingModel.file(r, k));
            }
            return new Case(seed, files, SkippingModel.predicate(r, 3));
        }

        @Override
        public String toString() {
            return "seed " + seed + ": " + predicate;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.longs().map(Case::of);
    }

    @Property(tries = 3000)
    void neverSkipsAFileWithAMatchingRow(@ForAll("cases") Case c) {
        SkippingPredicate p = SKIPPING.compile(c.predicate());
        for (GeneratedFile f : c.files()) {
            check(c, f, p.evaluate(f.file()), "stats");
            check(c, f, p.evaluatePartitions(f.file()), "partitions");
        }
    }

    private static void check(Case c, GeneratedFile f, Verdict v, String mode) {
        for (Row row : f.rows()) {
            Boolean result = SkippingModel.eval(c.predicate(), row);
            if (Boolean.TRUE.equals(result)) {
                assertThat(v).as("%s (%s) skipped %s whose row %s matches", c, mode, f.file(), row).isNotEqualTo(Verdict.NO_MATCH);
            } else if (v == Verdict.ALL_MATCH) {
                throw new AssertionError(c + " (" + mode + ") said every row of " + f.file() + " matches, but " + row
                        + " gives " + result);
            }
        }
    }

    @Property(tries = 300)
    void selectionCountsAreConsistent(@ForAll("cases") Case c) {
        SkippingPredicate p = SKIPPING.compile(c.predicate());
        FileSelection sel = p.select(c.files().stream().map(GeneratedFile::file).toList());
        assertThat(sel.total()).isEqualTo(c.files().size());
        assertThat(sel.afterPartitionPruning()).isBetween(sel.afterStatsSkipping(), sel.total());
        assertThat(sel.files()).hasSize(sel.afterStatsSkipping());
    }
}
