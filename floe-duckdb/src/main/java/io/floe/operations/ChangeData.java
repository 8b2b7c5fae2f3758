package io.floe.operations;

import io.floe.delta.DeltaConfig;
import io.floe.delta.DeltaSnapshot;
import io.floe.delta.DeltaTable;
import io.floe.delta.DeltaTransaction;
import io.floe.delta.actions.AddCDCFile;
import io.floe.table.DataFile;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.List;

/**
 * Change data feed on the write side: when {@code delta.enableChangeDataFeed} is true, row-level
 * operations write the rows they delete, update (pre- and post-image) and insert to
 * {@code _change_data/} files with Delta's {@code _change_type} column, recorded as cdc actions.
 */
public final class ChangeData {
    public static final String INSERT = "insert";
    public static final String DELETE = "delete";
    public static final String PREIMAGE = "update_preimage";
    public static final String POSTIMAGE = "update_postimage";

    private ChangeData() {
    }

    public static boolean enabled(DeltaSnapshot s) {
        return "true".equalsIgnoreCase(s.properties().get(DeltaConfig.ENABLE_CDF));
    }

    public static StructType schemaWithChangeType(StructType schema) {
        return schema.add(new StructField(Engine.CHANGE_TYPE_COLUMN, PrimitiveType.STRING, true));
    }

    /**
     * Writes the change rows of {@code selectSql} (table columns then _change_type) and adds them to the
     * transaction. Does nothing when the table has no change data feed.
     */
    public static int write(Engine engine, DeltaTable table, DeltaSnapshot s, DeltaTransaction txn, String selectSql) {
        if (!enabled(s)) {
            return 0;
        }
        List<DataFile> files = engine.writeChangeData(table, schemaWithChangeType(s.schema()), s.partitionColumns(),
                s.properties(), selectSql);
        for (DataFile f : files) {
            txn.addChangeDataFile(new AddCDCFile(f.path(), f.partitionValues(), f.size(), false, null));
        }
        txn.writesChangeData(true);
        return files.size();
    }
}
