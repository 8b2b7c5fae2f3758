package io.floe.delta.actions;

/** One action of a Delta commit file: a line {@code {"<type>": {...}}} of {@code _delta_log/NNN.json}. */
public sealed interface Action permits Protocol, Metadata, AddFile, RemoveFile, AddCDCFile, CommitInfo, SetTransaction,
        DomainMetadata, CheckpointMetadata, Sidecar {
}
