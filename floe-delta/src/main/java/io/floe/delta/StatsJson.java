package io.floe.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.table.FileStats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Delta's per-file statistics JSON (add.stats) to and from {@link FileStats}. */
public final class StatsJson {
    private StatsJson() {
    }

    /**
     * Parses add.stats (keyed by physical column names) into statistics keyed by the schema's field ids; null for
     * null/blank input. Numbers stay Long/Double/BigDecimal as JSON gives them.
     */
    public static FileStats parse(String json, io.floe.types.StructType schema) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode n = DeltaJson.MAPPER.readTree(json);
            FileStats s = FileStats.fromColumnPaths(schema, n.hasNonNull("numRecords") ? n.get("numRecords").asLong() : null,
                    toMap(n.get("minValues")), toMap(n.get("maxValues")), toMap(n.get("nullCount")),
                    n.hasNonNull("tightBounds") ? n.get("tightBounds").asBoolean() : null);
            return withoutWidenedBounds(s, schema);
        } catch (JsonProcessingException e) {
            // Stats are an optimisation: unreadable stats mean "unknown", never a failed read.
            return null;
        }
    }

    /** The schema of the last call and the field ids under a field whose type was widened (identity cache). */
    private record Widened(io.floe.types.StructType schema, java.util.Set<Integer> ids) {
    }

    private static volatile Widened lastWidened;

    /**
     * Min/max of a column whose type was widened are dropped: a file written before the change has bounds of the
     * old type (a float's "1.1" is not the double the float holds), which could skip a file that has a match. Null
     * counts and row counts stay true.
     */
    static FileStats withoutWidenedBounds(FileStats s, io.floe.types.StructType schema) {
        Widened w = lastWidened;
        if (w == null || w.schema() != schema) {
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            collectWidened(schema.withFieldIds(), false, ids);
            w = new Widened(schema, java.util.Set.copyOf(ids));
            lastWidened = w;
        }
        if (w.ids().isEmpty() || s == null) {
            return s;
        }
        Map<Integer, Object> lo = new LinkedHashMap<>(s.minValues());
        Map<Integer, Object> hi = new LinkedHashMap<>(s.maxValues());
        lo.keySet().removeAll(w.ids());
        hi.keySet().removeAll(w.ids());
        return new FileStats(s.numRecords(), lo, hi, s.nullCounts(), s.tightBounds());
    }

    private static void collectWidened(io.floe.types.DataType t, boolean under, java.util.Set<Integer> out) {
        if (t instanceof io.floe.types.StructType st) {
            for (io.floe.types.StructField f : st.fields()) {
                boolean w = under || f.metadata().containsKey(SchemaChanges.TYPE_CHANGES);
                if (w) {
                    out.add(f.id());
                }
                collectWidened(f.type(), w, out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode n) {
        if (n == null || !n.isObject()) {
            return Map.of();
        }
        return DeltaJson.MAPPER.convertValue(n, LinkedHashMap.class);
    }

    public static String toJson(FileStats s, io.floe.types.StructType schema) {
        if (s == null) {
            return null;
        }
        ObjectNode n = DeltaJson.MAPPER.createObjectNode();
        if (s.numRecords() != null) {
            n.put("numRecords", s.numRecords());
        }
        List<Map<String, Object>> byPath = s.toColumnPaths(schema);
        n.set("minValues", DeltaJson.MAPPER.valueToTree(byPath.get(0)));
        n.set("maxValues", DeltaJson.MAPPER.valueToTree(byPath.get(1)));
        n.set("nullCount", DeltaJson.MAPPER.valueToTree(byPath.get(2)));
        if (s.tightBounds() != null) {
            n.put("tightBounds", s.tightBounds());
        }
        return DeltaJson.write(n);
    }
}
