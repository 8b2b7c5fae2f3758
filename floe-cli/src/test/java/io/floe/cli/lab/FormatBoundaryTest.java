package io.floe.cli.lab;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The labs and the doctor use the format-neutral API only: nothing of io.floe.delta, so Iceberg can slot in. */
class FormatBoundaryTest {
    @Test
    void labAndDoctorDoNotUseTheDeltaPackage() throws Exception {
        List<Path> sources;
        try (Stream<Path> s = Stream.concat(Files.walk(Path.of("src/main/java/io/floe/cli/lab")),
                Files.walk(Path.of("src/main/java/io/floe/cli/doctor")))) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path p : sources) {
            assertThat(Files.readString(p)).as(p.toString()).doesNotContain("io.floe.delta").doesNotContain("DeltaTable");
        }
    }
}
