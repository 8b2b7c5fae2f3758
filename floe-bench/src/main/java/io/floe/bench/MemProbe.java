package io.floe.bench;

import io.floe.Floe;
import io.floe.engine.DuckDbDataPlane;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a JVM of Floe's holds in memory at points of a task ({@code --mem-probe}, a diagnosis, off by default): the
 * resident size (VmRSS) and its peak, the Java heap in use and committed, DuckDB's own account of its buffers
 * ({@code duckdb_memory()}) and, with {@code -XX:NativeMemoryTracking=summary} among the JVM's options, the JVM's native
 * memory by category. Printed as {@code floe-jvm: mem …} lines, which the harness echoes.
 */
final class MemProbe {
    static final String PROPERTY = "floe.bench.memprobe";
    private static final List<String> LINES = new ArrayList<>();

    private MemProbe() {
    }

    static boolean on() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Records the process's memory now; with {@code floe}, DuckDB's too. */
    static void mark(String where, Floe floe) {
        if (!on()) {
            return;
        }
        Runtime rt = Runtime.getRuntime();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "mem %-34s VmRSS %5d MiB (peak %5d), heap used %4d of %4d MiB committed",
                where, status("VmRSS:") / 1024, status("VmHWM:") / 1024, (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20));
        if (floe != null) {
            try (Statement st = ((DuckDbDataPlane) floe.warehouse().dataPlane()).connection().createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT tag, memory_usage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0"
                        + " ORDER BY memory_usage_bytes DESC")) {
                    StringBuilder tags = new StringBuilder();
                    long sum = 0;
                    while (rs.next()) {
                        sum += rs.getLong(2);
                        tags.append(tags.isEmpty() ? "" : ", ").append(rs.getString(1)).append(' ').append(rs.getLong(2) >> 10).append(" KiB");
                    }
                    b.append(String.format(Locale.ROOT, "; duckdb_memory() %d MiB (%s)", sum >> 20, tags));
                }
                try (ResultSet rs = st.executeQuery("SELECT memory_usage, memory_limit FROM pragma_database_size()")) {
                    if (rs.next()) {
                        b.append("; database_size: memory_usage ").append(rs.getString(1)).append(", memory_limit ").append(rs.getString(2));
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT current_setting('threads'), current_setting('allocator_flush_threshold'),"
                        + " current_setting('allocator_background_threads')")) {
                    if (rs.next()) {
                        b.append("; threads ").append(rs.getString(1)).append(", allocator_flush_threshold ").append(rs.getString(2))
                                .append(", allocator_background_threads ").append(rs.getString(3));
                    }
                }
            } catch (Exception e) {
                b.append("; duckdb: ").append(e.getMessage());
            }
        }
        LINES.add(b.toString());
        System.out.println("floe-jvm: " + b);
    }

    /** At the end of a task: the JVM's native memory summary, when NMT is on. */
    static void nativeMemory() {
        if (!on() || ManagementFactory.getRuntimeMXBean().getInputArguments().stream().noneMatch(a -> a.startsWith("-XX:NativeMemoryTracking"))) {
            return;
        }
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process p = new ProcessBuilder(jcmd, String.valueOf(ProcessHandle.current().pid()), "VM.native_memory", "summary")
                    .redirectErrorStream(true).start();
            for (String l : new String(p.getInputStream().readAllBytes()).split("\n")) {
                // the totals and one line per category: "-  Java Heap (reserved=…, committed=…)"
                if (l.contains("committed=") && (l.startsWith("Total") || l.trim().startsWith("-"))) {
                    System.out.println("floe-jvm: nmt " + l.trim());
                }
            }
            p.waitFor();
        } catch (Exception e) {
            System.out.println("floe-jvm: nmt unavailable: " + e);
        }
    }

    private static long status(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(key)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // not on Linux
        }
        return -1;
    }
}
