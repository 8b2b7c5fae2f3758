package io.floe.table.expr;

import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.floe.table.expr.ComparisonOp.EQ;
import static io.floe.table.expr.ComparisonOp.GE;
import static io.floe.table.expr.ComparisonOp.GT;
import static io.floe.table.expr.ComparisonOp.LT;
import static io.floe.table.expr.ComparisonOp.NE;
import static io.floe.table.expr.ComparisonOp.NULL_SAFE_EQ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSkippingTest {
    private static final StructType SCHEMA = new StructType(List.of(
            new StructField("day", PrimitiveType.DATE, true),
            new StructField("region", PrimitiveType.STRING, true, Map.of(), 7, "col-7"),
            new StructField("id", PrimitiveType.LONG, true),
            new StructField("name", PrimitiveType.STRING, true),
            new StructField("price", new DecimalType(10, 2), true),
            new StructField("at", PrimitiveType.TIMESTAMP, true),
            new StructField("local", PrimitiveType.TIMESTAMP_NTZ, true),
            new StructField("score", PrimitiveType.DOUBLE, true),
            new StructField("addr", new StructType(List.of(new StructField("zip", PrimitiveType.INTEGER, true))), true)));
    private static final FileSkipping SKIPPING = new FileSkipping(SCHEMA, List.of("day", "region"));

    private static Column col(String... path) {
        return Column.of(path);
    }

    private static Expression cmp(Expression l, ComparisonOp op, Object v) {
        return new Comparison(op, l, Literal.of(v));
    }

    private static DataFile file(String day, String region, FileStats stats) {
        Map<String, Object> pv = new HashMap<>();
        pv.put("day", day == null ? null : LocalDate.parse(day));
        pv.put("region", region);
        return new DataFile("f.parquet", pv, 1, 0, stats);
    }

    private static FileStats stats(long rows, Map<String, Object> min, Map<String, Object> max, Map<String, Object> nulls) {
        return FileStats.fromColumnPaths(SCHEMA, rows, min, max, nulls, true);
    }

    private static Verdict verdict(Expression p, DataFile f) {
        return SKIPPING.compile(p).evaluate(f);
    }

    @Test
    void partitionValuesAreTypedAndKeyedByColumnName() {
        DataFile f = file("2024-01-02", "eu", null);
        assertThat(verdict(cmp(col("day"), EQ, LocalDate.parse("2024-01-02")), f)).isEqualTo(Verdict.ALL_MATCH);
        assertThat(verdict(cmp(col("day"), GT, LocalDate.parse("2024-01-02")), f)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(cmp(col("REGION"), EQ, "eu"), f)).isEqualTo(Verdict.ALL_MATCH);
        assertThat(verdict(cmp(col("region"), EQ, "us"), f)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(new In(col("region"), List.of(Literal.of("us"), Literal.of("eu"))), f)).isEqualTo(Verdict.ALL_MATCH);
        // a string partition value compared with a date: cannot be ordered, so kept
        assertThat(verdict(cmp(col("region"), EQ, LocalDate.parse("2024-01-02")), f)).isEqualTo(Verdict.MAYBE);
    }

    @Test
    void nullPartitionValuesFollowThreeValuedLogic() {
        // (Delta's "" and __HIVE_DEFAULT_PARTITION__ for NULL are read as null by the Delta format: DeltaPartitionValuesTest)
        DataFile nullRegion = file("2024-01-02", null, null);
        for (DataFile f : List.of(nullRegion)) {
            assertThat(verdict(cmp(col("region"), EQ, "eu"), f)).isEqualTo(Verdict.NO_MATCH);
            assertThat(verdict(cmp(col("region"), NE, "eu"), f)).isEqualTo(Verdict.NO_MATCH);
            assertThat(verdict(new Not(cmp(col("region"), EQ, "eu")), f)).isEqualTo(Verdict.NO_MATCH);
            assertThat(verdict(new IsNull(col("region")), f)).isEqualTo(Verdict.ALL_MATCH);
            assertThat(verdict(new Comparison(NULL_SAFE_EQ, col("region"), Literal.NULL), f)).isEqualTo(Verdict.ALL_MATCH);
            assertThat(verdict(new Not(new In(col("region"), List.of(Literal.of("x")))), f)).isEqualTo(Verdict.NO_MATCH);
        }
        // NOT IN with a NULL in the list is never TRUE
        DataFile eu = file("2024-01-02", "eu", null);
        assertThat(verdict(new Not(new In(col("region"), List.of(Literal.of("x"), Literal.NULL))), eu)).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void statisticsBoundTheValues() {
        DataFile f = file("2024-01-02", "eu", stats(10, Map.of("id", 5L, "price", 1.25, "addr", Map.of("zip", 1000L)),
                Map.of("id", 9L, "price", 7.5, "addr", Map.of("zip", 2000L)), Map.of("id", 0L, "price", 2L, "addr", Map.of("zip", 0L))));
        assertThat(verdict(cmp(col("id"), LT, 5L), f)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(cmp(col("id"), GE, 5L), f)).isEqualTo(Verdict.ALL_MATCH);
        assertThat(verdict(cmp(col("id"), EQ, 7L), f)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(cmp(col("id"), GT, 8.5), f)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(cmp(col("id"), GT, new BigDecimal("9.01")), f)).isEqualTo(Verdict.NO_MATCH);
        // a decimal bound read from JSON as a double is only known to within an ulp
        assertThat(verdict(cmp(col("price"), LT, new BigDecimal("1.25")), f)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(cmp(col("price"), LT, new BigDecimal("1.24")), f)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(cmp(col("price"), GE, new BigDecimal("1.25")), f)).as("price has nulls").isEqualTo(Verdict.MAYBE);
        assertThat(verdict(cmp(col("addr", "zip"), GT, 2000L), f)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(new IsNull(col("id")), f)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(new IsNotNull(col("id")), f)).isEqualTo(Verdict.ALL_MATCH);
        // partition-only evaluation ignores statistics
        assertThat(SKIPPING.compile(cmp(col("id"), LT, 5L)).evaluatePartitions(f)).isEqualTo(Verdict.MAYBE);
    }

    @Test
    void allNullColumnsAndEmptyFiles() {
        DataFile allNull = file("2024-01-02", "eu", stats(3, Map.of(), Map.of(), Map.of("id", 3L)));
        assertThat(verdict(cmp(col("id"), NE, 1L), allNull)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(new Not(cmp(col("id"), EQ, 1L)), allNull)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(new IsNull(col("id")), allNull)).isEqualTo(Verdict.ALL_MATCH);
        DataFile empty = file("2024-01-02", "eu", stats(0, Map.of(), Map.of(), Map.of()));
        assertThat(verdict(new IsNull(col("id")), empty)).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void missingOrUnreadableStatisticsKeepTheFile() {
        DataFile none = file("2024-01-02", "eu", null);
        assertThat(verdict(cmp(col("id"), EQ, 1L), none)).isEqualTo(Verdict.MAYBE);
        DataFile garbage = file("2024-01-02", "eu", stats(3, Map.of("id", "not a number", "at", "yesterday"),
                Map.of("id", "x"), Map.of()));
        assertThat(verdict(cmp(col("id"), EQ, 1L), garbage)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(cmp(col("at"), EQ, Instant.EPOCH), garbage)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(cmp(col("nosuch"), EQ, 1L), garbage)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(new Not(cmp(col("nosuch"), EQ, 1L)), garbage)).isEqualTo(Verdict.MAYBE);
    }

    @Test
    void unknownStaysUnknownUnderNot() {
        DataFile f = file("2024-01-02", "eu", null);
        Unknown u = new Unknown("upper(name) = 'X'", List.of(col("name")), true);
        assertThat(verdict(u, f)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(new Not(u), f)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(new And(u, cmp(col("region"), EQ, "us")), f)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(new Or(u, cmp(col("region"), EQ, "eu")), f)).isEqualTo(Verdict.ALL_MATCH);
        assertThat(verdict(new Not(new And(u, cmp(col("region"), EQ, "us"))), f)).isEqualTo(Verdict.ALL_MATCH);
    }

    @Test
    void truncatedStringMaximaAreReadAsPrefixes() {
        String prefix = "x".repeat(32);
        // a naive writer cut the maximum "xxx…xb" to its first 32 characters
        DataFile f = file("2024-01-02", "eu", stats(2, Map.of("name", "a"), Map.of("name", prefix), Map.of("name", 0L)));
        assertThat(verdict(cmp(col("name"), EQ, prefix + "b"), f)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(cmp(col("name"), GT, prefix), f)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(cmp(col("name"), GT, "x".repeat(31) + "y"), f)).isEqualTo(Verdict.NO_MATCH);
        // short maxima are exact
        DataFile g = file("2024-01-02", "eu", stats(2, Map.of("name", "a"), Map.of("name", "b"), Map.of("name", 0L)));
        assertThat(verdict(cmp(col("name"), GT, "b"), g)).isEqualTo(Verdict.NO_MATCH);
        // strings compare by code point: U+1F600 sorts after U+FFFF although its UTF-16 form does not
        DataFile h = file("2024-01-02", "eu", stats(2, Map.of("name", "a"), Map.of("name", "\uffff"), Map.of("name", 0L)));
        assertThat(verdict(cmp(col("name"), EQ, "\ud83d\ude00"), h)).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void timestampsAreWidenedToTheMillisecondStatisticsKeep() {
        DataFile f = file("2024-01-02", "eu", stats(2, Map.of("at", "2024-01-01T10:00:00.000Z", "local", "2024-01-01T10:00:00.000"),
                Map.of("at", "2024-01-01T03:00:00.123-07:00", "local", "2024-01-01T10:00:00.123"), Map.of("at", 0L, "local", 0L)));
        // 10:00:00.123456 rounds down to .123 in Spark's statistics: still inside
        assertThat(verdict(cmp(col("at"), EQ, Instant.parse("2024-01-01T10:00:00.123456Z")), f)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(cmp(col("at"), GT, Instant.parse("2024-01-01T10:00:00.125Z")), f)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(cmp(col("local"), EQ, LocalDateTime.parse("2024-01-01T10:00:00.123999")), f)).isEqualTo(Verdict.MAYBE);
        assertThat(verdict(cmp(col("local"), LT, LocalDateTime.parse("2024-01-01T09:59:59")), f)).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void doubleMaximaAreNotTrustedBecauseOfNaN() {
        DataFile f = file("2024-01-02", "eu", stats(2, Map.of("score", 1.0), Map.of("score", 2.0), Map.of("score", 0L)));
        assertThat(verdict(cmp(col("score"), GT, 5.0), f)).isEqualTo(Verdict.MAYBE); // a NaN row is > 5
        assertThat(verdict(cmp(col("score"), LT, 0.5), f)).isEqualTo(Verdict.NO_MATCH);
        assertThat(verdict(cmp(col("score"), EQ, 1L), f)).isEqualTo(Verdict.MAYBE);
        DataFile nan = new DataFile("g", Map.of("day", "2024-01-02", "col-7", "eu"), 1, 0, null);
        assertThat(verdict(cmp(col("score"), EQ, Double.NaN), nan)).isEqualTo(Verdict.MAYBE);
    }

    @Test
    void selectionCountsPartitionPruningAndStatsSkippingSeparately() {
        List<DataFile> files = List.of(
                file("2024-01-01", "eu", stats(1, Map.of("id", 1L), Map.of("id", 1L), Map.of("id", 0L))),
                file("2024-01-02", "eu", stats(1, Map.of("id", 1L), Map.of("id", 1L), Map.of("id", 0L))),
                file("2024-01-02", "eu", stats(1, Map.of("id", 7L), Map.of("id", 9L), Map.of("id", 0L))),
                file("2024-01-02", "us", null));
        Expression p = new And(cmp(col("day"), EQ, LocalDate.parse("2024-01-02")), cmp(col("id"), GT, 5L));
        FileSelection sel = SKIPPING.compile(p).select(files);
        assertThat(sel.total()).isEqualTo(4);
        assertThat(sel.afterPartitionPruning()).isEqualTo(3);
        assertThat(sel.afterStatsSkipping()).isEqualTo(2);
        assertThat(sel.files()).containsExactly(files.get(2), files.get(3));
    }

    @Test
    void partitionPredicates() {
        assertThat(SKIPPING.isPartitionPredicate(new And(cmp(col("day"), EQ, LocalDate.EPOCH), new IsNull(col("Region"))))).isTrue();
        assertThat(SKIPPING.isPartitionPredicate(new Or(cmp(col("day"), EQ, LocalDate.EPOCH), cmp(col("id"), EQ, 1L)))).isFalse();
        assertThat(SKIPPING.isPartitionPredicate(new Unknown("year(day) = 2024", List.of(col("day")), true))).isTrue();
        assertThat(SKIPPING.isPartitionPredicate(new Unknown("day IN (SELECT …)", List.of(col("day")), false))).isFalse();
        assertThat(SKIPPING.isPartitionPredicate(Literal.TRUE)).isTrue();
        assertThat(new And(cmp(col("day"), EQ, LocalDate.EPOCH), new IsNull(col("addr", "zip"))).columns())
                .containsExactly(col("day"), col("addr", "zip"));
    }

    @Test
    void literalsHoldOneClassPerType() {
        assertThat(Literal.of(3).value()).isEqualTo(3L);
        assertThat(Literal.of(3).type()).isEqualTo(PrimitiveType.LONG);
        assertThat(Literal.of(new BigDecimal("12.345")).type()).isEqualTo(new DecimalType(5, 3));
        assertThat(Literal.of(new BigDecimal("0.001")).type()).isEqualTo(new DecimalType(3, 3));
        assertThat(new Literal(5L, PrimitiveType.INTEGER).value()).isEqualTo(5L);
        assertThatThrownBy(() -> new Literal("5", PrimitiveType.INTEGER)).isInstanceOf(IllegalArgumentException.class);
        assertThat(cmp(col("a b"), EQ, "it's").toString()).isEqualTo("`a b` = 'it''s'");
    }

    @Test
    void partitionValueParsing() {
        assertThat(TypedValues.parsePartitionValue("2024-01-01 10:00:00", PrimitiveType.TIMESTAMP))
                .isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
        assertThat(TypedValues.parsePartitionValue("2024-01-01T10:00:00.123456Z", PrimitiveType.TIMESTAMP))
                .isEqualTo(Instant.parse("2024-01-01T10:00:00.123456Z"));
        assertThat(TypedValues.parsePartitionValue("2024-01-01 10:00:00.5", PrimitiveType.TIMESTAMP_NTZ))
                .isEqualTo(LocalDateTime.parse("2024-01-01T10:00:00.5"));
        assertThat(TypedValues.parsePartitionValue("-12", PrimitiveType.INTEGER)).isEqualTo(-12L);
        assertThat(TypedValues.parsePartitionValue("1.50", new DecimalType(5, 2))).isEqualTo(new BigDecimal("1.50"));
        assertThat(TypedValues.parsePartitionValue("true", PrimitiveType.BOOLEAN)).isEqualTo(true);
        assertThat(TypedValues.parsePartitionValue("", PrimitiveType.STRING)).isNull();
        assertThat(TypedValues.parsePartitionValue(null, PrimitiveType.LONG)).isNull();
        assertThatThrownBy(() -> TypedValues.parsePartitionValue("x", PrimitiveType.LONG)).isInstanceOf(IllegalArgumentException.class);
    }
}
