package io.floe.table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a commit did, as DESCRIBE HISTORY shows it: Delta's operation name (WRITE, MERGE, DELETE, OPTIMIZE, …),
 * its parameters (values JSON-encoded as Delta writes them) and its metrics.
 */
public record Operation(String name, Map<String, String> parameters, Map<String, String> metrics) {
    public Operation {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics == null ? Map.of() : metrics));
    }

    public static Operation of(String name) {
        return new Operation(name, Map.of(), Map.of());
    }

    public Operation withParameter(String k, String jsonValue) {
        Map<String, String> p = new LinkedHashMap<>(parameters);
        p.put(k, jsonValue);
        return new Operation(name, p, metrics);
    }

    public Operation withMetrics(Map<String, ?> m) {
        Map<String, String> out = new LinkedHashMap<>(metrics);
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return new Operation(name, parameters, out);
    }
}
