package io.floe.delta;

import io.floe.delta.actions.Action;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DeltaJson#actionLine} writes each action straight from its object; the text must be what writing it through a
 * JSON tree gives (the old way, {@link DeltaJson#actionLineByTree}): same fields, order, nulls kept where the protocol
 * keeps them (partition values), escapes, numbers.
 */
class ActionLineTest {
    private static final List<String> LINES = List.of(
            "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"deletionVectors\",\"columnMapping\"],"
                    + "\"writerFeatures\":[\"deletionVectors\",\"columnMapping\",\"rowTracking\",\"domainMetadata\"]}}",
            "{\"metaData\":{\"id\":\"a8b0\",\"name\":\"t\",\"description\":\"caf\\u00e9 \\\"quoted\\\"\",\"format\":{\"provider\":\"parquet\","
                    + "\"options\":{}},\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\","
                    + "\\\"type\\\":\\\"long\\\",\\\"nullable\\\":true,\\\"metadata\\\":{}}]}\",\"partitionColumns\":[\"p\"],"
                    + "\"configuration\":{\"delta.enableDeletionVectors\":\"true\",\"delta.checkpointInterval\":\"10\"},"
                    + "\"createdTime\":1700000000000}}",
            "{\"add\":{\"path\":\"p=a%20b/part-00000-\\u00e9.parquet\",\"partitionValues\":{\"p\":\"a b\",\"q\":null},\"size\":1234,"
                    + "\"modificationTime\":1700000000001,\"dataChange\":true,\"stats\":\"{\\\"numRecords\\\":10,\\\"minValues\\\":"
                    + "{\\\"id\\\":-3},\\\"maxValues\\\":{\\\"id\\\":9.5e3},\\\"nullCount\\\":{\\\"id\\\":0},\\\"tightBounds\\\":true}\","
                    + "\"tags\":{\"INSERTION_TIME\":\"1700000000001\"},\"deletionVector\":{\"storageType\":\"u\",\"pathOrInlineDv\":"
                    + "\"ab^-aqEH.-t@S}K{vb[*k^\",\"offset\":1,\"sizeInBytes\":36,\"cardinality\":2},\"baseRowId\":40,"
                    + "\"defaultRowCommitVersion\":3,\"clusteringProvider\":\"liquid\"}}",
            "{\"add\":{\"path\":\"part-1.parquet\",\"partitionValues\":{},\"size\":1,\"modificationTime\":0,\"dataChange\":false}}",
            "{\"remove\":{\"path\":\"part-0.parquet\",\"deletionTimestamp\":1700000000002,\"dataChange\":true,\"extendedFileMetadata\":true,"
                    + "\"partitionValues\":{\"p\":null},\"size\":209,\"stats\":\"{\\\"numRecords\\\":1}\"}}",
            "{\"remove\":{\"path\":\"x.parquet\",\"dataChange\":false}}",
            "{\"commitInfo\":{\"timestamp\":1700000000003,\"inCommitTimestamp\":1700000000003,\"operation\":\"MERGE\","
                    + "\"operationParameters\":{\"predicate\":\"[\\\"(t.id = s.id)\\\"]\",\"matchedPredicates\":\"[{\\\"actionType\\\":\\\"update\\\"}]\"},"
                    + "\"operationMetrics\":{\"numTargetRowsUpdated\":\"5\"},\"readVersion\":2,\"isolationLevel\":\"WriteSerializable\","
                    + "\"isBlindAppend\":false,\"engineInfo\":\"Floe/0.1.0\",\"txnId\":\"u-1\"}}",
            "{\"txn\":{\"appId\":\"app\",\"version\":7,\"lastUpdated\":1700000000004}}",
            "{\"domainMetadata\":{\"domain\":\"delta.rowTracking\",\"configuration\":\"{\\\"rowIdHighWaterMark\\\":99}\",\"removed\":false}}",
            "{\"cdc\":{\"path\":\"_change_data/c.parquet\",\"partitionValues\":{},\"size\":10,\"dataChange\":false}}");

    @Test
    void writesWhatTheTreeWrites() {
        for (String line : LINES) {
            Action a = DeltaJson.parseLine(line).orElseThrow();
            assertThat(DeltaJson.actionLine(a)).as(line).isEqualTo(DeltaJson.actionLineByTree(a));
            // and it reads back to the same action (written again, the same text)
            assertThat(DeltaJson.actionLine(DeltaJson.parseLine(DeltaJson.actionLine(a)).orElseThrow())).as(line)
                    .isEqualTo(DeltaJson.actionLine(a));
        }
    }
}
