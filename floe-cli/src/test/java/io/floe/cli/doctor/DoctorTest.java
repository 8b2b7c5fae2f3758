package io.floe.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floe.Floe;
import io.floe.cli.FloeCli;
import io.floe.table.DataFile;
import io.floe.table.Operation;
import io.floe.table.Table;
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
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** One planted problem per check: found with the right fix, the fix clears it; a healthy table is clean. */
class DoctorTest {
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

    private void table(String name, int inserts) {
        floe.sql("CREATE TABLE " + name + " (id BIGINT, v STRING) USING DELTA");
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

    private List<Path> dataFiles(String t) throws Exception {
        try (Stream<Path> s = Files.walk(wh.resolve(t))) {
            return s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).sorted().toList();
        }
    }

    @Test
    void healthyTableHasNothingAboveInfo() {
        table("good", 3);
        DoctorReport r = examine("good");
        assertThat(r.healthy()).as(r.text()).isTrue();
        assertThat(r.findings()).allMatch(f -> f.severity() == Severity.INFO);
        assertThat(r.checks()).containsExactly("missing-files", "small-files", "orphan-files", "checkpoint", "retention",
                "time-travel", "column-stats", "partitioning", "deletion-vectors", "staging-files", "incomplete-uploads", "compatibility");
        assertThat(r.findings("compatibility")).isEmpty();
        assertThat(r.version()).isEqualTo(3);
        assertThat(r.files()).isEqualTo(3);
    }

    @Test
    void smallFilesAreFoundAndOptimizeClearsThem() {
        table("tiny", 25);
        Finding f = only(examine("tiny"), "small-files", Severity.WARNING);
        assertThat(f.fix()).isEqualTo("OPTIMIZE tiny;");
        assertThat(f.evidence()).containsEntry("files", 25).containsEntry("smallFiles", 25L).containsEntry("filesAfterCompaction", 1L);
        assertThat(((Map<?, ?>) f.evidence().get("sizeHistogram")).get("< 64 KB")).isEqualTo(25L);
        floe.sql(f.fix());
        assertThat(examine("tiny").findings("small-files")).isEmpty();
    }

    @Test
    void missingDataFileIsAnErrorUntilTheFileIsBack() throws Exception {
        table("lost", 2);
        Path file = dataFiles("lost").get(0);
        Path backup = dir.resolve("backup.parquet");
        Files.move(file, backup);
        Finding f = only(examine("lost"), "missing-files", Severity.ERROR);
        assertThat(f.evidence()).containsEntry("missingFiles", 1).containsEntry("missingRows", 100L);
        assertThat((List<?>) f.evidence().get("paths")).hasSize(1);
        assertThat(f.fix()).contains("backup");
        Files.move(backup, file);
        assertThat(examine("lost").findings("missing-files")).isEmpty();
    }

    @Test
    void orphanFilesAreFoundAndVacuumRemovesThemAfterTheRetention() throws Exception {
        table("orph", 2);
        Path src = dataFiles("orph").get(0);
        Path orphan = src.resolveSibling("part-00000-orphan-of-a-crashed-writer.parquet");
        Files.copy(src, orphan);
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        Finding f = only(examine("orph"), "orphan-files", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("orphanFiles", 1L).containsEntry("orphanBytes", Files.size(orphan))
                .containsEntry("olderThanRetention", 1L);
        assertThat(f.fix()).isEqualTo("VACUUM orph;");
        floe.sql(f.fix());
        assertThat(orphan).doesNotExist();
        DoctorReport after = examine("orph");
        assertThat(after.findings("orphan-files")).isEmpty();
        assertThat(after.healthy()).as(after.text()).isTrue();
    }

    @Test
    void filesOfOlderVersionsAreNotOrphans() {
        table("hist", 2);
        floe.sql("DELETE FROM hist WHERE id < 50"); // rewrites a file; the old one is still needed by version 1
        assertThat(examine("hist").findings("orphan-files")).isEmpty();
    }

    @Test
    void aYoungOrphanGetsAVacuumWithADate() throws Exception {
        table("young", 1);
        Path src = dataFiles("young").get(0);
        Files.copy(src, src.resolveSibling("part-young-orphan.parquet"));
        Finding f = only(examine("young"), "orphan-files", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("olderThanRetention", 0L);
        assertThat(f.fix()).startsWith("VACUUM young;").contains("from 20");
    }

    @Test
    void aLogWithoutCheckpointsIsFoundAndTheFixWritesOne() {
        floe.sql("CREATE TABLE nocp (id BIGINT) USING DELTA TBLPROPERTIES ('delta.checkpointInterval' = '1000000')");
        for (int i = 0; i < 55; i++) {
            floe.sql("INSERT INTO nocp VALUES (" + i + ")");
        }
        Finding f = only(examine("nocp"), "checkpoint", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("lastCheckpointVersion", -1L).containsEntry("commitsSinceCheckpoint", 56L);
        assertThat(f.fix()).contains("'delta.checkpointInterval' = '1'").contains("'delta.checkpointInterval' = '10'");
        floe.sql(f.fix());
        DoctorReport after = examine("nocp");
        assertThat(after.findings("checkpoint")).as(after.text()).isEmpty();
        assertThat(new MetadataStatsSource[]{MetadataStatsSource.DEFAULT}[0]
                .stats(floe.table("nocp"), floe.table("nocp").snapshot()).lastCheckpointVersion()).isEqualTo(56);
    }

    @Test
    void retentionShorterThanTheLogsIsAWarningOnlyWhenShortened() {
        table("ret", 1);
        assertThat(only(examine("ret"), "retention", Severity.INFO).summary()).contains("7 days").contains("30 days");
        floe.sql("ALTER TABLE ret SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 1 hours')");
        Finding f = only(examine("ret"), "retention", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("deletedFileRetention", "1 hours").containsEntry("logRetention", "30 days");
        assertThat(f.fix()).isEqualTo("ALTER TABLE ret SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 30 days');");
        floe.sql(f.fix());
        assertThat(examine("ret").findings("retention")).isEmpty();
    }

    @Test
    void anAggressiveVacuumShowsAsBrokenTimeTravel() {
        table("tt", 2);
        floe.sql("UPDATE tt SET v = 'x' WHERE id < 10"); // version 3 rewrites a file versions 1 and 2 need
        assertThat(examine("tt").findings("time-travel")).isEmpty();
        floe.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
        floe.sql("VACUUM tt RETAIN 0 HOURS");
        DoctorReport r = examine("tt");
        Finding f = only(r, "time-travel", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("brokenVersions", List.of(1L, 2L)).containsEntry("lastVacuumRetention", "0 hours");
        assertThat(f.fix()).startsWith("SET spark.databricks.delta.retentionDurationCheck.enabled = true;");
        assertThat(only(r, "retention", Severity.WARNING).evidence()).containsEntry("lastVacuumRetention", "0 hours");
    }

    @Test
    void filesWithoutStatsAreFoundAndOptimizeRewritesThem() throws Exception {
        table("nostats", 2);
        Table t = floe.table("nostats");
        Path src = dataFiles("nostats").get(0);
        Path copy = src.resolveSibling("part-written-without-stats.parquet");
        Files.copy(src, copy);
        t.newTransaction().add(new DataFile(t.relativePath(copy.getFileName().toString()), Map.of(), Files.size(copy),
                System.currentTimeMillis(), null)).commit(Operation.of("WRITE"));
        Finding f = only(examine("nostats"), "column-stats", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("filesWithoutStats", 1).containsEntry("files", 3);
        assertThat(f.fix()).startsWith("OPTIMIZE nostats;");
        floe.sql(f.fix());
        assertThat(examine("nostats").findings("column-stats")).isEmpty();
    }

    @Test
    void overPartitioningIsFoundAndTheRewriteIsClean() {
        floe.sql("CREATE TABLE overp PARTITIONED BY (user_id) AS SELECT range AS id, CAST(range % 40 AS INTEGER) AS user_id "
                + "FROM range(0, 4000)");
        Finding f = only(examine("overp"), "partitioning", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("partitions", 40).containsEntry("partitionColumns", List.of("user_id"));
        assertThat(f.fix()).startsWith("CREATE TABLE overp_v2 AS SELECT * FROM overp;").contains("OPTIMIZE overp_v2 ZORDER BY (user_id)");
        floe.sql(f.fix());
        assertThat(((Number) floe.sql("SELECT count(*) FROM overp_v2").scalar()).longValue()).isEqualTo(4000);
        DoctorReport after = examine("overp_v2");
        assertThat(after.findings("partitioning")).isEmpty();
        assertThat(after.healthy()).as(after.text()).isTrue();
    }

    @Test
    void skewedPartitionsAreFound() {
        floe.sql("CREATE TABLE skew (id BIGINT, pad STRING, region STRING) USING DELTA PARTITIONED BY (region) "
                + "TBLPROPERTIES ('delta.targetFileSize' = '1048576')");
        floe.sql("INSERT INTO skew SELECT range, md5(CAST(range AS VARCHAR)) || md5(CAST(range + 1 AS VARCHAR)), 'big' FROM range(0, 60000)");
        floe.sql("INSERT INTO skew SELECT range, 'x', r FROM range(0, 10), (VALUES ('a'), ('b'), ('c'), ('d')) AS t(r)");
        Finding f = only(examine("skew"), "partitioning", Severity.WARNING);
        assertThat(f.summary()).contains("skewed");
        assertThat(f.evidence()).containsEntry("largestPartition", Map.of("region", "big"));
    }

    @Test
    void leftoverStagingDirectoriesAreFound() throws Exception {
        table("stg", 1);
        Path staging = wh.resolve("stg").resolve(".floe-staging-1234");
        Files.createDirectories(staging);
        Path f1 = staging.resolve("w.parquet");
        Files.write(f1, new byte[2048]);
        Files.setLastModifiedTime(f1, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        Finding f = only(examine("stg"), "staging-files", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("files", 1L).containsEntry("bytes", 2048L)
                .containsEntry("directories", List.of(".floe-staging-1234"));
        assertThat(f.fix()).contains("rm -r '" + staging.toAbsolutePath());
        Files.delete(f1);
        Files.delete(staging);
        assertThat(examine("stg").findings("staging-files")).isEmpty();
    }

    @Test
    void readerFeaturesAreReportedAsInfo() {
        floe.sql("CREATE TABLE ntz (a TIMESTAMP_NTZ, b BIGINT) USING DELTA");
        DoctorReport r = examine("ntz");
        Finding f = only(r, "compatibility", Severity.INFO);
        assertThat(f.evidence()).containsEntry("minReaderVersion", 3);
        assertThat(String.valueOf(f.evidence().get("tableFeatures"))).contains("timestampNtz");
        assertThat(r.healthy()).isTrue();
    }

    @Test
    void deletionVectorsAreMeasured() throws Exception {
        table("dv", 2);
        Table t = floe.table("dv");
        DataFile f0 = t.snapshot().files().get(0);
        // metadata only: the doctor never opens the vector, so a descriptor is enough to plant one
        t.newTransaction().remove(f0, true).add(f0.withDeletionVector(new io.floe.table.DeletionVector("i", "wi5b=000010000siXQKl0rr91000f", null, 10, 40)))
                .commit(Operation.of("DELETE"));
        Finding f = only(examine("dv"), "deletion-vectors", Severity.WARNING);
        assertThat(f.evidence()).containsEntry("filesWithDeletionVectors", 1L).containsEntry("deletedRows", 40L)
                .containsEntry("totalRows", 200L).containsEntry("deletedRatio", 0.2);
        assertThat(f.fix()).startsWith("OPTIMIZE dv;");
    }

    @Test
    void aTableIsExaminedByPathToo() {
        table("bypath", 2);
        String path = wh.resolve("bypath").toString();
        DoctorReport r = examine(path);
        assertThat(r.table()).isEqualTo("delta.`" + path + "`");
        assertThat(r.version()).isEqualTo(2);
        assertThat(r.healthy()).as(r.text()).isTrue();
    }

    @Test
    void jsonIsStableAndCommandLineWorks() throws Exception {
        table("js", 12);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FloeCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "doctor", "js", "--warehouse", wh.toString(), "--json");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(j.get("doctorVersion").asInt()).isEqualTo(1);
        assertThat(j.get("table").asText()).isEqualTo("js");
        assertThat(j.get("format").asText()).isEqualTo("delta");
        assertThat(j.get("version").asLong()).isEqualTo(12);
        assertThat(j.get("healthy").asBoolean()).isFalse();
        JsonNode first = j.get("findings").get(0);
        assertThat(first.get("check").asText()).isEqualTo("small-files");
        assertThat(first.get("severity").asText()).isEqualTo("warning");
        assertThat(first.get("fix").asText()).isEqualTo("OPTIMIZE js;");
        assertThat(first.get("evidence").get("files").asInt()).isEqualTo(12);
        List<String> fields = new java.util.ArrayList<>();
        j.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("doctorVersion", "table", "location", "format", "version", "files", "bytes", "checks",
                "healthy", "findings");

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        assertThat(FloeCli.execute(new PrintStream(text, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "doctor", "js", "--warehouse", wh.toString())).isZero();
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("[WARNING] small-files").contains("fix:").contains("OPTIMIZE js;");
    }

    @Test
    void unknownTableFails() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FloeCli.execute(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                "doctor", "nope", "--warehouse", wh.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no table nope");
    }
}
