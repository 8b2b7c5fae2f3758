package io.floe.delta;

import io.floe.table.CorruptTableException;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeltaPartitionValuesTest {
    private static final StructType SCHEMA = StructType.of(
            new StructField("d", PrimitiveType.DATE, true),
            new StructField("region", PrimitiveType.STRING, true, Map.of(), 2, "col-7"),
            new StructField("n", PrimitiveType.INTEGER, true),
            new StructField("ts", PrimitiveType.TIMESTAMP, true),
            new StructField("local", PrimitiveType.TIMESTAMP_NTZ, true),
            new StructField("price", new DecimalType(10, 2), true),
            new StructField("v", PrimitiveType.LONG, true));
    private static final List<String> PARTS = List.of("d", "region", "n", "ts", "local", "price");

    @Test
    void logStringsBecomeTypedValuesKeyedByColumnName() {
        Map<String, String> logged = new HashMap<>();
        logged.put("d", "2024-01-02");
        logged.put("col-7", "eu");
        logged.put("n", "7");
        logged.put("ts", "2024-01-01 10:00:00");
        logged.put("local", "2024-01-01 10:00:00.5");
        logged.put("price", "1.50");
        Map<String, Object> typed = DeltaPartitionValues.read(logged, SCHEMA, PARTS, "f.parquet");
        assertThat(typed).containsEntry("d", LocalDate.parse("2024-01-02")).containsEntry("region", "eu").containsEntry("n", 7L)
                .containsEntry("ts", Instant.parse("2024-01-01T10:00:00Z"))
                .containsEntry("local", LocalDateTime.parse("2024-01-01T10:00:00.5"))
                .containsEntry("price", new BigDecimal("1.50"));
        // written back keyed by physical name, in the protocol's forms
        Map<String, String> back = DeltaPartitionValues.write(typed, SCHEMA, PARTS);
        assertThat(back).containsEntry("col-7", "eu").containsEntry("d", "2024-01-02").containsEntry("n", "7")
                .containsEntry("ts", "2024-01-01T10:00:00.000000Z").containsEntry("local", "2024-01-01 10:00:00.500000")
                .containsEntry("price", "1.50");
        assertThat(DeltaPartitionValues.read(back, SCHEMA, PARTS, "f.parquet")).isEqualTo(typed);
    }

    @Test
    void emptyStringsAndSparksNullDirectoryNameAreNull() {
        Map<String, String> logged = new HashMap<>();
        logged.put("d", "");
        logged.put("col-7", "__HIVE_DEFAULT_PARTITION__");
        logged.put("n", null);
        Map<String, Object> typed = DeltaPartitionValues.read(logged, SCHEMA, List.of("d", "region", "n", "ts"), "f.parquet");
        assertThat(typed).containsEntry("d", null).containsEntry("region", null).containsEntry("n", null).containsEntry("ts", null);
    }

    @Test
    void aValueNotOfItsColumnsTypeNamesTheFile() {
        assertThatThrownBy(() -> DeltaPartitionValues.read(Map.of("n", "seven"), SCHEMA, List.of("n"), "part-1.parquet"))
                .isInstanceOf(CorruptTableException.class).hasMessageContaining("part-1.parquet").hasMessageContaining("seven");
    }
}
