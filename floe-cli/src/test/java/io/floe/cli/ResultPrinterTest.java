package io.floe.cli;

import io.floe.QueryResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultPrinterTest {
    private static QueryResult result(List<String> cols, Object[]... rows) {
        return new QueryResult(cols, cols.stream().map(c -> "VARCHAR").toList(),
                Arrays.stream(rows).map(Arrays::asList).toList(), null);
    }

    private static String print(QueryResult r, ResultPrinter.Format f) {
        StringWriter w = new StringWriter();
        ResultPrinter.print(r, f, new PrintWriter(w, true));
        return w.toString();
    }

    @Test
    void tableAlignsColumnsShowsNullAndCountsRows() {
        String s = print(result(List.of("id", "name"), new Object[]{1L, "a"}, new Object[]{22L, null}), ResultPrinter.Format.TABLE);
        assertThat(s).isEqualTo("""
                +----+------+
                | id | name |
                +----+------+
                |  1 | a    |
                | 22 | NULL |
                +----+------+
                2 rows
                """);
        assertThat(print(result(List.of("x"), new Object[]{1}), ResultPrinter.Format.TABLE)).endsWith("1 row\n");
        assertThat(print(result(List.of("x")), ResultPrinter.Format.TABLE)).isEqualTo("+---+\n| x |\n+---+\n+---+\n0 rows\n");
    }

    @Test
    void tableMeasuresWideCharactersAndEscapesLineBreaks() {
        String s = print(result(List.of("v"), new Object[]{"日本"}, new Object[]{"😈x"}, new Object[]{"a\nb\tc"}, new Object[]{"é"}),
                ResultPrinter.Format.TABLE);
        // '日本' and '😈x' take 4 and 3 terminal columns; every row is as wide as the border
        assertThat(s).contains("| 日本    |").contains("| 😈x     |").contains("| a\\nb\\tc |").contains("| é       |");
        List<String> lines = s.lines().filter(l -> l.startsWith("|") || l.startsWith("+")).toList();
        assertThat(lines).allSatisfy(l -> assertThat(ResultPrinter.displayWidth(l)).isEqualTo(ResultPrinter.displayWidth(lines.get(0))));
    }

    @Test
    void tableCutsVeryLongValues() {
        String s = print(result(List.of("v"), new Object[]{"x".repeat(500)}), ResultPrinter.Format.TABLE);
        assertThat(s).contains("x".repeat(79) + "…").doesNotContain("x".repeat(80));
    }

    @Test
    void messagesPrintAsALineInEveryFormat() {
        QueryResult dml = QueryResult.message("inserted 3 rows into t (version 1)");
        for (ResultPrinter.Format f : ResultPrinter.Format.values()) {
            assertThat(print(dml, f)).isEqualTo("inserted 3 rows into t (version 1)\n");
        }
    }

    @Test
    void csvFollowsRfc4180() {
        QueryResult r = result(List.of("id", "text", "note"),
                new Object[]{1, "a,b", "say \"hi\""},
                new Object[]{2, "line1\nline2", null},
                new Object[]{3, "", "ünïcødé ✓"},
                new Object[]{4, new BigDecimal("1E+3"), true});
        assertThat(print(r, ResultPrinter.Format.CSV)).isEqualTo(
                "id,text,note\r\n"
                        + "1,\"a,b\",\"say \"\"hi\"\"\"\r\n"
                        + "2,\"line1\nline2\",\r\n"
                        + "3,\"\",ünïcødé ✓\r\n"
                        + "4,1000,true\r\n");
    }

    @Test
    void jsonPrintsOneObjectPerRow() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("k", 1);
        struct.put("n", null);
        QueryResult r = result(List.of("id", "s", "amount", "day", "ts", "tags", "st", "b", "bytes"),
                new Object[]{1L, "quote \" comma , nl \n ✓", new BigDecimal("12.50"), LocalDate.of(2024, 3, 1),
                        OffsetDateTime.of(2024, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC), Arrays.asList("x", null), struct, true,
                        new byte[]{1, 2}},
                new Object[]{2L, null, null, null, null, null, null, null, null});
        assertThat(print(r, ResultPrinter.Format.JSON)).isEqualTo(
                "{\"id\":1,\"s\":\"quote \\\" comma , nl \\n ✓\",\"amount\":12.50,\"day\":\"2024-03-01\","
                        + "\"ts\":\"2024-03-01T10:00:00Z\",\"tags\":[\"x\",null],\"st\":{\"k\":1,\"n\":null},\"b\":true,\"bytes\":\"AQI=\"}\n"
                        + "{\"id\":2,\"s\":null,\"amount\":null,\"day\":null,\"ts\":null,\"tags\":null,\"st\":null,\"b\":null,\"bytes\":null}\n");
    }

    @Test
    void timestampsPrintWithSecondsAlwaysAndTheFractionWhenThereIsOne() {
        QueryResult r = result(List.of("tz", "ntz"),
                new Object[]{OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), java.time.LocalDateTime.of(2024, 1, 1, 0, 0)},
                new Object[]{OffsetDateTime.of(2024, 2, 11, 18, 58, 36, 333_543_000, ZoneOffset.ofHours(2)),
                        java.time.LocalDateTime.of(2024, 2, 11, 16, 58, 36, 500_000_000)});
        // one format in every output: UTC with Z for TIMESTAMP, no zone for TIMESTAMP_NTZ
        assertThat(print(r, ResultPrinter.Format.CSV)).isEqualTo("tz,ntz\r\n2024-01-01T00:00:00Z,2024-01-01T00:00:00\r\n"
                + "2024-02-11T16:58:36.333543Z,2024-02-11T16:58:36.5\r\n");
        assertThat(print(r, ResultPrinter.Format.JSON)).isEqualTo("{\"tz\":\"2024-01-01T00:00:00Z\",\"ntz\":\"2024-01-01T00:00:00\"}\n"
                + "{\"tz\":\"2024-02-11T16:58:36.333543Z\",\"ntz\":\"2024-02-11T16:58:36.5\"}\n");
        assertThat(print(r, ResultPrinter.Format.TABLE)).contains("2024-01-01T00:00:00Z", "2024-02-11T16:58:36.333543Z");
    }

    @Test
    void formatNamesAreCaseInsensitive() {
        assertThat(ResultPrinter.Format.of("Csv")).isEqualTo(ResultPrinter.Format.CSV);
        assertThat(ResultPrinter.Format.of(" json ")).isEqualTo(ResultPrinter.Format.JSON);
    }
}
