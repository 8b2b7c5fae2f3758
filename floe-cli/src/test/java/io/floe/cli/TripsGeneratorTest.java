package io.floe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TripsGeneratorTest {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path dir;

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        List<Path> a = TripsGenerator.write(dir.resolve("a"), 25_000, 7, 10_000);
        List<Path> b = TripsGenerator.write(dir.resolve("b"), 25_000, 7, 10_000);
        List<Path> c = TripsGenerator.write(dir.resolve("c"), 25_000, 8, 10_000);
        assertThat(a).hasSize(3);
        assertThat(a.get(0).getFileName().toString()).isEqualTo("part-0.json");
        for (int i = 0; i < a.size(); i++) {
            assertThat(Files.readAllBytes(a.get(i))).isEqualTo(Files.readAllBytes(b.get(i)));
            assertThat(Files.readAllBytes(a.get(i))).isNotEqualTo(Files.readAllBytes(c.get(i)));
        }
        assertThat(Files.readAllLines(a.get(2))).hasSize(5_000);
    }

    @Test
    void aboutOnePercentOfRowsAreDirtyAndTheRestAreClean() throws Exception {
        List<Path> files = TripsGenerator.write(dir, 20_000, 42);
        ObjectMapper json = new ObjectMapper();
        int negative = 0;
        int nullZone = 0;
        int backwards = 0;
        int disputed = 0;
        Map<String, Integer> zones = new HashMap<>();
        List<String> lines = Files.readAllLines(files.get(0));
        assertThat(lines).hasSize(20_000);
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            LocalDateTime pickup = LocalDateTime.parse(n.get("pickup_ts").asText(), TS);
            LocalDateTime dropoff = LocalDateTime.parse(n.get("dropoff_ts").asText(), TS);
            assertThat(pickup.getYear()).isEqualTo(2024);
            assertThat(pickup.getMonthValue()).isBetween(1, 3);
            negative += n.get("fare_amount").asDouble() < 0 ? 1 : 0;
            nullZone += n.get("pickup_zone").isNull() ? 1 : 0;
            backwards += dropoff.isBefore(pickup) ? 1 : 0;
            if (!n.get("pickup_zone").isNull()) {
                zones.merge(n.get("pickup_zone").asText(), 1, Integer::sum);
            }
            assertThat(n.get("payment_type").asText()).isIn("card", "cash", "no_charge", "dispute");
            disputed += n.get("payment_type").asText().equals("dispute") ? 1 : 0;
        }
        assertThat(disputed).isBetween(200, 600); // ~2%: the quickstart's UPDATE refunds these
        int dirty = negative + nullZone + backwards;
        assertThat(dirty).isBetween(120, 280); // ~1% of 20,000
        assertThat(negative).isPositive();
        assertThat(nullZone).isPositive();
        assertThat(backwards).isPositive();
        // skewed: the busiest zone has several times the trips of the quietest
        assertThat(zones).hasSizeGreaterThan(30);
        int max = zones.values().stream().max(Integer::compare).orElseThrow();
        int min = zones.values().stream().min(Integer::compare).orElseThrow();
        assertThat(max).isGreaterThan(5 * min);
        assertThat(zones.get("Midtown Center")).isEqualTo(max);
    }

    @Test
    void aRerunWithFewerRowsLeavesNoStaleParts() throws Exception {
        TripsGenerator.write(dir, 3_000, 1, 1_000);
        assertThat(dir.resolve("part-2.json")).exists();
        List<Path> files = TripsGenerator.write(dir, 10, 1);
        assertThat(files).hasSize(1);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("part-0.json");
        }
        assertThat(Files.readAllLines(files.get(0))).hasSize(10);
    }
}
