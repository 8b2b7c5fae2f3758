package io.floe.sql;

import io.floe.Floe;
import io.floe.table.FloeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 15: an error in a DML statement says what is wrong in the user's terms; it does not quote the query Floe
 * rewrote it into (DuckDB's "LINE 1: …" with read_parquet over the table's files and Floe's internal columns).
 */
class DmlErrorMessagesTest {
    @TempDir
    Path dir;
    Floe floe;

    @BeforeEach
    void open() {
        floe = Floe.open(dir.resolve("wh").toString());
        floe.sql("CREATE TABLE t (id INT, d DATE) USING delta");
        floe.sql("INSERT INTO t VALUES (1, DATE'2024-01-01'), (2, NULL)");
    }

    @AfterEach
    void close() {
        floe.close();
    }

    @Test
    void dmlErrorsDoNotQuoteFloesRewrittenQuery() {
        for (String sql : new String[] {"DELETE FROM t WHERE nosuchcol = 1", "UPDATE t SET id = nosuchcol WHERE id = 1",
                "MERGE INTO t USING (SELECT 1 AS id) s ON t.id = s.idx WHEN MATCHED THEN DELETE",
                "UPDATE t SET d = 'notadate' WHERE id = 1"}) {
            Throwable e = catchThrowable(() -> floe.sql(sql));
            assertThat(e).as(sql).isInstanceOf(FloeException.class);
            assertThat(e.getMessage()).as(sql).doesNotContain("LINE 1").doesNotContain("read_parquet").doesNotContain("__floe")
                    .isNotBlank();
        }
        assertThat(floe.sql("SELECT count(*) FROM t").scalar()).isEqualTo(2L);
    }
}
