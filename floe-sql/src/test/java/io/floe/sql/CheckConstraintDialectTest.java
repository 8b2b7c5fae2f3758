package io.floe.sql;

import io.floe.Floe;
import io.floe.operations.Constraints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 15: CHECK constraints are kept in Spark SQL, as Delta and Spark keep them, and evaluated as Spark means them —
 * a constraint with backticks, Spark-only operators or functions (as Spark writes them) checks rows in Floe too.
 */
class CheckConstraintDialectTest {
    @TempDir
    Path dir;
    Floe floe;

    @BeforeEach
    void open() {
        floe = Floe.open(dir.resolve("wh").toString());
    }

    @AfterEach
    void close() {
        floe.close();
    }

    @Test
    void sparkSqlConstraintsAreStoredAsWrittenAndEvaluatedAsSparkMeansThem() throws Exception {
        floe.sql("CREATE TABLE t (id INT, name STRING) USING delta");
        floe.sql("INSERT INTO t VALUES (1, 'ab')");
        // backticks, Spark's != and its RLIKE, none of which DuckDB takes as they are
        floe.sql("ALTER TABLE t ADD CONSTRAINT positive CHECK (`id` > 0 AND `name` != 'x')");
        floe.sql("ALTER TABLE t ADD CONSTRAINT letters CHECK (name RLIKE '^[a-z]+$')");
        floe.sql("INSERT INTO t VALUES (2, 'cd')");
        assertThatThrownBy(() -> floe.sql("INSERT INTO t VALUES (-1, 'ok')")).isInstanceOf(Constraints.ConstraintViolationException.class)
                .hasMessageContaining("positive").hasMessageContaining("`id` > 0");
        assertThatThrownBy(() -> floe.sql("UPDATE t SET name = 'A1' WHERE id = 1"))
                .isInstanceOf(Constraints.ConstraintViolationException.class).hasMessageContaining("letters");
        assertThatThrownBy(() -> floe.sql("MERGE INTO t USING (SELECT 3 AS id, 'x' AS name) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *"))
                .isInstanceOf(Constraints.ConstraintViolationException.class).hasMessageContaining("positive");
        assertThat(floe.sql("SELECT count(*) FROM t").scalar()).isEqualTo(2L);
        // the log keeps the constraint as written, in Spark SQL
        String log;
        try (Stream<Path> files = Files.list(dir.resolve("wh/t/_delta_log"))) {
            log = files.filter(p -> p.toString().endsWith(".json")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", String::concat);
        }
        assertThat(log).contains("delta.constraints.positive").contains("`id` > 0 AND `name` != 'x'");
    }

    @Test
    void existingRowsAreCheckedInSparkSqlToo() {
        floe.sql("CREATE TABLE t (id INT) USING delta");
        floe.sql("INSERT INTO t VALUES (5)");
        assertThatThrownBy(() -> floe.sql("ALTER TABLE t ADD CONSTRAINT small CHECK (`id` < 3)"))
                .isInstanceOf(Constraints.ConstraintViolationException.class).hasMessageContaining("1 existing row(s)");
    }
}
