package io.floe.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.Floe;
import io.floe.testing.TableFixtures;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Delta Acceptance Testing tables read three ways at every expected version: the expected Parquet
 * content, Spark's read of the table, and Floe's read. Spark = expected proves that {@link Spark#canonical}
 * is a faithful comparison (so the other interop tests can trust it); Floe = Spark then checks Floe with it.
 */
class DatSparkTest {
    static Path root;
    static Floe floe;

    @BeforeAll
    static void open() throws Exception {
        root = Spark.tempDir("floe-interop-dat-");
        floe = Floe.open(root.resolve("wh").toString());
    }

    @AfterAll
    static void close() {
        if (floe != null) {
            floe.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseAtEveryExpectedVersion() throws Exception {
        var conf = TableFixtures.conformanceDir();
        Assumptions.assumeTrue(conf.isPresent() && Files.isDirectory(conf.get().resolve("dat")),
                "shared/conformance/dat not found: DAT cases read by Spark skipped");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> cases = Files.list(conf.get().resolve("dat"))) {
            for (Path c : cases.filter(p -> Files.isDirectory(p.resolve("delta"))).sorted().toList()) {
                try (Stream<Path> exp = Files.list(c.resolve("expected"))) {
                    for (Path e : exp.filter(p -> Files.exists(p.resolve("table_content.parquet"))).sorted().toList()) {
                        String name = c.getFileName() + " " + e.getFileName();
                        tests.add(DynamicTest.dynamicTest(name, () -> check(c, e)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private static void check(Path caseDir, Path expectedDir) throws Exception {
        // never write into the shared folder: Spark and Floe both read a private copy
        Path table = root.resolve(caseDir.getFileName().toString());
        if (!Files.exists(table)) {
            TableFixtures.copyTree(caseDir.resolve("delta"), table);
        }
        long version = new ObjectMapper().readTree(expectedDir.resolve("table_version_metadata.json").toFile()).get("version").asLong();
        Dataset<Row> expected = Spark.session().read().parquet(expectedDir.resolve("table_content.parquet").toString());
        // the expected file's column order is the reference; both readers project onto it by name
        String[] names = expected.columns();
        String sparkCols = String.join(", ", Arrays.stream(names).map(n -> "`" + n + "`").toList());

        List<String> want = Spark.canonicalRows(expected.selectExpr(quoted(names)).collectAsList());
        List<String> spark = Spark.rows(table.toString(), version, String.join(",", quoted(names)));
        assertThat(spark).as("Spark reads %s at version %d as the expected content", caseDir.getFileName(), version).isEqualTo(want);
        if (expectedDir.getFileName().toString().equals("latest")) {
            List<String> current = Spark.canonicalRows(Spark.session().read().format("delta").load(table.toString()).selectExpr(quoted(names))
                    .collectAsList());
            assertThat(current).as("Spark's current snapshot of %s", caseDir.getFileName()).isEqualTo(want);
        }

        List<String> mine = Spark.floeRows(floe.sql("SELECT " + sparkCols + " FROM delta.`" + table + "` VERSION AS OF " + version));
        assertThat(mine).as("Floe reads %s at version %d as Spark does", caseDir.getFileName(), version).isEqualTo(spark);
    }

    private static String[] quoted(String[] names) {
        return Arrays.stream(names).map(n -> "`" + n + "`").toArray(String[]::new);
    }
}
