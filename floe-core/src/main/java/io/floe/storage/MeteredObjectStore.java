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
        requests.count(StoreRequests.Kind.GET, 1);
        byte[] b = delegate.get(key);
        requests.read(b.length);
        return b;
    }

    @Override
    public byte[] get(String key, long offset, int length) {
        requests.count(StoreRequests.Kind.RANGED_GET, 1);
        byte[] b = delegate.get(key, offset, length);
        requests.read(b.length);
        return b;
    }

    @Override
    public void put(String key, byte[] data) {
        requests.count(StoreRequests.Kind.PUT, 1);
        delegate.put(key, data);
        requests.written(data.length);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        requests.count(StoreRequests.Kind.CONDITIONAL_PUT, 1);
        boolean created = delegate.putIfAbsent(key, data);
        if (created) {
            requests.written(data.length);
        }
        return created;
    }

    @Override
    public void putFile(String key, Path localFile) {
        requests.count(StoreRequests.Kind.PUT, 1);
        delegate.putFile(key, localFile);
        requests.written(size(localFile));
    }

    @Override
    public void getToFile(String key, Path localFile) {
        requests.count(StoreRequests.Kind.GET, 1);
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
        requests.count(StoreRequests.Kind.LIST, 1);
        return delegate.list(prefix, startAfter, maxKeys);
    }

    @Override
    public void delete(Collection<String> keys) {
        if (!keys.isEmpty()) {
            requests.count(StoreRequests.Kind.DELETE, (keys.size() + 999) / 1000);
        }
        delegate.delete(keys);
    }

    @Override
    public List<ObjectInfo> listNoFollow(String prefix) {
        List<ObjectInfo> out = delegate.listNoFollow(prefix);
        requests.count(StoreRequests.Kind.LIST, Math.max(1, (out.size() + 999) / 1000));
        return out;
    }

    @Override
    public void deleteWithin(String rootPrefix, Collection<String> keys) {
        if (!keys.isEmpty()) {
            requests.count(StoreRequests.Kind.DELETE, (keys.size() + 999) / 1000);
        }
        delegate.deleteWithin(rootPrefix, new ArrayList<>(keys));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        requests.count(StoreRequests.Kind.HEAD, 1);
        return delegate.stat(key);
    }

    @Override
    public List<PendingUpload> pendingUploads(String prefix) {
        requests.count(StoreRequests.Kind.LIST, 1);
        return delegate.pendingUploads(prefix);
    }

    @Override
    public void abortUpload(PendingUpload upload) {
        requests.count(StoreRequests.Kind.DELETE, 1);
        delegate.abortUpload(upload);
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
