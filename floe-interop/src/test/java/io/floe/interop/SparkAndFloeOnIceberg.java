package io.floe.interop;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link SparkAndFloe} for Iceberg tables: they live in the warehouse of Spark's path catalog {@code ice} (namespace
 * {@code db}, created before the class's tests), so Spark names a table {@code ice.db.t} and Floe by its directory.
 */
abstract class SparkAndFloeOnIceberg extends SparkAndFloe {
    @BeforeAll
    static void createNamespace() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS ice.db");
    }

    /** The directory of Spark's table {@code ice.db.<name>}. */
    static String icebergPath(String name) {
        return Spark.icebergWarehouse().resolve("db").resolve(name).toString();
    }

    /** The table {@code ice.db.<name>} as Floe names it: by its directory. */
    static String floeName(String name) {
        return "iceberg.`" + icebergPath(name) + "`";
    }

    /** Snapshot ids of the table, oldest first, as Spark sees them. */
    static List<Long> snapshots(String name) {
        List<Long> ids = new ArrayList<>();
        for (Row r : spark("SELECT snapshot_id FROM ice.db." + name + ".snapshots ORDER BY committed_at")) {
            ids.add(r.getLong(0));
        }
        return ids;
    }

    /** Spark's answer to a query, canonical and sorted. */
    static List<String> sparkRows(String sql) {
        return Spark.canonicalRows(spark(sql));
    }
}
