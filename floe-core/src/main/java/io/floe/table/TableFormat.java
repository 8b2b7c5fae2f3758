package io.floe.table;

import io.floe.dataplane.DataPlane;
import io.floe.storage.ObjectStore;

/**
 * A table format plug-in (Delta, Iceberg): how a table at a location is recognised and opened. Everything
 * above the format (operations, SQL, catalog) works on the {@link Table} it returns and never names the
 * format's own classes. Formats are found with {@link java.util.ServiceLoader} (see {@link TableFormats}).
 */
public interface TableFormat {
    /** The format's name as users write it in {@code USING …} and as the catalog records it: "delta". */
    String name();

    /** Whether a table of this format exists at {@code rootKey} (a key prefix ending with '/' or "") of the store. */
    boolean existsAt(ObjectStore store, String rootKey);

    /**
     * A handle on the table at {@code rootKey}, which need not exist yet (then {@link Table#exists()} is false and
     * {@link Table#newCreateTransaction} creates it).
     *
     * @param dataPlane for the format's own metadata files in Parquet (checkpoints); never for data
     */
    Table open(String name, ObjectStore store, String rootKey, DataPlane dataPlane);
}
