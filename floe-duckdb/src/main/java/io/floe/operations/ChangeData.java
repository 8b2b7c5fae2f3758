package io.floe.operations;

import io.floe.dataplane.DataPlane;
import io.floe.table.ChangeDataFeed;
import io.floe.table.DataFile;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.Transaction;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.List;
import java.util.Optional;

/**
 * Change data on the write side, for formats with a change data feed (Delta's {@code delta.enableChangeDataFeed}):
 * row-level operations write the rows they delete, update (pre- and post-image) and insert to change files with a
 * {@code _change_type} column, recorded in the same commit.
 */
public final class ChangeData {
    public static final String INSERT = ChangeDataFeed.INSERT;
    public static final String DELETE = ChangeDataFeed.DELETE;
    public static final String PREIMAGE = ChangeDataFeed.PREIMAGE;
    public static final String POSTIMAGE = ChangeDataFeed.POSTIMAGE;

    private ChangeData() {
    }

    /** The table's change data feed, if it has one and it is on at this snapshot. */
    static Optional<ChangeDataFeed> feed(Table table, Snapshot s) {
        return table.capability(ChangeDataFeed.class).filter(f -> f.enabled(s));
    }

    public static boolean enabled(Table table, Snapshot s) {
        return feed(table, s).isPresent();
    }

    public static StructType schemaWithChangeType(StructType schema) {
        return schema.add(new StructField(DataPlane.CHANGE_TYPE_COLUMN, PrimitiveType.STRING, true));
    }

    /**
     * Writes the change rows of {@code selectSql} (table columns then _change_type) and adds them to the
     * transaction. Does nothing when the table has no change data feed.
     */
    public static int write(DataPlane engine, Table table, Snapshot s, Transaction txn, String selectSql) {
        Optional<ChangeDataFeed> feed = feed(table, s);
        if (feed.isEmpty()) {
            return 0;
        }
        List<DataFile> files = engine.writeChangeData(table, schemaWithChangeType(s.schema()), s.partitionSpec(),
                table.writeOptions(s.properties()), feed.get().changeFileDirectory(), selectSql);
        feed.get().addChangeFiles(txn, files);
        txn.writesChangeData(true);
        return files.size();
    }
}
