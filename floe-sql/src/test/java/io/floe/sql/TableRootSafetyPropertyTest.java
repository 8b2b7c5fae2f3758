package io.floe.sql;

import io.floe.Floe;
import io.floe.operations.Write;
import io.floe.storage.StorageException;
import io.floe.table.FloeException;
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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random table names and locations — nested, overlapping, through links, the warehouse root, directories of the user's
 * files — and random DROP / VACUUM (RETAIN 0 HOURS) / OPTIMIZE / REPLACE WHERE sequences, with links planted inside table
 * directories. After every step: no file that existed outside the tables is deleted or changed, every table holds exactly
 * the rows a model says, and no two table roots overlap on their real paths.
 */
class TableRootSafetyPropertyTest {
    private static final List<String> NAMES = List.of("t0", "t1", "t2", "T1", "_floe_catalog", "_t", ".x", "x_1");

    enum Kind { CREATE, INSERT, REPLACE, DROP, VACUUM, OPTIMIZE, LINK }

    record Step(Kind kind, int a, int b, int c) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(5, Kind.CREATE), Tuple.of(2, Kind.INSERT), Tuple.of(2, Kind.REPLACE),
                Tuple.of(2, Kind.DROP), Tuple.of(2, Kind.VACUUM), Tuple.of(1, Kind.OPTIMIZE), Tuple.of(2, Kind.LINK));
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 11);
        return Combinators.combine(kinds, n, n, n).as(Step::new).list().ofMinSize(3).ofMaxSize(12);
    }

    /** The rows of one table on disk, by partition p = 0, 1, 2 (shared by every name and path that reach it). */
    static final class Rows {
        final long[] byP = new long[3];
    }

    record Tbl(String ref, String name, Path root, Rows rows) {
    }

    /** One try's world: a warehouse, the user's files beside it, and the model. */
    static final class World implements AutoCloseable {
        final Path base;
        final Path wh;
        final Path outside;
        final Floe floe;
        final Map<Path, byte[]> protectedFiles = new HashMap<>();
        final List<Tbl> live = new ArrayList<>();
        final Map<Path, Rows> onDisk = new HashMap<>(); // real root → rows of every table that exists on disk
        int counter;

        World() throws IOException {
            base = Files.createTempDirectory("floe-roots");
            wh = base.resolve("wh");
            outside = Files.createDirectories(base.resolve("outside"));
            Files.createDirectories(outside.resolve("nested"));
            Files.createDirectories(outside.resolve("p=1"));
            Files.writeString(outside.resolve("a.parquet"), "user data a");
            Files.writeString(outside.resolve("nested/b.txt"), "user data b");
            Files.writeString(outside.resolve("p=1/c.parquet"), "looks like a data file");
            Files.createDirectories(base.resolve("empty"));
            Files.createSymbolicLink(base.resolve("alias"), outside);
            try (Stream<Path> s = Files.walk(outside)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    protectedFiles.put(p, Files.readAllBytes(p));
                }
            }
            floe = Floe.open(wh.toString());
            floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        }

        @Override
        public void close() throws IOException {
            floe.close();
            try (Stream<Path> s = Files.walk(base)) { // does not follow links: a link is deleted as a link
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Property(tries = 30)
    void nothingOutsideTheTablesIsEverDeletedOrChanged(@ForAll("steps") List<Step> steps) throws Exception {
        try (World w = new World()) {
            for (Step s : steps) {
                try {
                    run(w, s);
                    Statistics.label("steps").collect(s.kind(), "done");
                } catch (FloeException | StorageException | IllegalArgumentException refused) {
                    // a refused step (a bad location, a reserved name, a name taken): the model did not change
                    Statistics.label("steps").collect(s.kind(), "refused");
                }
                check(w, s);
            }
        }
    }

    private static void run(World w, Step s) throws IOException {
        Tbl t = w.live.isEmpty() ? null : w.live.get(s.a() % w.live.size());
        switch (s.kind()) {
            case CREATE -> create(w, s);
            case INSERT -> {
                if (t != null) {
                    int p = s.b() % 3;
                    w.floe.sql("INSERT INTO " + t.ref() + " VALUES (" + s.b() + ", " + p + "), (" + s.c() + ", " + p + ")");
                    t.rows().byP[p] += 2;
                }
            }
            case REPLACE -> {
                if (t != null) {
                    int p = s.b() % 3;
                    boolean violating = s.c() % 3 == 0;
                    String sql = "INSERT INTO " + t.ref() + " REPLACE WHERE p = " + p + " SELECT * FROM VALUES (7, " + p + "), (8, "
                            + (violating ? (p + 1) % 3 : p) + ") AS v(id, p)";
                    if (violating) {
                        try {
                            w.floe.sql(sql);
                            fail("REPLACE WHERE wrote a row outside its condition: " + sql);
                        } catch (Write.ReplaceWhereViolationException expected) {
                            // refused, nothing written
                        }
                    } else {
                        w.floe.sql(sql);
                        t.rows().byP[p] = 2;
                    }
                }
            }
            case DROP -> {
                if (t != null && t.name() != null) {
                    boolean managed = t.root().equals(w.wh.resolve(t.name().toLowerCase()));
                    w.floe.sql("DROP TABLE " + t.name());
                    w.live.remove(t);
                    if (managed) {
                        w.onDisk.remove(real(t.root()));
                        w.live.removeIf(o -> real(o.root()).equals(real(t.root()))); // path handles to it are gone too
                    }
                }
            }
            case VACUUM -> {
                if (t != null) {
                    w.floe.sql("VACUUM " + t.ref() + " RETAIN 0 HOURS");
                }
            }
            case OPTIMIZE -> {
                if (t != null) {
                    w.floe.sql("OPTIMIZE " + t.ref());
                }
            }
            case LINK -> {
                if (t != null && Files.isDirectory(t.root(), LinkOption.NOFOLLOW_LINKS)) {
                    Path target = switch (s.b() % 3) {
                        case 0 -> w.outside;
                        case 1 -> w.live.get(s.c() % w.live.size()).root();
                        default -> w.wh;
                    };
                    Path where = s.c() % 2 == 0 ? t.root() : firstPartitionDir(t.root());
                    Files.createSymbolicLink(where.resolve("lnk" + w.counter++), target);
                }
            }
        }
    }

    private static Path firstPartitionDir(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith("p=") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .findFirst().orElse(root);
        }
    }

    private static void create(World w, Step s) throws IOException {
        String name = NAMES.get(s.a() % NAMES.size());
        boolean pathTable = s.c() % 3 == 0;
        boolean ctas = s.c() % 2 == 1;
        Tbl other = w.live.isEmpty() ? null : w.live.get(s.c() % w.live.size());
        Path fresh = w.base.resolve("ext").resolve("d" + w.counter++);
        Path loc = switch (s.b() % 9) {
            case 0 -> pathTable ? fresh : null; // managed
            case 1 -> w.wh;
            case 2 -> fresh;
            case 3 -> other == null ? fresh : other.root().resolve("sub");
            case 4 -> other == null ? w.base.resolve("ext") : other.root().getParent();
            case 5 -> w.outside;
            case 6 -> w.outside.resolve("nested");
            case 7 -> {
                if (other == null) {
                    yield w.base.resolve("alias/sub");
                }
                Path link = Files.createSymbolicLink(w.base.resolve("l" + w.counter++), other.root());
                yield link.resolve("sub");
            }
            default -> w.base.resolve("empty");
        };
        String ref = pathTable ? "delta.`" + loc + "`" : name;
        String location = loc == null || pathTable ? "" : " LOCATION '" + loc + "'";
        String sql = ctas
                ? "CREATE TABLE " + ref + " USING DELTA PARTITIONED BY (p)" + location
                  + " AS SELECT range AS id, (range % 3)::INT AS p FROM range(3)"
                : "CREATE TABLE " + ref + " (id BIGINT, p INT) USING DELTA PARTITIONED BY (p)" + location;
        w.floe.sql(sql);
        Path root = loc == null ? w.wh.resolve(name.toLowerCase()) : loc;
        Rows rows = w.onDisk.get(real(root));
        if (rows == null) { // a new table (not the registration of one on disk)
            rows = new Rows();
            if (ctas) {
                Arrays.fill(rows.byP, 1);
            }
            w.onDisk.put(real(root), rows);
        }
        w.live.add(new Tbl(ref, pathTable ? null : name, root, rows));
    }

    private static void check(World w, Step s) throws IOException {
        for (Map.Entry<Path, byte[]> f : w.protectedFiles.entrySet()) {
            assertThat(Files.exists(f.getKey(), LinkOption.NOFOLLOW_LINKS)).as("after %s: %s still exists", s, f.getKey()).isTrue();
            assertThat(Files.readAllBytes(f.getKey())).as("after %s: %s unchanged", s, f.getKey()).isEqualTo(f.getValue());
        }
        for (Tbl t : w.live) {
            List<Object> r = w.floe.sql("SELECT count(*), coalesce(sum(p), 0) FROM " + t.ref()).rows().get(0);
            long[] p = t.rows().byP;
            assertThat(((Number) r.get(0)).longValue()).as("after %s: rows of %s", s, t.ref()).isEqualTo(p[0] + p[1] + p[2]);
            assertThat(((Number) r.get(1)).longValue()).as("after %s: sum(p) of %s", s, t.ref()).isEqualTo(p[1] + 2 * p[2]);
        }
        Path whReal = real(w.wh);
        for (Tbl a : w.live) {
            Path ra = real(a.root());
            assertThat(ra).as("after %s: a table at the warehouse root", s).isNotEqualTo(whReal);
            assertThat(whReal.startsWith(ra)).as("after %s: table %s contains the warehouse", s, a.ref()).isFalse();
            for (Tbl b : w.live) {
                Path rb = real(b.root());
                if (ra.equals(rb)) {
                    assertThat(a.rows()).as("after %s: %s and %s share a root but are different tables", s, a.ref(), b.ref())
                            .isSameAs(b.rows());
                } else {
                    assertThat(ra.startsWith(rb)).as("after %s: %s is inside %s", s, a.ref(), b.ref()).isFalse();
                }
            }
        }
    }

    /** The real path, links resolved, of the deepest existing ancestor, with the rest appended. */
    static Path real(Path p) {
        Path e = p.toAbsolutePath().normalize();
        Path rest = e.getFileSystem().getPath("");
        while (e != null && !Files.exists(e)) {
            rest = e.getFileName().resolve(rest);
            e = e.getParent();
        }
        try {
            return e == null ? p : e.toRealPath().resolve(rest).normalize();
        } catch (IOException ex) {
            return p;
        }
    }
}
