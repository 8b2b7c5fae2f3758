package io.floe.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The local filesystem as an object store. Every write goes to a temporary file in the target
 * directory first; put publishes it with an atomic rename (replace), putIfAbsent with a hard link,
 * which the OS creates atomically and refuses if the name exists — so of N racing writers, in
 * threads or processes, exactly one wins and nobody sees a half-written file.
 */
public final class LocalObjectStore implements ObjectStore {
    /** Suffix of in-flight temporary files; listings never show them. */
    static final String TEMP_SUFFIX = ".floe-tmp";

    private final Path root;
    private final String uri;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        if (java.nio.file.Files.isRegularFile(this.root)) {
            // a file where a directory should be: every listing would be empty, and a mistake would look like "no tables"
            throw new StorageException("not a directory: " + this.root + " is a file; a warehouse or table location is a directory");
        }
        String u = this.root.toUri().toString();
        this.uri = u.endsWith("/") ? u : u + "/";
    }

    public Path root() {
        return root;
    }

    @Override
    public String uri() {
        return uri;
    }

    private Path path(String key) {
        if (Keys.check(key).endsWith(TEMP_SUFFIX)) {
            // such an object could be written but never listed
            throw new IllegalArgumentException("object key may not end with " + TEMP_SUFFIX + ": '" + key + "'");
        }
        return inRoot(key);
    }

    private Path inRoot(String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("key escapes the store root: " + relative);
        }
        return p;
    }

    private StorageException failure(String what, String key, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new ObjectNotFoundException(uri, key);
        }
        return new StorageException(what + " " + uri + key + " failed: " + e, e);
    }

    @Override
    public byte[] get(String key) {
        Path p = path(key);
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            if (Files.isDirectory(p)) {
                throw new ObjectNotFoundException(uri, key); // a "directory" is a prefix, not an object
            }
            throw failure("get", key, e);
        }
    }

    @Override
    public byte[] get(String key, long offset, int length) {
        InMemoryObjectStore.checkRange(offset, length);
        try (RandomAccessFile f = new RandomAccessFile(path(key).toFile(), "r")) {
            long size = f.length();
            int n = (int) Math.max(0, Math.min(length, size - offset));
            byte[] buf = new byte[n];
            f.seek(offset);
            f.readFully(buf);
            return buf;
        } catch (java.io.FileNotFoundException e) {
            throw new ObjectNotFoundException(uri, key);
        } catch (IOException e) {
            throw failure("ranged get", key, e);
        }
    }

    private static Path tempFor(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    }

    private static Path writeTemp(Path target, byte[] data) throws IOException {
        Path tmp = tempFor(target);
        try {
            Files.write(tmp, data);
        } catch (IOException e) {
            deleteQuietly(tmp); // e.g. disk full: leave no partial temp file behind
            throw e;
        }
        return tmp;
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // an orphaned temp file is invisible to listings
        }
    }

    @Override
    public void put(String key, byte[] data) {
        Path target = path(key);
        try {
            publish(writeTemp(target, data), target);
        } catch (IOException e) {
            throw failure("put", key, e);
        }
    }

    private static void publish(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        Path target = path(key);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            // a lost race, known without writing and deleting a temporary file (freeing its blocks costs ~1 ms on ext4
            // mounted with discard, and racing writers lose often); the link below stays the arbiter otherwise
            return false;
        }
        Path tmp = null;
        try {
            tmp = writeTemp(target, data);
            Files.createLink(target, tmp); // atomic; fails if target exists
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw failure("putIfAbsent", key, e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    @Override
    public void putFile(String key, Path localFile) {
        Path target = path(key);
        Path tmp = null;
        try {
            tmp = tempFor(target);
            Files.copy(localFile, tmp);
            publish(tmp, target);
        } catch (IOException e) {
            // a missing *source* is the caller's problem, not a missing object: no ObjectNotFoundException
            throw new StorageException("putFile " + localFile + " to " + uri + key + " failed: " + e, e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    @Override
    public void getToFile(String key, Path localFile) {
        Path source = path(key);
        if (!Files.isRegularFile(source)) {
            // also keeps Files.copy from "copying" a directory as an empty directory
            throw new ObjectNotFoundException(uri, key);
        }
        try {
            Files.copy(source, localFile, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            if (!Files.exists(source)) {
                throw new ObjectNotFoundException(uri, key); // deleted meanwhile
            }
            throw new StorageException("getToFile " + uri + key + " to " + localFile + " failed: " + e, e);
        } catch (IOException e) {
            throw failure("getToFile", key, e);
        }
    }

    @Override
    public ListPage list(String prefix, String startAfter, int maxKeys) {
        InMemoryObjectStore.checkMaxKeys(maxKeys);
        int slash = Keys.checkPrefix(prefix).lastIndexOf('/');
        Path dir = slash < 0 ? root : inRoot(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            return new ListPage(List.of(), false);
        }
        // Keep only the maxKeys + 1 smallest keys (a max-heap), so a page costs one walk and little memory.
        PriorityQueue<ObjectInfo> smallest = new PriorityQueue<>(
                (a, b) -> Keys.BYTE_ORDER.compare(b.key(), a.key()));
        String dirKey = slash < 0 ? "" : prefix.substring(0, slash + 1);
        try {
            walk(dir, dirKey, prefix, startAfter, maxKeys, smallest, 0);
        } catch (IOException e) {
            throw failure("list", prefix, e);
        }
        List<ObjectInfo> all = new ArrayList<>(smallest);
        all.sort((a, b) -> Keys.BYTE_ORDER.compare(a.key(), b.key()));
        boolean truncated = all.size() > maxKeys;
        return new ListPage(truncated ? all.subList(0, Math.max(0, maxKeys)) : all, truncated);
    }

    private String keyOf(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /**
     * Lists one directory, deciding from names alone which entries can matter (a log listed from a version
     * on skips every older entry without a stat call), and recursing into directories that may hold matching keys.
     */
    private void walk(Path d, String dirKey, String prefix, String startAfter, int maxKeys, PriorityQueue<ObjectInfo> smallest,
                      int depth) throws IOException {
        if (depth > 64) {
            return; // a link cycle
        }
        // listing on from a key in this directory (a log from a version): older names are passed without building a key
        boolean within = startAfter != null && startAfter.startsWith(dirKey);
        for (String name : names(d)) {
            if (name.endsWith(TEMP_SUFFIX) || within && sortsBefore(name, startAfter, dirKey.length())) {
                continue;
            }
            String key = dirKey + name;
            boolean full = smallest.size() > maxKeys;
            boolean asFile = key.startsWith(prefix) && (startAfter == null || Keys.BYTE_ORDER.compare(key, startAfter) > 0)
                    && !(full && Keys.BYTE_ORDER.compare(key, smallest.peek().key()) > 0);
            String under = key + "/"; // every key below a directory starts with this
            boolean asDir = (under.startsWith(prefix) || prefix.startsWith(under))
                    && (startAfter == null || startAfter.startsWith(under) || Keys.BYTE_ORDER.compare(under, startAfter) > 0)
                    && !(full && Keys.BYTE_ORDER.compare(under, smallest.peek().key()) > 0);
            if (!asFile && !asDir) {
                continue;
            }
            Path p = d.resolve(name);
            BasicFileAttributes attrs;
            try {
                // follow links as get() does, so that whatever can be read is listed
                attrs = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (NoSuchFileException gone) {
                continue; // deleted while listing, or a dangling link
            }
            if (attrs.isDirectory()) {
                if (asDir) {
                    walk(p, under, prefix, startAfter, maxKeys, smallest, depth + 1);
                }
            } else if (attrs.isRegularFile() && asFile) {
                smallest.add(info(key, attrs));
                if (smallest.size() > maxKeys + 1) {
                    smallest.poll();
                }
            }
        }
    }

    /**
     * Whether {@code name} sorts before {@code key}'s part from {@code from} and differs from it before either ends: then
     * the entry's key is before the whole {@code key} and so is every key below it (only a name that is a prefix of the
     * rest, "x" of "x/y" or of "xy", could hold a later key). False where surrogates make char and byte order differ:
     * the caller then compares whole keys.
     */
    static boolean sortsBefore(String name, String key, int from) {
        int n = Math.min(name.length(), key.length() - from);
        for (int i = 0; i < n; i++) {
            char a = name.charAt(i);
            char b = key.charAt(from + i);
            if (a != b) {
                return a < b && !Character.isSurrogate(a) && !Character.isSurrogate(b);
            }
        }
        return false;
    }

    /**
     * The names in a directory, none if it vanished. Names alone, as {@code File.list} gives them: a DirectoryStream makes
     * two Paths and more Strings per entry, most of them for entries the walk skips by name (~6 MB per cold load of a
     * 10,000-commit log, which a service loading tables often grew its heap by). NIO's listing, with its precise error,
     * where that one fails.
     */
    private static String[] names(Path d) throws IOException {
        String[] names = d.toFile().list();
        if (names != null) {
            return names;
        }
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
            for (Path p : entries) {
                out.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException gone) {
            // the directory vanished while listing
        }
        return out.toArray(String[]::new);
    }

    private static ObjectInfo info(String key, BasicFileAttributes a) {
        long mtime = a.lastModifiedTime().toMillis();
        // Every put publishes a new file (new inode), so the file key makes the etag change on each
        // replace even when size and millisecond mtime do not; nanos help where there is no file key.
        Object fileKey = a.fileKey();
        String etag = Long.toHexString(a.size()) + "-"
                + Long.toHexString(a.lastModifiedTime().to(TimeUnit.NANOSECONDS))
                + (fileKey == null ? "" : "-" + Integer.toHexString(fileKey.hashCode()));
        return new ObjectInfo(key, a.size(), mtime, etag);
    }

    @Override
    public void delete(Collection<String> keys) {
        List<Path> paths = keys.stream().map(this::path).toList(); // a bad key refuses the whole batch
        checkRealParents(paths, "", keys); // a key reached through a link that leaves the store is refused too
        deletePaths(paths, keys);
    }

    private void deletePaths(List<Path> paths, Collection<String> keys) {
        int i = 0;
        for (String key : keys) {
            Path p = paths.get(i++);
            try {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) { // a directory is a prefix, not an object
                    Files.deleteIfExists(p); // a link: removes the link, never its target
                }
            } catch (IOException e) {
                throw failure("delete", key, e);
            }
        }
    }

    /**
     * Deletes keys inside a table root after checking, on real paths, that every key's directory lies inside the root
     * and that the root itself is reached from the store's root without a link; then removes directories left empty
     * below the root (a killed writer's staging directory, emptied partitions).
     */
    @Override
    public void deleteWithin(String rootPrefix, Collection<String> keys) {
        ObjectStore.checkWithin(rootPrefix, keys);
        List<Path> paths = keys.stream().map(this::path).toList();
        Optional<Path> realTable = checkRealParents(paths, rootPrefix, keys);
        if (realTable.isEmpty()) {
            return; // no such directory: nothing to delete
        }
        deletePaths(paths, keys);
        Path table = rootPrefix.isEmpty() ? root : inRoot(rootPrefix.substring(0, rootPrefix.length() - 1));
        java.util.Set<Path> parents = new java.util.TreeSet<>(Comparator.comparingInt(Path::getNameCount).reversed()
                .thenComparing(Comparator.naturalOrder()));
        paths.forEach(p -> parents.add(p.getParent()));
        for (Path dir : parents) {
            for (Path d = dir; d != null && d.startsWith(table) && !d.equals(table); d = d.getParent()) {
                try {
                    if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                        break;
                    }
                    Files.delete(d);
                } catch (IOException notEmptyOrGone) {
                    break; // still holds something (or was removed by a sibling): stop climbing
                }
            }
        }
    }

    /**
     * The real path of the table root {@code rootPrefix} (empty if it does not exist), after checking that it is the
     * store's real root plus the prefix — no link on the way — and that the real directory of every path lies inside it.
     */
    private Optional<Path> checkRealParents(List<Path> paths, String rootPrefix, Collection<String> keys) {
        Path realStore;
        try {
            realStore = root.toRealPath();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("delete", rootPrefix, e);
        }
        Path realTable = rootPrefix.isEmpty() ? realStore : realStore.resolve(rootPrefix.substring(0, rootPrefix.length() - 1));
        Path table = rootPrefix.isEmpty() ? root : inRoot(rootPrefix.substring(0, rootPrefix.length() - 1));
        try {
            if (!table.toRealPath().equals(realTable)) {
                throw new PathEscapeException("refusing to delete under " + uri + rootPrefix + ": the directory is reached through"
                        + " a symbolic link (real path " + table.toRealPath() + ")");
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("delete", rootPrefix, e);
        }
        java.util.Map<Path, Path> real = new java.util.HashMap<>();
        int i = 0;
        for (String key : keys) {
            Path parent = paths.get(i++).getParent();
            Path r = real.computeIfAbsent(parent, d -> {
                try {
                    return d.toRealPath();
                } catch (NoSuchFileException gone) {
                    return realTable; // nothing there to delete
                } catch (IOException e) {
                    throw failure("delete", key, e);
                }
            });
            if (!r.startsWith(realTable)) {
                throw new PathEscapeException("refusing to delete " + uri + key + ": its directory is a symbolic link to "
                        + r + ", outside " + realTable);
            }
        }
        return Optional.of(realTable);
    }

    /** Lists without following links: a link is listed as itself, flagged, and never entered. */
    @Override
    public List<ObjectInfo> listNoFollow(String prefix) {
        int slash = Keys.checkPrefix(prefix).lastIndexOf('/');
        Path dir = slash < 0 ? root : inRoot(prefix.substring(0, slash));
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try {
            Path expected = root.toRealPath().resolve(root.relativize(dir).toString());
            if (!dir.toRealPath().equals(expected)) {
                throw new PathEscapeException("refusing to list " + uri + prefix + " for deletion: the directory is reached"
                        + " through a symbolic link (real path " + dir.toRealPath() + ")");
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw failure("list", prefix, e);
        }
        List<ObjectInfo> out = new ArrayList<>();
        try {
            walkNoFollow(dir, slash < 0 ? "" : prefix.substring(0, slash + 1), prefix, out);
        } catch (IOException e) {
            throw failure("list", prefix, e);
        }
        out.sort((a, b) -> Keys.BYTE_ORDER.compare(a.key(), b.key()));
        return out;
    }

    private void walkNoFollow(Path d, String dirKey, String prefix, List<ObjectInfo> out) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String key = dirKey + name;
                if (name.endsWith(TEMP_SUFFIX) || !(key.startsWith(prefix) || prefix.startsWith(key + "/"))) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (attrs.isSymbolicLink()) {
                    if (key.startsWith(prefix)) {
                        ObjectInfo i = info(key, attrs);
                        out.add(new ObjectInfo(i.key(), i.size(), i.lastModifiedMillis(), i.etag(), true));
                    }
                } else if (attrs.isDirectory()) {
                    walkNoFollow(p, key + "/", prefix, out);
                } else if (attrs.isRegularFile() && key.startsWith(prefix)) {
                    out.add(info(key, attrs));
                }
            }
        } catch (NoSuchFileException gone) {
            // the directory vanished while listing
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        try {
            BasicFileAttributes a = Files.readAttributes(path(key), BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(info(key, a)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("stat", key, e);
        }
    }

    @Override
    public Optional<Path> localPath(String key) {
        return Optional.of(path(key));
    }
}
