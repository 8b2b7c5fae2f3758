package io.floe.s3;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * A real S3 server for tests: S3Proxy embedded in the test JVM, with an in-memory blob store, on an
 * ephemeral loopback port, path-style, with signed requests. Started once per JVM; each caller gets a
 * fresh bucket.
 */
public final class S3TestServer {
    public static final String ACCESS_KEY = "floe-test-access";
    public static final String SECRET_KEY = "floe-test-secret-do-not-print";
    public static final String REGION = "us-east-1";
    private static S3Proxy proxy;
    private static TransientNio2BlobStore blobs;

    private S3TestServer() {
    }

    public static synchronized String endpoint() {
        if (proxy == null) {
            try {
                blobs = new TransientNio2BlobStore();
                proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
                proxy.start();
                for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
                    Thread.sleep(25);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        proxy.stop();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded S3 server", e);
            }
        }
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** Creates a new bucket and returns its name. */
    public static synchronized String newBucket() {
        endpoint();
        String name = "floe-" + UUID.randomUUID().toString().substring(0, 13);
        blobs.createContainer(name);
        return name;
    }

    /**
     * Writes an object straight into the server's store, without HTTP: seeding thousands of keys for a
     * listing test takes milliseconds instead of seconds.
     */
    public static void seed(String bucket, String key, byte[] data) {
        endpoint();
        blobs.putBlob(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket(bucket).key(key)
                .contentLength((long) data.length).build(), new java.io.ByteArrayInputStream(data));
    }

    /** Keys of the multipart uploads started and neither completed nor aborted in a bucket. */
    public static java.util.List<String> pendingMultipartUploads(String bucket) {
        endpoint();
        return blobs.listMultipartUploads(bucket).stream().map(software.amazon.awssdk.services.s3.model.MultipartUpload::key).toList();
    }

    /** Store options that reach the server (explicit credentials, so the environment does not matter). */
    public static Map<String, String> options() {
        return Map.of("s3.endpoint", endpoint(), "s3.region", REGION, "s3.path-style", "true",
                "s3.access-key-id", ACCESS_KEY, "s3.secret-access-key", SECRET_KEY, "s3.checksum-mode", "WHEN_REQUIRED");
    }
}
