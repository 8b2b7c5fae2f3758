package io.floe.s3;

import java.time.Duration;
import java.util.Map;

/**
 * How to reach S3: from warehouse options first, then the environment. Secrets are kept out of
 * {@link #toString()} and every message.
 *
 * @param endpoint   a custom endpoint for S3-compatible servers (null: AWS)
 * @param pathStyle  path-style addressing (bucket in the path), which most S3-compatible servers need
 * @param whenRequiredChecksums send/validate checksums only when the API requires them (older servers reject the new defaults)
 * @param maxAttempts    attempts per retryable request ({@code s3.max-attempts}, default 6)
 * @param retryBaseDelay first backoff delay ({@code s3.retry-base-delay-ms}, default 100); throttled requests wait 10x longer
 */
public record S3Config(String endpoint, String region, boolean pathStyle, String accessKeyId, String secretAccessKey,
                       boolean whenRequiredChecksums, int maxAttempts, Duration retryBaseDelay) {

    /** Attempts per idempotent request (GET, HEAD, LIST, DELETE, plain PUT), and per throttled commit PUT. */
    static final int DEFAULT_MAX_ATTEMPTS = 6;
    /** First backoff delay after a server error or dropped connection; throttling (503 SlowDown) waits ten times longer. */
    static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(100);

    public S3Config {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("s3.max-attempts must be at least 1: " + maxAttempts);
        }
        if (retryBaseDelay == null || retryBaseDelay.isNegative()) {
            throw new IllegalArgumentException("s3.retry-base-delay-ms must not be negative: " + retryBaseDelay);
        }
    }

    /** With the default retry settings. */
    public S3Config(String endpoint, String region, boolean pathStyle, String accessKeyId, String secretAccessKey,
                    boolean whenRequiredChecksums) {
        this(endpoint, region, pathStyle, accessKeyId, secretAccessKey, whenRequiredChecksums, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_RETRY_BASE_DELAY);
    }

    public static S3Config from(Map<String, String> options) {
        String endpoint = first(options.get("s3.endpoint"), System.getenv("AWS_ENDPOINT_URL_S3"), System.getenv("AWS_ENDPOINT_URL"));
        String region = first(options.get("s3.region"), System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION"), "us-east-1");
        boolean pathStyle = Boolean.parseBoolean(first(options.get("s3.path-style"), System.getenv("FLOE_S3_PATH_STYLE"),
                Boolean.toString(defaultPathStyle(endpoint))));
        String checksum = first(options.get("s3.checksum-mode"), System.getenv("FLOE_S3_CHECKSUM_MODE"),
                endpoint != null ? "WHEN_REQUIRED" : "WHEN_SUPPORTED");
        return new S3Config(endpoint, region, pathStyle, options.get("s3.access-key-id"), options.get("s3.secret-access-key"),
                "WHEN_REQUIRED".equalsIgnoreCase(checksum),
                intOption(options, "s3.max-attempts", DEFAULT_MAX_ATTEMPTS),
                Duration.ofMillis(intOption(options, "s3.retry-base-delay-ms", (int) DEFAULT_RETRY_BASE_DELAY.toMillis())));
    }

    /**
     * Path-style addressing unless the endpoint is AWS's own: S3-compatible servers (MinIO, Ceph radosgw, S3Proxy,
     * SeaweedFS, Garage…) are reached by an IP address, localhost or a host name without per-bucket DNS, where the
     * virtual-host style (bucket.host) cannot resolve. AWS itself (no endpoint, or *.amazonaws.com) keeps virtual hosts.
     */
    static boolean defaultPathStyle(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return false;
        }
        String host;
        try {
            host = java.net.URI.create(endpoint.trim()).getHost();
        } catch (IllegalArgumentException e) {
            return true;
        }
        return host == null || !(host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
    }

    private static int intOption(Map<String, String> options, String name, int dflt) {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: '" + v + "'");
        }
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
                + ", credentials=" + (accessKeyId != null ? "explicit" : "default chain") + ", maxAttempts=" + maxAttempts + "]";
    }
}
