package io.floe.cli;

import io.floe.Floe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class QuickstartTest {
    @TempDir
    Path dir;

    @Test
    void buildsBronzeSilverGoldAndIsRerunnable() throws Exception {
        Path wh = dir.resolve("qs");
        FloeCliTest.Run r = FloeCliTest.run("quickstart", "--warehouse", wh.toString(), "--rows", "20000");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("20,000 taxi trips").contains("1. Generate").contains("1 file(s)")
                .contains("created table silver_trips").contains("PARTITIONED BY (pickup_month)")
                .contains("INSERT INTO silver_trips").contains("6. The busiest pick-up zones").contains("Midtown Center")
                .contains("15 rows").contains("DESCRIBE HISTORY").contains("UPDATE").contains("WRITE")
                .contains("VERSION AS OF 1").contains("version 1").contains("latest").contains("Step timings:")
                .containsPattern("\\(\\d+\\.\\d\\d s\\)");
        assertThat(wh.resolve("bronze/trips/part-0.json")).exists();

        // again: the tables of the first run are dropped and rebuilt from fresh bronze files
        FloeCliTest.Run again = FloeCliTest.run("quickstart", "--warehouse", wh.toString(), "--rows", "20000");
        assertThat(again.code()).as(again.err()).isZero();
        try (Floe floe = Floe.open(wh.toString())) {
            assertThat(floe.tableNames()).containsExactlyInAnyOrder("silver_trips", "gold_zone_daily");
            long loaded = ((Number) floe.sql("SELECT count(*) FROM silver_trips VERSION AS OF 1").scalar()).longValue();
            assertThat(loaded).isBetween(19_700L, 19_900L); // the ~1% dirty rows are cleaned out
            assertThat(((Number) floe.sql("SELECT count(*) FROM silver_trips").scalar()).longValue()).isEqualTo(loaded);
            assertThat(((Number) floe.sql("SELECT count(*) FROM silver_trips VERSION AS OF 0").scalar()).longValue()).isZero();
            assertThat(((Number) floe.sql("SELECT count(*) FROM silver_trips WHERE payment_type = 'dispute' AND total_amount <> 0")
                    .scalar()).longValue()).isZero();
            assertThat(((Number) floe.sql("SELECT count(*) FROM silver_trips WHERE fare_amount < 0 OR pickup_zone IS NULL "
                    + "OR dropoff_ts <= pickup_ts").scalar()).longValue()).isZero();
            assertThat(floe.table("silver_trips").snapshot().partitionColumns()).containsExactly("pickup_month");
            assertThat(floe.sql("SELECT DISTINCT pickup_month FROM silver_trips ORDER BY 1").rows())
                    .extracting(row -> row.get(0)).containsExactly("2024-01", "2024-02", "2024-03");
            assertThat(((Number) floe.sql("SELECT sum(trips) FROM gold_zone_daily").scalar()).longValue()).isEqualTo(loaded);
            assertThat(floe.sql("DESCRIBE HISTORY silver_trips").rowCount()).isEqualTo(3); // the re-run started a new table
        }
        try (var s = Files.list(wh.resolve("bronze/trips"))) {
            assertThat(s.count()).isEqualTo(1);
        }
    }
}
