package io.floe.delta;

import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.LocalObjectStore;
import io.floe.storage.ObjectStore;
import io.floe.table.DataFile;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** N writers (threads, then processes) append to one table at once: every version once, every file present once. */
class ConcurrentCommitTest {

    @Test
    void threadsOnMemoryStore() throws Exception {
        runThreads(new InMemoryObjectStore(), 8, 25);
    }

    @Test
    void threadsOnLocalStore(@TempDir Path dir) throws Exception {
        runThreads(new LocalObjectStore(dir), 6, 15);
    }

    private void runThreads(ObjectStore store, int writers, int commitsEach) throws Exception {
        new DeltaTable("t", new DeltaLog(store, "t/", null)).create(TableFixtures.SIMPLE, List.of("part"),
                Map.of("delta.checkpointInterval", "1000000"), null);
        Set<String> written = ConcurrentHashMap.newKeySet();
        Map<Long, String> versions = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            fs.add(pool.submit(() -> {
                DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", null)); // each writer its own log cache
                start.await();
                for (int i = 0; i < commitsEach; i++) {
                    DataFile f = TableFixtures.file("p" + (id % 3), i, i);
                    long v = t.newAppend().addFile(f).commit().version();
                    assertThat(versions.putIfAbsent(v, f.path())).as("version %d written twice", v).isNull();
                    written.add(f.path());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : fs) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        DeltaSnapshot s = new DeltaLog(store, "t/", null).update();
        int total = writers * commitsEach;
        assertThat(s.version()).isEqualTo(total);
        assertThat(versions.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
        List<String> paths = s.files().stream().map(DataFile::path).toList();
        assertThat(new HashSet<>(paths)).hasSize(paths.size()).isEqualTo(written);
    }

    @Test
    void separateProcesses(@TempDir Path dir) throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir);
        new DeltaTable("t", new DeltaLog(store, "", null)).create(TableFixtures.SIMPLE, List.of(),
                Map.of("delta.checkpointInterval", "1000000"), null);
        int processes = 4;
        int commitsEach = 15;
        List<Process> ps = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            ps.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AppendWorker.class.getName(),
                    dir.toString(), "w" + p, String.valueOf(commitsEach))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (Process p : ps) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        DeltaSnapshot s = new DeltaLog(store, "", null).update();
        assertThat(s.version()).isEqualTo(processes * commitsEach);
        List<String> paths = s.files().stream().map(DataFile::path).toList();
        assertThat(paths).hasSize(processes * commitsEach).doesNotHaveDuplicates();
        for (int p = 0; p < processes; p++) {
            String prefix = "w" + p + "-";
            assertThat(paths.stream().filter(x -> x.startsWith(prefix))).hasSize(commitsEach);
        }
    }

    /** A separate JVM that appends {@code n} files named {@code <writer>-<i>} to the table at args[0]. */
    public static final class AppendWorker {
        public static void main(String[] args) {
            DeltaTable t = new DeltaTable("t", new DeltaLog(new LocalObjectStore(Path.of(args[0])), "", null));
            int n = Integer.parseInt(args[2]);
            for (int i = 0; i < n; i++) {
                DataFile f = TableFixtures.file(null, i, i);
                t.newAppend().addFile(new DataFile(args[1] + "-" + i + ".parquet", Map.of(), 1, 1, f.stats())).commit();
            }
        }
    }
}
