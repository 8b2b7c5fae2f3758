package io.floe.delta.actions;

import java.util.Map;

/** In a V2 checkpoint: which version it describes. */
public record CheckpointMetadata(long version, Map<String, String> tags) implements Action {
}
