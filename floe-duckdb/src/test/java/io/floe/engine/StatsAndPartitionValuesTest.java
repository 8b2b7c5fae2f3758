package io.floe.engine;

import io.floe.delta.StatsJson;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.FileStats;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules for statistics bounds and partition directory names, and stats JSON in and out. */
class StatsAndPartitionValuesTest {
    @Test
    void stringBoundsAreCutToAPrefixThatStaysABound() {
        String shortOne = "x".repeat(32);
        assertThat(StatsCollector.lowerPrefix(shortOne)).isEqualTo(shortOne);
        assertThat(StatsCollector.upperPrefix(shortOne)).isEqualTo(shortOne);
        String longOne = "a".repeat(31) + "bc";
        assertThat(StatsCollector.lowerPrefix(longOne)).isEqualTo("a".repeat(31) + "b");
        assertThat(StatsCollector.upperPrefix(longOne)).isEqualTo("a".repeat(31) + "c").isGreaterThan(longOne);
        // counted in characters, never splitting a surrogate pair
        String emoji = "😈".repeat(40);
        assertThat(StatsCollector.lowerPrefix(emoji)).isEqualTo("😈".repeat(32));
        assertThat(StatsCollector.upperPrefix(emoji)).isEqualTo("😈".repeat(31) + "😉");
        // the largest code point cannot be raised: the one before it is
        String max = "a".repeat(30) + "b" + new String(Character.toChars(0x10FFFF)) + "zz";
        assertThat(StatsCollector.upperPrefix(max)).isEqualTo("a".repeat(30) + "c");
        // surrogates are skipped
        String beforeSurrogates = "a".repeat(31) + "\uD7FF" + "z";
        assertThat(StatsCollector.upperPrefix(beforeSurrogates)).isEqualTo("a".repeat(31) + "\uE000");
        assertThat(StatsCollector.upperPrefix(new String(Character.toChars(0x10FFFF)).repeat(33))).isNull();
    }

    @Test
    void boundsFromDuckDbTextFollowSparkForms() {
        assertThat(StatsCollector.bound("2024-01-01 10:11:12.123456+00", PrimitiveType.TIMESTAMP, false)).isEqualTo("2024-01-01T10:11:12.123Z");
        assertThat(StatsCollector.bound("2024-01-01 10:11:12.123456+00", PrimitiveType.TIMESTAMP, true)).isEqualTo("2024-01-01T10:11:12.124Z");
        assertThat(StatsCollector.bound("2024-01-01 10:11:12.123+00", PrimitiveType.TIMESTAMP, true)).isEqualTo("2024-01-01T10:11:12.123Z");
        assertThat(StatsCollector.bound("2024-01-01 01:00:00+05:30", PrimitiveType.TIMESTAMP, false)).isEqualTo("2023-12-31T19:30:00.000Z");
        assertThat(StatsCollector.bound("1999-12-31 23:59:59.9999", PrimitiveType.TIMESTAMP_NTZ, true)).isEqualTo("2000-01-01T00:00:00.000");
        assertThat(StatsCollector.bound("1999-12-31 23:59:59", PrimitiveType.TIMESTAMP_NTZ, false)).isEqualTo("1999-12-31T23:59:59.000");
        assertThat(StatsCollector.bound("2024-02-29", PrimitiveType.DATE, false)).isEqualTo("2024-02-29");
        assertThat(StatsCollector.bound("1.50", new DecimalType(10, 2), false)).isEqualTo(new BigDecimal("1.50"));
        assertThat(StatsCollector.bound("0.1", PrimitiveType.FLOAT, false)).isEqualTo((double) 0.1f);
        assertThat(StatsCollector.bound("1e+300", PrimitiveType.DOUBLE, false)).isEqualTo(1e300);
        assertThat(StatsCollector.bound("-9223372036854775808", PrimitiveType.LONG, false)).isEqualTo(Long.MIN_VALUE);
        assertThat(StatsCollector.bound("inf", PrimitiveType.DOUBLE, true)).isNull();
        assertThat(StatsCollector.bound("nan", PrimitiveType.DOUBLE, true)).isNull();
        assertThat(StatsCollector.bound("infinity", PrimitiveType.TIMESTAMP, true)).isNull();
        assertThat(StatsCollector.bound("true", PrimitiveType.BOOLEAN, true)).isNull();
    }

    @Test
    void writtenStatsSurviveDeltaStatsJson(@TempDir Path tmp) {
        try (DuckDbDatabase plane = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(tmp.resolve("spill")))) {
            StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, true),
                    new StructField("s", PrimitiveType.STRING, true), new StructField("d", PrimitiveType.DOUBLE, true),
                    new StructField("dt", PrimitiveType.DATE, true), new StructField("ts", PrimitiveType.TIMESTAMP, true),
                    new StructField("dec", new DecimalType(10, 2), true),
                    new StructField("st", StructType.of(new StructField("a", PrimitiveType.INTEGER, true)), true));
            FileStats stats = new DataFileWriter(plane.connection(), tmp.resolve("staging")).write(
                    "(SELECT range AS id, 'ü' || range AS s, range / 3 AS d, DATE '2024-01-01' + range::INTEGER AS dt,"
                            + " TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(range * 1001) AS ts, (range / 4)::DECIMAL(10,2) AS dec,"
                            + " {'a': NULLIF(range, 3)::INTEGER} AS st FROM range(10))",
                    WriteSpec.of(schema, List.of(), new io.floe.table.WriteOptions(WriteSpec.DEFAULT_TARGET_FILE_SIZE, WriteSpec.DEFAULT_NUM_INDEXED_COLS), new InMemoryObjectStore(), "")).get(0).stats();
            assertThat(stats.min(schema, List.of("dec"))).isEqualTo(new BigDecimal("0.00")); // the column's scale
            String json = StatsJson.toJson(stats, schema);
            assertThat(json.replaceAll(",\"dec\":[^,]*", "")).isEqualTo("{\"numRecords\":10,\"minValues\":{\"id\":0,\"s\":\"ü0\","
                    + "\"d\":0.0,\"dt\":\"2024-01-01\",\"ts\":\"2024-01-01T00:00:00.000Z\",\"st\":{\"a\":0}},\"maxValues\":{\"id\":9,"
                    + "\"s\":\"ü9\",\"d\":3.0,\"dt\":\"2024-01-10\",\"ts\":\"2024-01-01T00:00:00.010Z\",\"st\":{\"a\":9}},"
                    + "\"nullCount\":{\"id\":0,\"s\":0,\"d\":0,\"dt\":0,\"ts\":0,\"st\":{\"a\":1}},\"tightBounds\":true}");
            FileStats back = StatsJson.parse(json, schema);
            assertThat(back.numRecords()).isEqualTo(10L);
            assertThat(back.nullCount(schema, List.of("st", "a"))).isEqualTo(1L);
            assertThat(back.min(schema, List.of("ts"))).isEqualTo("2024-01-01T00:00:00.000Z");
            assertThat(back.max(schema, List.of("id"))).isEqualTo(9L);
            assertThat(new BigDecimal(back.max(schema, List.of("dec")).toString())).isEqualByComparingTo("2.25");
            assertThat(new BigDecimal(back.min(schema, List.of("dec")).toString())).isEqualByComparingTo("0");
            assertThat(StatsJson.toJson(back, schema)).isEqualTo(StatsJson.toJson(StatsJson.parse(StatsJson.toJson(back, schema), schema), schema));
        }
    }

    @Test
    void partitionDirectoryNamesEscapeAsSparkDoesAndReverse() {
        assertThat(PartitionValues.escapePathName("a/b")).isEqualTo("a%2Fb");
        assertThat(PartitionValues.escapePathName("%")).isEqualTo("%25");
        assertThat(PartitionValues.escapePathName("k=v")).isEqualTo("k%3Dv");
        assertThat(PartitionValues.escapePathName(" space")).isEqualTo(" space");
        assertThat(PartitionValues.escapePathName("😈ä")).isEqualTo("😈ä");
        assertThat(PartitionValues.escapePathName("\"#'*:?\\{[]^\u0001\u007F")).isEqualTo("%22%23%27%2A%3A%3F%5C%7B%5B%5D%5E%01%7F");
        assertThat(PartitionValues.escapePathName(null)).isEqualTo("__HIVE_DEFAULT_PARTITION__");
        assertThat(PartitionValues.escapePathName("")).isEqualTo("__HIVE_DEFAULT_PARTITION__");
        for (String v : List.of("a/b", "%", "%2F", "k=v", " x ", "😈", "a\\b\u0001", "}{")) {
            assertThat(PartitionValues.unescapePathName(PartitionValues.escapePathName(v))).isEqualTo(v);
        }
        assertThat(PartitionValues.unescapePathName("__HIVE_DEFAULT_PARTITION__")).isNull();
        assertThat(PartitionValues.isNull("")).isTrue();
        assertThat(PartitionValues.isNull("NULL")).isFalse();
    }
}
