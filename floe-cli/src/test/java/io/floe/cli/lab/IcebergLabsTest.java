package io.floe.cli.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every lab with --format iceberg at small scale and asserts what each must show — outcomes, never timings. */
class IcebergLabsTest {
    @TempDir
    Path dir;

    private LabResult run(Lab lab) throws Exception {
        LabContext ctx = new LabContext(dir.resolve("wh").toString(), Map.of(), dir.resolve("scratch"), Scale.SMALL, LabFormat.ICEBERG,
                new PrintWriter(new StringWriter()));
        LabResult r = lab.run(ctx);
        for (LabResult.Metric m : r.metrics()) {
            assertThat(r.text()).contains(m.label());
            assertThat(r.markdown()).contains("| " + m.label() + " |");
        }
        // the fix is for Iceberg tables (concurrent-writers shows Delta alongside, by design)
        assertThat(r.fix()).noneMatch(f -> f.contains("USING DELTA;") || f.startsWith("OPTIMIZE"));
        System.out.println(r.text());
        return r;
    }

    @Test
    void smallFilesCompactToTheIdealCount() throws Exception {
        LabResult r = run(new SmallFilesLab());
        assertThat(r.number("files", 0)).isEqualTo(150);
        assertThat(r.number("files", 1)).isEqualTo(r.number("ideal_files", 1)).isEqualTo(1);
        assertThat(r.number("files_scanned", 1)).isLessThan(r.number("files_scanned", 0));
        assertThat(r.number("rows", 1)).isEqualTo(r.number("rows", 0)).isEqualTo(30_000);
        assertThat(r.number("bytes_per_file", 1)).isGreaterThan(r.number("bytes_per_file", 0) * 10);
        assertThat(r.fix()).containsExactly("CALL system.rewrite_data_files(table => 'lab_small_files');");
    }

    @Test
    void aggressiveExpiryBreaksTimeTravelAndTheCheckPreventsIt() throws Exception {
        LabResult r = run(new VacuumTimeTravelLab());
        double versions = r.number("versions_checked", 0);
        assertThat(versions).isEqualTo(4); // insert, update, insert, the bad delete
        assertThat(r.number("versions_readable", 0)).isEqualTo(1); // only the current snapshot is left
        assertThat(r.number("files_deleted", 0)).isPositive();
        assertThat(r.metric("restore_ok").value(0)).isEqualTo(false);
        assertThat(r.number("rows_now", 0)).isLessThan(r.number("rows_expected", 0));

        assertThat(r.metric("vacuum_refused").value(1)).isEqualTo(true);
        assertThat(r.metric("restore_ok").value(1)).isEqualTo(true);
        assertThat(r.number("versions_readable", 1)).isEqualTo(versions);
        assertThat(r.number("files_deleted", 1)).isZero();
        assertThat(r.number("rows_now", 1)).isEqualTo(r.number("rows_expected", 1));
    }

    @Test
    void rewriteManifestsCutsTheManifestsReadToPlan() throws Exception {
        LabResult r = run(new LogExplosionLab());
        assertThat(r.number("manifests", 0)).isEqualTo(LogExplosionLab.ICEBERG_COMMITS);
        assertThat(r.number("manifests_read", 0)).isEqualTo(LogExplosionLab.ICEBERG_COMMITS);
        assertThat(r.number("manifests", 1)).isEqualTo(1);
        assertThat(r.number("manifests_read", 1)).isEqualTo(1);
        assertThat(r.number("metadata_reads", 1)).isLessThan(r.number("metadata_reads", 0) / 10);
        assertThat(r.number("data_files", 1)).isEqualTo(r.number("data_files", 0));
        assertThat(r.number("snapshots", 1)).isEqualTo(r.number("snapshots", 0) + 1); // the rewrite is a snapshot
    }

    @Test
    void crashesLeaveWholeSnapshotsAndRemoveOrphanFilesClearsThem() throws Exception {
        LabResult r = run(new CrashMidCommitLab());
        assertThat(r.number("crashes_injected", 0)).isEqualTo(5);
        assertThat(r.number("kills", 0)).isEqualTo(2);
        assertThat(r.number("committed_unacknowledged", 0)).isEqualTo(1); // the crash after the metadata file was created
        assertThat(r.number("torn_versions", 0)).isZero();
        // each crash before the commit leaves its data file: after the data file, manifest, list, before the metadata file
        assertThat(r.number("orphan_files", 0)).isGreaterThanOrEqualTo(4);
        // and what it wrote of the metadata tree: 1 manifest, then a manifest and a list, twice (kills may add more)
        assertThat(r.number("orphan_metadata", 0)).isGreaterThanOrEqualTo(5);
        assertThat(r.number("orphan_files", 1)).isZero();
        assertThat(r.number("orphan_metadata", 1)).isZero();
        assertThat(r.number("rows", 1)).isEqualTo(r.number("rows", 0));
        assertThat(r.number("rows", 0) % CrashMidCommitLab.BATCH).isZero();
        assertThat(r.number("snapshots", 1)).isEqualTo(r.number("snapshots", 0));
    }

    @Test
    void plainParquetLosesRowsAndBothTableFormatsLoseNone() throws Exception {
        LabResult r = run(new ConcurrentWritersLab());
        assertThat(r.columns()).containsExactly("plain Parquet directory", "Delta table (Floe)", "Iceberg table (Floe)");
        assertThat(r.number("rows_lost", 0)).isPositive();
        for (int format = 1; format <= 2; format++) {
            assertThat(r.number("rows_lost", format)).isZero();
            assertThat(r.number("rows_duplicated", format)).isZero();
            assertThat(r.number("appends_failed", format)).isZero();
            assertThat(r.number("rows_read", format)).isEqualTo(r.number("rows_expected", format)).isEqualTo(4 * 15 * 100);
            assertThat(r.number("bad_reads", format)).isZero();
        }
        LabsTest.assertOverwritesBreakThePlainDirectory(r);
        LabsTest.assertOverwritesAreWhole(r, 1);
    }

    /**
     * Concurrent INSERT OVERWRITE on Iceberg: each reader sees one whole overwrite. It failed until floe-iceberg stopped
     * letting Iceberg's transaction re-apply an overwrite on a version the attempt had not checked for conflicts (the
     * deletes of files already gone were dropped silently and both overwrites landed).
     */
    @Test
    void icebergOverwritesAreWhole() throws Exception {
        LabResult r = run(new ConcurrentWritersLab());
        LabsTest.assertOverwritesAreWhole(r, 2);
    }

    @Test
    void partitionDesignTradesFilesAgainstSkipping() throws Exception {
        LabResult r = run(new PartitionDesignLab());
        assertThat(r.number("partitions", 0)).isEqualTo(500);
        assertThat(r.number("files", 0)).isGreaterThan(10 * r.number("files", 1));
        assertThat(r.number("lookup_files", 0)).isEqualTo(1);
        assertThat(r.number("report_files", 0)).isEqualTo(r.number("files", 0));
        // months(day): 24 partitions, and the report reads its month only
        assertThat(r.number("partitions", 1)).isEqualTo(24);
        assertThat(r.number("report_files", 1)).isEqualTo(1);
        assertThat(r.number("lookup_files", 1)).isEqualTo(r.number("files", 1));
        assertThat(r.number("lookup_files", 2)).isLessThan(r.number("files", 2) / 2);
        assertThat(r.number("report_files", 2)).isLessThan(r.number("files", 2));
        assertThat(r.number("files", 2)).isLessThan(r.number("files", 0));
    }
}
