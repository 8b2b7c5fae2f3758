package io.floe.sql;

import io.floe.Floe;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row tracking (issue 17): random sequences of INSERT / UPDATE / DELETE / MERGE on a Delta table with row tracking keep
 * every surviving row's id unchanged and unique, give new rows ids no row ever had, and give a row the version of the
 * last statement that inserted or updated it — copy-on-write and merge-on-read, partitioned or not.
 */
class RowTrackingPropertyTest {
    enum Layout {
        PLAIN(""),
        PARTITIONED_DELETION_VECTORS(", 'delta.enableDeletionVectors' = 'true'");

        final String props;

        Layout(String props) {
            this.props = props;
        }
    }

    enum Kind { INSERT, UPDATE, DELETE, MERGE }

    /** One statement: rows with id % a = b are updated / deleted / merged; {@code n} new rows are inserted. */
    record Step(Kind kind, int a, int b, int n) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(2, Kind.INSERT), Tuple.of(3, Kind.UPDATE), Tuple.of(2, Kind.DELETE),
                Tuple.of(3, Kind.MERGE));
        return Combinators.combine(kinds, Arbitraries.integers().between(2, 5), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(1, 4)).as(Step::new).list().ofMinSize(1).ofMaxSize(6);
    }

    /** A row as the model knows it: its stable id and the version that last inserted or updated it. */
    record Lineage(long rowId, long version) {
    }

    @Property(tries = 12)
    void idsSurviveEverySequence(@ForAll("steps") List<Step> steps, @ForAll Layout layout) throws IOException {
        Path dir = Files.createTempDirectory("floe-rowids");
        try (Floe floe = Floe.open(dir.toString())) {
            boolean partitioned = layout == Layout.PARTITIONED_DELETION_VECTORS;
            floe.sql("CREATE TABLE t (id INT, v INT" + (partitioned ? ", p INT" : "") + ") USING delta "
                    + (partitioned ? "PARTITIONED BY (p) " : "") + "TBLPROPERTIES ('delta.enableRowTracking' = 'true'" + layout.props + ")");
            Map<Integer, Lineage> model = new HashMap<>();
            long maxIdEver = -1;
            int next = 0;
            String p = partitioned ? ", id % 3" : "";
            long version = 0;
            for (Step s : steps) {
                String match = "id % " + s.a() + " = " + s.b();
                List<Integer> changed = new ArrayList<>();
                List<Integer> inserted = new ArrayList<>();
                switch (s.kind()) {
                    case INSERT -> {
                        floe.sql("INSERT INTO t SELECT id, 0" + p + " FROM range(" + next + ", " + (next + s.n()) + ") AS r(id)");
                        for (int i = next; i < next + s.n(); i++) {
                            inserted.add(i);
                        }
                        next += s.n();
                    }
                    case UPDATE -> {
                        floe.sql("UPDATE t SET v = v + 1 WHERE " + match);
                        model.keySet().stream().filter(id -> id % s.a() == s.b()).forEach(changed::add);
                    }
                    case DELETE -> {
                        floe.sql("DELETE FROM t WHERE " + match);
                        model.keySet().removeIf(id -> id % s.a() == s.b());
                    }
                    case MERGE -> {
                        String ps = partitioned ? ", id % 3 AS p" : "";
                        floe.sql("MERGE INTO t USING (SELECT id" + ps + " FROM t WHERE " + match + " UNION ALL SELECT id" + ps
                                + " FROM range(" + next + ", " + (next + s.n()) + ") AS r(id)) AS s ON t.id = s.id "
                                + "WHEN MATCHED THEN UPDATE SET v = t.v + 10 WHEN NOT MATCHED THEN INSERT (id, v"
                                + (partitioned ? ", p" : "") + ") VALUES (s.id, 7" + (partitioned ? ", s.p" : "") + ")");
                        model.keySet().stream().filter(id -> id % s.a() == s.b()).forEach(changed::add);
                        for (int i = next; i < next + s.n(); i++) {
                            inserted.add(i);
                        }
                        next += s.n();
                    }
                }
                long now = ((io.floe.table.Table) floe.table("t")).snapshot().version();
                if (!changed.isEmpty() || !inserted.isEmpty()) {
                    assertThat(now).as("a statement that changed rows commits").isEqualTo(version + 1);
                }
                version = now;
                for (int id : changed) {
                    model.put(id, new Lineage(model.get(id).rowId(), now));
                }
                Map<Integer, Lineage> actual = read(floe);
                for (int id : inserted) {
                    Lineage l = actual.get(id);
                    assertThat(l.rowId()).as("new row %s gets an id no row had", id).isGreaterThan(maxIdEver);
                    assertThat(l.version()).isEqualTo(now);
                    model.put(id, l);
                }
                assertThat(actual).as("after %s", s).isEqualTo(model);
                assertThat(actual.values().stream().map(Lineage::rowId).distinct().count()).isEqualTo(actual.size());
                maxIdEver = Math.max(maxIdEver, actual.values().stream().mapToLong(Lineage::rowId).max().orElse(-1));
            }
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            }
        }
    }

    private static Map<Integer, Lineage> read(Floe floe) {
        Map<Integer, Lineage> out = new HashMap<>();
        for (List<Object> r : floe.sql("SELECT id, _metadata.row_id, _metadata.row_commit_version FROM t").rows()) {
            out.put(((Number) r.get(0)).intValue(), new Lineage(((Number) r.get(1)).longValue(), ((Number) r.get(2)).longValue()));
        }
        return out;
    }
}
