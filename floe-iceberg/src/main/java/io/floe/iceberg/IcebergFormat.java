package io.floe.iceberg;

import io.floe.dataplane.DataPlane;
import io.floe.storage.ObjectStore;
import io.floe.table.Table;
import io.floe.table.TableFormat;

/** The Apache Iceberg format plug-in: a table is a directory with {@code metadata/vN.metadata.json}. Registered as a service. */
public final class IcebergFormat implements TableFormat {
    public static final String NAME = "iceberg";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean existsAt(ObjectStore store, String rootKey) {
        return new IcebergOperations(store, rootKey).exists();
    }

    @Override
    public Table open(String name, ObjectStore store, String rootKey, DataPlane dataPlane) {
        return new IcebergTable(name, store, rootKey, dataPlane);
    }
}
