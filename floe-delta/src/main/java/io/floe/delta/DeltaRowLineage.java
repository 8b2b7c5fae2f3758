package io.floe.delta;

import io.floe.delta.actions.AddFile;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.RowLineage;
import io.floe.table.Snapshot;

/**
 * Delta's row tracking for readers and for writers that copy rows: the materialized column names from the table's
 * configuration, a file's {@code baseRowId} / {@code defaultRowCommitVersion} from its add action. Registered as a
 * {@link RowLineage} service for the "delta" format.
 */
public final class DeltaRowLineage implements RowLineage {
    @Override
    public String format() {
        return DeltaFormat.NAME;
    }

    @Override
    public boolean enabled(Snapshot snapshot) {
        return RowTracking.enabled(snapshot.properties());
    }

    @Override
    public MaterializedColumns materializedColumns(Snapshot snapshot) {
        String id = snapshot.properties().get(RowTracking.ROW_ID_COLUMN);
        String version = snapshot.properties().get(RowTracking.ROW_COMMIT_VERSION_COLUMN);
        if (id == null || version == null) {
            // the protocol requires both names before row tracking may be enabled
            throw new FloeException("table " + snapshot.tableUri() + " (version " + snapshot.version() + "): row tracking is on but "
                    + RowTracking.ROW_ID_COLUMN + " or " + RowTracking.ROW_COMMIT_VERSION_COLUMN + " is missing from its configuration");
        }
        return new MaterializedColumns(id, version);
    }

    @Override
    public FileRowIds fileRowIds(Snapshot snapshot, DataFile file) {
        if (!(snapshot instanceof DeltaSnapshot s)) {
            throw new IllegalArgumentException("not a Delta snapshot: " + snapshot);
        }
        AddFile a = s.liveAdd(DeltaSnapshot.fileKey(file));
        return a == null ? new FileRowIds(null, null) : new FileRowIds(a.baseRowId(), a.defaultRowCommitVersion());
    }
}
