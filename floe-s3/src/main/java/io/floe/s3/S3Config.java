package io.floe.s3;

import java.util.Map;

/**
 * How to reach S3: from warehouse options first, then the environment. Secrets are kept out of
 * {@link #toString()} and every message.
 *
 * @param endpoint   a custom endpoint for S3-compatible servers (null: AWS)
 * @param pathStyle  path-style addressing (bucket in the path), which most S3-compatible servers need
 * @param whenRequiredChecksums send/validate checksums only when the API requires them (older servers reject the new defaults)
 */
public record S3Config(String endpoint, String region, boolean pathStyle, String accessKeyId, String secretAccessKey,
                       boolean whenRequiredChecksums) {

    public static S3Config from(Map<String, String> options) {
        String endpoint = first(options.get("s3.endpoint"), System.getenv("AWS_ENDPOINT_URL_S3"), System.getenv("AWS_ENDPOINT_URL"));
        String region = first(options.get("s3.region"), System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION"), "us-east-1");
        boolean pathStyle = Boolean.parseBoolean(first(options.get("s3.path-style"), System.getenv("FLOE_S3_PATH_STYLE"), "false"));
        String checksum = first(options.get("s3.checksum-mode"), System.getenv("FLOE_S3_CHECKSUM_MODE"),
                endpoint != null ? "WHEN_REQUIRED" : "WHEN_SUPPORTED");
        return new S3Config(endpoint, region, pathStyle, options.get("s3.access-key-id"), options.get("s3.secret-access-key"),
                "WHEN_REQUIRED".equalsIgnoreCase(checksum));
    }

    private static String first(String... vs) {
        for (String v : vs) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "S3Config[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
                + ", credentials=" + (accessKeyId != null ? "explicit" : "default chain") + "]";
    }
}
