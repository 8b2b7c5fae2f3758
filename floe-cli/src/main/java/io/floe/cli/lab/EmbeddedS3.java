package io.floe.cli.lab;

import io.floe.s3.FaultyHttpProxy;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An S3-compatible server for the s3-semantics lab, started in this process: S3Proxy with an in-memory store on an
 * ephemeral loopback port (signed requests, path-style, conditional PUTs as S3 has them), behind a
 * {@link FaultyHttpProxy} that can add latency to every request and answer chosen ones with 503 SlowDown. Nothing
 * leaves the machine; {@link #close()} stops both.
 */
final class EmbeddedS3 implements AutoCloseable {
    static final String REGION = "us-east-1";
    private final S3Proxy server;
    private final FaultyHttpProxy proxy;
    private final String bucket;
    private final String accessKey = "lab-" + UUID.randomUUID().toString().substring(0, 8);
    private final String secretKey = UUID.randomUUID().toString();

    private EmbeddedS3() throws Exception {
        TransientNio2BlobStore blobs = new TransientNio2BlobStore();
        server = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
        server.start();
        for (int i = 0; i < 400 && !"STARTED".equals(server.getState()); i++) {
            Thread.sleep(25);
        }
        if (!"STARTED".equals(server.getState())) {
            server.stop();
            throw new LabFailedException("the embedded S3 server did not start (state " + server.getState() + ")");
        }
        bucket = "floe-lab";
        blobs.createContainer(bucket);
        proxy = FaultyHttpProxy.start("http://127.0.0.1:" + server.getPort());
    }

    static EmbeddedS3 start() {
        try {
            return new EmbeddedS3();
        } catch (LabFailedException e) {
            throw e;
        } catch (Exception e) {
            throw new LabFailedException("cannot start the embedded S3 server: " + e);
        }
    }

    /** The proxy every request goes through: latency, throttling, and the requests it saw. */
    FaultyHttpProxy proxy() {
        return proxy;
    }

    /** {@code s3://bucket/prefix}. */
    String warehouse(String prefix) {
        return "s3://" + bucket + "/" + prefix;
    }

    /** Where the server really listens (the proxy's endpoint is what Floe is given). */
    String serverEndpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /**
     * Options that reach the server through the proxy. The retry backoff starts at {@code retryBaseMillis} (Floe's default
     * is 100 ms, ten times that for throttling) so that a throttled run finishes in seconds; no machine-wide data-file
     * cache, so that every read is a request.
     */
    Map<String, String> options(int retryBaseMillis) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("s3.endpoint", proxy.endpoint());
        o.put("s3.region", REGION);
        o.put("s3.path-style", "true");
        o.put("s3.access-key-id", accessKey);
        o.put("s3.secret-access-key", secretKey);
        o.put("s3.checksum-mode", "WHEN_REQUIRED");
        o.put("s3.retry-base-delay-ms", String.valueOf(retryBaseMillis));
        o.put("cache.dir", "none");
        return o;
    }

    @Override
    public void close() {
        proxy.close();
        try {
            server.stop();
        } catch (Exception ignored) {
            // the lab is over; a server that will not stop takes its daemon threads with the JVM
        }
    }
}
