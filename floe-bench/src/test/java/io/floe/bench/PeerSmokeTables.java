package io.floe.bench;

import io.floe.Floe;

import java.nio.file.Path;

/** The tiny tables the peers' smoke tests run on, written by Floe into the warehouse {@code wh} in a format of its own. */
final class PeerSmokeTables {
    private PeerSmokeTables() {
    }

    /**
     * {@code t}: 5 commits of 1,000 ids each from the input, so 5 files with disjoint id ranges (the lookup table);
     * {@code w5_12}: 12 commits (a checkpoint at 10 on Delta) that leave one row (a W5 table).
     */
    static void write(Path wh, BenchData data, String format) {
        try (Floe floe = Floe.open(wh.toString())) {
            floe.sql("CREATE TABLE t (id BIGINT, k INT, v DOUBLE, s STRING, d DATE) USING " + format);
            for (int i = 0; i < 5; i++) {
                floe.sql("INSERT INTO t SELECT * FROM read_parquet('" + data.base() + "') WHERE id >= " + i * 1000 + " AND id < " + (i + 1) * 1000);
            }
            floe.sql("CREATE TABLE w5_12 (id BIGINT) USING " + format);
            floe.sql("INSERT INTO w5_12 VALUES (0)");
            for (int i = 0; i < 10; i++) {
                floe.sql("INSERT OVERWRITE w5_12 VALUES (0)");
            }
        }
    }
}
