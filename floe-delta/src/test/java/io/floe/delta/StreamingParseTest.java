package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.table.FileStats;
import io.floe.types.ArrayType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.floe.types.PrimitiveType.DOUBLE;
import static io.floe.types.PrimitiveType.INTEGER;
import static io.floe.types.PrimitiveType.LONG;
import static io.floe.types.PrimitiveType.STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The streaming parses of add.stats and of checkpoint rows / commit lines give exactly what the JSON-tree parses give
 * (they fall back to them for anything unusual), and take the streaming path for the common shapes.
 */
class StreamingParseTest {
    private static final StructType SCHEMA = StructType.of(
            new StructField("id", LONG, true),
            new StructField("name", STRING, true).withIdentity(0, "col-7"),
            new StructField("s", StructType.of(new StructField("a", INTEGER, true), new StructField("b", DOUBLE, true)), true),
            new StructField("arr", new ArrayType(INTEGER, true), true),
            new StructField("w", LONG, true, Map.of(SchemaChanges.TYPE_CHANGES, List.of(Map.of("fromType", "integer", "toType", "long")))));

    /** Shapes a writer produces: these take the streaming path. */
    private static final List<String> COMMON = List.of(
            "{\"numRecords\":10,\"minValues\":{\"id\":0},\"maxValues\":{\"id\":9},\"nullCount\":{\"id\":0},\"tightBounds\":true}",
            "{\"numRecords\":3,\"minValues\":{\"id\":-5,\"col-7\":\"a\",\"s\":{\"a\":1,\"b\":0.5},\"w\":1},"
                    + "\"maxValues\":{\"col-7\":\"z\\u00e9\",\"id\":7,\"s\":{\"b\":2.25E10,\"a\":9},\"w\":8},"
                    + "\"nullCount\":{\"id\":0,\"col-7\":1,\"s\":{\"a\":0,\"b\":3},\"arr\":2,\"w\":0}}",
            "{\"numRecords\":1}",
            "{\"numRecords\":null,\"minValues\":null,\"maxValues\":5,\"nullCount\":{},\"tightBounds\":null}",
            "{\"minValues\":{\"name\":\"logical name is not the physical one\",\"unknown\":{\"x\":[1,2]},\"s\":7},"
                    + "\"maxValues\":{\"s\":{\"a\":{\"nested\":1}},\"id\":null},\"nullCount\":{\"id\":\"3\",\"s\":{\"a\":1.0}}}",
            "{\"numRecords\":5,\"minValues\":{\"id\":-9223372036854775808},\"maxValues\":{\"id\":true},\"extra\":[1,{}]}",
            "{\"minValues\":{\"id\":1}} trailing");

    /** Unusual JSON: the tree parse decides (duplicates, arrays, coercions, malformed or non-object text). */
    private static final List<String> UNUSUAL = List.of(
            "{\"minValues\":{\"id\":1},\"minValues\":{\"id\":2}}",
            "{\"minValues\":{\"id\":1,\"id\":null}}",
            "{\"minValues\":{\"s\":{\"a\":1},\"s\":{\"b\":2.0}}}",
            "{\"minValues\":{\"arr\":[1,2]}}",
            "{\"numRecords\":\"12\"}",
            "{\"numRecords\":1.9}",
            "{\"tightBounds\":\"true\"}",
            "{\"minValues\":{\"id\":123456789012345678901234567890}}",
            "[1,2]",
            "42",
            "{\"minValues\":{\"id\":",
            "not json");

    @Test
    void statsStreamingEqualsTheTreeParse() {
        for (String json : COMMON) {
            FileStats fast = StatsJson.Streaming.parse(json, StatsJson.layout(SCHEMA));
            assertNotNull(fast, json);
            assertEquals(StatsJson.parseByTree(json, SCHEMA), fast, json);
            assertEquals(StatsJson.parseByTree(json, SCHEMA).toString(), fast.toString(), json); // same order too
        }
        for (String json : UNUSUAL) {
            assertNull(StatsJson.Streaming.parse(json, StatsJson.layout(SCHEMA)), json);
            assertEquals(StatsJson.parseByTree(json, SCHEMA), StatsJson.parse(json, SCHEMA), json);
        }
    }

    @Test
    void widenedColumnsKeepNoBoundsAndBlankStatsAreUnknown() {
        FileStats s = StatsJson.parse(COMMON.get(1), SCHEMA);
        int w = SCHEMA.withFieldIds().field("w").orElseThrow().id();
        assertNull(s.min(w));
        assertEquals(0L, s.nullCount(w));
        assertNull(StatsJson.parse(" ", SCHEMA));
        assertNull(StatsJson.parse(null, SCHEMA));
    }

    private static final List<String> ROWS = List.of(
            "{\"txn\":null,\"add\":{\"path\":\"a%20b/part-1.parquet\",\"partitionValues\":{\"p\":\"1\",\"q\":null},\"size\":12,"
                    + "\"modificationTime\":1700000000000,\"dataChange\":false,\"stats\":\"{\\\"numRecords\\\":1}\",\"tags\":{},"
                    + "\"deletionVector\":null,\"baseRowId\":4,\"defaultRowCommitVersion\":null,\"clusteringProvider\":\"liquid\"},"
                    + "\"remove\":null,\"metaData\":null,\"protocol\":null}",
            "{\"add\":null,\"remove\":{\"path\":\"x.parquet\",\"deletionTimestamp\":5,\"dataChange\":true,\"extendedFileMetadata\":true,"
                    + "\"partitionValues\":{},\"size\":9,\"tags\":null,\"deletionVector\":{\"storageType\":\"u\",\"pathOrInlineDv\":\"ab\","
                    + "\"offset\":1,\"sizeInBytes\":36,\"cardinality\":2},\"baseRowId\":null,\"future\":{\"x\":1}}}",
            "{\"add\":{\"path\":\"only-path.parquet\"}}",
            "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"deletionVectors\"],\"writerFeatures\":[\"v2Checkpoint\"]}}",
            "{\"metaData\":{\"id\":\"i\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":\"{}\",\"partitionColumns\":[],"
                    + "\"configuration\":{\"k\":\"v\"},\"createdTime\":1},\"txn\":{\"appId\":\"a\",\"version\":3,\"lastUpdated\":null}}",
            "{\"checkpointMetadata\":{\"version\":3,\"tags\":null},\"sidecar\":null,\"unknownAction\":{\"z\":1}}");

    private static final List<String> ODD_ROWS = List.of(
            "{\"add\":{\"path\":\"p\",\"size\":\"12\"}}",
            "{\"add\":{\"path\":\"p\",\"path\":\"q\"}}",
            "{\"add\":{\"path\":\"p\",\"partitionValues\":{\"k\":1}}}",
            "{\"add\":{\"path\":\"p\",\"dataChange\":\"yes\"}}",
            "{\"add\":{\"path\":\"p\"},\"add\":{\"path\":\"q\"}}");

    @Test
    void checkpointRowsStreamingEqualsTheTreeParse() {
        for (String row : ROWS) {
            List<Action> fast = DeltaJson.FastActions.row(row);
            assertNotNull(fast, row);
            assertEquals(lines(DeltaJson.parseRowByTree(row)), lines(fast), row);
        }
        for (String row : ODD_ROWS) {
            assertNull(DeltaJson.FastActions.row(row), row);
            assertEquals(outcome(() -> lines(DeltaJson.parseRowByTree(row))), outcome(() -> lines(DeltaJson.parseRow(row))), row);
        }
        AddFile a = (AddFile) DeltaJson.parseRow(ROWS.get(0)).get(0);
        assertEquals(Map.of(), a.tags());
        assertEquals(java.util.Arrays.asList("p", "q"), List.copyOf(a.partitionValues().keySet()));
        // a missing path is an error that names it, as before
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeltaJson.parseRow("{\"add\":{\"size\":1}}"));
        assertEquals("'add' action without 'path'", e.getMessage());
    }

    /** Actions as the log writes them (CommitInfo has no equals of its own). */
    private static List<String> lines(List<Action> actions) {
        return actions.stream().map(DeltaJson::actionLine).toList();
    }

    /** What a parse gives, or the message it fails with. */
    private static String outcome(java.util.function.Supplier<Object> parse) {
        try {
            return "ok " + parse.get();
        } catch (IllegalArgumentException e) {
            return "error " + e.getMessage();
        }
    }

    @Test
    void commitLinesStreamingEqualsTheTreeParse() {
        List<String> lines = List.of(
                "{\"add\":{\"path\":\"f.parquet\",\"partitionValues\":{},\"size\":1,\"modificationTime\":2,\"dataChange\":true,\"stats\":null}}",
                "{\"remove\":{\"path\":\"f.parquet\",\"deletionTimestamp\":3,\"dataChange\":true}}",
                "{\"commitInfo\":{\"timestamp\":5,\"operation\":\"WRITE\",\"operationParameters\":{\"mode\":\"Append\"},\"inCommitTimestamp\":7}}",
                "{\"somethingNew\":{\"a\":1}}");
        for (String line : lines) {
            Optional<Action> fast = DeltaJson.FastActions.line(line);
            assertNotNull(fast, line);
            assertEquals(lines(DeltaJson.parseLineByTree(line).stream().toList()), lines(fast.stream().toList()), line);
        }
        for (String odd : List.of("{\"add\":{\"path\":\"a\"},\"remove\":{\"path\":\"b\"}}", "{}", "{\"add\":5}", "{\"add\":{\"path\":\"a\"}")) {
            assertNull(DeltaJson.FastActions.line(odd), odd);
            IllegalArgumentException slow = assertThrows(IllegalArgumentException.class, () -> DeltaJson.parseLineByTree(odd));
            IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> DeltaJson.parseLine(odd));
            assertEquals(slow.getMessage(), both.getMessage());
        }
    }
}
