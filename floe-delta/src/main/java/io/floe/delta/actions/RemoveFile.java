package io.floe.delta.actions;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** The remove action: a data file leaves the table; it stays a tombstone until VACUUM's retention passes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemoveFile(String path, Long deletionTimestamp, boolean dataChange, Boolean extendedFileMetadata,
                         @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, String> partitionValues,
                         Long size, String stats, Map<String, String> tags, DeletionVectorDescriptor deletionVector,
                         Long baseRowId, Long defaultRowCommitVersion) implements Action {
}
