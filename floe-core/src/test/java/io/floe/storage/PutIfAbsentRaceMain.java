package io.floe.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One racer of {@link LocalObjectStoreMultiProcessTest}, run in its own JVM:
 * {@code PutIfAbsentRaceMain <storeRoot> <controlDir> <worker> <keys>}. It announces itself with
 * {@code controlDir/ready-<worker>}, waits for {@code controlDir/go}, then putIfAbsent's every key
 * in order and prints one line per key: {@code WON <k>} or {@code LOST <k> <worker whose content it read>}.
 */
public final class PutIfAbsentRaceMain {
    private PutIfAbsentRaceMain() {
    }

    static String key(int k) {
        return String.format("race/_delta_log/%020d.json", k);
    }

    /** The content worker {@code w} writes to key {@code k}: names both, with a worker-specific length. */
    static byte[] payload(int w, int k) {
        String head = "worker=" + w + " key=" + k + " ";
        char[] fill = new char[3000 + 733 * w];
        Arrays.fill(fill, (char) ('a' + w));
        return (head + new String(fill)).getBytes(StandardCharsets.UTF_8);
    }

    /** The worker whose complete payload {@code data} is, or -1 if it is no one's (torn, empty, mixed). */
    static int writerOf(byte[] data, int k) {
        String s = new String(data, StandardCharsets.UTF_8);
        if (!s.startsWith("worker=")) {
            return -1;
        }
        int w = Integer.parseInt(s.substring(7, s.indexOf(' ')));
        return Arrays.equals(data, payload(w, k)) ? w : -1;
    }

    public static void main(String[] args) throws Exception {
        ObjectStore store = new LocalObjectStore(Path.of(args[0]));
        Path control = Path.of(args[1]);
        int worker = Integer.parseInt(args[2]);
        int keys = Integer.parseInt(args[3]);
        Files.createFile(control.resolve("ready-" + worker));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(control.resolve("go"))) {
            if (System.nanoTime() > deadline) {
                System.exit(3);
            }
            Thread.onSpinWait();
        }
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < keys; k++) {
            boolean won = store.putIfAbsent(key(k), payload(worker, k));
            out.append(won ? "WON " + k : "LOST " + k + " " + writerOf(store.get(key(k)), k)).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }
}
