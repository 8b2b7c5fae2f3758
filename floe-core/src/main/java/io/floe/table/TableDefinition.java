package io.floe.table;

import io.floe.types.StructType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a new table is created with. */
public record TableDefinition(StructType schema, PartitionSpec partitionSpec, Map<String, String> properties, String description) {
    public TableDefinition {
        Objects.requireNonNull(schema, "schema");
        partitionSpec = partitionSpec == null ? PartitionSpec.UNPARTITIONED : partitionSpec.boundTo(schema);
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
