package io.floe.delta;

import io.floe.engine.DuckDbDataPlane;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floe's checkpoints hold add.stats_parsed beside add.stats (DuckDB's data plane writes it), typed by the table's
 * columns; a lazy snapshot's file list takes the statistics from it instead of parsing the texts, and gives exactly the
 * DataFiles the eager read (every text parsed in Java) gives, for texts in every form: a value the copy could not hold
 * exactly leaves the row without one, and the text is parsed.
 */
class StatsParsedCheckpointTest {
    /** One for the whole class, JUnit tests and jqwik properties alike (jqwik runs no @BeforeAll); the JVM ends it. */
    static final DuckDbDataPlane engine = new DuckDbDataPlane();

    /** Every column type whose bounds Floe's writer copies (no decimal, no binary). */
    static final StructType TYPED = new StructType(TypedCheckpointStatsTest.ALL_TYPES.fields().stream()
            .filter(f -> !(f.type() instanceof DecimalType) && f.type() != PrimitiveType.BINARY).toList());

    private static List<String> statsTexts(TypedCheckpointStatsTest.Names c) {
        // the texts of the JSON-path test, less the decimal and binary bounds (a copy without them cannot stand for them)
        return TypedCheckpointStatsTest.statsTexts(c).stream().map(t -> t == null ? null : t
                .replace(",\"" + c.n("dec") + "\":12.5", "").replace(",\"" + c.n("dec") + "\":0", "")
                .replace(",\"" + c.n("bin") + "\":\"AQI=\"", "").replace(",\"" + c.n("bin") + "\":0", "")).toList();
    }

    @Test
    void theTypedCopyGivesTheEagerFilesForEveryColumnType() throws Exception {
        for (boolean mapped : List.of(false, true)) {
            LazySnapshotTest.Built b = TypedCheckpointStatsTest.create(TYPED, mapped, engine);
            try {
                TypedCheckpointStatsTest.Names c = TypedCheckpointStatsTest.names(b.log().update().schema());
                List<String> texts = statsTexts(c);
                assertThat(texts).noneMatch(t -> t != null && (t.contains("12.5") || t.contains("AQI=")));
                TypedCheckpointStatsTest.commitAdds(b.dir(), 1, texts, c);
                b.log().checkpoint(b.log().update());
                assertThat(statsParsedColumns(b.dir())).as("mapped %s", mapped).contains("stats_parsed");
                TypedCheckpointStatsTest.commitAdds(b.dir(), 2, texts.subList(0, 3), c); // a tail, read from JSON
                DeltaSnapshot lazy = TypedCheckpointStatsTest.assertLazyEqualsEager(b, engine);
                // the five regular texts with a numRecords, and the irregular ones the copy holds exactly, came typed
                assertThat(TypedCheckpointStatsTest.typedAdds(lazy)).as("mapped %s", mapped).isGreaterThan(5);
            } finally {
                LazySnapshotTest.delete(b.dir());
            }
        }
    }

    /** A table with a decimal column: the copy has no decimal bounds, so the texts are read as before (and agree). */
    @Test
    void aCopyWithoutALeafsBoundsLeavesTheTextsToTheJsonPath() throws Exception {
        LazySnapshotTest.Built b = TypedCheckpointStatsTest.create(TypedCheckpointStatsTest.ALL_TYPES, false, engine);
        try {
            TypedCheckpointStatsTest.Names c = TypedCheckpointStatsTest.names(b.log().update().schema());
            TypedCheckpointStatsTest.commitAdds(b.dir(), 1, TypedCheckpointStatsTest.statsTexts(c), c);
            b.log().checkpoint(b.log().update());
            assertThat(statsParsedColumns(b.dir())).contains("stats_parsed");
            DeltaSnapshot lazy = TypedCheckpointStatsTest.assertLazyEqualsEager(b, engine);
            assertThat(TypedCheckpointStatsTest.typedAdds(lazy)).isEqualTo(5); // as the JSON path's typed read counts them
        } finally {
            LazySnapshotTest.delete(b.dir());
        }
    }

    /**
     * LazySnapshotTest's property on checkpoints with the typed copy: the lazy file list, and the files a pushed filter
     * keeps (its statistics read from the copy), are the eager snapshot's; bounds a writer wrote as 10.5 or "10" leave
     * their row without a copy, read from the text.
     */
    @net.jqwik.api.Property(tries = 25)
    @net.jqwik.api.Tag("property")
    void aLazySnapshotReadThroughTheTypedCopyIsTheEagerOne(@net.jqwik.api.ForAll long seed) {
        LazySnapshotTest.lazyIsEager(seed, engine);
    }

    /** The typed copy is written when the table asks for it, or (unasked) for a checkpoint of 10,000 files or more. */
    @Test
    void theCopyIsWrittenWhenAskedForOrForLargeCheckpoints() throws Exception {
        assertThat(Checkpoints.writesStatsAsStruct(java.util.Map.of(), 9_999)).isFalse();
        assertThat(Checkpoints.writesStatsAsStruct(java.util.Map.of(), 10_000)).isTrue();
        assertThat(Checkpoints.writesStatsAsStruct(java.util.Map.of(Checkpoints.WRITE_STATS_AS_STRUCT, "false"), 1_000_000)).isFalse();
        assertThat(Checkpoints.writesStatsAsStruct(java.util.Map.of(Checkpoints.WRITE_STATS_AS_STRUCT, "true"), 1)).isTrue();
        for (String asked : java.util.Arrays.asList(null, "false", "true")) {
            java.nio.file.Path dir = LazySnapshotTest.tempDir();
            try {
                DeltaLog log = new DeltaLog(new io.floe.storage.LocalObjectStore(dir), "", engine);
                DeltaTable t = new DeltaTable("t", log);
                java.util.Map<String, String> props = new java.util.HashMap<>();
                if (asked != null) {
                    props.put(Checkpoints.WRITE_STATS_AS_STRUCT, asked);
                }
                t.create(LazySnapshotTest.SCHEMA, List.of(), props, null);
                t.newAppend().addFile(LazySnapshotTest.idRange(log.update().schema(), 1, 5)).commit();
                log.checkpoint(log.update());
                assertThat(statsParsedColumns(dir).contains("stats_parsed")).as("asked %s", asked).isEqualTo("true".equals(asked));
            } finally {
                LazySnapshotTest.delete(dir);
            }
        }
    }

    /** The names in the checkpoint file's schema. */
    private static List<String> statsParsedColumns(Path dir) throws Exception {
        Path cp;
        try (Stream<Path> files = Files.list(dir.resolve("_delta_log"))) {
            cp = files.filter(p -> p.getFileName().toString().endsWith(".checkpoint.parquet")).findFirst().orElseThrow();
        }
        List<String> names = new ArrayList<>();
        try (var st = engine.connection().createStatement();
             var rs = st.executeQuery("SELECT name FROM parquet_schema('" + cp + "')")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
