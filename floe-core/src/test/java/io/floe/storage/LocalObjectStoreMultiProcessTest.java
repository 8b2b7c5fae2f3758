package io.floe.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Separate JVMs race putIfAbsent on the same keys of one directory: the hard-link publish must pick one winner. */
class LocalObjectStoreMultiProcessTest {
    private static final int PROCESSES = 4;
    private static final int KEYS = 300;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void exactlyOneProcessWinsEachKey(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("store"));
        Path control = Files.createDirectories(dir.resolve("control"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        try {
            for (int w = 0; w < PROCESSES; w++) {
                // quick start-up matters more than peak speed here
                processes.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1",
                        "-cp", System.getProperty("java.class.path"), PutIfAbsentRaceMain.class.getName(),
                        root.toString(), control.toString(), String.valueOf(w), String.valueOf(KEYS))
                        .redirectErrorStream(true)
                        .redirectOutput(control.resolve("out-" + w).toFile())
                        .start());
            }
            // Start them together once all JVMs are up, so that they really collide.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int w = 0; w < PROCESSES; w++) {
                while (!Files.exists(control.resolve("ready-" + w))) {
                    assertThat(System.nanoTime()).as("worker %d did not start", w).isLessThan(deadline);
                    assertThat(processes.get(w).isAlive()).as("worker %d died: %s", w, output(control, w)).isTrue();
                    Thread.sleep(5);
                }
            }
            Files.createFile(control.resolve("go"));
            for (int w = 0; w < PROCESSES; w++) {
                assertThat(processes.get(w).waitFor(30, TimeUnit.SECONDS)).as("worker %d finished", w).isTrue();
                assertThat(processes.get(w).exitValue()).as("worker %d: %s", w, output(control, w)).isZero();
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }

        Map<Integer, List<Integer>> winners = new HashMap<>();
        Map<Integer, List<Integer>> seenByLosers = new HashMap<>();
        for (int w = 0; w < PROCESSES; w++) {
            List<String> lines = Files.readAllLines(control.resolve("out-" + w));
            assertThat(lines).as("worker %d output", w).hasSize(KEYS);
            for (String line : lines) {
                String[] f = line.split(" ");
                int k = Integer.parseInt(f[1]);
                if (f[0].equals("WON")) {
                    winners.computeIfAbsent(k, x -> new ArrayList<>()).add(w);
                } else {
                    seenByLosers.computeIfAbsent(k, x -> new ArrayList<>()).add(Integer.parseInt(f[2]));
                }
            }
        }
        LocalObjectStore store = new LocalObjectStore(root);
        for (int k = 0; k < KEYS; k++) {
            assertThat(winners.get(k)).as("winners of key %d", k).hasSize(1);
            int winner = winners.get(k).get(0);
            assertThat(store.get(PutIfAbsentRaceMain.key(k))).isEqualTo(PutIfAbsentRaceMain.payload(winner, k));
            assertThat(seenByLosers.get(k)).as("what the losers of key %d read", k)
                    .hasSize(PROCESSES - 1).containsOnly(winner);
        }
        assertThat(store.listAll("race/")).hasSize(KEYS);
        try (var files = Files.walk(root)) {
            assertThat(files.filter(p -> p.toString().endsWith(LocalObjectStore.TEMP_SUFFIX))).isEmpty();
        }
    }

    private static String output(Path control, int w) {
        try {
            return Files.readString(control.resolve("out-" + w));
        } catch (Exception e) {
            return "(no output)";
        }
    }
}
