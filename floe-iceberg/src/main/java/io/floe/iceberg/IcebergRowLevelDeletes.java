package io.floe.iceberg;

import io.floe.table.RowLevelDeletes;
import io.floe.table.Snapshot;

import java.util.Map;

/**
 * Which row-level commands mark rows deleted instead of rewriting files: Iceberg's own switches, {@code write.delete.mode},
 * {@code write.update.mode} and {@code write.merge.mode} = {@code merge-on-read} (copy-on-write by default, as in Iceberg).
 * Format v1 has no delete files, so its tables rewrite whatever the property says.
 */
final class IcebergRowLevelDeletes implements RowLevelDeletes {
    static final String MERGE_ON_READ = "merge-on-read";
    static final String COPY_ON_WRITE = "copy-on-write";

    private final IcebergTable table;

    IcebergRowLevelDeletes(IcebergTable table) {
        this.table = table;
    }

    static String property(Command command) {
        return switch (command) {
            case DELETE -> "write.delete.mode";
            case UPDATE -> "write.update.mode";
            case MERGE -> "write.merge.mode";
        };
    }

    @Override
    public boolean mergeOnRead(Snapshot snapshot, Command command) {
        Map<String, String> props = snapshot.properties();
        int formatVersion = snapshot instanceof IcebergSnapshot s ? s.metadata().formatVersion() : table.snapshot().metadata().formatVersion();
        return formatVersion >= 2 && MERGE_ON_READ.equalsIgnoreCase(props.getOrDefault(property(command), COPY_ON_WRITE).trim());
    }
}
