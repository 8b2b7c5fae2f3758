package io.floe.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.table.FileStats;

import java.util.LinkedHashMap;
import java.util.Map;

/** Delta's per-file statistics JSON (add.stats) to and from {@link FileStats}. */
public final class StatsJson {
    private StatsJson() {
    }

    /** Parses add.stats; returns null for null/blank input. Numbers stay Long/Double/BigDecimal as JSON gives them. */
    public static FileStats parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode n = DeltaJson.MAPPER.readTree(json);
            return new FileStats(n.hasNonNull("numRecords") ? n.get("numRecords").asLong() : null,
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

    public static String toJson(FileStats s) {
        if (s == null) {
            return null;
        }
        ObjectNode n = DeltaJson.MAPPER.createObjectNode();
        if (s.numRecords() != null) {
            n.put("numRecords", s.numRecords());
        }
        n.set("minValues", DeltaJson.MAPPER.valueToTree(s.minValues()));
        n.set("maxValues", DeltaJson.MAPPER.valueToTree(s.maxValues()));
        n.set("nullCount", DeltaJson.MAPPER.valueToTree(s.nullCount()));
        if (s.tightBounds() != null) {
            n.put("tightBounds", s.tightBounds());
        }
        return DeltaJson.write(n);
    }
}
