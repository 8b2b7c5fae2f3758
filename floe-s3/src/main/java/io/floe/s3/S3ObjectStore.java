package io.floe.s3;

import io.floe.storage.Keys;
import io.floe.storage.ListPage;
import io.floe.storage.ObjectInfo;
import io.floe.storage.ObjectNotFoundException;
import io.floe.storage.ObjectStore;
import io.floe.storage.OutcomeUnknownException;
import io.floe.storage.StorageException;
import io.floe.storage.ThrottledException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An S3 bucket (or a prefix in one) as an object store, on the AWS SDK v2. Commits rely on
 * {@code PutObject} with {@code If-None-Match: *}: exactly one racing writer creates a key, and a 412
 * tells the others they lost. That request is never retried blindly: a retry after an ambiguous
 * first attempt could see its own object and report a false conflict, so such outcomes are reported as
 * {@link OutcomeUnknownException}, which {@link ObjectStore#putIfAbsentSettled} resolves by reading the key.
 */
public final class S3ObjectStore implements ObjectStore {
    static final long PART_SIZE = 16L << 20;
    /** Range size of downloads: objects larger than this are fetched with parallel ranged GETs. */
    static final long GET_RANGE_SIZE = 16L << 20;
    private static final int PARALLEL_GETS = 4;
    private static final long MAX_BACKOFF_MILLIS = 20_000;

    private final String uri;
    private final String bucket;
    private final String prefix;
    private final S3Client client;        // SDK retries: for idempotent requests
    private final S3Client noRetries;     // the conditional commit PUT
    private final S3Config config;
    private volatile ExecutorService downloads; // created on the first large download
    /**
     * Conditional PUTs (key and bytes' hash) that ended throttled with an unknown outcome, which the caller is expected
     * to send again after backing off: a refusal of that resend may be the first request landing late. The most recent
     * {@value #THROTTLED_REQUESTS} are kept; an entry can only turn a refusal into a read, never a wrong answer.
     */
    private final java.util.Set<String> throttledRequests = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                    return size() > THROTTLED_REQUESTS;
                }
            }));
    private static final int THROTTLED_REQUESTS = 256;

    public S3ObjectStore(String rootUri, S3Config config) {
        URI u = URI.create(rootUri.endsWith("/") ? rootUri : rootUri + "/");
        if (u.getHost() == null && u.getAuthority() == null) {
            throw new IllegalArgumentException("not an s3://bucket/prefix location: " + rootUri);
        }
        this.bucket = u.getAuthority();
        String p = u.getPath() == null ? "" : u.getPath();
        this.prefix = p.startsWith("/") ? p.substring(1) : p;
        this.uri = "s3://" + bucket + "/" + prefix;
        this.config = config;
        this.client = build(config, true);
        this.noRetries = build(config, false);
    }

    private static S3Client build(S3Config c, boolean retries) {
        AwsCredentialsProvider creds = c.accessKeyId() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(c.region()))
                .credentialsProvider(creds)
                .forcePathStyle(c.pathStyle())
                // a body signed whole, not in aws-chunked signed chunks: less work per PUT for the client and the server
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(retries ? c.maxAttempts() : 1)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(c.retryBaseDelay(), Duration.ofMillis(MAX_BACKOFF_MILLIS)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(c.retryBaseDelay().multipliedBy(10),
                                Duration.ofMillis(MAX_BACKOFF_MILLIS)))));
        if (c.endpoint() != null) {
            b.endpointOverride(URI.create(c.endpoint()));
        }
        if (c.whenRequiredChecksums()) {
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public boolean sharedCacheable() {
        return true; // s3://bucket/ names the same objects for every process (data files are immutable once written)
    }

    @Override
    public List<io.floe.storage.PendingUpload> pendingUploads(String prefix) {
        List<io.floe.storage.PendingUpload> out = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        try {
            while (true) {
                String km = keyMarker;
                String im = idMarker;
                var page = client.listMultipartUploads(r -> r.bucket(bucket).prefix(full(prefix)).keyMarker(km).uploadIdMarker(im));
                for (var u : page.uploads()) {
                    if (u.key().startsWith(this.prefix)) {
                        out.add(new io.floe.storage.PendingUpload(u.key().substring(this.prefix.length()), u.uploadId(),
                                u.initiated() == null ? 0 : u.initiated().toEpochMilli()));
                    }
                }
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    return out;
                }
                keyMarker = page.nextKeyMarker();
                idMarker = page.nextUploadIdMarker();
            }
        } catch (S3Exception | SdkClientException e) {
            throw failure("list multipart uploads", prefix, e);
        }
    }

    @Override
    public void abortUpload(io.floe.storage.PendingUpload upload) {
        try {
            client.abortMultipartUpload(r -> r.bucket(bucket).key(full(upload.key())).uploadId(upload.uploadId()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failure("abort multipart upload", upload.key(), e);
            }
        } catch (SdkClientException e) {
            throw failure("abort multipart upload", upload.key(), e);
        }
    }

    private String full(String key) {
        return prefix + Keys.check(key);
    }

    private StorageException failure(String op, String key, RuntimeException e) {
        String where = "s3://" + bucket + "/" + prefix + key;
        if (e instanceof S3Exception s3) {
            int code = s3.statusCode();
            String err = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (code == 404 || "NoSuchKey".equals(err)) {
                return new ObjectNotFoundException(uri, key);
            }
            if (code == 503 || "SlowDown".equals(err)) {
                return new ThrottledException(op + " " + where + " was throttled (" + code + " " + err + ")", e);
            }
            return new StorageException(op + " " + where + " failed: HTTP " + code + " " + err, e);
        }
        return new StorageException(op + " " + where + " failed: " + e.getMessage(), e);
    }

    @Override
    public byte[] get(String key) {
        try {
            return client.getObjectAsBytes(r -> r.bucket(bucket).key(full(key))).asByteArray();
        } catch (S3Exception | SdkClientException e) {
            throw failure("get", key, e);
        }
    }

    /** One GET: its response carries the size and Last-Modified a HEAD would give; a 404 is "none". */
    @Override
    public Optional<StoredObject> getIfPresent(String key) {
        try {
            ResponseBytes<GetObjectResponse> r = client.getObjectAsBytes(b -> b.bucket(bucket).key(full(key)));
            GetObjectResponse h = r.response();
            byte[] data = r.asByteArray();
            long modified = h.lastModified() != null ? h.lastModified().toEpochMilli() : 0L;
            return Optional.of(new StoredObject(new ObjectInfo(key, data.length, modified, h.eTag()), data));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("get", key, e);
        } catch (SdkClientException e) {
            throw failure("get", key, e);
        }
    }

    @Override
    public byte[] get(String key, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        if (length == 0) {
            return new byte[0];
        }
        try {
            ResponseBytes<GetObjectResponse> r = client.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(full(key))
                    .range("bytes=" + offset + "-" + (offset + length - 1)).build());
            byte[] b = r.asByteArray();
            return b.length > length ? java.util.Arrays.copyOf(b, length) : b;
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                stat(key).orElseThrow(() -> new ObjectNotFoundException(uri, key));
                return new byte[0]; // the range starts at or past the end
            }
            throw failure("ranged get", key, e);
        } catch (SdkClientException e) {
            throw failure("ranged get", key, e);
        }
    }

    @Override
    public void put(String key, byte[] data) {
        try {
            client.putObject(r -> r.bucket(bucket).key(full(key)), RequestBody.fromBytes(data));
        } catch (S3Exception | SdkClientException e) {
            throw failure("put", key, e);
        }
    }

    /**
     * One conditional PUT, classified and never settled here: {@link ObjectStore#putIfAbsentSettled} reads the key when
     * the outcome is unknown, so an ambiguous commit is resolved at one depth, not by reads here and again there.
     *
     * <p>A 503 may come from S3 refusing the request or from an intermediary that gave up on a server which went on to
     * apply it, and this client sees the same answer from both (a proxy relays or mimics S3's SlowDown). So every 5xx
     * throttling answer counts as possibly applied: a 412 or 409 after one may be our own object, and throttling that
     * outlasts the retries is an unknown outcome whose cause is the {@link ThrottledException}, which
     * putIfAbsentSettled turns back into a retryable "not applied" when a read finds nothing. What the answer does
     * decide: a throttling error with a 4xx status (a limit enforced before the request is served) and S3's 409
     * ConditionalRequestConflict refuse the request, and a connection never made sent nothing.
     */
    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        String k = full(key);
        String where = "s3://" + bucket + "/" + k;
        // A throttled request of an earlier call with these bytes may still land (the caller backed off and sent it
        // again): then a refusal now may be that request, our own object, just as after a throttled try of this call.
        // The bytes are hashed only when some request is remembered (hashing a 1 MB metadata file costs ~0.5 ms).
        boolean mayBeApplied = !throttledRequests.isEmpty() && throttledRequests.contains(throttledRequest(k, data));
        for (int attempt = 1; ; attempt++) {
            try {
                noRetries.putObject(r -> r.bucket(bucket).key(k).ifNoneMatch("*"), RequestBody.fromBytes(data));
                if (mayBeApplied) {
                    throttledRequests.remove(throttledRequest(k, data)); // ours is there: an earlier request can only be refused now
                }
                return true;
            } catch (S3Exception e) {
                int code = e.statusCode();
                if (code == 409 && attempt < config.maxAttempts()) {
                    // ConditionalRequestConflict: another conditional write of this key was in flight and ours was
                    // refused. That one may still fail, so this is no lost race yet: ask again.
                    backoff(attempt, false);
                    continue;
                }
                if (code == 412 || code == 409) {
                    if (mayBeApplied) {
                        throttledRequests.remove(throttledRequest(k, data)); // the read that settles this decides for good
                        throw new OutcomeUnknownException(key, "conditional put of " + where + " was refused with HTTP "
                                + code + " after a throttled attempt; it may be our own earlier attempt", e);
                    }
                    return false; // another writer created it first
                }
                if (isThrottling(e)) {
                    mayBeApplied |= code >= 500;
                    if (attempt < config.maxAttempts()) {
                        backoff(attempt, true); // refused or applied, not lost: repeating it is safe, a 412 is read
                        continue;
                    }
                    StorageException throttled = failure("putIfAbsent", key, e); // a ThrottledException for a 503 or SlowDown
                    if (!mayBeApplied) {
                        throw throttled;
                    }
                    throttledRequests.add(throttledRequest(k, data));
                    throw new OutcomeUnknownException(key, "conditional put of " + where + " was throttled until its "
                            + config.maxAttempts() + " attempts ran out; a 503 may hide an attempt that was applied", throttled);
                }
                if (code >= 500) {
                    throw new OutcomeUnknownException(key, "conditional put of " + where
                            + " failed with HTTP " + code + "; it may or may not have been applied", e);
                }
                throw failure("putIfAbsent", key, e);
            } catch (SdkClientException e) {
                if (neverSent(e)) {
                    throw failure("putIfAbsent", key, e); // no connection, so no request: definitely not applied
                }
                // A dropped connection: a server that answers 412 before reading the body closes it early, a timeout
                // may come after the object was written, and a pooled connection the server had closed never carried it.
                throw new OutcomeUnknownException(key, "conditional put of " + where
                        + " has an unknown outcome: " + e.getMessage(), e);
            }
        }
    }

    private static boolean isThrottling(S3Exception e) {
        String err = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() == 503 || "SlowDown".equals(err) || "Throttling".equals(err);
    }

    /** How {@link #throttledRequests} names a conditional PUT: its key and a hash of its bytes. */
    private static String throttledRequest(String fullKey, byte[] data) {
        return fullKey + '\n' + java.util.Arrays.hashCode(data);
    }

    /** True if the request cannot have reached the server: the connection was never established. */
    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** Exponential backoff with full jitter, as the SDK does for the other requests. */
    private void backoff(int attempt, boolean throttled) {
        long base = config.retryBaseDelay().toMillis() * (throttled ? 10 : 1);
        long cap = Math.min(MAX_BACKOFF_MILLIS, base << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(cap + 1));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while backing off before a retry");
        }
    }

    @Override
    public void putFile(String key, Path localFile) {
        long size;
        try {
            size = Files.size(localFile);
        } catch (IOException e) {
            throw new StorageException("cannot read " + localFile + ": " + e.getMessage(), e);
        }
        if (size <= PART_SIZE) {
            try {
                client.putObject(r -> r.bucket(bucket).key(full(key)), RequestBody.fromFile(localFile));
                return;
            } catch (S3Exception | SdkClientException e) {
                throw failure("put", key, e);
            }
        }
        String k = full(key);
        String uploadId;
        try {
            uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(k)).uploadId();
        } catch (S3Exception | SdkClientException e) {
            throw failure("multipart upload", key, e);
        }
        try (InputStream in = Files.newInputStream(localFile)) {
            List<CompletedPart> parts = new ArrayList<>();
            int n = 1;
            for (long off = 0; off < size; off += PART_SIZE, n++) {
                int len = (int) Math.min(PART_SIZE, size - off);
                byte[] buf = in.readNBytes(len);
                int part = n;
                String etag = client.uploadPart(r -> r.bucket(bucket).key(k).uploadId(uploadId).partNumber(part),
                        RequestBody.fromBytes(buf)).eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            complete(key, k, uploadId, parts, size);
        } catch (IOException | RuntimeException e) {
            // an upload that cannot complete is aborted, so no part stays billed and nothing becomes visible
            try {
                client.abortMultipartUpload(r -> r.bucket(bucket).key(k).uploadId(uploadId));
            } catch (RuntimeException ignored) {
                // best effort; lifecycle rules clean up what an abort could not
            }
            if (e instanceof RuntimeException re) {
                throw failure("multipart upload", key, re);
            }
            throw new StorageException("multipart upload of " + localFile + " failed: " + e.getMessage(), e);
        }
    }

    private void complete(String key, String k, String uploadId, List<CompletedPart> parts, long size) {
        try {
            client.completeMultipartUpload(r -> r.bucket(bucket).key(k).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (S3Exception e) {
            String err = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            // The SDK retries a completion whose response was lost; the retry then finds the upload gone.
            // The object being there with our size means the first attempt did it.
            if ("NoSuchUpload".equals(err) && stat(key).map(i -> i.size() == size).orElse(false)) {
                return;
            }
            throw e;
        }
    }

    /**
     * Downloads to a temporary file beside {@code localFile} and renames it into place, so the target
     * is never half-written. The first request asks for the first part-sized range: small objects take
     * one request, and for large ones the response gives the size and etag, after which the other
     * ranges are fetched in parallel, each pinned to that etag so that a replaced object cannot be mixed in.
     */
    @Override
    public void getToFile(String key, Path localFile) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(localFile.toAbsolutePath().getParent(), ".s3get-", ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                Range first = fetchRange(key, out, 0, GET_RANGE_SIZE, null);
                List<Future<?>> rest = new ArrayList<>();
                try {
                    for (long off = GET_RANGE_SIZE; off < first.total(); off += GET_RANGE_SIZE) {
                        long from = off;
                        rest.add(downloads().submit(() -> fetchRange(key, out, from, GET_RANGE_SIZE, first.etag())));
                    }
                    for (Future<?> f : rest) {
                        f.get();
                    }
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : new StorageException("get " + uri + key + " failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted while downloading " + uri + key, e);
                } finally {
                    rest.forEach(f -> f.cancel(true));
                }
            }
            Files.move(tmp, localFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot write " + localFile + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // temp cleanup is best effort
                }
            }
        }
    }

    private record Range(long total, String etag) {
    }

    /**
     * Writes bytes [from, from + length) of the object at the same offsets of {@code out}; with an etag,
     * only from that version of the object. A connection lost while streaming the body restarts the range
     * (the SDK itself retries only until the response starts).
     */
    private Range fetchRange(String key, FileChannel out, long from, long length, String etag) {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(full(key))
                .range("bytes=" + from + "-" + (from + length - 1));
        if (etag != null) {
            req.ifMatch(etag);
        }
        for (int attempt = 1; ; attempt++) {
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(req.build())) {
                long pos = from;
                ByteBuffer buf = ByteBuffer.allocate(64 << 10);
                int n;
                while ((n = in.read(buf.array())) > 0) {
                    buf.clear().limit(n);
                    while (buf.hasRemaining()) {
                        pos += out.write(buf, pos);
                    }
                }
                GetObjectResponse r = in.response();
                long total = totalSize(r, pos);
                if (pos - from != Math.min(length, total - from) && pos != total) {
                    throw new IOException("short read: " + (pos - from) + " bytes of range " + from + "+" + length);
                }
                return new Range(total, r.eTag());
            } catch (S3Exception e) {
                if (e.statusCode() == 416 && from == 0) {
                    // a range of an empty object is unsatisfiable; S3 says so only if the object exists
                    stat(key).orElseThrow(() -> new ObjectNotFoundException(uri, key));
                    return new Range(0, null);
                }
                if (e.statusCode() == 412 && etag != null) {
                    throw new StorageException("get " + uri + key + ": the object was replaced during the download", e);
                }
                throw failure("get", key, e);
            } catch (SdkClientException | IOException e) {
                if (attempt >= config.maxAttempts() || Thread.currentThread().isInterrupted() || !out.isOpen()) {
                    throw e instanceof SdkClientException se ? failure("get", key, se)
                            : new StorageException("get " + uri + key + " failed: " + e.getMessage(), e);
                }
                backoff(attempt, false);
            }
        }
    }

    /** The object's size from "Content-Range: bytes 0-99/1234", or where the body ended for a whole-object answer. */
    private static long totalSize(GetObjectResponse r, long end) {
        String cr = r.contentRange();
        if (cr != null) {
            int slash = cr.lastIndexOf('/');
            if (slash >= 0 && !cr.endsWith("*")) {
                return Long.parseLong(cr.substring(slash + 1).trim());
            }
        }
        return end; // the server ignored the range and sent everything
    }

    private ExecutorService downloads() {
        ExecutorService d = downloads;
        if (d == null) {
            synchronized (this) {
                if (downloads == null) {
                    AtomicInteger n = new AtomicInteger();
                    downloads = Executors.newFixedThreadPool(PARALLEL_GETS, r -> {
                        Thread t = new Thread(r, "floe-s3-get-" + n.incrementAndGet());
                        t.setDaemon(true); // never keeps a JVM alive
                        return t;
                    });
                }
                d = downloads;
            }
        }
        return d;
    }

    @Override
    public ListPage list(String keyPrefix, String startAfter, int maxKeys) {
        if (maxKeys < 0) {
            throw new IllegalArgumentException("maxKeys must be ≥ 0");
        }
        if (maxKeys == 0) {
            return new ListPage(List.of(), false);
        }
        Keys.checkPrefix(keyPrefix);
        try {
            ListObjectsV2Response r = client.listObjectsV2(b -> {
                b.bucket(bucket).prefix(prefix + keyPrefix).maxKeys(maxKeys);
                if (startAfter != null) {
                    b.startAfter(prefix + startAfter);
                }
            });
            List<ObjectInfo> out = new ArrayList<>();
            for (S3Object o : r.contents()) {
                String key = o.key().substring(prefix.length());
                if (key.endsWith("/")) {
                    continue; // a "directory marker" some tools create
                }
                out.add(new ObjectInfo(key, o.size(), o.lastModified().toEpochMilli(), o.eTag()));
            }
            return new ListPage(out, Boolean.TRUE.equals(r.isTruncated()));
        } catch (S3Exception | SdkClientException e) {
            throw failure("list", keyPrefix, e);
        }
    }

    @Override
    public void delete(Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        for (int i = 0; i < all.size(); i += 1000) {
            List<ObjectIdentifier> ids = all.subList(i, Math.min(all.size(), i + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(full(k)).build()).toList();
            try {
                var r = client.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(ids).quiet(true).build()));
                if (r.hasErrors() && !r.errors().isEmpty()) {
                    var e = r.errors().get(0);
                    throw new StorageException("delete of s3://" + bucket + "/" + e.key() + " failed: " + e.code() + " " + e.message());
                }
            } catch (S3Exception | SdkClientException e) {
                throw failure("delete", all.get(i), e);
            }
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        try {
            HeadObjectResponse h = client.headObject(r -> r.bucket(bucket).key(full(key)));
            return Optional.of(new ObjectInfo(key, h.contentLength(), h.lastModified().toEpochMilli(), h.eTag()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("stat", key, e);
        } catch (SdkClientException e) {
            throw failure("stat", key, e);
        }
    }

    @Override
    public void close() {
        ExecutorService d = downloads;
        if (d != null) {
            d.shutdownNow();
        }
        client.close();
        noRetries.close();
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + uri + ", " + config + "]";
    }
}
