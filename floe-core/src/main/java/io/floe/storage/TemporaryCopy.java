package io.floe.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local copy of a store's object, for readers that read local files only (DuckDB) and read the object again and again
 * for as long as something holds the copy: a lazy snapshot's checkpoint on S3. The file is deleted once this object is
 * unreachable (so a holder must keep it reachable while a read of its path may still open the file: see
 * {@link java.lang.ref.Reference#reachabilityFence}), and at the latest when the JVM exits normally.
 */
public final class TemporaryCopy {
    private static final Cleaner CLEANER = Cleaner.create();
    /** Copies not deleted yet: what the exit hook deletes. */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(TemporaryCopy::deleteQuietly), "floe-temporary-copies"));
    }

    private final Path path;
    private final long size;

    private TemporaryCopy(Path path) throws IOException {
        this.path = path;
        this.size = Files.size(path);
        LIVE.add(path);
        CLEANER.register(this, new Delete(path));
    }

    /**
     * Downloads {@code key} of {@code store} into a new temporary file named after it. The store's exceptions (a missing
     * object, a failed request) come through as they are, with nothing left behind.
     */
    public static TemporaryCopy of(ObjectStore store, String key) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("floe-copy-", "-" + key.substring(key.lastIndexOf('/') + 1));
            store.getToFile(key, tmp);
            TemporaryCopy copy = new TemporaryCopy(tmp);
            tmp = null;
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + key + " of " + store.uri() + " to a local file: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** The local file (valid while this object is reachable). */
    public Path path() {
        return path;
    }

    /** The copy's size in bytes. */
    public long size() {
        return size;
    }

    /** How many copies are not deleted yet (tests). */
    static int live() {
        return LIVE.size();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the temporary directory's own cleanup takes what is left
        }
        LIVE.remove(p);
    }

    /** The Cleaner's action: refers to the path only, never to the copy (which would then stay reachable). */
    private record Delete(Path path) implements Runnable {
        @Override
        public void run() {
            deleteQuietly(path);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
