package io.floe.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A store held in memory, for tests and labs. Thread-safe; putIfAbsent is atomic. */
public final class InMemoryObjectStore implements ObjectStore {
    private record Entry(byte[] data, long mtime, long generation) {
    }

    private final String uri;
    // String order differs from UTF-8 byte order above the BMP; compare by bytes to list as S3 does.
    private final ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>(Keys.BYTE_ORDER);
    private final AtomicLong generations = new AtomicLong();

    public InMemoryObjectStore() {
        this("memory://" + Long.toHexString(System.nanoTime()) + "/");
    }

    public InMemoryObjectStore(String uri) {
        this.uri = uri.endsWith("/") ? uri : uri + "/";
    }

    @Override
    public String uri() {
        return uri;
    }

    private Entry entry(String key) {
        Entry e = objects.get(Keys.check(key));
        if (e == null) {
            throw new ObjectNotFoundException(uri, key);
        }
        return e;
    }

    @Override
    public byte[] get(String key) {
        return entry(key).data().clone();
    }

    @Override
    public byte[] get(String key, long offset, int length) {
        checkRange(offset, length);
        byte[] d = entry(key).data();
        int from = (int) Math.min(offset, d.length);
        int to = (int) Math.min((long) from + length, d.length);
        return Arrays.copyOfRange(d, from, to);
    }

    static void checkRange(long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("invalid range: offset " + offset + ", length " + length);
        }
    }

    static void checkMaxKeys(int maxKeys) {
        if (maxKeys < 0) {
            throw new IllegalArgumentException("maxKeys must be >= 0: " + maxKeys);
        }
    }

    @Override
    public void put(String key, byte[] data) {
        objects.put(Keys.check(key), newEntry(data));
    }

    private Entry newEntry(byte[] data) {
        return new Entry(data.clone(), System.currentTimeMillis(), generations.incrementAndGet());
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        return objects.putIfAbsent(Keys.check(key), newEntry(data)) == null;
    }

    @Override
    public void putFile(String key, Path localFile) {
        byte[] data;
        try {
            data = Files.readAllBytes(localFile);
        } catch (IOException e) {
            // the local source is missing or unreadable: a storage failure, but not a missing object
            throw new StorageException("putFile " + uri + key + ": cannot read " + localFile + ": " + e, e);
        }
        put(key, data);
    }

    @Override
    public void getToFile(String key, Path localFile) {
        try {
            Files.write(localFile, entry(key).data());
        } catch (IOException e) {
            throw new StorageException("cannot write " + localFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ListPage list(String prefix, String startAfter, int maxKeys) {
        Keys.checkPrefix(prefix);
        checkMaxKeys(maxKeys);
        List<ObjectInfo> out = new ArrayList<>();
        var tail = startAfter == null || Keys.BYTE_ORDER.compare(startAfter, prefix) < 0
                ? objects.tailMap(prefix, true) : objects.tailMap(startAfter, false);
        for (Map.Entry<String, Entry> e : tail.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (out.size() == maxKeys) {
                return new ListPage(out, true);
            }
            out.add(info(e.getKey(), e.getValue()));
        }
        return new ListPage(out, false);
    }

    private static ObjectInfo info(String key, Entry e) {
        return new ObjectInfo(key, e.data().length, e.mtime(), Long.toString(e.generation()));
    }

    @Override
    public void delete(Collection<String> keys) {
        // validate all first, so that a bad key refuses the batch as the other stores do
        keys.forEach(Keys::check);
        keys.forEach(objects::remove);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Entry e = objects.get(Keys.check(key));
        return e == null ? Optional.empty() : Optional.of(info(key, e));
    }

    /** Test hook: sets an object's modification time (e.g. to age orphans past a retention window). */
    public void setLastModified(String key, long millis) {
        objects.computeIfPresent(key, (k, e) -> new Entry(e.data(), millis, e.generation()));
    }
}
