package io.floe.delta;

import io.floe.storage.TablePaths;
import com.fasterxml.jackson.databind.JsonNode;
import io.floe.storage.LocalObjectStore;
import io.floe.table.DataFile;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Delta Acceptance Testing tables (written by Spark) load at every expected version with the right
 * protocol, schema, partition values and files; every file the log names exists on disk. Row contents are
 * compared in the floe-duckdb and interop tests, which can read Parquet.
 */
class DatLogTest {

    private Path dat() {
        var c = TableFixtures.conformanceDir();
        Assumptions.assumeTrue(c.isPresent(), "shared/conformance not found: DAT cases skipped");
        return c.get().resolve("dat");
    }

    private DeltaLog copy(String name, Path tmp) throws Exception {
        Path src = dat().resolve(name).resolve("delta");
        Assumptions.assumeTrue(Files.isDirectory(src), "DAT case " + name + " missing");
        Path dst = tmp.resolve(name);
        TableFixtures.copyTree(src, dst);
        return new DeltaLog(new LocalObjectStore(dst), "", null);
    }

    private void checkVersions(String name, Path tmp) throws Exception {
        DeltaLog log = copy(name, tmp);
        try (var dirs = Files.list(dat().resolve(name).resolve("expected"))) {
            for (Path exp : dirs.toList()) {
                JsonNode meta = DeltaJson.MAPPER.readTree(exp.resolve("table_version_metadata.json").toFile());
                long v = meta.get("version").asLong();
                DeltaSnapshot s = exp.getFileName().toString().equals("latest") ? log.update() : log.snapshotAt(v);
                assertThat(s.version()).as(name + " " + exp.getFileName()).isEqualTo(v);
                assertThat(s.protocol().minReaderVersion()).isEqualTo(meta.get("min_reader_version").asInt());
                assertThat(s.protocol().minWriterVersion()).isEqualTo(meta.get("min_writer_version").asInt());
                for (DataFile f : s.files()) {
                    String key = TablePaths.resolveKey(log.store().uri(), "", f.path());
                    assertThat(log.store().stat(key)).as("file of %s v%d: %s", name, v, key).isPresent();
                }
            }
        }
    }

    @Test
    void basicAppend(@TempDir Path tmp) throws Exception {
        checkVersions("basic_append", tmp);
        DeltaLog log = copy("basic_append", tmp.resolve("again"));
        assertThat(log.update().schema().fieldNames()).containsExactly("letter", "number", "a_float");
    }

    @Test
    void basicPartitionedHasNullPartition(@TempDir Path tmp) throws Exception {
        checkVersions("basic_partitioned", tmp);
        DeltaLog log = copy("basic_partitioned", tmp.resolve("again"));
        List<Map<String, Object>> pvs = log.update().files().stream().map(DataFile::partitionValues).toList();
        Map<String, Object> nullLetter = new HashMap<>();
        nullLetter.put("letter", null);
        assertThat(pvs).contains(nullLetter, Map.of("letter", "a"));
    }

    @Test
    void multiPartitionedEscapesAndEmoji(@TempDir Path tmp) throws Exception {
        checkVersions("multi_partitioned", tmp);
        DeltaLog log = copy("multi_partitioned", tmp.resolve("again"));
        DeltaSnapshot s = log.update();
        assertThat(s.partitionColumns()).containsExactly("letter", "date", "data");
        // a binary partition column: the typed value is its bytes
        assertThat(s.files()).extracting(f -> new String((byte[]) f.partitionValues().get("data"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("😈");
        assertThat(s.files()).extracting(f -> f.partitionValues().get("letter")).contains("/%20%f");
        assertThat(log.snapshotAt(0).files()).hasSize(3);
    }

    @Test
    void schemaChangeByOverwrite(@TempDir Path tmp) throws Exception {
        checkVersions("with_schema_change", tmp);
        DeltaLog log = copy("with_schema_change", tmp.resolve("again"));
        assertThat(log.snapshotAt(0).schema().fieldNames()).containsExactly("letter", "number");
        assertThat(log.update().schema().fieldNames()).containsExactly("num1", "num2");
        assertThat(log.update().files()).hasSize(1);
    }
}
