package io.floe.delta;

import io.floe.table.CorruptTableException;
import io.floe.table.expr.TypedValues;
import io.floe.types.DataType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delta's partition values: strings in the log, keyed by the column's physical name, read into the neutral typed
 * values keyed by column name and written back. Null, "" and Spark's {@value #HIVE_NULL} are null, as the protocol
 * and Spark have it.
 */
public final class DeltaPartitionValues {
    static final String HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";
    private static final DateTimeFormatter UTC_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private DeltaPartitionValues() {
    }

    /**
     * The typed values of a file's partition columns.
     *
     * @param path for the error naming a value that is not of its column's type
     */
    public static Map<String, Object> read(Map<String, String> logged, StructType schema, List<String> partitionColumns,
                                           String path) {
        if (partitionColumns.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String p : partitionColumns) {
            StructField f = schema.field(p).orElseThrow(() -> new CorruptTableException("partition column " + p
                    + " is not in the table's schema " + schema.fieldNames()));
            String raw = logged == null ? null : lookup(logged, f);
            try {
                out.put(f.name(), parse(raw, f.type()));
            } catch (IllegalArgumentException e) {
                throw new CorruptTableException("file " + path + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String lookup(Map<String, String> logged, StructField f) {
        if (logged.containsKey(f.physicalName())) {
            return logged.get(f.physicalName());
        }
        if (logged.containsKey(f.name())) {
            return logged.get(f.name());
        }
        for (var e : logged.entrySet()) {
            if (e.getKey().equalsIgnoreCase(f.name())) {
                return e.getValue();
            }
        }
        return null;
    }

    static Object parse(String raw, DataType type) {
        if (raw == null || raw.isEmpty() || raw.equals(HIVE_NULL)) {
            return null;
        }
        if (type == PrimitiveType.BINARY) {
            return raw.getBytes(StandardCharsets.UTF_8);
        }
        return TypedValues.parsePartitionValue(raw, type);
    }

    /** The log's form of typed partition values, keyed by physical name. */
    public static Map<String, String> write(Map<String, Object> values, StructType schema, List<String> partitionColumns) {
        if (partitionColumns.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : partitionColumns) {
            StructField f = schema.field(p).orElseThrow(() -> new IllegalArgumentException("partition column " + p
                    + " is not in the schema " + schema.fieldNames()));
            Object v = values.containsKey(f.name()) ? values.get(f.name()) : caseInsensitive(values, f.name());
            out.put(f.physicalName(), format(v));
        }
        return out;
    }

    private static Object caseInsensitive(Map<String, Object> values, String name) {
        for (var e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Timestamps adjusted to UTC in ISO-8601 with microseconds, as the protocol recommends to modern writers. */
    static String format(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Instant i) {
            return UTC_MICROS.format(i);
        }
        if (v instanceof LocalDateTime t) {
            return LOCAL_MICROS.format(t);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return v.toString();
    }
}
