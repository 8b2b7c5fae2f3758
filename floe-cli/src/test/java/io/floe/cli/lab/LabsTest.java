package io.floe.cli.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every lab at small scale and asserts what each must show — outcomes, never timings. */
class LabsTest {
    @TempDir
    Path dir;

    private LabResult run(Lab lab) throws Exception {
        LabContext ctx = new LabContext(dir.resolve("wh").toString(), Map.of(), dir.resolve("scratch"), Scale.SMALL, LabFormat.DELTA,
                new PrintWriter(new StringWriter()));
        LabResult r = lab.run(ctx);
        // both renderings carry every metric
        for (LabResult.Metric m : r.metrics()) {
            assertThat(r.text()).contains(m.label());
            assertThat(r.markdown()).contains("| " + m.label() + " |");
        }
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
    }

    @Test
    void aggressiveVacuumBreaksTimeTravelAndTheCheckPreventsIt() throws Exception {
        LabResult r = run(new VacuumTimeTravelLab());
        double versions = r.number("versions_checked", 0);
        assertThat(r.number("versions_readable", 0)).isLessThan(versions);
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
    void checkpointsCutTheLogObjectsReadOnAColdOpen() throws Exception {
        LabResult r = run(new LogExplosionLab());
        assertThat(r.number("checkpoints", 0)).isZero();
        assertThat(r.number("log_reads", 0)).isGreaterThan(200);
        assertThat(r.number("checkpoints", 1)).isPositive();
        assertThat(r.number("commits_since_checkpoint", 1)).isLessThan(10);
        assertThat(r.number("log_reads", 1)).isLessThan(10);
    }

    @Test
    void crashesLeaveWholeVersionsAndVacuumRemovesTheOrphans() throws Exception {
        LabResult r = run(new CrashMidCommitLab());
        assertThat(r.number("crashes_injected", 0)).isEqualTo(3);
        assertThat(r.number("kills", 0)).isEqualTo(2);
        assertThat(r.number("committed_unacknowledged", 0)).isEqualTo(1); // the crash after the log entry was created
        assertThat(r.number("torn_versions", 0)).isZero();
        assertThat(r.number("orphan_files", 0)).isPositive();
        assertThat(r.number("orphan_files", 1)).isZero();
        assertThat(r.number("rows", 1)).isEqualTo(r.number("rows", 0));
        assertThat(r.number("rows", 0) % CrashMidCommitLab.BATCH).isZero();
        // the workers' temporary directories (DuckDB's copy of its native library) are gone, the killed ones' too
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.walk(dir.resolve("scratch"))) {
            assertThat(left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void plainParquetLosesRowsUnderConcurrentWritersAndDeltaLosesNone() throws Exception {
        LabResult r = run(new ConcurrentWritersLab());
        assertThat(r.number("rows_lost", 0)).isPositive();
        assertThat(r.number("rows_lost", 1)).isZero();
        assertThat(r.number("rows_duplicated", 1)).isZero();
        assertThat(r.number("appends_failed", 1)).isZero();
        assertThat(r.number("rows_read", 1)).isEqualTo(r.number("rows_expected", 1)).isEqualTo(4 * 15 * 100);
        assertThat(r.number("bad_reads", 1)).isZero();
        assertOverwritesBreakThePlainDirectory(r);
        assertOverwritesAreWhole(r, 1);
    }

    /** The plain directory showed a reader something other than one whole overwrite, or ended that way. */
    static void assertOverwritesBreakThePlainDirectory(LabResult r) {
        assertThat(r.metric("ow_versions").value(0)).isNull();
        boolean endedBroken = r.number("ow_final_batches", 0) != 1 || r.number("ow_final_rows", 0) != 1000;
        assertThat(r.number("ow_bad_reads", 0) + (endedBroken ? 1 : 0)).isPositive();
    }

    /** A table format's overwrites: every read one whole job's rows, one job's rows at the end, one version per overwrite. */
    static void assertOverwritesAreWhole(LabResult r, int column) {
        assertThat(r.number("ow_reads", column)).isPositive();
        assertThat(r.number("ow_bad_reads", column)).isZero();
        assertThat(r.number("ow_final_rows", column)).isEqualTo(1000);
        assertThat(r.number("ow_final_batches", column)).isEqualTo(1);
        assertThat(r.number("ow_versions", column)).isEqualTo(r.number("ow_attempted", column) - r.number("ow_failed", column))
                .isPositive();
    }

    @Test
    void partitionDesignTradesFilesAgainstSkipping() throws Exception {
        LabResult r = run(new PartitionDesignLab());
        // by user: one partition per user, a file each; the lookup reads one file, the month report all
        assertThat(r.number("partitions", 0)).isEqualTo(500);
        assertThat(r.number("files", 0)).isGreaterThan(10 * r.number("files", 1));
        assertThat(r.number("lookup_files", 0)).isEqualTo(1);
        assertThat(r.number("report_files", 0)).isEqualTo(r.number("files", 0));
        // by month: the report reads one month
        assertThat(r.number("report_files", 1)).isEqualTo(1);
        assertThat(r.number("lookup_files", 1)).isEqualTo(r.number("files", 1));
        // Z-order: both queries skip most files
        assertThat(r.number("lookup_files", 2)).isLessThan(r.number("files", 2) / 2);
        assertThat(r.number("report_files", 2)).isLessThan(r.number("files", 2));
        assertThat(r.number("files", 2)).isLessThan(r.number("files", 0));
    }
}
