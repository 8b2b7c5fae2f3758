package io.floe.sql.handlers;

import io.floe.engine.DuckDbDataPlane;
import io.floe.engine.Sql;
import io.floe.sql.parser.SqlParser;
import io.floe.table.expr.And;
import io.floe.table.expr.Column;
import io.floe.table.expr.Comparison;
import io.floe.table.expr.ComparisonOp;
import io.floe.table.expr.Literal;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
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
    private final StructType target = new StructType(List.of(new StructField("id", PrimitiveType.LONG, true),
            new StructField("day", PrimitiveType.DATE, true), new StructField("v", PrimitiveType.STRING, true)));

    @BeforeEach
    void open() {
        engine = new DuckDbDataPlane();
        c = engine.connection();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void equalitiesBetweenTargetAndSourceColumnsAreKeys() {
        var keys = MergeKeyRange.keys(SqlParser.parseExpression("t.id = s.k AND s.day = t.DAY AND t.v = 'x' AND t.id = s.k + 1 OR false"),
                "t", "s", target);
        assertThat(keys).isEmpty(); // an OR at the top: no key bounds every match
        keys = MergeKeyRange.keys(SqlParser.parseExpression("t.id = s.k AND s.day = t.DAY AND t.v = 'x' AND t.id = s.k + 1"),
                "t", "s", target);
        assertThat(keys).extracting(MergeKeyRange.Key::target).containsExactly(Column.of("id"), Column.of("day"));
        assertThat(keys).extracting(MergeKeyRange.Key::sourceSql).containsExactly("\"s\".\"k\"", "\"s\".\"day\"");
    }

    @Test
    void theSourcesMinAndMaxBoundTheTargetColumn() {
        Sql.exec(c, "CREATE TEMP TABLE src AS SELECT * FROM (VALUES (7, DATE '2024-01-03'), (3, DATE '2024-01-01'), (NULL, NULL)) v(k, day)");
        var keys = MergeKeyRange.keys(SqlParser.parseExpression("t.id = s.k AND t.day = s.day"), "t", "s", target);
        assertThat(MergeKeyRange.bounds(c, "src", "s", keys)).isEqualTo(new And(
                new And(new Comparison(ComparisonOp.GE, Column.of("id"), Literal.of(3L)), new Comparison(ComparisonOp.LE, Column.of("id"), Literal.of(7L))),
                new And(new Comparison(ComparisonOp.GE, Column.of("day"), Literal.of(java.time.LocalDate.of(2024, 1, 1))),
                        new Comparison(ComparisonOp.LE, Column.of("day"), Literal.of(java.time.LocalDate.of(2024, 1, 3))))));
    }

    @Test
    void aKeyThatIsNullInEverySourceRowMatchesNothing() {
        Sql.exec(c, "CREATE TEMP TABLE src AS SELECT NULL::BIGINT AS k FROM range(3)");
        var keys = MergeKeyRange.keys(SqlParser.parseExpression("t.id = s.k"), "t", "s", target);
        assertThat(MergeKeyRange.bounds(c, "src", "s", keys)).isEqualTo(Literal.FALSE);
        assertThat(MergeKeyRange.bounds(c, "src", "s", List.of())).isEqualTo(Literal.TRUE);
    }
}
