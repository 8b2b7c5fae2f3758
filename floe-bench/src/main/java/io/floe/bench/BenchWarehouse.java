package io.floe.bench;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where Floe's benchmark tables live: a local directory (the default), or an S3 bucket on an embedded S3 server
 * ({@code --warehouse s3}: S3Proxy on loopback, its objects in files under the work directory, signed requests, path
 * style), so that every workload goes through Floe's S3 store and its requests are those a real S3 would get.
 *
 * @param root    the location warehouses go under: a directory path, or {@code s3://bucket}
 * @param options the store options Floe needs to reach it (none for local)
 * @param kind    "local" or "s3"
 * @param server  the S3 server started for the run, or null
 */
record BenchWarehouse(String root, Map<String, String> options, String kind, S3Proxy server) implements AutoCloseable {
    private static final String ACCESS_KEY = "floe-bench";
    private static final String SECRET_KEY = "floe-bench-secret";
    private static final String BUCKET = "floe-bench";

    static BenchWarehouse local(Path dir) {
        return new BenchWarehouse(dir.toString(), Map.of(), "local", null);
    }

    /** Starts an S3 server on a free loopback port, its objects under {@code dir}, with one bucket. */
    static BenchWarehouse s3(Path dir) throws Exception {
        Files.createDirectories(dir);
        FilesystemNio2BlobStore blobs = new FilesystemNio2BlobStore(dir.toString());
        blobs.createContainer(BUCKET);
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        for (int i = 0; i < 400 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(25);
        }
        if (!"STARTED".equals(proxy.getState())) {
            proxy.stop();
            throw new IllegalStateException("the embedded S3 server did not start (state " + proxy.getState() + ")");
        }
        Map<String, String> options = Map.of("s3.endpoint", "http://127.0.0.1:" + proxy.getPort(), "s3.region", "us-east-1",
                "s3.path-style", "true", "s3.access-key-id", ACCESS_KEY, "s3.secret-access-key", SECRET_KEY, "s3.checksum-mode",
                "WHEN_REQUIRED");
        return new BenchWarehouse("s3://" + BUCKET, options, "s3", proxy);
    }

    boolean s3() {
        return kind.equals("s3");
    }

    /** A location under the root: {@code <root>/a/b}. */
    String at(String... parts) {
        return root + "/" + String.join("/", parts);
    }

    /** How the report names it. */
    String describe() {
        return s3() ? "S3 (S3Proxy " + S3Proxy.class.getPackage().getImplementationVersion() + ", embedded on loopback, objects on local disk)"
                : "local disk";
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
