package io.floe.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ObjectStore} that counts the requests it forwards ({@link StoreRequests}): one per call, as S3 would see
 * it — a listing page is one LIST, a batch delete one DELETE per 1,000 keys, an upload one PUT (multipart parts are not
 * told apart). Files a local store hands out by {@link #localPath} and the data plane reads directly are not requests.
 * Everything else, including the safety rules of {@link #listNoFollow} and {@link #deleteWithin}, is the delegate's.
 */
public final class MeteredObjectStore implements ObjectStore {
    /** {@code -Dfloe.trace.store=true} (or FLOE_TRACE_STORE=1) prints every request with its key to stderr: what a count is made of. */
    private static final boolean TRACE = Boolean.getBoolean("floe.trace.store") || "1".equals(System.getenv("FLOE_TRACE_STORE"));

    private final ObjectStore delegate;
    private final StoreRequests requests;

    public MeteredObjectStore(ObjectStore delegate, StoreRequests requests) {
        this.delegate = delegate;
        this.requests = requests;
    }

    public ObjectStore delegate() {
        return delegate;
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public byte[] get(String key) {
        count(StoreRequests.Kind.GET, 1, key);
        byte[] b = delegate.get(key);
        requests.read(b.length);
        return b;
    }

    /** One GET, as S3 bills it (the delegate may stat and read where it has no single call for both: local files). */
    @Override
    public Optional<StoredObject> getIfPresent(String key) {
        count(StoreRequests.Kind.GET, 1, key);
        Optional<StoredObject> o = delegate.getIfPresent(key);
        o.ifPresent(x -> requests.read(x.data().length));
        return o;
    }

    @Override
    public byte[] get(String key, long offset, int length) {
        count(StoreRequests.Kind.RANGED_GET, 1, key);
        byte[] b = delegate.get(key, offset, length);
        requests.read(b.length);
        return b;
    }

    @Override
    public void put(String key, byte[] data) {
        count(StoreRequests.Kind.PUT, 1, key);
        delegate.put(key, data);
        requests.written(data.length);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        count(StoreRequests.Kind.CONDITIONAL_PUT, 1, key);
        boolean created = delegate.putIfAbsent(key, data);
        if (created) {
            requests.written(data.length);
        }
        return created;
    }

    @Override
    public void putFile(String key, Path localFile) {
        count(StoreRequests.Kind.PUT, 1, key);
        delegate.putFile(key, localFile);
        requests.written(size(localFile));
    }

    @Override
    public void getToFile(String key, Path localFile) {
        count(StoreRequests.Kind.GET, 1, key);
        delegate.getToFile(key, localFile);
        requests.read(size(localFile));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ListPage list(String prefix, String startAfter, int maxKeys) {
        count(StoreRequests.Kind.LIST, 1, prefix);
        return delegate.list(prefix, startAfter, maxKeys);
    }

    @Override
    public void delete(Collection<String> keys) {
        if (!keys.isEmpty()) {
            count(StoreRequests.Kind.DELETE, (keys.size() + 999) / 1000, keys);
        }
        delegate.delete(keys);
    }

    @Override
    public List<ObjectInfo> listNoFollow(String prefix) {
        List<ObjectInfo> out = delegate.listNoFollow(prefix);
        count(StoreRequests.Kind.LIST, Math.max(1, (out.size() + 999) / 1000), prefix);
        return out;
    }

    @Override
    public void deleteWithin(String rootPrefix, Collection<String> keys) {
        if (!keys.isEmpty()) {
            count(StoreRequests.Kind.DELETE, (keys.size() + 999) / 1000, keys);
        }
        delegate.deleteWithin(rootPrefix, new ArrayList<>(keys));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        count(StoreRequests.Kind.HEAD, 1, key);
        return delegate.stat(key);
    }

    @Override
    public List<PendingUpload> pendingUploads(String prefix) {
        count(StoreRequests.Kind.LIST, 1, prefix);
        return delegate.pendingUploads(prefix);
    }

    @Override
    public void abortUpload(PendingUpload upload) {
        count(StoreRequests.Kind.DELETE, 1, upload);
        delegate.abortUpload(upload);
    }

    private void count(StoreRequests.Kind kind, int n, Object what) {
        requests.count(kind, n);
        if (TRACE) {
            System.err.println("store: " + kind + " " + what); if (System.getenv("TMPSTACK") != null) { new Throwable().printStackTrace(); }
        }
    }

    @Override
    public Optional<Path> localPath(String key) {
        return delegate.localPath(key);
    }

    @Override
    public boolean sharedCacheable() {
        return delegate.sharedCacheable();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
