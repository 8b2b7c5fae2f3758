package io.floe.interop;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/delta-features.md is generated from the {@link Proves} marks of the interop tests (which must
 * pass for the build to pass). This test regenerates it and fails if the committed copy is stale;
 * run the module's tests with -Dfloe.updateDocs=true to rewrite it.
 */
class FeatureTableTest {
    static final List<Class<?>> PROOFS = List.of(SparkReadsFloeTest.class, FloeReadsSparkTest.class, BothWriteTest.class,
            DeltaWriterFeaturesTest.class, DeltaDeletionVectorsTest.class, DeltaGeneratedColumnsTest.class,
            DeltaClusteringTest.class, DeltaV2SidecarsTest.class);

    static String generate() {
        return generate(PROOFS, "# Delta features Floe reads and writes\n\n", "4.1 + delta-spark 4.3.1");
    }

    /** The feature table of the {@link Proves} marks in {@code proofs}. */
    static String generate(List<Class<?>> proofs, String title, String engines) {
        Map<String, String[]> rows = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Class<?> c : proofs) {
            for (Method m : c.getDeclaredMethods()) {
                for (Proves p : m.getAnnotationsByType(Proves.class)) {
                    String[] r = rows.computeIfAbsent(p.feature(), k -> new String[]{"", ""});
                    int i = p.mode() == Proves.Mode.READ ? 0 : 1;
                    String ref = "`" + c.getSimpleName() + "." + m.getName() + "`";
                    r[i] = r[i].isEmpty() ? ref : r[i] + ", " + ref;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(title);
        sb.append("Generated from the interop tests (`floe-interop`, real Spark ").append(engines).append(") that prove each row;\n");
        sb.append("do not edit by hand: `./mvnw -B -pl floe-interop -am verify -Dfloe.updateDocs=true` rewrites it.\n\n");
        sb.append("| feature | Floe reads what Spark wrote | Spark reads what Floe wrote |\n|---|---|---|\n");
        rows.forEach((f, r) -> sb.append("| ").append(f).append(" | ").append(r[0].isEmpty() ? "—" : "yes: " + r[0]).append(" | ")
                .append(r[1].isEmpty() ? "—" : "yes: " + r[1]).append(" |\n"));
        return sb.toString();
    }

    @Test
    void docsMatchTheTests() throws Exception {
        check("delta-features.md", generate());
    }

    @Test
    void icebergDocsMatchTheTests() throws Exception {
        check("iceberg-features.md", generate(List.of(IcebergInteropTest.class, IcebergMergeOnReadTest.class), "# Iceberg features Floe reads and writes\n\n",
                "4.1 + Iceberg's Spark runtime 1.12.0"));
    }

    /** Rewrites docs/{@code file} on request (or when missing), else fails if it differs from what the tests prove. */
    private static void check(String file, String now) throws Exception {
        Path doc = Path.of("..", "docs", file);
        if (Boolean.getBoolean("floe.updateDocs") || !Files.exists(doc)) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, now, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(doc, StandardCharsets.UTF_8)).as("docs/" + file + " is stale; regenerate it").isEqualTo(now);
    }
}
