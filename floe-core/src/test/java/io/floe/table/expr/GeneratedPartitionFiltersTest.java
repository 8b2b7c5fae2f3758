package io.floe.table.expr;

import io.floe.table.DataFile;
import io.floe.table.GeneratedColumns;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 17: a filter on the source of a generated partition column prunes partitions. */
class GeneratedPartitionFiltersTest {
    private static DataFile file(String column, Object value) {
        Map<String, Object> pv = new HashMap<>();
        pv.put(column, value);
        return new DataFile("f-" + value + ".parquet", pv, 1, 0, null);
    }

    private static List<Object> kept(StructType schema, String partition, Expression filter, Object... values) {
        SkippingPredicate p = new FileSkipping(schema, List.of(partition)).compile(filter);
        return java.util.Arrays.stream(values).filter(v -> p.mightMatch(file(partition, v))).toList();
    }

    private static StructType schema(PrimitiveType sourceType, String partition, PrimitiveType partitionType, String expression) {
        return new StructType(List.of(new StructField("ts", sourceType, true), new StructField("v", PrimitiveType.LONG, true),
                GeneratedColumns.withExpression(new StructField(partition, partitionType, true), expression)));
    }

    @Test
    void castToDateOfATimestampPrunesByTheDateWidenedByADayForTheZone() {
        StructType s = schema(PrimitiveType.TIMESTAMP, "d", PrimitiveType.DATE, "CAST(ts AS DATE)");
        LocalDate[] days = {LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-05"), LocalDate.parse("2024-01-09"),
                LocalDate.parse("2024-01-10"), LocalDate.parse("2024-01-11")};
        Expression ge = Comparison.of(Column.of("ts"), ComparisonOp.GE, Literal.of(Instant.parse("2024-01-10T12:00:00Z")));
        assertThat(kept(s, "d", ge, (Object[]) days)).containsExactly(days[2], days[3], days[4]);
        Expression lt = Comparison.of(Literal.of(Instant.parse("2024-01-05T00:00:00Z")), ComparisonOp.GT, Column.of("ts"));
        assertThat(kept(s, "d", lt, (Object[]) days)).containsExactly(days[0], days[1]);
        // a filter on another column, or a NOT EQUAL, prunes nothing
        assertThat(kept(s, "d", Comparison.of(Column.of("v"), ComparisonOp.GE, Literal.of(3L)), (Object[]) days)).hasSize(5);
        assertThat(kept(s, "d", Comparison.of(Column.of("ts"), ComparisonOp.NE, Literal.of(Instant.parse("2024-01-10T12:00:00Z"))),
                (Object[]) days)).hasSize(5);
    }

    @Test
    void zoneFreeSourcesPruneExactly() {
        StructType s = schema(PrimitiveType.TIMESTAMP_NTZ, "d", PrimitiveType.DATE, "to_date(`ts`)");
        Expression eq = Comparison.of(Column.of("ts"), ComparisonOp.EQ, Literal.of(LocalDateTime.parse("2024-01-10T12:00:00")));
        assertThat(kept(s, "d", eq, LocalDate.parse("2024-01-09"), LocalDate.parse("2024-01-10"), LocalDate.parse("2024-01-11")))
                .containsExactly(LocalDate.parse("2024-01-10"));
    }

    @Test
    void yearAndDateFormatPartitionsPrune() {
        StructType years = schema(PrimitiveType.TIMESTAMP, "y", PrimitiveType.INTEGER, "year(ts)");
        Expression ge = Comparison.of(Column.of("ts"), ComparisonOp.GE, Literal.of("2024-06-01 00:00:00"));
        assertThat(kept(years, "y", ge, 2022L, 2023L, 2024L, 2025L)).containsExactly(2024L, 2025L);
        StructType months = schema(PrimitiveType.DATE, "m", PrimitiveType.STRING, "date_format(ts, 'yyyy-MM')");
        Expression le = Comparison.of(Column.of("ts"), ComparisonOp.LE, Literal.of(LocalDate.parse("2024-03-15")));
        assertThat(kept(months, "m", le, "2024-02", "2024-03", "2024-04")).containsExactly("2024-02", "2024-03");
    }

    @Test
    void expressionsThatAreNotMonotonicPruneNothing() {
        StructType s = schema(PrimitiveType.TIMESTAMP, "mo", PrimitiveType.INTEGER, "month(ts)");
        Expression ge = Comparison.of(Column.of("ts"), ComparisonOp.GE, Literal.of(Instant.parse("2024-06-01T00:00:00Z")));
        assertThat(kept(s, "mo", ge, 1L, 6L, 12L)).containsExactly(1L, 6L, 12L);
    }
}
