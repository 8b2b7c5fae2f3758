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
            return FileStats.fromColumnPaths(schema, n.hasNonNull("numRecords") ? n.get("numRecords").asLong() : null,
                    toMap(n.get("minValues")), toMap(n.get("maxValues")), toMap(n.get("nullCount")),
                    n.hasNonNull("tightBounds") ? n.get("tightBounds").asBoolean() : null);
        } catch (JsonProcessingException e) {
            // Stats are an optimisation: unreadable stats mean "unknown", never a failed read.
            return null;
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
