package io.floe.delta;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeltaConfigTest {
    @Test
    void targetFileSizeAcceptsUnits() {
        assertThat(DeltaConfig.targetFileSize(Map.of("delta.targetFileSize", "64mb"))).isEqualTo(64L << 20);
        assertThat(DeltaConfig.targetFileSize(Map.of())).isEqualTo(128L << 20);
        assertThat(DeltaConfig.parseBytes("1048576")).isEqualTo(1L << 20);
        assertThat(DeltaConfig.parseBytes("1.5 GB")).isEqualTo(3L << 29);
    }
}
