package io.floe.iceberg;

import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.types.StructType;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data files between Floe's neutral model and Iceberg's manifests: partition tuples (Iceberg's internal value
 * representation: days and micros as ints and longs) keyed by partition field name, and column metrics (value, null
 * and NaN counts, lower/upper bounds in Iceberg's single-value binary encoding) keyed by field id.
 */
final class IcebergFiles {
    private IcebergFiles() {
    }

    // ------------------------------------------------------------------ Iceberg → Floe

    static DataFile toFloe(org.apache.iceberg.DataFile f, PartitionSpec spec, Schema schema, long timestamp) {
        Map<String, Object> pv = new LinkedHashMap<>();
        List<PartitionField> fields = spec.fields();
        Types.StructType ptype = spec.partitionType();
        StructLike p = f.partition();
        for (int i = 0; i < fields.size(); i++) {
            Type t = ptype.fields().get(i).type();
            Object v = p.get(i, Object.class);
            pv.put(fields.get(i).name(), v == null ? null : neutral(t, v));
        }
        return new DataFile(f.location(), pv, f.fileSizeInBytes(), timestamp, true,
                stats(f.recordCount(), f.nullValueCounts(), f.nanValueCounts(), f.lowerBounds(), f.upperBounds(), schema), null, Map.of());
    }

    /** Iceberg's internal value as the table model types values (Long for integers, LocalDate, Instant, …). */
    static Object neutral(Type t, Object v) {
        return switch (t.typeId()) {
            case INTEGER, LONG -> ((Number) v).longValue();
            case DATE -> LocalDate.ofEpochDay(((Number) v).longValue());
            case TIMESTAMP -> ((Types.TimestampType) t).shouldAdjustToUTC() ? instant((Long) v)
                    : LocalDateTime.ofInstant(instant((Long) v), ZoneOffset.UTC);
            case STRING -> v.toString();
            case FLOAT, DOUBLE -> ((Number) v).doubleValue();
            case BINARY, FIXED -> bytes(v);
            default -> v; // boolean, decimal
        };
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[] b) {
            return b;
        }
        ByteBuffer bb = ((ByteBuffer) v).duplicate();
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }

    /** A file's statistics from its manifest entry's metrics (any of the maps may be null: not recorded). */
    static FileStats stats(long recordCount, Map<Integer, Long> nullValueCounts, Map<Integer, Long> nanValueCounts,
                           Map<Integer, ByteBuffer> lowerBounds, Map<Integer, ByteBuffer> upperBounds, Schema schema) {
        Map<Integer, Object> lo = new HashMap<>();
        Map<Integer, Object> hi = new HashMap<>();
        Map<Integer, Long> nulls = new HashMap<>();
        if (nullValueCounts != null) {
            nulls.putAll(nullValueCounts);
        }
        Map<Integer, Long> nans = nanValueCounts == null ? Map.of() : nanValueCounts;
        bounds(lowerBounds, schema, lo);
        bounds(upperBounds, schema, hi);
        nans.forEach((id, n) -> {
            if (n != null && n > 0) {
                hi.remove(id); // NaN sorts above every number for Spark; a bound without it is not an upper bound
                lo.remove(id);
            }
        });
        return new FileStats(recordCount, lo, hi, nulls, null);
    }

    private static void bounds(Map<Integer, ByteBuffer> bounds, Schema schema, Map<Integer, Object> out) {
        if (bounds == null) {
            return;
        }
        bounds.forEach((id, buf) -> {
            Object v = statValue(schema, id, buf);
            if (v != null) {
                out.put(id, v);
            }
        });
    }

    /** Column {@code id}'s bound as FileStats keeps it, or null when it is not one Floe uses (unknown or nested column). */
    static Object statValue(Schema schema, int id, ByteBuffer buf) {
        Types.NestedField field = schema.findField(id);
        if (field == null || !field.type().isPrimitiveType()) {
            return null;
        }
        return statValue(field.type(), Conversions.fromByteBuffer(field.type(), buf));
    }

    /** A bound as FileStats keeps them: numbers, booleans, strings; dates and timestamps as ISO text. */
    private static Object statValue(Type t, Object v) {
        if (v == null) {
            return null;
        }
        return switch (t.typeId()) {
            case INTEGER, LONG -> ((Number) v).longValue();
            case FLOAT, DOUBLE -> {
                double d = ((Number) v).doubleValue();
                yield Double.isNaN(d) || Double.isInfinite(d) ? null : d;
            }
            case DATE -> LocalDate.ofEpochDay(((Number) v).longValue()).toString();
            case TIMESTAMP -> ((Types.TimestampType) t).shouldAdjustToUTC() ? instant((Long) v).toString()
                    : LocalDateTime.ofInstant(instant((Long) v), ZoneOffset.UTC).toString();
            case STRING -> v.toString();
            case DECIMAL -> (BigDecimal) v;
            case BOOLEAN -> v;
            default -> null; // binary, uuid, …: no bound used for skipping
        };
    }

    // ------------------------------------------------------------------ Floe → Iceberg

    static org.apache.iceberg.DataFile toIceberg(DataFile f, PartitionSpec spec, Schema schema) {
        DataFiles.Builder b = DataFiles.builder(spec).withPath(f.path()).withFormat(FileFormat.PARQUET).withFileSizeInBytes(f.size());
        if (!spec.isUnpartitioned()) {
            b.withPartition(partition(f.partitionValues(), spec));
        }
        long rows = f.stats() == null || f.stats().numRecords() == null ? 0 : f.stats().numRecords();
        b.withRecordCount(rows);
        if (f.stats() != null) {
            b.withMetrics(metrics(f.stats(), schema, rows));
        }
        return b.build();
    }

    private static StructLike partition(Map<String, Object> values, PartitionSpec spec) {
        List<PartitionField> fields = spec.fields();
        Object[] tuple = new Object[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Type t = spec.partitionType().fields().get(i).type();
            Object v = lookup(values, fields.get(i).name());
            tuple[i] = v == null ? null : internal(t, v);
        }
        return new Tuple(tuple);
    }

    private static Object lookup(Map<String, Object> values, String name) {
        if (values.containsKey(name)) {
            return values.get(name);
        }
        for (var e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A neutral value in Iceberg's internal representation for type {@code t}. */
    static Object internal(Type t, Object v) {
        return switch (t.typeId()) {
            case INTEGER -> Math.toIntExact(((Number) v).longValue());
            case LONG -> ((Number) v).longValue();
            case FLOAT -> ((Number) v).floatValue();
            case DOUBLE -> ((Number) v).doubleValue();
            case DATE -> v instanceof LocalDate d ? (int) d.toEpochDay() : Math.toIntExact(((Number) v).longValue());
            case TIMESTAMP -> micros(v);
            case STRING -> v.toString();
            case BINARY, FIXED -> ByteBuffer.wrap(bytes(v));
            case DECIMAL -> v instanceof BigDecimal d ? d.setScale(((Types.DecimalType) t).scale()) : new BigDecimal(v.toString());
            default -> v;
        };
    }

    private static long micros(Object v) {
        if (v instanceof Instant i) {
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
        }
        if (v instanceof LocalDateTime t) {
            return micros(t.toInstant(ZoneOffset.UTC));
        }
        if (v instanceof String s) {
            return micros(Instant.parse(s));
        }
        return ((Number) v).longValue();
    }

    private static Metrics metrics(FileStats s, Schema schema, long rows) {
        Map<Integer, Long> valueCounts = new HashMap<>();
        Map<Integer, Long> nullCounts = new HashMap<>();
        Map<Integer, ByteBuffer> lower = new HashMap<>();
        Map<Integer, ByteBuffer> upper = new HashMap<>();
        s.nullCounts().forEach((id, n) -> {
            if (n != null && schema.findField(id) != null) {
                nullCounts.put(id, n);
                if (isTopLevelOrStructLeaf(schema, id)) {
                    valueCounts.put(id, rows);
                }
            }
        });
        encode(s.minValues(), schema, lower);
        encode(s.maxValues(), schema, upper);
        return new Metrics(rows, null, valueCounts, nullCounts, null, lower, upper);
    }

    /** Leaves not inside a list or map: one value per row. */
    private static boolean isTopLevelOrStructLeaf(Schema schema, int id) {
        Integer parent = id;
        Map<Integer, Integer> parents = org.apache.iceberg.types.TypeUtil.indexParents(schema.asStruct());
        while ((parent = parents.get(parent)) != null) {
            Type pt = schema.findType(parent);
            if (pt.isListType() || pt.isMapType()) {
                return false;
            }
        }
        return true;
    }

    private static void encode(Map<Integer, Object> values, Schema schema, Map<Integer, ByteBuffer> out) {
        values.forEach((id, v) -> {
            Types.NestedField f = schema.findField(id);
            if (f == null || v == null || !f.type().isPrimitiveType()) {
                return;
            }
            Object internal = boundValue(f.type(), v);
            if (internal != null) {
                out.put(id, Conversions.toByteBuffer(f.type(), internal));
            }
        });
    }

    private static Object boundValue(Type t, Object v) {
        try {
            return switch (t.typeId()) {
                case DATE -> (int) LocalDate.parse(v.toString()).toEpochDay();
                case TIMESTAMP -> {
                    var ts = io.floe.table.expr.TypedValues.parseTimestamp(v.toString());
                    if (ts.isEmpty()) {
                        yield null;
                    }
                    Object parsed = io.floe.table.expr.TypedValues.parsePartitionValue(v.toString(),
                            ((Types.TimestampType) t).shouldAdjustToUTC() ? io.floe.types.PrimitiveType.TIMESTAMP
                                    : io.floe.types.PrimitiveType.TIMESTAMP_NTZ);
                    yield micros(parsed);
                }
                case BOOLEAN -> v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
                case DECIMAL -> new BigDecimal(v.toString()).setScale(((Types.DecimalType) t).scale());
                case STRING -> v.toString();
                case INTEGER, LONG, FLOAT, DOUBLE -> internal(t, v instanceof Number ? v : Double.parseDouble(v.toString()));
                default -> null;
            };
        } catch (RuntimeException e) {
            return null; // no bound is safe; a wrong one is not
        }
    }

    /** A partition tuple. */
    record Tuple(Object[] values) implements StructLike {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            return javaClass.cast(values[pos]);
        }

        @Override
        public <T> void set(int pos, T value) {
            values[pos] = value;
        }
    }

    /** The Floe schema's field ids must be the Iceberg schema's: they are what files are read by. */
    static void requireSameIds(StructType floe, Schema iceberg) {
        for (var f : floe.fields()) {
            Types.NestedField i = iceberg.findField(f.id());
            if (i == null || !i.name().equalsIgnoreCase(f.name())) {
                throw new IllegalStateException("column " + f.name() + " has id " + f.id() + " but the table's schema has "
                        + (i == null ? "no such id" : i.name()));
            }
        }
    }
}
