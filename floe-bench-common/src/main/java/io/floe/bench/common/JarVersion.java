package io.floe.bench.common;

import java.nio.file.Path;

/** The version of a library as its jar's file name gives it, for the report's list of what ran. */
public final class JarVersion {
    private JarVersion() {
    }

    /**
     * The version in the name of the jar {@code c} was loaded from: {@code delta-kernel-api-4.3.1.jar} gives 4.3.1, and so does
     * {@code delta-spark_2.13-4.3.1.jar} (a Scala suffix is skipped); "?" when the class does not come from a jar's file.
     */
    public static String of(Class<?> c, String artifact) {
        try {
            String f = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
            return f.replaceAll("^" + artifact + "(_[0-9.]+)?-", "").replaceAll("\\.jar$", "");
        } catch (Exception e) {
            return "?";
        }
    }
}
