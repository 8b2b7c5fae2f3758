package io.floe.delta.actions;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** The add action: a data file joins the table. {@code path} is a URI relative to the table root (or absolute). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AddFile(String path, @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, String> partitionValues,
                      long size, long modificationTime, boolean dataChange, String stats, Map<String, String> tags,
                      DeletionVectorDescriptor deletionVector, Long baseRowId, Long defaultRowCommitVersion,
                      String clusteringProvider) implements Action {
    public AddFile {
        partitionValues = partitionValues == null ? Map.of() : partitionValues;
    }
}
