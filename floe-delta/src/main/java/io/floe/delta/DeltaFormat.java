package io.floe.delta;

import io.floe.dataplane.DataPlane;
import io.floe.storage.ObjectStore;
import io.floe.table.Table;
import io.floe.table.TableFormat;

/** The Delta Lake format plug-in: a table is a directory with a {@code _delta_log/}. Registered as a service. */
public final class DeltaFormat implements TableFormat {
    public static final String NAME = "delta";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean existsAt(ObjectStore store, String rootKey) {
        return new DeltaLog(store, rootKey, null).exists();
    }

    @Override
    public Table open(String name, ObjectStore store, String rootKey, DataPlane dataPlane) {
        return new DeltaTable(name, new DeltaLog(store, rootKey, dataPlane));
    }
}
