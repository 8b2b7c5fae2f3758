package io.floe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The data plane's scratch space ({@code <tmp>/floe-<pid>}) does not outlive its process. */
class DuckDbDataPlaneScratchTest {
    @TempDir
    Path tmp;

    @Test
    void theDefaultWorkDirectoryIsRemovedOnClose() {
        DuckDbDataPlane a = new DuckDbDataPlane();
        DuckDbDataPlane b = new DuckDbDataPlane();
        Path dirA = a.workDir();
        assertThat(dirA.getParent().getFileName().toString()).isEqualTo("floe-" + ProcessHandle.current().pid());
        assertThat(dirA).isDirectory();
        a.close();
        assertThat(dirA).doesNotExist();
        assertThat(b.workDir()).as("a sibling engine's scratch space stays while it runs").isDirectory();
        b.close();
        assertThat(b.workDir()).doesNotExist();
    }

    @Test
    void aWorkDirectoryGivenByTheCallerIsKept() {
        Path given = tmp.resolve("mine");
        DuckDbDataPlane e = new DuckDbDataPlane(given);
        e.close();
        assertThat(given).isDirectory();
    }

    @Test
    void staleScratchOfDeadProcessesIsRemovedAtStart() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        Path stale = Files.createDirectories(tmp.resolve("floe-" + dead + "/e1/cache"));
        Files.writeString(stale.resolve("downloaded.parquet"), "table data");
        Path mine = Files.createDirectories(tmp.resolve("floe-" + ProcessHandle.current().pid() + "/e9"));
        Path notOurs = Files.createDirectories(tmp.resolve("floe-cache"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("x"), "keep");
        Path link = Files.createSymbolicLink(tmp.resolve("floe-" + (dead + 1_000_000)), outside);

        DuckDbDataPlane.removeStaleScratch(tmp);

        assertThat(tmp.resolve("floe-" + dead)).doesNotExist();
        assertThat(mine).as("a live process keeps its scratch").isDirectory();
        assertThat(notOurs).isDirectory();
        assertThat(outside.resolve("x")).hasContent("keep");
        assertThat(link).isSymbolicLink();
    }
}
