package io.floe.iceberg;

import io.floe.storage.ObjectInfo;
import io.floe.storage.ObjectNotFoundException;
import io.floe.storage.ObjectStore;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Iceberg's {@link FileIO} over a Floe {@link ObjectStore}: what Iceberg's library reads and writes (metadata JSON,
 * manifest lists, manifests) goes through the same store, with its retries, as everything else. Locations are
 * absolute URIs inside the store. {@link OutputFile#create()} creates by put-if-absent, so no file is ever replaced.
 */
final class StoreFileIO implements FileIO, org.apache.iceberg.io.SupportsBulkOperations {
    private final transient ObjectStore store;
    private final String root;

    StoreFileIO(ObjectStore store) {
        this.store = store;
        this.root = normalize(store.uri());
    }

    ObjectStore store() {
        return store;
    }

    /** file:/x, file:///x and file://host/x name one local file; s3a:// and s3:// one object. */
    static String normalize(String uri) {
        String u = uri;
        if (u.startsWith("file:///")) {
            u = "file:/" + u.substring("file:///".length());
        } else if (u.startsWith("file://")) {
            u = "file:/" + u.substring("file://".length());
        } else if (u.startsWith("/")) {
            u = "file:" + u;
        }
        if (u.startsWith("s3a://") || u.startsWith("s3n://")) {
            u = "s3://" + u.substring("s3a://".length());
        }
        return u;
    }

    /** The absolute location of a store key. */
    String location(String key) {
        return root + key;
    }

    /** The store key of a location. @throws IllegalArgumentException for a location outside the store or climbing out */
    String key(String location) {
        String n = normalize(location);
        if (!n.startsWith(root)) {
            throw new IllegalArgumentException("file " + location + " is outside the table's store " + store.uri());
        }
        String key = n.substring(root.length());
        for (String seg : key.split("/")) {
            if (seg.equals("..")) {
                throw new IllegalArgumentException("file path climbs out of the table: " + location);
            }
        }
        return key;
    }

    @Override
    public InputFile newInputFile(String path) {
        return new StoreInputFile(path, -1);
    }

    @Override
    public InputFile newInputFile(String path, long length) {
        return new StoreInputFile(path, length);
    }

    @Override
    public OutputFile newOutputFile(String path) {
        return new StoreOutputFile(path);
    }

    @Override
    public void deleteFile(String path) {
        store.delete(List.of(key(path)));
    }

    /**
     * One batch (one request on S3) instead of Iceberg's fallback: a delete per file on its shared worker pool, whose
     * wait polls every 10 ms — after every append that merged manifests.
     */
    @Override
    public void deleteFiles(Iterable<String> paths) {
        List<String> keys = new java.util.ArrayList<>();
        paths.forEach(p -> keys.add(key(p)));
        if (!keys.isEmpty()) {
            store.delete(keys);
        }
    }

    /**
     * Deletes files written under the table root at {@code rootKey} that nothing references (a lost commit attempt's
     * manifests), in one batch, forgetting any cached bytes of them. Best effort: a file left behind is only an
     * unreferenced file, which removing orphan files deletes.
     */
    void deleteUnreferenced(String rootKey, java.util.Collection<String> locations) {
        if (locations.isEmpty()) {
            return;
        }
        List<String> keys = new java.util.ArrayList<>(locations.size());
        synchronized (this) {
            for (String l : locations) {
                byte[] cached = manifests.remove(l);
                if (cached != null) {
                    manifestBytes -= cached.length;
                }
            }
        }
        try {
            locations.forEach(l -> keys.add(key(l)));
            store.deleteWithin(rootKey, keys);
        } catch (RuntimeException ignored) {
            // see above
        }
    }

    /** Bytes kept of Iceberg's immutable metadata files (manifests, manifest lists): at most this many in all. */
    private static final long MANIFEST_CACHE_BYTES = 32L << 20;

    /**
     * Manifests and manifest lists read or written through this FileIO, most recently used last. Iceberg never rewrites
     * them (their names are unique), so a repeated query plans without reading them again — on S3 every one was a GET.
     */
    private final transient java.util.LinkedHashMap<String, byte[]> manifests = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private transient long manifestBytes;

    private static boolean immutableMetadata(String location) {
        return location.endsWith(".avro");
    }

    private synchronized byte[] cachedManifest(String location) {
        return manifests.get(location);
    }

    private synchronized void cacheManifest(String location, byte[] bytes) {
        if (!immutableMetadata(location) || bytes.length > MANIFEST_CACHE_BYTES / 4) {
            return;
        }
        byte[] old = manifests.put(location, bytes);
        manifestBytes += bytes.length - (old == null ? 0 : old.length);
        var it = manifests.entrySet().iterator();
        while (manifestBytes > MANIFEST_CACHE_BYTES && it.hasNext()) {
            manifestBytes -= it.next().getValue().length;
            it.remove();
        }
    }

    private final class StoreInputFile implements InputFile {
        private final String location;
        private long length;

        StoreInputFile(String location, long length) {
            this.location = location;
            this.length = length;
        }

        @Override
        public long getLength() {
            byte[] cached = immutableMetadata(location) ? cachedManifest(location) : null;
            if (length < 0 && cached != null) {
                length = cached.length;
            }
            if (length < 0) {
                length = store.stat(key(location)).map(ObjectInfo::size)
                        .orElseThrow(() -> new NotFoundException("File does not exist: %s", location));
            }
            return length;
        }

        @Override
        public SeekableInputStream newStream() {
            try {
                // metadata files are small and read whole: one request, then served from memory
                byte[] cached = immutableMetadata(location) ? cachedManifest(location) : null;
                if (cached == null) {
                    cached = store.get(key(location));
                    cacheManifest(location, cached);
                }
                return new BytesInputStream(cached);
            } catch (ObjectNotFoundException e) {
                throw new NotFoundException(e, "File does not exist: %s", location);
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public boolean exists() {
            Optional<ObjectInfo> s = store.stat(key(location));
            return s.isPresent();
        }
    }

    private final class StoreOutputFile implements OutputFile {
        private final String location;

        StoreOutputFile(String location) {
            this.location = location;
        }

        @Override
        public PositionOutputStream create() {
            return new BufferedOutput(location, true);
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return new BufferedOutput(location, false);
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public InputFile toInputFile() {
            return new StoreInputFile(location, -1);
        }
    }

    /** Collects the bytes and stores them on close: readers never see a partial file. */
    private final class BufferedOutput extends PositionOutputStream {
        private final String location;
        private final boolean create;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private boolean closed;

        BufferedOutput(String location, boolean create) {
            this.location = location;
            this.create = create;
        }

        @Override
        public long getPos() {
            return buf.size();
        }

        @Override
        public void write(int b) {
            buf.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buf.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            String key = key(location);
            byte[] bytes = buf.toByteArray();
            if (create) {
                if (!store.putIfAbsentSettled(key, bytes)) { // an unknown outcome settled by reading it back
                    throw new AlreadyExistsException("File already exists: %s", location);
                }
            } else {
                store.put(key, bytes);
            }
            cacheManifest(location, bytes); // what this commit wrote, its next read needs no GET
        }
    }

    /**
     * The bytes {@code in} has left: a stream of this FileIO at its start gives the bytes it serves (cached, shared:
     * read them, never write them) instead of a copy per read; any other stream is read.
     */
    static byte[] readOnlyBytes(java.io.InputStream in) throws IOException {
        if (in instanceof BytesInputStream b && b.pos == 0) {
            b.pos = b.data.length;
            return b.data;
        }
        return in.readAllBytes();
    }

    /** A seekable stream over bytes in memory. */
    private static final class BytesInputStream extends SeekableInputStream {
        private final byte[] data;
        private int pos;

        BytesInputStream(byte[] data) {
            this.data = data;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos < 0 || newPos > data.length) {
                throw new IOException("seek to " + newPos + " outside 0.." + data.length);
            }
            pos = (int) newPos;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(len, data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
