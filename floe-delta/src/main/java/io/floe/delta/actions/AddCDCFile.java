package io.floe.delta.actions;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** The cdc action: a change data file (rows with _change_type) written alongside a commit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AddCDCFile(String path, @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, String> partitionValues,
                         long size, boolean dataChange, Map<String, String> tags) implements Action {
}
