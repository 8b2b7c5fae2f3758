package io.floe.cli.doctor;

/**
 * What the doctor needs to know about a table's metadata (for Delta: its log), from
 * {@link io.floe.table.MetadataStats}.
 *
 * @param metadataFiles          metadata objects (Delta: files under _delta_log/)
 * @param metadataBytes          their total size, -1 when the format does not say
 * @param commitsSinceCheckpoint commits a reader replays after the newest checkpoint (all of them when there is none)
 * @param lastCheckpointVersion  the newest checkpoint's version, -1 when there is none
 */
public record LogFacts(long metadataFiles, long metadataBytes, long commitsSinceCheckpoint, long lastCheckpointVersion) {
}
