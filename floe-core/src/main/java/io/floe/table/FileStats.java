package io.floe.table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Column statistics of one data file, in the shape of Delta's stats JSON: min/max/nullCount are
 * nested maps (a struct column nests), leaf values are what JSON parsing gives (String, Number, Boolean).
 * Missing entries mean "unknown", never "no values".
 */
public record FileStats(Long numRecords, Map<String, Object> minValues, Map<String, Object> maxValues,
                        Map<String, Object> nullCount, Boolean tightBounds) {
    public FileStats {
        minValues = minValues == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(minValues));
        maxValues = maxValues == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(maxValues));
        nullCount = nullCount == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(nullCount));
    }

    public Object min(List<String> columnPath) {
        return lookup(minValues, columnPath);
    }

    public Object max(List<String> columnPath) {
        return lookup(maxValues, columnPath);
    }

    public Long nullCount(List<String> columnPath) {
        Object v = lookup(nullCount, columnPath);
        return v instanceof Number n ? n.longValue() : null;
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> m, List<String> path) {
        Object cur = m;
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> map)) {
                return null;
            }
            cur = ((Map<String, Object>) map).get(p);
        }
        return cur instanceof Map ? null : cur;
    }
}
