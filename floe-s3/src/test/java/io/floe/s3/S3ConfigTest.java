package io.floe.s3;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What Floe sets by itself for a server, so that a user names the endpoint and nothing else. */
class S3ConfigTest {
    @Test
    void anS3CompatibleEndpointGetsPathStyleAndAwsKeepsVirtualHosts() {
        assertThat(S3Config.from(Map.of()).pathStyle()).as("AWS, no endpoint").isFalse();
        assertThat(S3Config.from(Map.of("s3.endpoint", "https://s3.eu-west-1.amazonaws.com")).pathStyle()).isFalse();
        assertThat(S3Config.from(Map.of("s3.endpoint", "http://127.0.0.1:9000")).pathStyle()).isTrue();
        assertThat(S3Config.from(Map.of("s3.endpoint", "http://localhost:7480")).pathStyle()).isTrue();
        assertThat(S3Config.from(Map.of("s3.endpoint", "https://minio.internal.example")).pathStyle()).isTrue();
        assertThat(S3Config.from(Map.of("s3.endpoint", "http://127.0.0.1:9000", "s3.path-style", "false")).pathStyle())
                .as("an explicit setting wins").isFalse();
    }

    @Test
    void aCustomEndpointSendsChecksumsOnlyWhenRequired() {
        assertThat(S3Config.from(Map.of("s3.endpoint", "http://127.0.0.1:9000")).whenRequiredChecksums()).isTrue();
        assertThat(S3Config.from(Map.of()).whenRequiredChecksums()).isFalse();
    }
}
