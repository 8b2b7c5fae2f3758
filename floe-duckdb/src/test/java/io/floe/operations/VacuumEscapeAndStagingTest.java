package io.floe.operations;

import io.floe.delta.DeltaLog;
import io.floe.delta.DeltaTable;
import io.floe.engine.DataFileWriter;
import io.floe.engine.DuckDbDataPlane;
import io.floe.storage.LocalObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * VACUUM deletes nothing outside the table's directory, even through a symbolic link placed inside it, and removes the
 * staging directories that killed writers left behind once they are older than the retention.
 */
class VacuumEscapeAndStagingTest {
    static final long HOUR = 3_600_000L;
    static DuckDbDataPlane engine;
    @TempDir
    Path dir;
    Path outside;
    DeltaTable table;

    @BeforeAll
    static void start() {
        engine = new DuckDbDataPlane();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("precious.parquet"), "keep me");
        Files.createDirectories(outside.resolve("sub"));
        Files.writeString(outside.resolve("sub/also.txt"), "keep me too");
        table = new DeltaTable("t", new DeltaLog(new LocalObjectStore(dir.resolve("wh")), "t/", engine));
        Write.createAs(engine, table, "SELECT i::BIGINT AS id, 'p' || (i % 2) AS part FROM range(10) r(i)", List.of("part"),
                Map.of(), null);
        Write.run(engine, table, "SELECT 100::BIGINT AS id, 'p0' AS part", Write.Options.overwriteAll());
    }

    private void ageEverything(Path root, long millis) throws Exception {
        try (var s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setLastModifiedTime(p, FileTime.fromMillis(millis));
                }
            }
        }
    }

    @Test
    void vacuumWithZeroRetentionLeavesFilesBehindASymlinkAlone() throws Exception {
        Path t = dir.resolve("wh/t");
        Files.createSymbolicLink(t.resolve("link"), outside);
        Files.createSymbolicLink(t.resolve("part=p1/linked.parquet"), outside.resolve("precious.parquet"));
        long now = System.currentTimeMillis() + HOUR;
        Vacuum.Result dry = Vacuum.run(table, Duration.ZERO, true, false, now);
        assertThat(dry.deletedKeys()).isNotEmpty().noneMatch(k -> k.contains("link"));
        Vacuum.Result r = Vacuum.run(table, Duration.ZERO, false, false, now);
        assertThat(r.deletedKeys()).isEqualTo(dry.deletedKeys());
        assertThat(outside.resolve("precious.parquet")).hasContent("keep me");
        assertThat(outside.resolve("sub/also.txt")).hasContent("keep me too");
        assertThat(t.resolve("link")).isSymbolicLink();
        assertThat(Files.isSymbolicLink(t.resolve("part=p1/linked.parquet"))).isTrue();
        assertThat(table.snapshot().files()).hasSize(1);
    }

    @Test
    void staleStagingDirectoriesAreVacuumedAndReportedByDryRun() throws Exception {
        Path t = dir.resolve("wh/t");
        long now = System.currentTimeMillis();
        Path stale = Files.createDirectories(t.resolve(DataFileWriter.STAGING_PREFIX + "dead/w/kind=a"));
        Files.write(stale.resolve("data_0.parquet"), new byte[1000]);
        Files.write(t.resolve(DataFileWriter.STAGING_PREFIX + "dead/w.parquet"), new byte[10]);
        ageEverything(t.resolve(DataFileWriter.STAGING_PREFIX + "dead"), now - 3 * HOUR);
        Path live = Files.createDirectories(t.resolve(DataFileWriter.STAGING_PREFIX + "live/w"));
        Files.write(live.resolve("data_0.parquet"), new byte[1000]);

        Vacuum.Result dry = Vacuum.run(table, Duration.ofHours(1), true, false, now);
        assertThat(dry.deletedKeys()).contains("t/" + DataFileWriter.STAGING_PREFIX + "dead/w/kind=a/data_0.parquet",
                "t/" + DataFileWriter.STAGING_PREFIX + "dead/w.parquet").noneMatch(k -> k.contains("live"));
        assertThat(stale.resolve("data_0.parquet")).exists();

        Vacuum.run(table, Duration.ofHours(1), false, false, now);
        assertThat(t.resolve(DataFileWriter.STAGING_PREFIX + "dead")).as("the stale staging directory is gone").doesNotExist();
        assertThat(live.resolve("data_0.parquet")).as("a live writer's staging is kept").exists();
        // the table's data stays readable
        assertThat(table.snapshot().files()).isNotEmpty().allSatisfy(f -> assertThat(t.resolve(f.path())).exists());
    }

    @Test
    void theDefaultRetentionKeepsRecentStaging() throws Exception {
        Path t = dir.resolve("wh/t");
        Path stale = Files.createDirectories(t.resolve(DataFileWriter.STAGING_PREFIX + "recent/w"));
        Files.write(stale.resolve("data_0.parquet"), new byte[10]);
        ageEverything(t.resolve(DataFileWriter.STAGING_PREFIX + "recent"), System.currentTimeMillis() - 3 * HOUR);
        assertThat(Vacuum.run(table, null, false, true, System.currentTimeMillis()).deletedKeys()).isEmpty();
        assertThat(stale.resolve("data_0.parquet")).exists();
    }
}
