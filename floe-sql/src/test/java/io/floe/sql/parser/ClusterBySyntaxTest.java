package io.floe.sql.parser;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Liquid clustering's syntax (issue 17): CLUSTER BY at CREATE, ALTER TABLE CLUSTER BY (…) | NONE, OPTIMIZE … FULL. */
class ClusterBySyntaxTest {
    private static <T extends SqlStatement> T parse(String sql, Class<T> type) {
        SqlStatement s = SqlParser.parse(sql);
        assertThat(s).isInstanceOf(type);
        return type.cast(s);
    }

    @Test
    void createTableTakesClusterByInAnyClauseOrder() {
        SqlStatement.CreateTable c = parse("CREATE TABLE t (id INT, s STRUCT<x: INT>, v STRING) USING delta CLUSTER BY (id, s.x)"
                + " TBLPROPERTIES ('a' = 'b')", SqlStatement.CreateTable.class);
        assertThat(c.clusterBy()).containsExactly(List.of("id"), List.of("s", "x"));
        assertThat(c.properties()).containsEntry("a", "b");
        SqlStatement.CreateTable ctas = parse("CREATE OR REPLACE TABLE t CLUSTER BY (k) AS SELECT 1 AS k", SqlStatement.CreateTable.class);
        assertThat(ctas.clusterBy()).containsExactly(List.of("k"));
        assertThat(ctas.orReplace()).isTrue();
        assertThat(ctas.asQuery()).isNotNull();
        assertThat(parse("CREATE TABLE t (id INT) USING delta", SqlStatement.CreateTable.class).clusterBy()).isEmpty();
    }

    @Test
    void clusterByIsRefusedWithPartitionedByAndNoneAtCreate() {
        assertThatThrownBy(() -> SqlParser.parse("CREATE TABLE t (id INT, p STRING) USING delta PARTITIONED BY (p) CLUSTER BY (id)"))
                .isInstanceOf(SqlParseException.class).hasMessageContaining("clustering and partitioning cannot both be specified")
                .hasMessageContaining("1:66");
        assertThatThrownBy(() -> SqlParser.parse("CREATE TABLE t (id INT) CLUSTER BY NONE")).hasMessageContaining("ALTER TABLE");
        assertThatThrownBy(() -> SqlParser.parse("CREATE TABLE t (id INT) CLUSTER BY (nope)"))
                .hasMessageContaining("clustering column 'nope' is not among the table's columns");
        assertThatThrownBy(() -> SqlParser.parse("CREATE TABLE t (id INT) CLUSTER BY (id, ID)"))
                .hasMessageContaining("duplicate column 'ID' in CLUSTER BY");
        assertThatThrownBy(() -> SqlParser.parse("CREATE TABLE t (id INT) CLUSTER BY (id) CLUSTER BY (id)"))
                .hasMessageContaining("duplicate CLUSTER clause");
    }

    @Test
    void alterTableClusterByColumnsOrNone() {
        SqlStatement.ClusterBy cb = parse("ALTER TABLE db.t CLUSTER BY (a, b.c)", SqlStatement.ClusterBy.class);
        assertThat(cb.columns()).containsExactly(List.of("a"), List.of("b", "c"));
        assertThat(cb.table().parts()).containsExactly("db", "t");
        assertThat(parse("ALTER TABLE t CLUSTER BY NONE", SqlStatement.ClusterBy.class).columns()).isEmpty();
        assertThatThrownBy(() -> SqlParser.parse("ALTER TABLE t CLUSTER BY")).isInstanceOf(SqlParseException.class);
    }

    @Test
    void optimizeFull() {
        SqlStatement.Optimize o = parse("OPTIMIZE t FULL", SqlStatement.Optimize.class);
        assertThat(o.full()).isTrue();
        assertThat(parse("OPTIMIZE t", SqlStatement.Optimize.class).full()).isFalse();
        assertThat(parse("OPTIMIZE '/data/t' FULL", SqlStatement.Optimize.class).full()).isTrue();
        assertThat(parse("OPTIMIZE t ZORDER BY (a)", SqlStatement.Optimize.class).zOrderBy()).containsExactly(List.of("a"));
    }
}
