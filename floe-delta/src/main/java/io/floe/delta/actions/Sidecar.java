package io.floe.delta.actions;

import java.util.Map;

/** In a V2 checkpoint: a file under _delta_log/_sidecars/ holding part of the checkpoint's add/remove actions. */
public record Sidecar(String path, long sizeInBytes, long modificationTime, Map<String, String> tags) implements Action {
}
