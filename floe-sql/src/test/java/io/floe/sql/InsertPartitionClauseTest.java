package io.floe.sql;

import io.floe.Floe;
import io.floe.sql.parser.SqlParseException;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spark's {@code INSERT INTO | OVERWRITE t PARTITION (p = v, q) …}: static values fill their columns for every inserted
 * row (which then leave them out), bare columns are given by the rows, and an overwrite replaces only the partition the
 * static values name — on Delta and Iceberg tables alike.
 */
class InsertPartitionClauseTest {
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

    @ParameterizedTest
    @ValueSource(strings = {"delta", "iceberg"})
    void staticValuesFillTheirColumnsAndAnOverwriteReplacesOnlyThatPartition(String format) {
        floe.sql("CREATE TABLE p (id INT, v STRING, k STRING, d DATE) USING " + format + " PARTITIONED BY (k, d)");
        floe.sql("INSERT INTO p PARTITION (k = 'a', d = '2024-01-01') VALUES (1, 'x'), (2, 'y')");
        floe.sql("INSERT INTO p PARTITION (k = 'b', d) VALUES (3, 'z', DATE'2024-02-02')"); // d from the rows
        floe.sql("INSERT INTO p PARTITION (d = '2024-03-03') (v, id, k) VALUES ('w', 4, 'c')"); // a column list too
        assertThat(floe.sql("SELECT id, v, k, d FROM p ORDER BY id").rows()).containsExactly(
                List.of(1, "x", "a", LocalDate.of(2024, 1, 1)), List.of(2, "y", "a", LocalDate.of(2024, 1, 1)),
                List.of(3, "z", "b", LocalDate.of(2024, 2, 2)), List.of(4, "w", "c", LocalDate.of(2024, 3, 3)));

        floe.sql("INSERT OVERWRITE p PARTITION (k = 'a', d = '2024-01-01') SELECT 9, 'q'");
        assertThat(floe.sql("SELECT id, k FROM p ORDER BY id").rows())
                .containsExactly(List.of(3, "b"), List.of(4, "c"), List.of(9, "a"));
        // only k = 'b': every d of it is replaced, the other partitions stay
        floe.sql("INSERT OVERWRITE p PARTITION (k = 'b', d) VALUES (10, 'r', DATE'2024-05-05')");
        assertThat(floe.sql("SELECT id, k, d FROM p ORDER BY id").rows()).containsExactly(
                List.of(4, "c", LocalDate.of(2024, 3, 3)), List.of(9, "a", LocalDate.of(2024, 1, 1)),
                List.of(10, "b", LocalDate.of(2024, 5, 5)));
    }

    @Test
    void wrongPartitionClausesAreRefusedAndChangeNothing() {
        floe.sql("CREATE TABLE p (id INT, k STRING) PARTITIONED BY (k)");
        floe.sql("INSERT INTO p VALUES (1, 'a')");
        assertThatThrownBy(() -> floe.sql("INSERT INTO p PARTITION (id = 1) VALUES ('a')"))
                .isInstanceOf(FloeException.class).hasMessageContaining("id is not a partition column of p");
        assertThatThrownBy(() -> floe.sql("INSERT INTO p PARTITION (k = 'a') (id, k) VALUES (1, 'a')"))
                .hasMessageContaining("column k has a static value in PARTITION (…) and may not be listed as well");
        assertThatThrownBy(() -> floe.sql("INSERT INTO p PARTITION (k = 'a') VALUES (1, 'b')"))
                .hasMessageContaining("the rows have 2 columns but 1 are expected [id]"); // the rows leave the static column out
        assertThatThrownBy(() -> floe.sql("INSERT INTO p PARTITION (k = 'a', k = 'b') VALUES (1)"))
                .isInstanceOf(SqlParseException.class).hasMessageContaining("each partition column once");
        assertThatThrownBy(() -> floe.sql("INSERT INTO p PARTITION (k = 'a') REPLACE WHERE k = 'a' VALUES (1)"))
                .isInstanceOf(SqlParseException.class).hasMessageContaining("cannot be combined");
        assertThat(floe.sql("DESCRIBE HISTORY p").rows()).hasSize(2);
        // a partition value that does not fit the column's type fails as a cast does, before anything is written
        floe.sql("CREATE TABLE n (id INT, k INT) PARTITIONED BY (k)");
        assertThatThrownBy(() -> floe.sql("INSERT INTO n PARTITION (k = 'x') VALUES (1)")).isInstanceOf(FloeException.class);
        assertThat(floe.sql("SELECT count(*) FROM n").rows()).containsExactly(List.of(0L));
    }
}
