package io.floe.sql.parser;

import io.floe.sql.parser.SqlStatement.CreateTable;
import io.floe.sql.parser.SqlStatement.Delete;
import io.floe.sql.parser.SqlStatement.Merge;
import io.floe.sql.parser.SqlStatement.QueryStatement;
import io.floe.sql.parser.SqlStatement.SetConfig;
import io.floe.types.PrimitiveType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the statement parser that came before this one accepted and meant, kept: Spark's string escapes and
 * double-quoted strings, the text DuckDB receives, and statement forms users already wrote. Plus the positions
 * of errors, which the CLI prints as {@code error: line L:C: …}.
 */
class SqlParserCompatibilityTest {

    @SuppressWarnings("unchecked")
    private static <T extends SqlStatement> T parse(String sql, Class<T> type) {
        SqlStatement s = SqlParser.parse(sql);
        assertThat(s).isInstanceOf(type);
        return (T) s;
    }

    private static String duckDb(String query) {
        return parse(query, QueryStatement.class).query().render(r -> "<" + r.table().name() + ">");
    }

    @Test
    void backslashEscapesInStringsAsSparkReadsThem() {
        List<SqlStatement> all = SqlParser.parseScript("SELECT 'it\\'s; fine', 'a\\\\b', 'C:\\path'; SELECT 2");
        assertThat(all).hasSize(2);
        QueryStatement q = (QueryStatement) all.get(0);
        // DuckDB has no backslash escapes: the decoded values are re-quoted its way; '\p' is 'p', as Spark reads it
        assertThat(q.query().render(r -> "")).isEqualTo("SELECT 'it''s; fine', 'a\\b', 'C:path'");
        Delete d = parse("DELETE FROM t WHERE s = 'x\\'y'", Delete.class);
        assertThat(((Expr.StringLiteral) ((Expr.Binary) d.where().tree()).right()).value()).isEqualTo("x'y");
    }

    @Test
    void textForDuckDbTranslatesWhatTheDialectsReadDifferently() {
        assertThat(duckDb("SELECT `a b`, \"text\", x <=> 1 FROM db.`my t` t WHERE y == 2 -- note\n AND z != 'q'"))
                .isEqualTo("SELECT \"a b\", 'text', x IS NOT DISTINCT FROM 1 FROM <my t> t WHERE y == 2 -- note\n AND z != 'q'");
        assertThat(duckDb("SELECT * FROM delta.`/data/t` VERSION AS OF 3 JOIN u USING (k)"))
                .isEqualTo("SELECT * FROM </data/t> JOIN <u> USING (k)");
        assertThat(duckDb("TABLE t UNION ALL (TABLE u)")).isEqualTo("SELECT * FROM <t> UNION ALL (SELECT * FROM <u>)");
    }

    @Test
    void doubleQuotedTextInAnExpressionIsAString() {
        // as the text DuckDB receives has it: pruning must not read "x" as the column x
        Delete d = parse("DELETE FROM t WHERE \"x\" <> 'y'", Delete.class);
        Expr.Binary b = (Expr.Binary) d.where().tree();
        assertThat(b.left()).isEqualTo(new Expr.StringLiteral("x", b.left().span()));
        assertThat(d.where().render()).isEqualTo("'x' <> 'y'");
        assertThat(parse("DELETE FROM t WHERE s = \"\"", Delete.class).where().render()).isEqualTo("s = ''");
        // but names stay names where a name is expected
        assertThat(parse("DELETE FROM \"my t\" WHERE `a` = 1", Delete.class).table().name()).isEqualTo("my t");
    }

    @Test
    void createTableWithColumnsAndAQuery() {
        CreateTable c = parse("CREATE TABLE t (id BIGINT NOT NULL, v STRING) USING DELTA AS SELECT 1 AS id, 'a' AS v", CreateTable.class);
        assertThat(c.schema().fieldNames()).containsExactly("id", "v");
        assertThat(c.schema().field("id").orElseThrow().nullable()).isFalse();
        assertThat(c.asQuery().sql()).isEqualTo("SELECT 1 AS id, 'a' AS v");
        assertThat(c.registersExisting()).isFalse();
        CreateTable noAs = parse("CREATE TABLE t USING DELTA PARTITIONED BY (m) SELECT 1 AS m", CreateTable.class);
        assertThat(noAs.asQuery().sql()).isEqualTo("SELECT 1 AS m");
        assertThat(noAs.partitionBy()).extracting(PartitionField::column).containsExactly("m");
        CreateTable with = parse("CREATE TABLE t WITH x AS (SELECT 1 AS a) SELECT * FROM x", CreateTable.class);
        assertThat(with.asQuery().cteNames()).containsExactly("x");
    }

    @Test
    void mergeInsertColumnsMayBeQualified() {
        Merge m = parse("MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (t.id, t.v) VALUES (s.id, s.v)",
                Merge.class);
        MergeClause.Insert ins = (MergeClause.Insert) m.clauses().get(0).action();
        assertThat(ins.columns()).containsExactly("id", "v");
        Merge noColumns = parse("MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id, 1)", Merge.class);
        assertThat(((MergeClause.Insert) noColumns.clauses().get(0).action()).columns()).isEmpty();
    }

    @Test
    void duckDbsFilesInFromAreNoTables() {
        QueryStatement q = parse("SELECT * FROM 'data/*.parquet' p JOIN t ON p.k = t.k WHERE p.x = 1", QueryStatement.class);
        assertThat(q.query().tables()).extracting(r -> r.table().name()).containsExactly("t");
        assertThat(q.query().tables().get(0).filter()).isNull(); // a join: no single-table WHERE
        assertThat(parse("SELECT count(*) FROM 'a.json'", QueryStatement.class).query().tables()).isEmpty();
    }

    @Test
    void setTakesAQuotedKey() {
        SetConfig s = parse("SET 'spark.databricks.delta.retentionDurationCheck.enabled' = false", SetConfig.class);
        assertThat(s.key()).isEqualTo("spark.databricks.delta.retentionDurationCheck.enabled");
        assertThat(s.value()).isEqualTo("false");
        assertThat(parse("SET `a.b`", SetConfig.class).key()).isEqualTo("a.b");
    }

    @Test
    void statementFormsOfTheEarlierParser() {
        assertThat(parse("DESC TABLE EXTENDED t", SqlStatement.DescribeTable.class).extended()).isTrue();
        assertThat(parse("ALTER TABLE t ADD COLUMN c INT", SqlStatement.AddColumns.class).columns().get(0).type())
                .isEqualTo(PrimitiveType.INTEGER);
        assertThat(parse("ALTER TABLE t CHANGE COLUMN c DROP NOT NULL", SqlStatement.AlterColumnNullability.class).notNull()).isFalse();
        assertThat(parse("RESTORE t TO TIMESTAMP AS OF '2024-01-01'", SqlStatement.Restore.class).target())
                .isInstanceOf(TimeTravel.AsOfTimestamp.class);
        assertThat(parse("VACUUM t DRY RUN RETAIN 1 HOURS", SqlStatement.Vacuum.class).retainHours()).isEqualTo(1.0);
        assertThat(parse("OPTIMIZE t ZORDER BY a, b", SqlStatement.Optimize.class).zOrderBy()).containsExactly(List.of("a"), List.of("b"));
        assertThat(parse("UPDATE t SET t.v = 1", SqlStatement.Update.class).assignments().get(0).column()).containsExactly("t", "v");
        assertThat(parse("INSERT INTO t TABLE s", SqlStatement.Insert.class).source().tables()).hasSize(1);
        assertThat(parse("SELECT * FROM events FOR SYSTEM_TIME AS OF '2024-01-01' e", QueryStatement.class).query().tables().get(0)
                .alias()).isEqualTo("e");
    }

    @Test
    void errorsNameLineAndColumnOfTheScript() {
        assertThatThrownBy(() -> SqlParser.parseScript("SELEC 1")).isInstanceOf(SqlParseException.class)
                .hasMessageStartingWith("line 1:1: expected a statement");
        assertThatThrownBy(() -> SqlParser.parseScript("INSERT INTO t VALUES (1);\nUPDATE t\n  SET WHERE id = 1"))
                .isInstanceOf(SqlParseException.class).hasMessageStartingWith("line 3:").hasMessageContaining("^");
        assertThatThrownBy(() -> SqlParser.parseScript("SELECT 'open")).isInstanceOf(SqlParseException.class)
                .hasMessageStartingWith("line 1:8: unterminated string literal");
        assertThatThrownBy(() -> SqlParser.parseScript("SELECT 1;\n\nDELETE t")).isInstanceOf(SqlParseException.class)
                .hasMessageStartingWith("line 3:8: expected FROM");
        SqlParseException e = (SqlParseException) org.assertj.core.api.Assertions.catchThrowable(
                () -> SqlParser.parseScript("MERGE INTO t USING s ON t.k = s.k\nWHEN NOT MATCHED THEN DELETE"));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(23);
        assertThat(e.reason()).contains("WHEN NOT MATCHED can only INSERT");
    }
}
