package io.floe.table;

/**
 * The size of a table's metadata as maintenance tools (doctor, labs) report it, format-neutral.
 *
 * @param metadataFiles          files of the format's metadata (Delta: log and checkpoint files; Iceberg: metadata,
 *                               manifest lists and manifests) that a reader of the latest version may touch
 * @param metadataBytes          their total size, or -1 when unknown
 * @param commitsSinceCheckpoint commits a reader replays after the newest checkpoint (0 for formats without checkpoints)
 * @param lastCheckpointVersion  the newest checkpoint's version, -1 when there is none
 */
public record MetadataStats(long metadataFiles, long metadataBytes, long commitsSinceCheckpoint, long lastCheckpointVersion) {
}
