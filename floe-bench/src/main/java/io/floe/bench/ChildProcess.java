package io.floe.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A JVM the harness starts (Floe's measured runs, a peer) run to its end: each line it prints goes to a handler (by
 * default: the progress lines, those that start with {@code <prefix>: }, are echoed as they come); of the lines the handler
 * does not take only the last 80 are kept, to show if the child fails.
 */
record ChildProcess(String prefix, int exit, List<String> tail) {
    private static final int TAIL = 80;

    /** Runs {@code command}, echoing its progress lines. */
    static ChildProcess run(List<String> command, String prefix) throws IOException, InterruptedException {
        return run(command, prefix, line -> {
            if (!line.startsWith(prefix + ": ")) {
                return false;
            }
            System.out.println(line);
            return true;
        });
    }

    /** Runs {@code command}; {@code takes} sees every line and says whether it dealt with it. */
    static ChildProcess run(List<String> command, String prefix, Predicate<String> takes) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> tail = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!takes.test(line)) {
                    tail.add(line);
                    if (tail.size() > TAIL) {
                        tail.remove(0);
                    }
                }
            }
        }
        return new ChildProcess(prefix, p.waitFor(), List.copyOf(tail));
    }

    /** Prints what the child printed last besides the lines the handler took, each as {@code <prefix>| line}. */
    void showTail() {
        tail.forEach(l -> System.out.println(prefix + "| " + l));
    }
}
