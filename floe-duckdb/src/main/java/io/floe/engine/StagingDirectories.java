package io.floe.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The staging directories of one engine's writes ({@link DataFileWriter#STAGING_PREFIX}{@code <uuid>} in a local table's
 * root, or in the engine's own work directory for remote stores), kept for the next write once emptied instead of being
 * removed and made again. Making and removing a directory per write was a large part of a small append: {@code rmdir}
 * takes ~1.4 ms on an ext4 filesystem mounted with {@code discard}, as much as the rest of a one-row commit. An idle
 * directory is empty, so it holds nothing a reader, VACUUM or {@code floe doctor} would see (they list files); the
 * engine removes its idle directories when it closes. One directory serves one write at a time; concurrent writes
 * to a table take one each.
 */
final class StagingDirectories implements AutoCloseable {
    /** Idle directories kept per parent; more than that many writers at once leave the extra ones to be removed. */
    private static final int MAX_IDLE_PER_PARENT = 16;

    private final boolean reuse;
    private final Map<Path, Deque<Path>> idle = new HashMap<>();
    private boolean closed;

    private StagingDirectories(boolean reuse) {
        this.reuse = reuse;
    }

    /** Directories kept for reuse until {@link #close()}. */
    static StagingDirectories reusing() {
        return new StagingDirectories(true);
    }

    /** A new directory per write, removed after it (for writers without an engine that would clean up after them). */
    static StagingDirectories perWrite() {
        return new StagingDirectories(false);
    }

    /** An empty staging directory in {@code parent}, made now or left idle by an earlier write. */
    Path take(Path parent) {
        Path dir = null;
        synchronized (this) {
            Deque<Path> q = reuse && !closed ? idle.get(parent) : null;
            if (q != null) {
                dir = q.pollFirst();
            }
        }
        try {
            // an idle directory may have been removed meanwhile (the table dropped, its directory deleted): make it again
            return Files.createDirectories(dir != null ? dir : parent.resolve(DataFileWriter.STAGING_PREFIX + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging directory: " + e.getMessage(), e);
        }
    }

    /**
     * Back from a write: emptied and kept for the next one, or removed (when it cannot be emptied, is not reused, or
     * enough are idle already).
     */
    void give(Path dir) {
        if (!reuse || !emptyContents(dir)) {
            deleteTree(dir);
            return;
        }
        synchronized (this) {
            if (!closed) {
                Deque<Path> q = idle.computeIfAbsent(dir.getParent(), p -> new ArrayDeque<>());
                if (q.size() < MAX_IDLE_PER_PARENT) {
                    q.addFirst(dir); // the most recently used first: its parent's metadata is the warmest
                    return;
                }
            }
        }
        deleteTree(dir);
    }

    /** Removes the idle directories; writes still running remove theirs when they end. */
    @Override
    public void close() {
        List<Path> dirs = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(dirs::addAll);
            idle.clear();
        }
        dirs.forEach(StagingDirectories::deleteTree);
    }

    /** Removes what a write left in {@code dir} (partition directories, pieces); false when something stays. */
    private static boolean emptyContents(Path dir) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                s.forEach(children::add);
            }
            for (Path child : children) {
                deleteTree(child);
                if (Files.exists(child, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Removes {@code dir} and everything in it, quietly: staging leftovers are hidden from readers and VACUUM. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // what stays is hidden from readers; VACUUM removes it once old
        }
    }
}
