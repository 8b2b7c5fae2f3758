package io.floe.interop;

import io.floe.Floe;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests that put Spark and Floe side by side on Delta tables share: the test JVM's one Spark session
 * ({@link Spark#session()}, started by the first class that asks), a temp dir of the class's own ({@link #root}) for the
 * tables, and a Floe over a warehouse inside it, opened before the class's tests and closed after them. Test classes run
 * one after the other in this module's single test JVM, so the fields hold the running class's.
 */
abstract class SparkAndFloe {
    static SparkSession spark;
    static Floe floe;
    static Path root;

    @BeforeAll
    static void openSparkAndFloe(TestInfo test) throws Exception {
        spark = Spark.session();
        root = Spark.tempDir("floe-interop-" + test.getTestClass().map(Class::getSimpleName).orElse("test") + "-");
        floe = Floe.open(root.resolve("wh").toString());
    }

    @AfterAll
    static void closeFloe() {
        floe.close();
    }

    /** A table directory under {@link #root}. */
    static String path(String name) {
        return root.resolve(name).toString();
    }

    /** The Delta table at {@code path}, as both engines' SQL names it. */
    static String t(String path) {
        return "delta.`" + path + "`";
    }

    /** Runs a statement on Spark, to the end. */
    static List<Row> spark(String sql) {
        return spark.sql(sql).collectAsList();
    }

    /** Floe's rows equal Spark's at every version of the table. */
    static void assertSameAtEveryVersion(String path, String columns) {
        assertSameAtEveryVersion(path, columns, (version, sparkRows) -> {
        });
    }

    /** The same, and {@code alsoAt} checks more of each version, given Spark's rows there. */
    static void assertSameAtEveryVersion(String path, String columns, BiConsumer<Long, List<String>> alsoAt) {
        long latest = Spark.latestVersion(path);
        for (long v = 0; v <= latest; v++) {
            List<String> sparkRows = Spark.rows(path, v, columns);
            List<String> mine = Spark.floeRows(floe.sql("SELECT " + columns + " FROM " + t(path) + " VERSION AS OF " + v));
            assertThat(mine).as("%s at version %d", path, v).isEqualTo(sparkRows);
            alsoAt.accept(v, sparkRows);
        }
    }
}
