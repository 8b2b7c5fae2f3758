package io.floe.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM running {@link LabWorker} on this JVM's class path: real processes, so that races are between
 * processes that share nothing but storage, and a kill -9 is a real one.
 */
final class ChildJvm {
    private final Process process;
    private final Path output;
    /**
     * The child's java.io.tmpdir, removed once it has ended: DuckDB's driver copies its native library (57 MB) there, and
     * a child killed with -9 cannot delete its copy (a crash lab left one in the machine's /tmp per worker it killed).
     */
    private final Path tmp;

    private ChildJvm(Process process, Path output, Path tmp) {
        this.process = process;
        this.output = output;
        this.tmp = tmp;
    }

    static ChildJvm start(Path logDir, String name, List<String> args) throws IOException {
        Path tmp = Files.createDirectories(logDir.resolve(name + ".tmp"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dslf4j.internal.verbosity=ERROR", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                LabWorker.class.getName()));
        cmd.addAll(args);
        Path out = logDir.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new ChildJvm(p, out, tmp);
    }

    /** Waits for a normal exit; returns the worker's output. @throws LabFailedException on a failure or timeout */
    String await(long timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill();
            throw new LabFailedException("a lab worker did not finish in " + timeoutSeconds + " s; its output: " + output);
        }
        removeTmp();
        String text = Files.readString(output);
        if (process.exitValue() != 0) {
            throw new LabFailedException("a lab worker failed (exit " + process.exitValue() + "): " + text.strip());
        }
        return text;
    }

    /** kill -9: the process gets no chance to clean up (destroyForcibly sends SIGKILL on Unix). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (process.waitFor(30, TimeUnit.SECONDS)) {
            removeTmp();
        }
    }

    private void removeTmp() {
        try {
            ConcurrentWritersLab.deleteTree(tmp);
        } catch (IOException e) {
            // a temporary copy left behind is litter, not a lab failure
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    /** Parses "key=value" tokens from the worker's last line with that key. */
    static long field(String output, String key) {
        long value = -1;
        for (String line : output.split("\n")) {
            for (String tok : line.trim().split("\\s+")) {
                if (tok.startsWith(key + "=")) {
                    value = Long.parseLong(tok.substring(key.length() + 1));
                }
            }
        }
        if (value < 0) {
            throw new LabFailedException("a lab worker reported no " + key + ": " + output.strip());
        }
        return value;
    }
}
