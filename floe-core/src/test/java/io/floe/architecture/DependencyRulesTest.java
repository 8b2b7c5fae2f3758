package io.floe.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering rules, checked on the sources of every module: dependencies point one way (CLI → SQL → operations →
 * data plane / table core → storage), and only a format's own package knows the format. A format is registered in
 * one place only: its {@code META-INF/services/io.floe.table.TableFormat} file.
 */
class DependencyRulesTest {
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.floe\\.([a-z]+)(?:\\.[a-z]+)*\\.[A-Z]");

    private record Source(String module, String pkg, Path file, String text) {
    }

    private static List<Source> mainSources() {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Source> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path m : modules.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).toList()) {
                try (Stream<Path> files = Files.walk(m.resolve("src/main/java"))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        String rel = m.resolve("src/main/java").relativize(f.getParent()).toString().replace('/', '.');
                        out.add(new Source(m.getFileName().toString(), rel, f, Files.readString(f)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(out).as("sources found under " + root).hasSizeGreaterThan(50);
        return out;
    }

    /** Lines of {@code s} that reference a class of package io.floe.{@code top}(.sub…). */
    private static List<String> references(Source s, String top) {
        List<String> hits = new ArrayList<>();
        for (String line : s.text().split("\n")) {
            String t = line.trim();
            if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) {
                continue; // comments may name what they explain
            }
            Matcher m = REFERENCE.matcher(line);
            while (m.find()) {
                if (m.group(1).equals(top)) {
                    hits.add(s.file().getFileName() + ": " + line.trim());
                    break;
                }
            }
        }
        return hits;
    }

    @Test
    void onlyTheDeltaPackageKnowsDelta() {
        List<String> offenders = new ArrayList<>();
        for (Source s : mainSources()) {
            if (!s.pkg().startsWith("io.floe.delta")) {
                offenders.addAll(references(s, "delta"));
            }
        }
        assertThat(offenders).as("classes outside io.floe.delta that use the Delta format's classes").isEmpty();
    }

    @Test
    void onlyTheIcebergPackageKnowsIcebergOrItsLibrary() {
        List<String> offenders = new ArrayList<>();
        for (Source s : mainSources()) {
            // the benchmark's peers (Spark with iceberg-spark, Iceberg Java) run in JVMs of their own: other engines, not Floe's code
            if (!s.pkg().startsWith("io.floe.iceberg") && !s.module().equals("floe-bench-spark") && !s.module().equals("floe-bench-iceberg")) {
                offenders.addAll(references(s, "iceberg"));
                for (String line : s.text().split("\n")) {
                    if (line.contains("org.apache.iceberg")) {
                        offenders.add(s.file().getFileName() + ": uses Iceberg's library: " + line.trim());
                    }
                }
            }
        }
        assertThat(offenders).as("classes outside io.floe.iceberg that use the Iceberg format's classes").isEmpty();
    }

    @Test
    void theCoreKnowsNoFormatDataPlaneOrSql() {
        List<String> offenders = new ArrayList<>();
        for (Source s : mainSources()) {
            if (s.module().equals("floe-core")) {
                for (String top : List.of("delta", "iceberg", "engine", "operations", "sql", "cli")) {
                    offenders.addAll(references(s, top));
                }
                for (String line : s.text().split("\n")) {
                    String t = line.trim();
                    boolean comment = t.startsWith("*") || t.startsWith("/*") || t.startsWith("//");
                    if (!comment && t.toLowerCase(java.util.Locale.ROOT).contains("duckdb")) {
                        offenders.add(s.file().getFileName() + ": speaks DuckDB's dialect: " + t);
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theDataPlaneImportsNeitherOperationsNorAFormat() {
        List<String> offenders = new ArrayList<>();
        for (Source s : mainSources()) {
            if (s.pkg().startsWith("io.floe.engine")) {
                for (String top : List.of("operations", "delta", "iceberg", "sql", "cli")) {
                    offenders.addAll(references(s, top));
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void operationsDoNotKnowTheSqlLayerOrTheCli() {
        List<String> offenders = new ArrayList<>();
        for (Source s : mainSources()) {
            if (s.pkg().startsWith("io.floe.operations")) {
                for (String top : List.of("sql", "cli", "delta", "iceberg")) {
                    offenders.addAll(references(s, top));
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theFormatsAreRegisteredAsServices() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(Files.readString(root.resolve("floe-delta/src/main/resources/META-INF/services/io.floe.table.TableFormat")).trim())
                .isEqualTo("io.floe.delta.DeltaFormat");
        assertThat(Files.readString(root.resolve("floe-iceberg/src/main/resources/META-INF/services/io.floe.table.TableFormat")).trim())
                .isEqualTo("io.floe.iceberg.IcebergFormat");
    }
}
