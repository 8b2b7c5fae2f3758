package io.floe.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The storage SPI: a flat namespace of immutable-by-convention objects addressed by keys.
 *
 * <p>Keys are '/'-separated and relative to the store's root ({@link #uri()}); they never start
 * with '/'. The only operation that tables rely on for atomicity is {@link #putIfAbsent}: of any
 * number of racing writers (threads or processes) exactly one creates the object, and no reader
 * ever observes a partially written object.
 *
 * <p>All failures are unchecked {@link StorageException}s; {@link ObjectNotFoundException},
 * {@link ThrottledException} and {@link OutcomeUnknownException} name the cases callers react to.
 */
public interface ObjectStore extends AutoCloseable {

    /** The root this store addresses, e.g. {@code file:/data/wh/}, {@code s3://bucket/prefix/}, {@code memory://x/}. Ends with '/'. */
    String uri();

    /** Reads a whole object. @throws ObjectNotFoundException if absent */
    byte[] get(String key);

    /**
     * An object's bytes with what {@link #stat} would say of it (size, modification time), or empty when there is none.
     * Stores that learn both from one read answer with one request (S3's GET returns the object's size and Last-Modified);
     * the default is a stat, then a get. A reader that needs a commit file's time as well as its content (a writer
     * catching up on the commits that won a race) pays one request per commit instead of two.
     */
    default Optional<StoredObject> getIfPresent(String key) {
        Optional<ObjectInfo> info = stat(key);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StoredObject(info.get(), get(key)));
        } catch (ObjectNotFoundException deletedSince) {
            return Optional.empty();
        }
    }

    /** An object read whole, with what a stat says of it. */
    record StoredObject(ObjectInfo info, byte[] data) {
    }

    /** Reads {@code length} bytes at {@code offset} (fewer at the end of the object). @throws ObjectNotFoundException if absent */
    byte[] get(String key, long offset, int length);

    /** Creates or replaces an object. Readers see the old or the new content, never a mix. */
    void put(String key, byte[] data);

    /**
     * Creates the object only if no object with this key exists, atomically. One request as far as the outcome goes:
     * a store may repeat a request that was refused (throttled), never one that may have been applied, and it does not
     * read the key to settle an unknown outcome ({@link #putIfAbsentSettled} does, once for every store).
     *
     * @return true if this call created it, false if an object already existed (a lost race)
     * @throws OutcomeUnknownException if the request may or may not have taken effect
     */
    boolean putIfAbsent(String key, byte[] data);

    /**
     * {@link #putIfAbsent} whose unknown outcome is settled by reading the key: these bytes there mean this call created
     * it (callers write bytes unique to the attempt: a transaction id, a timestamp), other bytes that another writer did.
     * No object means the request never reached the store (a pooled connection the server had closed) or has not landed
     * yet: after a short pause (25 ms, growing to 100 ms, for a landing still on its way) the same bytes are sent again,
     * which is safe, as put-if-absent lets at most one of the two land and both are ours. If the first one lands late
     * the second loses to it, and the next read finds our bytes. This is the only place an unknown outcome is settled:
     * stores only report it, and a store that never does (local files, memory) never pays a read or a pause here.
     *
     * <p>An unknown outcome caused by throttling (a 503 may hide an applied write) with no object there is a
     * {@link ThrottledException} instead: the store asked for a slower pace, so the caller backs off as for any
     * throttling rather than resending within 25-100 ms. The store reports a refusal of that same request sent again
     * as unknown (it may be the throttled one landing late), so the caller's retry is settled here too.
     *
     * @throws ThrottledException      if throttling outlasted the store's retries and nothing is there
     * @throws OutcomeUnknownException if {@value #SETTLE_ROUNDS} rounds of that cannot tell, or a read fails: the first
     *                                 request's exception, the later failures suppressed in it
     */
    default boolean putIfAbsentSettled(String key, byte[] data) {
        OutcomeUnknownException first;
        try {
            return putIfAbsent(key, data);
        } catch (OutcomeUnknownException e) {
            first = e;
        }
        OutcomeUnknownException latest = first;
        for (int round = 0; round < SETTLE_ROUNDS; round++) {
            try {
                Optional<StoredObject> there = getIfPresent(key);
                if (there.isPresent()) {
                    return java.util.Arrays.equals(there.get().data(), data);
                }
                if (!(latest.getCause() instanceof ThrottledException)) {
                    pauseBeforeResending(round);
                    if (putIfAbsent(key, data)) {
                        return true;
                    }
                    continue; // an object is there now (our first request, late, or another writer's): the next round reads it
                }
            } catch (OutcomeUnknownException again) {
                first.addSuppressed(again);
                latest = again;
                continue;
            } catch (StorageException e) {
                first.addSuppressed(e);
                throw first;
            }
            // throttled and not there: not applied, and the store asked for a slower pace than these rounds keep
            ThrottledException notApplied = new ThrottledException(latest.getCause().getMessage() + "; nothing was written", latest);
            if (latest != first) {
                notApplied.addSuppressed(first);
            }
            throw notApplied;
        }
        throw first;
    }

    /** Rounds of read, pause and resend in {@link #putIfAbsentSettled}, after its first request. */
    int SETTLE_ROUNDS = 3;

    /** 25, 50, 100 ms: a moment for a request still on its way to land, short next to a commit's own requests. */
    private static void pauseBeforeResending(int round) {
        try {
            Thread.sleep(25L << round);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while settling an unknown outcome", e); // suppressed in the first
        }
    }

    /** Uploads a local file (large data files: streamed, multipart where the store has it). */
    void putFile(String key, Path localFile);

    /** Copies an object to a local file (replacing it). @throws ObjectNotFoundException if absent */
    void getToFile(String key, Path localFile);

    /**
     * One page of the keys that start with {@code prefix}, in lexicographic (UTF-8 byte) order,
     * strictly after {@code startAfter} when that is not null.
     */
    ListPage list(String prefix, String startAfter, int maxKeys);

    /** All keys under {@code prefix}, in lexicographic order, fetched page by page. */
    default List<ObjectInfo> listAll(String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        String after = null;
        while (true) {
            ListPage page = list(prefix, after, 1000);
            out.addAll(page.objects());
            if (!page.truncated() || page.objects().isEmpty()) {
                return out;
            }
            after = page.objects().get(page.objects().size() - 1).key();
        }
    }

    /** Deletes the given keys; keys that do not exist are ignored. */
    void delete(Collection<String> keys);

    /**
     * All objects under {@code prefix} as a recursive delete must see them: symbolic links are not followed into,
     * but listed themselves, flagged {@link ObjectInfo#symbolicLink()}. Stores without links list as {@link #listAll}.
     */
    default List<ObjectInfo> listNoFollow(String prefix) {
        return listAll(prefix);
    }

    /**
     * Deletes keys that must all lie inside {@code rootPrefix} (a table root: "" or ending with '/'), refusing the whole
     * batch otherwise. Stores with links also check each key's real path: a key reached through a link that leaves the
     * root is refused, a key that is itself a link deletes only the link. Directories left empty below the root are
     * removed where the store has directories.
     *
     * @throws PathEscapeException if a key lies outside the root, by name or on its real path
     */
    default void deleteWithin(String rootPrefix, Collection<String> keys) {
        checkWithin(rootPrefix, keys);
        delete(keys);
    }

    /** The lexical half of {@link #deleteWithin}: every key starts with the root prefix and climbs nowhere. */
    static void checkWithin(String rootPrefix, Collection<String> keys) {
        if (!rootPrefix.isEmpty() && !rootPrefix.endsWith("/")) {
            throw new IllegalArgumentException("a root prefix ends with '/': '" + rootPrefix + "'");
        }
        for (String k : keys) {
            Keys.check(k);
            if (!k.startsWith(rootPrefix) || k.length() == rootPrefix.length()) {
                throw new PathEscapeException("refusing to delete " + k + ": it is outside the root " + rootPrefix);
            }
        }
    }

    /** Size, modification time and etag of an object, or empty if absent. */
    Optional<ObjectInfo> stat(String key);

    /**
     * A local file holding this object's bytes, if the store can offer one without copying
     * (the local filesystem store). Other stores return empty and callers stage a copy.
     */
    default Optional<Path> localPath(String key) {
        return Optional.empty();
    }

    /** Uploads started under {@code prefix} and neither completed nor aborted; stores without multipart have none. */
    default List<PendingUpload> pendingUploads(String prefix) {
        return List.of();
    }

    /** Aborts a pending upload (its parts are freed; nothing becomes visible). An upload already gone is not an error. */
    default void abortUpload(PendingUpload upload) {
    }

    /**
     * Whether copies of this store's data files may be kept in a cache shared by every process of the machine, keyed by
     * {@link #uri()} and key: true only for stores whose URI names the same objects for every process (S3). An in-memory
     * store's URI does not, and local files need no copy.
     */
    default boolean sharedCacheable() {
        return false;
    }

    @Override
    default void close() {
    }
}
