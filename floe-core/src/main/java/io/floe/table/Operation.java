package io.floe.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a commit did, as DESCRIBE HISTORY shows it: Delta's operation name (WRITE, MERGE, DELETE, OPTIMIZE, …),
 * its parameters (values JSON-encoded as Delta writes them) and its metrics.
 */
public record Operation(String name, Map<String, String> parameters, Map<String, String> metrics) {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** A parameter value as history stores non-string values: JSON ("[\"a\"]", "{\"k\":\"v\"}", "\"text\""). */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-encodable: " + value, e);
        }
    }

    /** The operation that creates a table (CREATE TABLE, or CREATE TABLE AS SELECT), with Spark's parameters. */
    public static Operation create(TableDefinition d, boolean asSelect) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("isManaged", "false");
        p.put("description", d.description() == null ? "null" : json(d.description()));
        p.put("partitionBy", json(d.partitionSpec().sqlFields()));
        Map<String, String> props = new LinkedHashMap<>(d.properties());
        String clusterBy = props.remove(Clustering.DEFINITION_PROPERTY); // a request to the format, not a table property
        if (clusterBy != null) {
            p.put("clusterBy", clusterBy); // as Spark records it: a JSON array of the column names
        }
        p.put("properties", json(props));
        return new Operation(asSelect ? "CREATE TABLE AS SELECT" : "CREATE TABLE", p, Map.of());
    }

    /**
     * The operation that replaces a table's definition and data, named as Spark names it: {@code [CREATE OR ]REPLACE
     * TABLE[ AS SELECT]}, with CREATE TABLE's parameters.
     */
    public static Operation replace(TableDefinition d, boolean orCreate, boolean asSelect) {
        Operation created = create(d, asSelect);
        return new Operation((orCreate ? "CREATE OR " : "") + "REPLACE TABLE" + (asSelect ? " AS SELECT" : ""),
                created.parameters(), Map.of());
    }
}
