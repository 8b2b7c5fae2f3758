package io.floe.sql.parser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expressions of UPDATE SET, DELETE WHERE, MERGE and CHECK are parsed (the earlier parser only cut their text out):
 * forms users write in Spark or DuckDB SQL must still parse, and come out for DuckDB as written but for the few
 * tokens the dialects read differently.
 */
class ExpressionFormsTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "x::INT + 1", "CAST(x AS DECIMAL(10, 2))", "TRY_CAST(x AS BIGINT)", "s[1]", "s[1:2]", "m['k']", "[1, 2, 3]",
            "{'a': 1, 'b': 2}", "struct_pack(a := 1, b => 2)", "list_transform(l, x -> x + 1)", "EXTRACT(YEAR FROM d)",
            "trim(BOTH 'x' FROM s)", "substring(s, 1, 2)", "date '2024-01-01' + INTERVAL 1 DAY", "INTERVAL '2' HOUR",
            "CASE WHEN a > 1 THEN 'x' WHEN a IS NULL THEN NULL ELSE 'y' END", "CASE a WHEN 1 THEN 2 END", "a || 'b' || c",
            "coalesce(a, b, 0)", "a IS DISTINCT FROM b", "a IS NOT TRUE", "NOT a <=> b", "a BETWEEN 1 AND 2 AND b NOT IN (1, 2)",
            "s LIKE 'a%' ESCAPE '!'", "s NOT ILIKE '%x%'", "s RLIKE '^a'", "x IN (SELECT y FROM u WHERE u.z = 1)",
            "EXISTS (SELECT 1 FROM u)", "(SELECT max(y) FROM u)", "count(DISTINCT a)", "sum(x) FILTER (WHERE y > 0)",
            "row_number() OVER (PARTITION BY a ORDER BY b DESC NULLS LAST)", "current_date", "current_timestamp()",
            "-x % 3", "~x & 5 | 2 ^ 1", "x DIV 2", "10L + 1.5BD + 2D", "X'0A'", "$1", "?", "named_struct('a', 1).a",
            "(a, b) IN ((1, 2), (3, 4))", "a.b.c = 1", "`weird col` = \"text\"", "timestamp_ntz '2024-01-01 00:00:00'"})
    void parses(String expression) {
        ParsedExpr e = SqlParser.parseExpression(expression);
        assertThat(e.sql()).isEqualTo(expression);
        assertThat(e.tree()).isNotNull();
    }
}
