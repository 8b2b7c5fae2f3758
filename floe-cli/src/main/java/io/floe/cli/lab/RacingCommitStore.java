package io.floe.cli.lab;

import io.floe.storage.ListPage;
import io.floe.storage.ObjectInfo;
import io.floe.storage.ObjectStore;
import io.floe.storage.PendingUpload;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A store for one of two racing writers that makes them race for the same commit key, and that can commit the way a
 * store without conditional writes must: check that the key is free, then write it.
 *
 * <p>A commit key is the object whose creation makes a commit visible: Delta's {@code _delta_log/N.json}, Iceberg's
 * {@code metadata/vN.metadata.json}. When a writer is {@link Race#arm armed}, its next commit attempt waits at a barrier
 * for the other writer's: neither can commit before both have read the table, so both attempt the same key.
 * <ul>
 *   <li>{@link Mode#PUT_IF_ABSENT}: the store's own atomic create (S3: {@code If-None-Match: *}). One writer creates
 *   the key; the other is told it lost (a 412 on S3), re-reads and commits on the next key.</li>
 *   <li>{@link Mode#CHECK_THEN_WRITE}: a HEAD, then a plain PUT — what a rename-based or "check then write" commit
 *   amounts to on a store without conditional writes. Both writers see the key free, both write it; the second
 *   replaces the first, and both are told they committed.</li>
 * </ul>
 */
final class RacingCommitStore implements ObjectStore {
    static final Pattern COMMIT_KEY = Pattern.compile(".*(_delta_log/\\d{20}\\.json|metadata/v\\d+\\.metadata\\.json)");

    enum Mode { PUT_IF_ABSENT, CHECK_THEN_WRITE }

    /** What both writers share: the barrier and the counts. */
    static final class Race {
        private final CyclicBarrier barrier = new CyclicBarrier(2);
        final AtomicInteger lostRace = new AtomicInteger();
        /** Plain PUTs of each commit key: a key written twice had its first commit replaced. */
        private final java.util.concurrent.ConcurrentHashMap<String, Integer> writes = new java.util.concurrent.ConcurrentHashMap<>();

        /** Commits acknowledged to a writer and then replaced by another's PUT of the same key. */
        int overwritten() {
            return writes.values().stream().mapToInt(n -> n - 1).sum();
        }

        /** Makes the next commit attempt of {@code store} wait for the other writer's. */
        void arm(RacingCommitStore store) {
            store.armed = true;
        }

        void await() {
            try {
                barrier.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabFailedException("interrupted while two writers raced for a commit");
            } catch (BrokenBarrierException | TimeoutException e) {
                throw new LabFailedException("the two racing writers did not meet at the commit: " + e);
            }
        }
    }

    private final ObjectStore delegate;
    private final Mode mode;
    private final Race race;
    private volatile boolean armed;

    RacingCommitStore(ObjectStore delegate, Mode mode, Race race) {
        this.delegate = delegate;
        this.mode = mode;
        this.race = race;
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        boolean commit = COMMIT_KEY.matcher(key).matches();
        boolean racing = commit && armed;
        if (racing) {
            armed = false;
        }
        if (mode == Mode.PUT_IF_ABSENT || !commit) {
            if (racing) {
                race.await();
            }
            boolean created = delegate.putIfAbsent(key, data);
            if (!created && commit) {
                race.lostRace.incrementAndGet();
            }
            return created;
        }
        // check, then write: the gap between the two is where the other writer's commit lands
        if (delegate.stat(key).isPresent()) {
            race.lostRace.incrementAndGet();
            return false;
        }
        if (racing) {
            race.await();
        }
        delegate.put(key, data);
        race.writes.merge(key, 1, Integer::sum);
        return true;
    }

    // ---- everything else is the delegate's

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public byte[] get(String key) {
        return delegate.get(key);
    }

    @Override
    public byte[] get(String key, long offset, int length) {
        return delegate.get(key, offset, length);
    }

    @Override
    public void put(String key, byte[] data) {
        delegate.put(key, data);
    }

    @Override
    public void putFile(String key, Path localFile) {
        delegate.putFile(key, localFile);
    }

    @Override
    public void getToFile(String key, Path localFile) {
        delegate.getToFile(key, localFile);
    }

    @Override
    public ListPage list(String prefix, String startAfter, int maxKeys) {
        return delegate.list(prefix, startAfter, maxKeys);
    }

    @Override
    public List<ObjectInfo> listAll(String prefix) {
        return delegate.listAll(prefix);
    }

    @Override
    public void delete(Collection<String> keys) {
        delegate.delete(keys);
    }

    @Override
    public List<ObjectInfo> listNoFollow(String prefix) {
        return delegate.listNoFollow(prefix);
    }

    @Override
    public void deleteWithin(String rootPrefix, Collection<String> keys) {
        delegate.deleteWithin(rootPrefix, keys);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public Optional<Path> localPath(String key) {
        return delegate.localPath(key);
    }

    @Override
    public List<PendingUpload> pendingUploads(String prefix) {
        return delegate.pendingUploads(prefix);
    }

    @Override
    public void abortUpload(PendingUpload upload) {
        delegate.abortUpload(upload);
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
