package io.floe.cli.doctor;

import io.floe.storage.ObjectInfo;
import io.floe.table.Snapshot;
import io.floe.table.Table;

/**
 * Where the doctor gets the facts only the format knows (checkpoints, log size).
 *
 * <p>TEMPORARY: {@link #fromListing()} reads them from a listing of {@code _delta_log/}, i.e. it knows Delta's
 * file naming, which code outside the format package should not. Once {@code io.floe.table.Snapshot#metadataStats()}
 * exists, {@link #DEFAULT} becomes {@code (table, snapshot) -> toFacts(snapshot.metadataStats())} and the listing
 * implementation goes away; nothing else in the doctor changes.
 */
@FunctionalInterface
public interface MetadataStatsSource {
    LogFacts stats(Table table, Snapshot snapshot);

    MetadataStatsSource DEFAULT = fromListing();

    /** Counts the log's files and finds the newest checkpoint by name (Delta: NNN.checkpoint[.…].parquet|json). */
    static MetadataStatsSource fromListing() {
        return (table, snapshot) -> {
            long files = 0;
            long bytes = 0;
            long lastCheckpoint = -1;
            for (ObjectInfo o : table.store().listAll(table.rootKey() + "_delta_log/")) {
                String name = o.key().substring(o.key().lastIndexOf('/') + 1);
                files++;
                bytes += o.size();
                if (name.matches("\\d{20}\\.checkpoint(\\..*)?\\.(parquet|json)")) {
                    long v = Long.parseLong(name.substring(0, 20));
                    if (v <= snapshot.version()) {
                        lastCheckpoint = Math.max(lastCheckpoint, v);
                    }
                }
            }
            return new LogFacts(files, bytes, snapshot.version() - lastCheckpoint, lastCheckpoint);
        };
    }
}
