package io.floe.testing;

import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Shared test fixtures: schemas, data file entries, and the conformance data folder. */
public final class TableFixtures {
    private TableFixtures() {
    }

    /** (id long not null, part string, v double) */
    public static final StructType SIMPLE = StructType.of(
            new StructField("id", PrimitiveType.LONG, false),
            new StructField("part", PrimitiveType.STRING, true),
            new StructField("v", PrimitiveType.DOUBLE, true));

    /** A data file entry for log-level tests (no file behind it) covering ids [minId, maxId]. */
    public static DataFile file(String part, long minId, long maxId) {
        Map<String, Object> pv = new LinkedHashMap<>();
        if (part != null) {
            pv.put("part", part);
        }
        String dir = part == null ? "" : "part=" + part + "/";
        return new DataFile(dir + "part-00000-" + UUID.randomUUID() + ".c000.snappy.parquet", pv, 1000,
                System.currentTimeMillis(), true,
                FileStats.fromColumnPaths(SIMPLE, maxId - minId + 1, Map.of("id", minId), Map.of("id", maxId), Map.of("id", 0L), null),
                null, Map.of());
    }

    /** The shared conformance folder (../shared/conformance), if present. */
    public static Optional<Path> conformanceDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolveSibling("shared").resolve("conformance");
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
            Path d = p.resolve("shared").resolve("conformance");
            if (Files.isDirectory(d)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Copies a directory tree (tests never write into the shared folder). */
    public static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
