package io.floe.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Delta's schemaString: Spark's JSON encoding of a StructType. */
public final class SchemaJson {
    static final String COLUMN_MAPPING_ID = "delta.columnMapping.id";
    static final String PHYSICAL_NAME = "delta.columnMapping.physicalName";
    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(-?\\d+)\\s*\\)");

    private SchemaJson() {
    }

    public static String toJson(StructType schema) {
        return DeltaJson.write(node(schema));
    }

    public static StructType parse(String json) {
        try {
            JsonNode n = DeltaJson.MAPPER.readTree(json);
            DataType t = type(n);
            if (!(t instanceof StructType s)) {
                throw new IllegalArgumentException("schema is not a struct: " + DeltaJson.abbreviate(json));
            }
            // column mapping's ids where the table has them, positional ids elsewhere: statistics are keyed by them
            return s.withFieldIds();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed schema JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode node(DataType t) {
        var m = DeltaJson.MAPPER;
        if (t instanceof PrimitiveType || t instanceof DecimalType) {
            return m.getNodeFactory().textNode(t.simpleString());
        }
        ObjectNode o = m.createObjectNode();
        if (t instanceof StructType s) {
            o.put("type", "struct");
            ArrayNode fields = o.putArray("fields");
            for (StructField f : s.fields()) {
                ObjectNode fn = fields.addObject();
                fn.put("name", f.name());
                fn.set("type", node(f.type()));
                fn.put("nullable", f.nullable());
                Map<String, Object> meta = toDeltaKeys(f.metadata());
                // ids are Delta's only under column mapping (with a physical name); others are positional, never written
                if (f.hasPhysicalName()) {
                    if (f.id() > 0) {
                        meta.put(COLUMN_MAPPING_ID, f.id());
                    }
                    meta.put(PHYSICAL_NAME, f.physicalName());
                }
                fn.set("metadata", m.valueToTree(meta));
            }
        } else if (t instanceof ArrayType a) {
            o.put("type", "array");
            o.set("elementType", node(a.elementType()));
            o.put("containsNull", a.containsNull());
        } else if (t instanceof MapType mt) {
            o.put("type", "map");
            o.set("keyType", node(mt.keyType()));
            o.set("valueType", node(mt.valueType()));
            o.put("valueContainsNull", mt.valueContainsNull());
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static DataType type(JsonNode n) {
        if (n.isTextual()) {
            String s = n.asText();
            Matcher d = DECIMAL.matcher(s);
            if (d.matches()) {
                return new DecimalType(Integer.parseInt(d.group(1)), Integer.parseInt(d.group(2)));
            }
            if (s.equals("decimal")) {
                return new DecimalType(10, 0);
            }
            return PrimitiveType.parse(s).orElseThrow(() -> new UnsupportedTypeException(s));
        }
        String kind = n.path("type").asText();
        switch (kind) {
            case "struct": {
                List<StructField> fields = new ArrayList<>();
                for (JsonNode f : n.path("fields")) {
                    Map<String, Object> meta = f.has("metadata")
                            ? DeltaJson.MAPPER.convertValue(f.get("metadata"), Map.class) : Map.of();
                    // column mapping's id and physical name become the field's own; the rest stays metadata
                    Map<String, Object> rest = toNeutralKeys(meta);
                    Object id = rest.remove(COLUMN_MAPPING_ID);
                    Object physical = rest.remove(PHYSICAL_NAME);
                    fields.add(new StructField(f.path("name").asText(), type(f.path("type")),
                            f.path("nullable").asBoolean(true), rest, id instanceof Number num ? num.intValue() : 0,
                            physical == null ? null : physical.toString()));
                }
                return new StructType(fields);
            }
            case "array":
                return new ArrayType(type(n.path("elementType")), n.path("containsNull").asBoolean(true));
            case "map":
                return new MapType(type(n.path("keyType")), type(n.path("valueType")), n.path("valueContainsNull").asBoolean(true));
            default:
                throw new UnsupportedTypeException(n.toString());
        }
    }

    /** Delta's field metadata keys of generated and identity columns and the neutral ones the table model uses. */
    private static final Map<String, String> NEUTRAL_KEYS = Map.of(
            "delta.generationExpression", io.floe.table.GeneratedColumns.EXPRESSION,
            "delta.identity.start", io.floe.table.IdentityColumn.START,
            "delta.identity.step", io.floe.table.IdentityColumn.STEP,
            "delta.identity.allowExplicitInsert", io.floe.table.IdentityColumn.ALLOW_EXPLICIT_INSERT,
            "delta.identity.highWaterMark", io.floe.table.IdentityColumn.HIGH_WATER_MARK);

    private static Map<String, Object> toNeutralKeys(Map<String, Object> meta) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        meta.forEach((k, v) -> out.put(NEUTRAL_KEYS.getOrDefault(k, k), v));
        return out;
    }

    private static Map<String, Object> toDeltaKeys(Map<String, Object> meta) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        meta.forEach((k, v) -> {
            String delta = k;
            for (var e : NEUTRAL_KEYS.entrySet()) {
                if (e.getValue().equals(k)) {
                    delta = e.getKey();
                }
            }
            out.put(delta, v);
        });
        return out;
    }

    /** A type in a schema that Floe does not know (e.g. variant, interval); names it. */
    public static final class UnsupportedTypeException extends IllegalArgumentException {
        public UnsupportedTypeException(String type) {
            super("unsupported data type in table schema: " + type);
        }
    }
}
