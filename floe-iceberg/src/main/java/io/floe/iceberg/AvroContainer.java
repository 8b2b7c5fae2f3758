package io.floe.iceberg;

import java.io.IOException;
import java.util.Map;

/**
 * An Avro object container file (the layout of Iceberg's manifests): header (magic, metadata with the schema and
 * codec, sync marker), then blocks of records, each null- or deflate-coded. Other codecs are
 * {@link ManifestDecoder.Unsupported}: the caller reads those with Iceberg's reader.
 */
final class AvroContainer {
    /** Writer schemas by their JSON: every manifest of a table has the same, and parsing it was a tenth of reading one. */
    private static final Map<String, org.apache.avro.Schema> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    private final byte[] bytes;
    private int pos;
    final org.apache.avro.Schema schema;
    private final boolean deflate;
    private final byte[] sync = new byte[16];
    /**
     * The current block's bytes: {@link #blockLength} of them from {@link #blockOffset}. A deflated block is inflated into
     * a buffer the thread keeps for its next manifest (a manifest is read whole before another on the same thread), so
     * the block is only valid until the next {@link #nextBlock()} of any container on this thread.
     */
    byte[] block;
    int blockOffset;
    int blockLength;
    /** A thread keeps an inflate buffer up to this size (a manifest's blocks are usually far smaller). */
    private static final int KEPT_BUFFER = 8 << 20;
    private static final ThreadLocal<byte[]> INFLATED = ThreadLocal.withInitial(() -> new byte[64 * 1024]);
    long blockCount;

    AvroContainer(byte[] bytes) throws IOException {
        this.bytes = bytes;
        if (bytes.length < 4 || bytes[0] != 'O' || bytes[1] != 'b' || bytes[2] != 'j' || bytes[3] != 1) {
            throw new IOException("not an Avro object container file");
        }
        pos = 4;
        int jsonAt = -1;
        int jsonLength = 0;
        String codec = "null";
        for (long n = readLong(); n != 0; n = readLong()) {
            if (n < 0) {
                n = -n;
                readLong(); // the block's size in bytes
            }
            for (long i = 0; i < n; i++) {
                String key = new String(readBytes(), java.nio.charset.StandardCharsets.UTF_8);
                int length = skipBytes();
                if (key.equals("avro.schema")) {
                    jsonAt = pos - length; // not copied: the table's schemas are looked up by these bytes
                    jsonLength = length;
                } else if (key.equals("avro.codec")) {
                    codec = new String(bytes, pos - length, length, java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        if (jsonAt < 0) {
            throw new IOException("Avro file without a schema");
        }
        if (!codec.equals("null") && !codec.equals("deflate")) {
            throw new ManifestDecoder.Unsupported("Avro codec " + codec);
        }
        deflate = codec.equals("deflate");
        System.arraycopy(bytes, pos, sync, 0, 16);
        pos += 16;
        schema = schema(bytes, jsonAt, jsonLength);
    }

    /** A schema parsed from its JSON once: the last one used (usually every manifest's), else by its text. */
    private static org.apache.avro.Schema schema(byte[] bytes, int at, int length) {
        Parsed last = lastParsed;
        if (last != null && java.util.Arrays.equals(last.json(), 0, last.json().length, bytes, at, at + length)) {
            return last.schema();
        }
        String json = new String(bytes, at, length, java.nio.charset.StandardCharsets.UTF_8);
        if (SCHEMAS.size() > 256) {
            SCHEMAS.clear(); // many tables' schemas: start over rather than keep them all
        }
        org.apache.avro.Schema schema = SCHEMAS.computeIfAbsent(json, j -> new org.apache.avro.Schema.Parser().parse(j));
        lastParsed = new Parsed(java.util.Arrays.copyOfRange(bytes, at, at + length), schema);
        return schema;
    }

    private record Parsed(byte[] json, org.apache.avro.Schema schema) {
    }

    /** The schema of the manifest read last: its JSON was a copy and a String per manifest to look up in {@link #SCHEMAS}. */
    private static volatile Parsed lastParsed;

    /** Reads the next block into {@link #block}; false at the end of the file. */
    boolean nextBlock() throws IOException {
        if (pos >= bytes.length) {
            return false;
        }
        blockCount = readLong();
        long size = readLong();
        if (size < 0 || pos + size + 16 > bytes.length) {
            throw new IOException("Avro block of " + size + " bytes past the end of the file");
        }
        int start = pos;
        pos += (int) size;
        if (deflate) {
            java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
            try {
                inflater.setInput(bytes, start, (int) size);
                if (block == null || block == bytes) {
                    // the thread's buffer from its previous manifest: a new one per manifest, doubled until a block fit,
                    // was a fifth of the garbage of reading a table's manifests
                    block = INFLATED.get();
                }
                blockOffset = 0;
                blockLength = 0;
                while (!inflater.finished()) {
                    if (blockLength == block.length) {
                        block = java.util.Arrays.copyOf(block, block.length * 2);
                        if (block.length <= KEPT_BUFFER) {
                            INFLATED.set(block);
                        }
                    }
                    int n = inflater.inflate(block, blockLength, block.length - blockLength);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new IOException("deflate block in an Avro file ends before its last block");
                    }
                    blockLength += n;
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new IOException("corrupt deflate block in an Avro file", e);
            } finally {
                inflater.end();
            }
        } else {
            block = bytes; // read in place
            blockOffset = start;
            blockLength = (int) size;
        }
        if (!java.util.Arrays.equals(bytes, pos, pos + 16, sync, 0, 16)) {
            throw new IOException("Avro block not followed by the file's sync marker");
        }
        pos += 16;
        return true;
    }

    /** A zig-zag varint long, as Avro encodes them. */
    private long readLong() throws IOException {
        long v = 0;
        int shift = 0;
        while (true) {
            if (pos >= bytes.length) {
                throw new IOException("Avro file ends inside a number");
            }
            int b = bytes[pos++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (v >>> 1) ^ -(v & 1);
            }
            shift += 7;
            if (shift > 63) {
                throw new IOException("malformed number in an Avro file");
            }
        }
    }

    /** Reads past a length-prefixed value: its length (it ends at {@link #pos}). */
    private int skipBytes() throws IOException {
        long n = readLong();
        if (n < 0 || pos + n > bytes.length) {
            throw new IOException("Avro value of " + n + " bytes past the end of the file");
        }
        pos += (int) n;
        return (int) n;
    }

    private byte[] readBytes() throws IOException {
        long n = readLong();
        if (n < 0 || pos + n > bytes.length) {
            throw new IOException("Avro value of " + n + " bytes past the end of the file");
        }
        byte[] out = java.util.Arrays.copyOfRange(bytes, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }
}

