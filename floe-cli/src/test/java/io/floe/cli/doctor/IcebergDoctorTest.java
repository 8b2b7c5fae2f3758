package io.floe.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.Floe;
import io.floe.cli.FloeCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The doctor on Iceberg tables: the format-neutral checks, and the Iceberg ones, each planted, found, fixed. */
class IcebergDoctorTest {
    @TempDir
    Path dir;
    Path wh;
    Floe floe;
    final Doctor doctor = new Doctor();

    @BeforeEach
    void open() {
        wh = dir.resolve("wh");
        floe = Floe.open(wh.toString());
    }

    @AfterEach
    void close() {
        floe.close();
    }

    private void table(String name, int inserts, String properties) {
        floe.sql("CREATE TABLE " + name + " (id BIGINT, v STRING) USING ICEBERG" + (properties == null ? "" : " TBLPROPERTIES (" + properties + ")"));
        for (int i = 0; i < inserts; i++) {
            floe.sql("INSERT INTO " + name + " SELECT range AS id, 'v' || range AS v FROM range(" + i * 100 + ", " + (i + 1) * 100 + ")");
        }
    }

    private DoctorReport examine(String t) {
        return doctor.examine(floe, t);
    }

    private Finding only(DoctorReport r, String check, Severity severity) {
        List<Finding> f = r.findings(check);
        assertThat(f).as(r.text()).hasSize(1);
        assertThat(f.get(0).severity()).as(r.text()).isEqualTo(severity);
        return f.get(0);
    }

    private List<Path> files(String t, String sub, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(wh.resolve(t).resolve(sub))) {
            return s.filter(p -> p.toString().endsWith(suffix) && !p.getFileName().toString().startsWith("snap-")).sorted().toList();
        }
    }

    @Test
    void healthyIcebergTableHasNothingAboveInfo() {
        table("good", 3, null);
        DoctorReport r = examine("good");
        assertThat(r.healthy()).as(r.text()).isTrue();
        assertThat(r.findings()).as(r.text()).allMatch(f -> f.severity() == Severity.INFO);
        assertThat(r.findings("manifests")).isEmpty();
        assertThat(r.findings("snapshot-expiry")).isEmpty();
        assertThat(r.findings("orphan-files")).isEmpty();
        assertThat(r.format()).isEqualTo("iceberg");
        assertThat(r.checks()).containsExactly("missing-files", "small-files", "orphan-files", "manifests", "snapshot-expiry",
                "time-travel", "column-stats", "partitioning", "deletion-vectors", "staging-files", "incomplete-uploads");
        assertThat(r.files()).isEqualTo(3);
        assertThat(r.version()).isEqualTo(floe.table("good").snapshot().version());
    }

    @Test
    void smallFilesAreFoundAndRewriteDataFilesClearsThem() {
        table("tiny", 25, null);
        Finding f = only(examine("tiny"), "small-files", Severity.WARNING);
        assertThat(f.fix()).isEqualTo("CALL system.rewrite_data_files(table => 'tiny');");
        assertThat(f.evidence()).containsEntry("files", 25).containsEntry("smallFiles", 25L).containsEntry("filesAfterCompaction", 1L)
                .containsEntry("targetFileSizeBytes", 512L * 1024 * 1024);
        assertThat(f.why()).contains("write.target-file-size-bytes");
        floe.sql(f.fix());
        assertThat(examine("tiny").findings("small-files")).isEmpty();
    }

    @Test
    void tooManyManifestsAreFoundAndRewriteManifestsClearsThem() {
        table("mani", 12, "'commit.manifest-merge.enabled' = 'false', 'commit.manifest.min-count-to-merge' = '10'");
        Finding f = only(examine("mani"), "manifests", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("manifests", 12L).containsEntry("dataFiles", 12).containsEntry("manifestsAfterRewrite", 1L)
                .containsEntry("manifestMergeEnabled", false);
        assertThat(f.fix()).isEqualTo("CALL system.rewrite_manifests('mani');\n"
                + "ALTER TABLE mani SET TBLPROPERTIES ('commit.manifest-merge.enabled' = 'true');");
        floe.sql(f.fix());
        DoctorReport after = examine("mani");
        assertThat(after.findings("manifests")).as(after.text()).isEmpty();
        assertThat(((Number) floe.sql("SELECT count(*) FROM mani").scalar()).longValue()).isEqualTo(1200);
    }

    @Test
    void fewManifestsAreNoFinding() {
        // merging on (the default): the same appends are merged by Iceberg itself once there are min-count-to-merge
        table("merged", 12, "'commit.manifest.min-count-to-merge' = '10'");
        assertThat(examine("merged").findings("manifests")).isEmpty();
    }

    @Test
    void snapshotsBeyondTheMaxAgeAreFoundAndExpireSnapshotsClearsThem() throws Exception {
        table("old", 3, null);
        assertThat(examine("old").findings("snapshot-expiry")).isEmpty(); // 5 days by default: nothing is that old
        floe.sql("ALTER TABLE old SET TBLPROPERTIES ('history.expire.max-snapshot-age-ms' = '1000')");
        Thread.sleep(1200);
        Finding f = only(examine("old"), "snapshot-expiry", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("snapshots", 3).containsEntry("olderThanMaxAge", 2L).containsEntry("maxSnapshotAge", "1 seconds");
        assertThat(f.fix()).startsWith("CALL system.expire_snapshots(table => 'old', older_than => TIMESTAMP '20");
        floe.sql(f.fix());
        DoctorReport after = examine("old");
        assertThat(after.findings("snapshot-expiry")).as(after.text()).isEmpty();
        assertThat(floe.table("old").history(0)).hasSize(1);
        assertThat(((Number) floe.sql("SELECT count(*) FROM old").scalar()).longValue()).isEqualTo(300);
    }

    @Test
    void orphanDataFilesAndManifestsAreFoundAndRemoveOrphanFilesClearsThem() throws Exception {
        table("orph", 2, null);
        Path data = files("orph", "data", ".parquet").get(0);
        Path orphan = data.resolveSibling("00000-0-orphan-of-a-crashed-writer.parquet");
        Files.copy(data, orphan);
        Path manifest = files("orph", "metadata", ".avro").get(0);
        Path orphanManifest = manifest.resolveSibling("orphan-m0.avro");
        Files.copy(manifest, orphanManifest);
        for (Path p : List.of(orphan, orphanManifest)) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofDays(4))));
        }
        Finding f = only(examine("orph"), "orphan-files", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("orphanFiles", 1L).containsEntry("orphanBytes", Files.size(orphan))
                .containsEntry("orphanMetadataFiles", 1L).containsEntry("olderThanRetention", 2L);
        assertThat(f.fix()).isEqualTo("CALL system.remove_orphan_files(table => 'orph');");
        floe.sql(f.fix());
        assertThat(orphan).doesNotExist();
        assertThat(orphanManifest).doesNotExist();
        DoctorReport after = examine("orph");
        assertThat(after.findings("orphan-files")).isEmpty();
        assertThat(after.healthy()).as(after.text()).isTrue();
    }

    @Test
    void filesOfOlderSnapshotsAreNotOrphans() {
        table("hist", 2, null);
        floe.sql("DELETE FROM hist WHERE id < 50"); // rewrites a file the older snapshots still read
        assertThat(examine("hist").findings("orphan-files")).isEmpty();
    }

    @Test
    void aYoungOrphanGetsTheCallWithADate() throws Exception {
        table("young", 1, null);
        Path data = files("young", "data", ".parquet").get(0);
        Files.copy(data, data.resolveSibling("young-orphan.parquet"));
        Finding f = only(examine("young"), "orphan-files", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("olderThanRetention", 0L).containsEntry("orphanMetadataFiles", 0L);
        assertThat(f.fix()).startsWith("CALL system.remove_orphan_files(table => 'young');").contains("from 20");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMissingDataFileIsAnErrorAndBrokenTimeTravelIsFoundBySnapshotId() throws Exception {
        table("lost", 2, null);
        long second = floe.table("lost").snapshot().version();
        floe.sql("UPDATE lost SET v = 'x' WHERE id < 10"); // rewrites a file the first two snapshots read
        List<Path> before = files("lost", "data", ".parquet");
        // the file the update replaced: read by the older snapshots only
        String replaced = floe.table("lost").snapshotAt(second).files().stream().map(d -> d.path())
                .filter(p -> floe.table("lost").snapshot().files().stream().noneMatch(c -> c.path().equals(p))).findFirst().orElseThrow();
        Path file = before.stream().filter(p -> replaced.endsWith(p.getFileName().toString())).findFirst().orElseThrow();
        Files.delete(file);
        DoctorReport r = examine("lost");
        Finding tt = only(r, "time-travel", Severity.WARNING);
        assertThat((List<Object>) tt.evidence().get("brokenVersions")).hasSize(2).contains((Object) second);
        assertThat(r.findings("missing-files")).isEmpty(); // the current snapshot has all its files

        Path current = files("lost", "data", ".parquet").get(0);
        Files.move(current, dir.resolve("backup.parquet"));
        Finding missing = only(examine("lost"), "missing-files", Severity.ERROR);
        assertThat(missing.evidence()).containsEntry("missingFiles", 1);
        Files.move(dir.resolve("backup.parquet"), current);
        assertThat(examine("lost").findings("missing-files")).isEmpty();
    }

    @Test
    void aTableIsExaminedByPathAndItsFixesRunByPath() {
        table("bypath", 25, null);
        String path = wh.resolve("bypath").toString();
        DoctorReport r = examine(path);
        assertThat(r.table()).isEqualTo("iceberg.`" + path + "`");
        Finding f = only(r, "small-files", Severity.WARNING);
        assertThat(f.fix()).isEqualTo("CALL system.rewrite_data_files(table => 'iceberg.`" + path + "`');");
        floe.sql(f.fix());
        assertThat(examine(path).healthy()).isTrue();
    }

    @Test
    void overPartitioningByATransformIsFoundAndTheRewriteIsClean() {
        floe.sql("CREATE TABLE overp USING ICEBERG PARTITIONED BY (days(ts)) AS SELECT range AS id, "
                + "timestamp_seconds(1704067200 + (range % 40) * 86400) AS ts FROM range(0, 4000)"); // 2024-01-01 + 0..39 days
        Finding f = only(examine("overp"), "partitioning", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("partitions", 40).containsEntry("partitionColumns", List.of("days(ts)"));
        assertThat(f.fix()).startsWith("CREATE TABLE overp_v2 USING ICEBERG AS SELECT * FROM overp;")
                .contains("CALL system.rewrite_data_files(table => 'overp_v2', strategy => 'sort', sort_order => 'zorder(ts)')");
        floe.sql(f.fix());
        assertThat(((Number) floe.sql("SELECT count(*) FROM overp_v2").scalar()).longValue()).isEqualTo(4000);
        DoctorReport after = examine("overp_v2");
        assertThat(after.findings("partitioning")).isEmpty();
        assertThat(after.healthy()).as(after.text()).isTrue();
        assertThat(floe.table("overp_v2").format()).isEqualTo("iceberg");
    }

    @Test
    void jsonNamesTheFormat() throws Exception {
        table("js", 12, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FloeCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "doctor", "js", "--warehouse", wh.toString(), "--json");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(j.get("format").asText()).isEqualTo("iceberg");
        assertThat(j.get("findings").get(0).get("check").asText()).isEqualTo("small-files");
        assertThat(j.get("findings").get(0).get("fix").asText()).isEqualTo("CALL system.rewrite_data_files(table => 'js');");
    }
}
