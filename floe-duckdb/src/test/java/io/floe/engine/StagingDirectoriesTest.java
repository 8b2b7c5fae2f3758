package io.floe.engine;

import io.floe.storage.LocalObjectStore;
import io.floe.table.DataFile;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;

import static io.floe.engine.EngineTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Staging directories kept empty between an engine's writes instead of being made and removed for each. */
class StagingDirectoriesTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryGivenBackIsEmptiedAndTakenAgainWhileConcurrentTakesGetTheirOwn() throws IOException {
        try (StagingDirectories dirs = StagingDirectories.reusing()) {
            Path a = dirs.take(dir);
            Path b = dirs.take(dir);
            assertThat(a).isNotEqualTo(b).isEmptyDirectory();
            assertThat(a.getFileName().toString()).startsWith(DataFileWriter.STAGING_PREFIX);
            Files.createDirectories(a.resolve("w/__floe_k0=v1"));
            Files.writeString(a.resolve("w/__floe_k0=v1/data_0.parquet"), "left over");
            Files.writeString(a.resolve("data_1.parquet"), "left over");
            dirs.give(a);
            assertThat(a).isEmptyDirectory();
            assertThat(dirs.take(dir)).isEqualTo(a);
            dirs.give(a);
            dirs.give(b);
            assertThat(stagingDirs(dir)).containsExactlyInAnyOrder(a, b);
        }
        assertThat(stagingDirs(dir)).isEmpty(); // closing removes the idle ones
    }

    @Test
    void anIdleDirectoryRemovedMeanwhileIsMadeAgain() throws IOException {
        try (StagingDirectories dirs = StagingDirectories.reusing()) {
            Path a = dirs.take(dir);
            dirs.give(a);
            Files.delete(a); // the table's directory deleted, say
            assertThat(dirs.take(dir)).isEqualTo(a).isEmptyDirectory();
        }
    }

    @Test
    void perWriteDirectoriesAreRemovedWhenGivenBack() {
        StagingDirectories dirs = StagingDirectories.perWrite();
        Path a = dirs.take(dir);
        dirs.give(a);
        assertThat(a).doesNotExist();
        assertThat(dirs.take(dir)).isNotEqualTo(a);
    }

    @Test
    void anEnginesWritesIntoALocalTableReuseOneStagingDirectoryEvenAfterAFailedWrite() {
        StructType schema = StructType.of(new StructField("id", PrimitiveType.INTEGER, false), new StructField("p", PrimitiveType.STRING, true));
        LocalObjectStore store = new LocalObjectStore(dir.resolve("store"));
        WriteSpec unpartitioned = WriteSpec.of(schema, List.of(), new io.floe.table.WriteOptions(WriteSpec.DEFAULT_TARGET_FILE_SIZE,
                WriteSpec.DEFAULT_NUM_INDEXED_COLS), store, "t/");
        WriteSpec partitioned = WriteSpec.of(schema, List.of("p"), new io.floe.table.WriteOptions(WriteSpec.DEFAULT_TARGET_FILE_SIZE,
                WriteSpec.DEFAULT_NUM_INDEXED_COLS), store, "t/");
        Path table = dir.resolve("store/t");
        try (DuckDbDatabase db = new DuckDbDatabase(DuckDbDatabase.Settings.defaults(dir.resolve("spill")));
             StagingDirectories dirs = StagingDirectories.reusing()) {
            Connection c = db.connection();
            exec(c, "CREATE TEMP TABLE src AS SELECT range::INTEGER AS id, 'p' || (range % 3) AS p FROM range(100)");
            DataFileWriter writer = new DataFileWriter(c, dir.resolve("remote"), dirs);
            List<DataFile> first = writer.write("src", unpartitioned);
            List<Path> staging = stagingDirs(table);
            assertThat(staging).hasSize(1);
            assertThat(staging.get(0)).isEmptyDirectory();
            List<DataFile> second = writer.write("src", partitioned);
            assertThat(second).hasSize(3);
            assertThat(stagingDirs(table)).isEqualTo(staging);
            assertThat(staging.get(0)).isEmptyDirectory(); // the partition directories DuckDB made in it are gone
            assertThatThrownBy(() -> writer.write("(SELECT id, p, 1 / 0 AS boom FROM src WHERE error('no') IS NULL)", unpartitioned))
                    .isInstanceOf(RuntimeException.class);
            assertThat(stagingDirs(table)).isEqualTo(staging);
            assertThat(staging.get(0)).isEmptyDirectory();
            for (DataFile f : first) {
                assertThat(table.resolve(f.path())).isRegularFile();
            }
        }
        assertThat(stagingDirs(table)).isEmpty();
    }

    private static List<Path> stagingDirs(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(DataFileWriter.STAGING_PREFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
