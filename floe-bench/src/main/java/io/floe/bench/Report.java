package io.floe.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a run's results as Markdown and JSON, with the command, versions and machine on top. */
final class Report {
    private Report() {
    }

    static void write(Path dir, String name, String command, long rows, int reps, List<Measurement> floe,
                      Map<String, Measurement> spark, long floePeakKb, long sparkPeakKb) throws Exception {
        Files.createDirectories(dir);
        int cores = Runtime.getRuntime().availableProcessors();
        String mem = memTotal();
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
        StringBuilder md = new StringBuilder();
        md.append("# Floe benchmark: ").append(String.format(Locale.ROOT, "%,d", rows)).append(" rows\n\n");
        md.append("- command: `").append(command).append("`\n");
        md.append("- versions: Floe 0.1.0 (DuckDB ").append(duckdbVersion()).append("), peer Spark 4.1.0 + delta-spark 4.3.1 local[2]"
                + (spark.isEmpty() ? " (not run)" : "")).append(", ").append(java).append('\n');
        md.append("- machine: ").append(cores).append(" cores, ").append(mem).append(" memory\n");
        md.append("- method: each workload once to warm up, then ").append(reps).append(" measured runs (Spark's W4: one), median and min wall time\n");
        md.append("- peak memory (VmHWM): Floe ").append(kb(floePeakKb)).append(spark.isEmpty() ? "" : ", Spark peer " + kb(sparkPeakKb)).append("\n\n");
        md.append("| workload | Floe median ms | Floe min ms | Spark median ms | Spark min ms | Spark ÷ Floe | notes |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|\n");
        List<Map<String, Object>> json = new ArrayList<>();
        for (Measurement m : floe) {
            Measurement s = spark.get(m.workload());
            String ratio = s == null ? "" : String.format(Locale.ROOT, "%.1f×", s.median() / m.median());
            md.append("| ").append(m.workload()).append(" | ").append(fmt(m.median())).append(" | ").append(fmt(m.min())).append(" | ")
                    .append(s == null ? "" : fmt(s.median())).append(" | ").append(s == null ? "" : fmt(s.min())).append(" | ")
                    .append(ratio).append(" | ").append(m.facts().isEmpty() ? "" : m.facts().toString()).append(" |\n");
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("workload", m.workload());
            j.put("floe_ms", m.millis());
            j.put("floe_median_ms", m.median());
            j.put("floe_min_ms", m.min());
            j.put("facts", m.facts());
            if (s != null) {
                j.put("spark_ms", s.millis());
                j.put("spark_median_ms", s.median());
                j.put("spark_min_ms", s.min());
                j.put("spark_over_floe", s.median() / m.median());
            }
            json.add(j);
        }
        Measurement lookup = floe.stream().filter(m -> m.workload().startsWith("W2") && m.workload().contains("after")).findFirst().orElse(null);
        Measurement floor = floe.stream().filter(m -> m.workload().startsWith("W8")).findFirst().orElse(null);
        if (lookup != null && floor != null) {
            md.append("\nFloe's W2 lookup after ZORDER takes ").append(String.format(Locale.ROOT, "%.2f", lookup.median() / floor.median()))
                    .append("× the W8 floor (DuckDB scanning the same files without Floe's pruning).\n");
        }
        Files.writeString(dir.resolve(name + ".md"), md.toString(), StandardCharsets.UTF_8);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", command);
        doc.put("rows", rows);
        doc.put("reps", reps);
        doc.put("machine", Map.of("cores", cores, "memory", mem, "java", java));
        doc.put("floe_peak_rss_kb", floePeakKb);
        doc.put("spark_peak_rss_kb", sparkPeakKb);
        doc.put("results", json);
        Files.writeString(dir.resolve(name + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc),
                StandardCharsets.UTF_8);
    }

    private static String fmt(double ms) {
        return Double.isNaN(ms) ? "" : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static String kb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (Exception e) {
            // not on Linux
        }
        return "unknown";
    }

    private static String duckdbVersion() {
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            return "?";
        }
    }
}
