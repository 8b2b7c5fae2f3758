package io.floe.sql;

import io.floe.Floe;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merge-on-read (issue 13): random sequences of INSERT / DELETE / UPDATE / MERGE / OPTIMIZE on a table whose DELETE,
 * UPDATE and MERGE mark rows deleted (Delta deletion vectors; Iceberg v2 position delete files, v3 deletion vectors)
 * leave exactly the rows the same sequence leaves in a plain DuckDB table — after every step, and when the table is
 * read back at every earlier version — and a plain count(*), which the metadata answers, counts them.
 */
class MergeOnReadPropertyTest {
    enum Format {
        DELTA("USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')"),
        DELTA_PARTITIONED("USING delta PARTITIONED BY (p) TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')"),
        ICEBERG_V2("USING iceberg TBLPROPERTIES ('format-version' = '2', 'write.delete.mode' = 'merge-on-read', "
                + "'write.update.mode' = 'merge-on-read', 'write.merge.mode' = 'merge-on-read')"),
        ICEBERG_V3("USING iceberg PARTITIONED BY (p) TBLPROPERTIES ('format-version' = '3', 'write.delete.mode' = 'merge-on-read', "
                + "'write.update.mode' = 'merge-on-read', 'write.merge.mode' = 'merge-on-read')");

        final String ddl;

        Format(String ddl) {
            this.ddl = ddl;
        }
    }

    enum Kind { INSERT, DELETE, UPDATE, MERGE, OPTIMIZE }

    /** One statement: {@code a}, {@code b} pick rows (id % a = b) or an id range, {@code n} a batch size. */
    record Step(Kind kind, int a, int b, int n) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(3, Kind.INSERT), Tuple.of(3, Kind.DELETE), Tuple.of(2, Kind.UPDATE),
                Tuple.of(2, Kind.MERGE), Tuple.of(1, Kind.OPTIMIZE));
        return Combinators.combine(kinds, Arbitraries.integers().between(2, 5), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(1, 12)).as(Step::new).list().ofMinSize(2).ofMaxSize(10);
    }

    @Property(tries = 20)
    void mergeOnReadGivesTheRowsOfAPlainTable(@ForAll Format format, @ForAll("steps") List<Step> steps) throws Exception {
        Path dir = Files.createTempDirectory("floe-mor");
        try (Floe floe = Floe.open(dir.resolve("wh").toString());
             Connection model = DriverManager.getConnection("jdbc:duckdb:")) {
            floe.sql("CREATE TABLE t (id INT, v INT, p INT) " + format.ddl);
            exec(model, "CREATE TABLE t (id INT, v INT, p INT)");
            // two files to start with, so deletes hit some files in part
            List<List<List<Object>>> versions = new ArrayList<>();
            int nextId = 0;
            List<Step> all = new ArrayList<>(List.of(new Step(Kind.INSERT, 0, 0, 10), new Step(Kind.INSERT, 0, 0, 7)));
            all.addAll(steps);
            for (Step s : all) {
                String sql = switch (s.kind()) {
                    case INSERT -> {
                        StringBuilder v = new StringBuilder();
                        for (int i = 0; i < s.n(); i++) {
                            int id = nextId++;
                            v.append(i == 0 ? "" : ", ").append("(").append(id).append(", ").append(id * 10).append(", ").append(id % 3).append(")");
                        }
                        yield "INSERT INTO t VALUES " + v;
                    }
                    case DELETE -> "DELETE FROM t WHERE id % " + s.a() + " = " + (s.b() % s.a());
                    case UPDATE -> "UPDATE t SET v = v + " + s.n() + " WHERE id % " + s.a() + " = " + (s.b() % s.a());
                    // source ids: some match existing rows (updated or deleted), some are new (inserted)
                    case MERGE -> "MERGE INTO t USING (SELECT * FROM (VALUES " + mergeSource(nextId, s) + ") AS x(id, v)) AS s ON t.id = s.id "
                            + "WHEN MATCHED AND s.id % 2 = 0 THEN DELETE WHEN MATCHED THEN UPDATE SET v = s.v "
                            + "WHEN NOT MATCHED THEN INSERT (id, v, p) VALUES (s.id, s.v, s.id % 3)";
                    case OPTIMIZE -> "OPTIMIZE t";
                };
                if (s.kind() == Kind.MERGE) {
                    nextId += s.n();
                }
                Statistics.collect(format, s.kind());
                floe.sql(sql);
                if (s.kind() == Kind.MERGE) {
                    // the model spells MERGE out: one source row per id, so the clauses act row by row
                    String src = "(SELECT * FROM (VALUES " + mergeSource(nextId - s.n(), s) + ") AS x(id, v))";
                    exec(model, "CREATE OR REPLACE TEMP TABLE ins AS SELECT id, v, id % 3 FROM " + src + " AS s WHERE id NOT IN (SELECT id FROM t)");
                    exec(model, "DELETE FROM t WHERE id IN (SELECT id FROM " + src + " WHERE id % 2 = 0)");
                    exec(model, "UPDATE t SET v = s.v FROM " + src + " AS s WHERE t.id = s.id");
                    exec(model, "INSERT INTO t SELECT * FROM ins");
                } else if (s.kind() != Kind.OPTIMIZE) {
                    exec(model, sql);
                }
                List<List<Object>> expected = rows(model, "SELECT id, v, p FROM t ORDER BY id, v");
                assertThat(floe.sql("SELECT id, v, p FROM t ORDER BY id, v").rows()).as("after %s", sql).isEqualTo(expected);
                // the plain count comes from the metadata (record counts less the marked rows: MetadataOnlyQuery), and so do
                // min and max where no file has marked rows: each the model's either way
                assertThat(floe.sql("SELECT count(*) FROM t").scalar()).as("count after %s", sql).isEqualTo((long) expected.size());
                assertThat(floe.sql("SELECT min(v), max(id), count(*) FROM t").rows()).as("min/max after %s", sql)
                        .isEqualTo(rows(model, "SELECT min(v), max(id), count(*) FROM t"));
                // of the partition column (p, in the partitioned formats): from partition values, deletes or not
                assertThat(floe.sql("SELECT min(p), max(p), count(*) FROM t").rows()).as("min/max of p after %s", sql)
                        .isEqualTo(rows(model, "SELECT min(p), max(p), count(*) FROM t"));
            }
        } finally {
            delete(dir);
        }
    }

    /** VALUES rows of a MERGE source: ids from below the newest through {@code n} new ones, some left out. */
    private static String mergeSource(int nextId, Step s) {
        List<String> rows = new ArrayList<>();
        for (int id = Math.max(0, nextId - s.n() * 2); id < nextId + s.n(); id++) {
            if (id % s.a() != s.b() % s.a()) {
                rows.add("(" + id + ", " + id * 7 + ")");
            }
        }
        return rows.isEmpty() ? "(-1, -1)" : String.join(", ", rows);
    }

    /**
     * The property above passes on copy-on-write too; this pins that merge-on-read really happens: DELETE, UPDATE and
     * MERGE keep the data file and mark its rows, and a second DELETE from the same file merges with the first.
     */
    @net.jqwik.api.Example
    void rowLevelChangesMarkRowsInsteadOfRewritingFiles() throws Exception {
        for (Format format : Format.values()) {
            Path dir = Files.createTempDirectory("floe-mor");
            try (Floe floe = Floe.open(dir.resolve("wh").toString())) {
                floe.sql("CREATE TABLE t (id INT, v INT, p INT) " + format.ddl);
                floe.sql("INSERT INTO t SELECT id, id * 10, 1 FROM range(0, 100)");
                String file = onlyFile(floe).path();
                floe.sql("DELETE FROM t WHERE id = 3");
                floe.sql("DELETE FROM t WHERE id IN (4, 5)");
                io.floe.table.DataFile after = onlyFile(floe);
                assertThat(after.path()).as(format + ": the file is kept").isEqualTo(file);
                assertThat(after.deletionVector()).as(format + ": its deleted rows are marked").isNotNull();
                assertThat(after.deletionVector().cardinality()).as(format + ": both deletes count").isEqualTo(3);
                assertThat(floe.sql("EXPLAIN SELECT * FROM t").rows().toString()).as(format + ": EXPLAIN says what the scan applies")
                        .contains("row_deletes_applied: files=1 rows=3");
                floe.sql("UPDATE t SET v = -1 WHERE id = 10");
                floe.sql("MERGE INTO t USING (SELECT * FROM (VALUES (20, 0), (200, 2)) AS x(id, v)) AS s ON t.id = s.id "
                        + "WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT (id, v, p) VALUES (s.id, s.v, 1)");
                var files = floe.table("t").snapshot().files();
                io.floe.table.DataFile first = files.stream().filter(f -> f.path().equals(file)).findFirst().orElseThrow();
                assertThat(first.deletionVector().cardinality()).as(format + ": UPDATE and MERGE marked their rows").isEqualTo(5);
                assertThat(floe.sql("SELECT count(*), sum(v) FROM t").rows().get(0))
                        .isEqualTo(List.of(97L, 49500L - 30 - 40 - 50 - 100 - 1 - 200 + 2));
            } finally {
                delete(dir);
            }
        }
    }

    private static io.floe.table.DataFile onlyFile(Floe floe) {
        var files = floe.table("t").snapshot().files();
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
