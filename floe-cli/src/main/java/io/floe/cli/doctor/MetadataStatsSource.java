package io.floe.cli.doctor;

import io.floe.table.MetadataStats;
import io.floe.table.Snapshot;
import io.floe.table.Table;

/** Where the doctor gets the facts only the format knows (checkpoints, log size): the snapshot's metadata stats. */
@FunctionalInterface
public interface MetadataStatsSource {
    LogFacts stats(Table table, Snapshot snapshot);

    MetadataStatsSource DEFAULT = (table, snapshot) -> {
        MetadataStats m = snapshot.metadataStats();
        return new LogFacts(m.metadataFiles(), m.metadataBytes(), m.commitsSinceCheckpoint(), m.lastCheckpointVersion());
    };
}
