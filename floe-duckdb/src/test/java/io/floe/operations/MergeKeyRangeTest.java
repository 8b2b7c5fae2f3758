package io.floe.operations;

import io.floe.engine.DuckDbDataPlane;
import io.floe.engine.Sql;
import io.floe.table.expr.And;
import io.floe.table.expr.Column;
import io.floe.table.expr.Comparison;
import io.floe.table.expr.ComparisonOp;
import io.floe.table.expr.Literal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** MERGE bounds the target's files by the source's join-key range. */
class MergeKeyRangeTest {
    private DuckDbDataPlane engine;
    private Connection c;

    @BeforeEach
    void open() {
        engine = new DuckDbDataPlane();
        c = engine.connection();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static final List<Merge.JoinKey> KEYS = List.of(new Merge.JoinKey("id", "\"s\".\"k\""),
            new Merge.JoinKey("day", "\"s\".\"day\""));

    @Test
    void theSourcesMinAndMaxBoundTheTargetColumn() {
        Sql.exec(c, "CREATE TEMP TABLE src AS SELECT * FROM (VALUES (7, DATE '2024-01-03'), (3, DATE '2024-01-01'), (NULL, NULL)) v(k, day)");
        assertThat(MergeKeyRange.bounds(c, "src", "s", KEYS)).isEqualTo(new And(
                new And(new Comparison(ComparisonOp.GE, Column.of("id"), Literal.of(3L)), new Comparison(ComparisonOp.LE, Column.of("id"), Literal.of(7L))),
                new And(new Comparison(ComparisonOp.GE, Column.of("day"), Literal.of(java.time.LocalDate.of(2024, 1, 1))),
                        new Comparison(ComparisonOp.LE, Column.of("day"), Literal.of(java.time.LocalDate.of(2024, 1, 3))))));
    }

    @Test
    void aKeyThatIsNullInEverySourceRowMatchesNothing() {
        Sql.exec(c, "CREATE TEMP TABLE src AS SELECT NULL::BIGINT AS k FROM range(3)");
        assertThat(MergeKeyRange.bounds(c, "src", "s", List.of(new Merge.JoinKey("id", "\"s\".\"k\"")))).isEqualTo(Literal.FALSE);
        assertThat(MergeKeyRange.bounds(c, "src", "s", List.of())).isEqualTo(Literal.TRUE);
    }
}
