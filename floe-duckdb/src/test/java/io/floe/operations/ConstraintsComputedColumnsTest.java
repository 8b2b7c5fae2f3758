package io.floe.operations;

import io.floe.engine.DuckDbDataPlane;
import io.floe.engine.Sql;
import io.floe.table.GeneratedColumns;
import io.floe.table.IdentityColumn;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 17: how the rows UPDATE and MERGE are about to write get their generated and identity columns. */
class ConstraintsComputedColumnsTest {
    static DuckDbDataPlane engine;
    static final StructType SCHEMA = StructType.of(
            new IdentityColumn(1, 1, false, 3L).applyTo(new StructField("id", PrimitiveType.LONG, true)),
            new StructField("a", PrimitiveType.INTEGER, true),
            GeneratedColumns.withExpression(new StructField("b", PrimitiveType.INTEGER, true), "a * 2"));

    @BeforeAll
    static void open() {
        engine = new DuckDbDataPlane();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static void rows(String values) {
        Sql.exec(engine.connection(), "CREATE OR REPLACE TEMP TABLE r AS SELECT * FROM (VALUES " + values + ") AS v(id, a, b)");
    }

    private static List<String> read() {
        List<String> out = new java.util.ArrayList<>();
        try (var st = engine.connection().createStatement();
             var rs = st.executeQuery("SELECT id, a, b FROM r ORDER BY a")) {
            while (rs.next()) {
                out.add(rs.getObject(1) + "," + rs.getObject(2) + "," + rs.getObject(3));
            }
        } catch (java.sql.SQLException e) {
            throw new RuntimeException(e);
        }
        return out;
    }

    @Test
    void staleGeneratedValuesAreRecomputedAndMissingIdentityValuesAssigned() {
        // a = 5 was updated (b stale), the row with NULL id was inserted by MERGE without its generated value
        rows("(1::BIGINT, 5, 2), (NULL::BIGINT, 7, NULL::INTEGER)");
        Constraints.validate(engine, "t", "r", SCHEMA, List.of());
        assertThat(read()).containsExactly("1,5,10", "4,7,14");
    }

    @Test
    void updateChecksAnAssignedGeneratedValueAndRefusesAssigningAnIdentity() {
        rows("(1::BIGINT, 5, 11)");
        assertThatThrownBy(() -> Constraints.validateUpdate(engine, "t", "r", SCHEMA, List.of(), Set.of("B")))
                .isInstanceOf(Constraints.ConstraintViolationException.class)
                .hasMessageContaining("CHECK constraint Generated Column (b <=> a * 2) violated by row with values");
        rows("(1::BIGINT, 5, 11)");
        Constraints.validateUpdate(engine, "t", "r", SCHEMA, List.of(), Set.of("a"));
        assertThat(read()).containsExactly("1,5,10");
        assertThatThrownBy(() -> Constraints.validateUpdate(engine, "t", "r", SCHEMA, List.of(), Set.of("id")))
                .hasMessageContaining("UPDATE on IDENTITY column id is not supported");
    }
}
