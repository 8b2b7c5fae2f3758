package io.floe.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

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
        Path p = root.resolve(Keys.check(key)).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("key escapes the store root: " + key);
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
        try {
            return Files.readAllBytes(path(key));
        } catch (IOException e) {
            throw failure("get", key, e);
        }
    }

    @Override
    public byte[] get(String key, long offset, int length) {
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

    private Path writeTemp(Path target, byte[] data) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        Files.write(tmp, data);
        return tmp;
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
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // an orphaned temp file is invisible to listings
                }
            }
        }
    }

    @Override
    public void putFile(String key, Path localFile) {
        Path target = path(key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
            Files.copy(localFile, tmp);
            publish(tmp, target);
        } catch (IOException e) {
            throw failure("putFile", key, e);
        }
    }

    @Override
    public void getToFile(String key, Path localFile) {
        try {
            Files.copy(path(key), localFile, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure("getToFile", key, e);
        }
    }

    @Override
    public ListPage list(String prefix, String startAfter, int maxKeys) {
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            return new ListPage(List.of(), false);
        }
        List<ObjectInfo> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(p -> {
                if (p.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                    return;
                }
                String key = root.relativize(p).toString().replace('\\', '/');
                if (!key.startsWith(prefix) || (startAfter != null && Keys.BYTE_ORDER.compare(key, startAfter) <= 0)) {
                    return;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        all.add(info(key, a));
                    }
                } catch (NoSuchFileException gone) {
                    // deleted while listing
                } catch (IOException e) {
                    throw failure("list", key, e);
                }
            });
        } catch (IOException e) {
            throw failure("list", prefix, e);
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return list(prefix, startAfter, maxKeys); // a directory vanished mid-walk: list again
            }
            throw failure("list", prefix, e.getCause());
        }
        all.sort((a, b) -> Keys.BYTE_ORDER.compare(a.key(), b.key()));
        boolean truncated = all.size() > maxKeys;
        return new ListPage(truncated ? all.subList(0, maxKeys) : all, truncated);
    }

    private static ObjectInfo info(String key, BasicFileAttributes a) {
        long mtime = a.lastModifiedTime().toMillis();
        return new ObjectInfo(key, a.size(), mtime, Long.toHexString(a.size()) + "-" + Long.toHexString(mtime));
    }

    @Override
    public void delete(Collection<String> keys) {
        for (String key : keys) {
            try {
                Files.deleteIfExists(path(key));
            } catch (IOException e) {
                throw failure("delete", key, e);
            }
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        try {
            return Optional.of(info(key, Files.readAttributes(path(key), BasicFileAttributes.class)));
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
