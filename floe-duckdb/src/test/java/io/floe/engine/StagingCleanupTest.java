package io.floe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Staging directories are removed off the writer's thread, every one of them, including when many wait at once. */
class StagingCleanupTest {
    @Test
    void removesEveryQueuedDirectoryWithWhatItHoldsOnItsOwnThread(@TempDir Path root) throws Exception {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 600; i++) { // more than may wait: the rest are removed by the caller
            Path d = Files.createDirectories(root.resolve(DataFileWriter.STAGING_PREFIX + i).resolve("w"));
            Files.write(d.resolve("data_0.parquet"), new byte[16]);
            dirs.add(d.getParent());
        }
        dirs.forEach(StagingCleanup::later);
        StagingCleanup.awaitPending();
        assertThat(dirs).allSatisfy(d -> assertThat(d).doesNotExist());
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }
}
