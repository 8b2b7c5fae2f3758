package io.floe.sql;

import io.floe.Floe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CREATE TEMPORARY VIEW: a named query for the session, usable wherever a table is read, as in Spark. */
class TemporaryViewTest {
    @TempDir
    Path dir;
    Floe floe;

    @BeforeEach
    void open() {
        floe = Floe.open(dir.resolve("wh").toString());
        floe.sql("CREATE TABLE t (id BIGINT, k STRING) USING delta");
        floe.sql("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'a')");
    }

    @AfterEach
    void close() {
        floe.close();
    }

    @Test
    void viewsReadLikeTablesAndFollowTheirTables() {
        floe.sql("CREATE TEMPORARY VIEW va AS SELECT id, k FROM t WHERE k = 'a'");
        assertThat(floe.sql("SELECT count(*) FROM va").rows()).containsExactly(List.of(2L));
        floe.sql("CREATE OR REPLACE TEMP VIEW vb AS SELECT k, count(*) AS n FROM va GROUP BY k"); // a view over a view
        assertThat(floe.sql("SELECT k, n FROM vb").rows()).containsExactly(List.of("a", 2L));
        floe.sql("INSERT INTO t VALUES (4, 'a')");
        assertThat(floe.sql("SELECT n FROM vb").rows()).containsExactly(List.of(3L)); // evaluated when read
        assertThat(floe.sql("SELECT t.id FROM t JOIN va ON t.id = va.id ORDER BY t.id").rows())
                .containsExactly(List.of(1L), List.of(3L), List.of(4L));
        floe.sql("CREATE TABLE copy USING delta AS SELECT * FROM va");
        assertThat(floe.sql("SELECT count(*) FROM copy").rows()).containsExactly(List.of(3L));
        floe.sql("DROP VIEW va");
        assertThatThrownBy(() -> floe.sql("SELECT * FROM va")).hasMessageContaining("va");
        floe.sql("DROP VIEW IF EXISTS va");
    }

    @Test
    void mistakesAreNamed() {
        floe.sql("CREATE TEMPORARY VIEW v AS SELECT * FROM t");
        assertThatThrownBy(() -> floe.sql("CREATE TEMPORARY VIEW v AS SELECT 1")).hasMessageContaining("already exists");
        floe.sql("CREATE TEMPORARY VIEW IF NOT EXISTS v AS SELECT 1");
        assertThatThrownBy(() -> floe.sql("CREATE VIEW p AS SELECT 1")).hasMessageContaining("only temporary views");
        assertThatThrownBy(() -> floe.sql("CREATE TEMPORARY VIEW w AS SELECT * FROM nope")).hasMessageContaining("nope");
        assertThatThrownBy(() -> floe.sql("SELECT * FROM v VERSION AS OF 1")).hasMessageContaining("temporary view");
        assertThatThrownBy(() -> floe.sql("DROP VIEW nothere")).hasMessageContaining("no temporary view nothere");
    }
}
