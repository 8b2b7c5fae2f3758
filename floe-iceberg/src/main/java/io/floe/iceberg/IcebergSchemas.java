package io.floe.iceberg;

import io.floe.table.PartitionSpec;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Floe's table model ⇄ Iceberg's schemas and partition specs. Iceberg's field ids become {@link StructField#id()}
 * (columns are read from files by them); tinyint and smallint are stored as int, as Spark stores them in Iceberg.
 */
final class IcebergSchemas {
    /** Field metadata key carrying a column's comment (Iceberg's doc). */
    static final String COMMENT = "comment";

    private IcebergSchemas() {
    }

    // ------------------------------------------------------------------ Iceberg → Floe

    static StructType toFloe(Schema schema) {
        return toFloe(schema.asStruct());
    }

    private static StructType toFloe(Types.StructType struct) {
        List<StructField> out = new ArrayList<>();
        for (Types.NestedField f : struct.fields()) {
            Map<String, Object> meta = new java.util.LinkedHashMap<>();
            if (f.doc() != null) {
                meta.put(COMMENT, f.doc());
            }
            List<Integer> nested = new ArrayList<>();
            nestedIds(f.type(), nested);
            if (!nested.isEmpty()) {
                meta.put(StructField.NESTED_FIELD_IDS, List.copyOf(nested));
            }
            out.add(new StructField(f.name(), toFloe(f.type()), f.isOptional(), meta, f.fieldId(), null));
        }
        return new StructType(out);
    }

    /** The ids of list elements and map keys/values inside {@code t}, in {@link StructField#NESTED_FIELD_IDS} order. */
    private static void nestedIds(Type t, List<Integer> out) {
        if (t.isListType()) {
            out.add(t.asListType().elementId());
            nestedIds(t.asListType().elementType(), out);
        } else if (t.isMapType()) {
            out.add(t.asMapType().keyId());
            out.add(t.asMapType().valueId());
            nestedIds(t.asMapType().keyType(), out);
            nestedIds(t.asMapType().valueType(), out);
        } else if (t.isStructType()) {
            for (Types.NestedField f : t.asStructType().fields()) {
                nestedIds(f.type(), out);
            }
        }
    }

    static DataType toFloe(Type t) {
        return switch (t.typeId()) {
            case BOOLEAN -> PrimitiveType.BOOLEAN;
            case INTEGER -> PrimitiveType.INTEGER;
            case LONG -> PrimitiveType.LONG;
            case FLOAT -> PrimitiveType.FLOAT;
            case DOUBLE -> PrimitiveType.DOUBLE;
            case DATE -> PrimitiveType.DATE;
            case TIMESTAMP -> ((Types.TimestampType) t).shouldAdjustToUTC() ? PrimitiveType.TIMESTAMP : PrimitiveType.TIMESTAMP_NTZ;
            case STRING -> PrimitiveType.STRING;
            case BINARY, FIXED -> PrimitiveType.BINARY;
            case DECIMAL -> new DecimalType(((Types.DecimalType) t).precision(), ((Types.DecimalType) t).scale());
            case STRUCT -> toFloe(t.asStructType());
            case LIST -> new ArrayType(toFloe(t.asListType().elementType()), t.asListType().isElementOptional());
            case MAP -> new MapType(toFloe(t.asMapType().keyType()), toFloe(t.asMapType().valueType()), t.asMapType().isValueOptional());
            default -> throw new ProtocolNotSupportedException("(iceberg)", "type " + t, "Iceberg type " + t
                    + " is not supported by Floe yet");
        };
    }

    static PartitionSpec toFloe(org.apache.iceberg.PartitionSpec spec) {
        List<PartitionSpec.PartitionField> out = new ArrayList<>();
        for (org.apache.iceberg.PartitionField f : spec.fields()) {
            String source = spec.schema().findColumnName(f.sourceId());
            String tr = f.transform().toString(); // identity, year, month, day, hour, bucket[16], truncate[4], void
            PartitionSpec.Transform t;
            Integer param = null;
            if (tr.startsWith("bucket[")) {
                t = PartitionSpec.Transform.BUCKET;
                param = Integer.parseInt(tr.substring(7, tr.length() - 1));
            } else if (tr.startsWith("truncate[")) {
                t = PartitionSpec.Transform.TRUNCATE;
                param = Integer.parseInt(tr.substring(9, tr.length() - 1));
            } else {
                t = switch (tr) {
                    case "identity" -> PartitionSpec.Transform.IDENTITY;
                    case "year" -> PartitionSpec.Transform.YEAR;
                    case "month" -> PartitionSpec.Transform.MONTH;
                    case "day" -> PartitionSpec.Transform.DAY;
                    case "hour" -> PartitionSpec.Transform.HOUR;
                    case "void" -> PartitionSpec.Transform.VOID;
                    default -> throw new ProtocolNotSupportedException("(iceberg)", "transform " + tr, "partition transform " + tr
                            + " is not supported");
                };
            }
            out.add(new PartitionSpec.PartitionField(source == null ? "_deleted_" + f.sourceId() : source, f.name(), t, param));
        }
        return new PartitionSpec(out);
    }

    // ------------------------------------------------------------------ Floe → Iceberg

    /** A new table's schema with fresh ids assigned as Iceberg assigns them when it creates the table's metadata. */
    static Schema newSchema(StructType schema) {
        AtomicInteger ids = new AtomicInteger();
        Schema raw = new Schema(struct(schema, ids).fields());
        AtomicInteger fresh = new AtomicInteger();
        return TypeUtil.assignFreshIds(raw, fresh::incrementAndGet);
    }

    private static Types.StructType struct(StructType s, AtomicInteger ids) {
        List<Types.NestedField> fields = new ArrayList<>();
        for (StructField f : s.fields()) {
            fields.add(field(f, ids));
        }
        return Types.StructType.of(fields);
    }

    private static Types.NestedField field(StructField f, AtomicInteger ids) {
        Object comment = f.metadata().get(COMMENT);
        return Types.NestedField.of(ids.incrementAndGet(), f.nullable(), f.name(), type(f.type(), ids),
                comment == null ? null : comment.toString());
    }

    /** The Iceberg type of a Floe type; nested ids from {@code ids} (reassigned by the caller). */
    static Type type(DataType t, AtomicInteger ids) {
        if (t instanceof StructType s) {
            return struct(s, ids);
        }
        if (t instanceof ArrayType a) {
            int id = ids.incrementAndGet();
            Type e = type(a.elementType(), ids);
            return a.containsNull() ? Types.ListType.ofOptional(id, e) : Types.ListType.ofRequired(id, e);
        }
        if (t instanceof MapType m) {
            int k = ids.incrementAndGet();
            int v = ids.incrementAndGet();
            Type kt = type(m.keyType(), ids);
            Type vt = type(m.valueType(), ids);
            return m.valueContainsNull() ? Types.MapType.ofOptional(k, v, kt, vt) : Types.MapType.ofRequired(k, v, kt, vt);
        }
        if (t instanceof DecimalType d) {
            return Types.DecimalType.of(d.precision(), d.scale());
        }
        return switch ((PrimitiveType) t) {
            case BOOLEAN -> Types.BooleanType.get();
            case BYTE, SHORT, INTEGER -> Types.IntegerType.get();
            case LONG -> Types.LongType.get();
            case FLOAT -> Types.FloatType.get();
            case DOUBLE -> Types.DoubleType.get();
            case STRING -> Types.StringType.get();
            case BINARY -> Types.BinaryType.get();
            case DATE -> Types.DateType.get();
            case TIMESTAMP -> Types.TimestampType.withZone();
            case TIMESTAMP_NTZ -> Types.TimestampType.withoutZone();
        };
    }

    /** A Floe type as Iceberg stores it (byte/short widen to int): what the table will report after a round trip. */
    static DataType normalize(DataType t) {
        return toFloe(type(t, new AtomicInteger(1000)));
    }

    /** An Iceberg partition spec for {@code spec} over {@code schema}. */
    static org.apache.iceberg.PartitionSpec toIceberg(PartitionSpec spec, Schema schema) {
        org.apache.iceberg.PartitionSpec.Builder b = org.apache.iceberg.PartitionSpec.builderFor(schema);
        for (PartitionSpec.PartitionField f : spec.fields()) {
            String src = f.sourceColumn();
            switch (f.transform()) {
                case IDENTITY -> b.identity(src);
                case YEAR -> b.year(src);
                case MONTH -> b.month(src);
                case DAY -> b.day(src);
                case HOUR -> b.hour(src);
                case BUCKET -> b.bucket(src, f.parameter());
                case TRUNCATE -> b.truncate(src, f.parameter());
                case VOID -> b.alwaysNull(src);
            }
        }
        return b.build();
    }

    /** Field ids by lower-cased top-level name, for matching a Floe schema to an Iceberg one. */
    static Map<String, Types.NestedField> byName(Schema schema) {
        Map<String, Types.NestedField> m = new HashMap<>();
        for (Types.NestedField f : schema.columns()) {
            m.put(f.name().toLowerCase(java.util.Locale.ROOT), f);
        }
        return m;
    }
}
