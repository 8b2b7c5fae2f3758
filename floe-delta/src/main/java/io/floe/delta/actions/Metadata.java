package io.floe.delta.actions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metaData action: table id, schema (Spark schema JSON), partition columns and configuration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Metadata(String id, String name, String description, Format format, String schemaString,
                       List<String> partitionColumns, Map<String, String> configuration, Long createdTime)
        implements Action {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Format(String provider, Map<String, String> options) {
        public static final Format PARQUET = new Format("parquet", Map.of());
    }

    public Metadata {
        partitionColumns = partitionColumns == null ? List.of() : List.copyOf(partitionColumns);
        configuration = configuration == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        format = format == null ? Format.PARQUET : format;
    }

    public Metadata withSchemaString(String s) {
        return new Metadata(id, name, description, format, s, partitionColumns, configuration, createdTime);
    }

    public Metadata withConfiguration(Map<String, String> c) {
        return new Metadata(id, name, description, format, schemaString, partitionColumns, c, createdTime);
    }

    @JsonProperty("configuration")
    public Map<String, String> configuration() {
        return configuration;
    }
}
