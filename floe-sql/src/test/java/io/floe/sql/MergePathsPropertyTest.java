package io.floe.sql;

import io.floe.Floe;
import io.floe.operations.Merge;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A copy-on-write MERGE joins the source's rows with their matches and reads the rows it leaves alone again from the
 * files it rewrites; with a NOT MATCHED BY SOURCE clause (here one that never holds) it keeps every candidate target row
 * of a full join instead, as it does for the change feed, row ids and merge-on-read. Random MERGEs
 * — sources with repeated keys, some of whose matches modify the row and some not, conditional DELETE and UPDATE,
 * inserts, several files and partitions — leave both tables with the same rows, and the same statements fail on both
 * when a target row would be modified twice (leaving both as they were).
 */
class MergePathsPropertyTest {
    /** A clause that never acts but sends a MERGE down the full-join path. */
    private static final String NEVER_BY_SOURCE = " WHEN NOT MATCHED BY SOURCE AND t.id < -1000 THEN DELETE";

    /** One MERGE: source rows for ids {@code from} … {@code from + n - 1}, each {@code copies} times with tags 0 … copies-1. */
    record Step(int from, int n, int copies, int modifyingTag, boolean star) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 40), Arbitraries.integers().between(1, 25),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(0, 2), Arbitraries.of(false, true))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of("delta", "iceberg");
    }

    @Property(tries = 16)
    void theSourceSideJoinGivesTheRowsOfTheFullJoin(@ForAll("steps") List<Step> steps, @ForAll boolean partitioned,
                                                     @ForAll("formats") String format) throws Exception {
        Path dir = Files.createTempDirectory("floe-merge-paths");
        try (Floe floe = Floe.open(dir.resolve("wh").toString())) {
            String by = partitioned ? " PARTITIONED BY (p)" : "";
            for (String t : List.of("fastpath", "fulljoin")) {
                floe.sql("CREATE TABLE " + t + " (id INT, v INT, p INT) USING " + format + by);
            }
            for (String t : List.of("fastpath", "fulljoin")) {
                // three files to start with, so a MERGE touches some and leaves others
                floe.sql("INSERT INTO " + t + " SELECT range, range * 10, range % 3 FROM range(0, 20)");
                floe.sql("INSERT INTO " + t + " SELECT range, range * 10, range % 3 FROM range(20, 35)");
                floe.sql("INSERT INTO " + t + " SELECT range, range * 10, range % 3 FROM range(35, 50)");
            }
            for (Step s : steps) {
                String source = source(s);
                // the rows tagged modifyingTag delete (ids divisible by 4) or update (ids not divisible by 3) their match;
                // the other matches (other tags, ids divisible by 3 but not 4) leave the row as it is, in files rewritten
                // UPDATE SET * / INSERT * (every target column from the source) or an UPDATE keeping the target's p
                String merge = " t USING (SELECT * FROM (VALUES " + source + ") AS x(id, v, p, tag)) AS s ON t.id = s.id"
                        + " WHEN MATCHED AND s.tag = " + s.modifyingTag() + " AND s.id % 4 = 0 THEN DELETE"
                        + " WHEN MATCHED AND s.tag = " + s.modifyingTag() + " AND s.id % 3 <> 0 THEN UPDATE SET " + (s.star() ? "*" : "v = s.v")
                        + " WHEN NOT MATCHED AND s.tag = 0 THEN INSERT " + (s.star() ? "*" : "(id, v, p) VALUES (s.id, s.v, s.id % 3)");
                Statistics.collect(s.copies() > 1 ? "repeated source keys" : "unique source keys", s.star() ? "SET *" : "SET v");
                floe.sql("MERGE INTO fastpath" + merge);
                floe.sql("MERGE INTO fulljoin" + merge + NEVER_BY_SOURCE);
                assertThat(rows(floe, "fastpath")).as("after MERGE with %s", source).isEqualTo(rows(floe, "fulljoin"));
                // the row counts the history reports: the fast path counts its output from the written files
                assertThat(metrics(floe, "fastpath")).as("metrics after MERGE with %s", source).isEqualTo(metrics(floe, "fulljoin"));
            }
            // two modifying matches of one target row: refused on both, nothing changed
            List<List<Object>> before = rows(floe, "fastpath");
            String twice = " t USING (SELECT * FROM (VALUES (5, 1), (5, 2), (60, 3)) AS x(id, v)) AS s ON t.id = s.id"
                    + " WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT (id, v, p) VALUES (s.id, s.v, 0)";
            if (before.stream().anyMatch(r -> ((Number) r.get(0)).intValue() == 5)) {
                for (String t : List.of("fastpath", "fulljoin")) {
                    assertThatThrownBy(() -> floe.sql("MERGE INTO " + t + twice + (t.equals("fulljoin") ? NEVER_BY_SOURCE : ""))).as(t).isInstanceOf(Merge.MultipleMatchesException.class);
                }
                assertThat(rows(floe, "fastpath")).isEqualTo(before).isEqualTo(rows(floe, "fulljoin"));
            }
        } finally {
            delete(dir);
        }
    }

    /** VALUES rows (id, v, p, tag): each id of the step {@code copies} times with tags 0 … copies-1, values by id and tag. */
    private static String source(Step s) {
        List<String> rows = new ArrayList<>();
        for (int id = s.from(); id < s.from() + s.n(); id++) {
            for (int tag = 0; tag < s.copies(); tag++) {
                rows.add("(" + id + ", " + (id * 7 + tag) + ", " + (id % 3 + tag) + ", " + tag + ")");
            }
        }
        return String.join(", ", rows);
    }

    private static java.util.Map<String, String> metrics(Floe floe, String table) {
        java.util.Map<String, String> all = floe.table(table).history(1).get(0).operationMetrics();
        java.util.Map<String, String> rows = new java.util.TreeMap<>();
        for (String k : List.of("numSourceRows", "numTargetRowsInserted", "numTargetRowsUpdated", "numTargetRowsDeleted",
                "numTargetRowsCopied", "numOutputRows", "numTargetFilesRemoved")) {
            rows.put(k, all.get(k));
        }
        return rows;
    }

    private static List<List<Object>> rows(Floe floe, String table) {
        return floe.sql("SELECT id, v, p FROM " + table + " ORDER BY id, v, p").rows();
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir
        }
    }
}
