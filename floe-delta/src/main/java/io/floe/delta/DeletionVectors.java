package io.floe.delta;

import io.floe.storage.ObjectNotFoundException;
import io.floe.table.CorruptTableException;
import io.floe.table.DeletionVector;
import io.floe.table.Table;
import org.roaringbitmap.RoaringBitmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads and encodes Delta deletion vectors: the row indexes of a data file that are deleted. Stored inline in the
 * log ('i'), or in a deletion_vector_&lt;uuid&gt;.bin file under the table ('u') or at a path ('p'), as a
 * 64-bit RoaringBitmap array: a magic number, then per high-32-bit key a portable 32-bit RoaringBitmap
 * (all little-endian, PROTOCOL.md "Deletion Vector Format").
 */
final class DeletionVectors {
    private static final int MAGIC = 1681511377;
    /** Magic (4 bytes) and bucket count (8 bytes) before the first bucket. */
    private static final int HEADER = 12;

    private DeletionVectors() {
    }

    /** The deleted row indexes, ascending. */
    static long[] read(Table table, DeletionVector dv) {
        byte[] data;
        switch (dv.storageType()) {
            case "i" -> data = DeletionVectorPaths.z85Decode(dv.pathOrInlineDv());
            case "u", "p" -> {
                String key = dv.storageType().equals("u") ? DeletionVectorPaths.key(table, dv.pathOrInlineDv())
                        : table.resolveKey(dv.pathOrInlineDv());
                int offset = dv.offset() == null ? 1 : dv.offset();
                try {
                    // at the offset: a 4-byte big-endian size, then the bitmap (then a checksum we do not need)
                    data = table.store().get(key, offset + 4L, dv.sizeInBytes());
                } catch (ObjectNotFoundException e) {
                    throw new CorruptTableException("table " + table.location() + ": deletion vector file " + key
                            + " is missing", e);
                }
            }
            default -> throw new CorruptTableException("table " + table.location() + ": unknown deletion vector storage type '"
                    + dv.storageType() + "'");
        }
        try {
            long[] rows = decode(data);
            if (rows.length != dv.cardinality()) {
                throw new CorruptTableException("table " + table.location() + ": deletion vector " + dv.uniqueId() + " holds "
                        + rows.length + " rows, the log says " + dv.cardinality());
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptTableException c) {
                throw c;
            }
            throw new CorruptTableException("table " + table.location() + ": unreadable deletion vector " + dv.uniqueId()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Serializes row indexes (any order, duplicates allowed) as Delta's 64-bit RoaringBitmap array: the magic
     * number, the number of buckets, then per distinct high 32 bits (ascending) the key and a portable 32-bit
     * RoaringBitmap of the low 32 bits. Runs are compressed (run containers), as deletes of ranges are common.
     */
    static byte[] encode(long[] rows) {
        java.util.TreeMap<Long, RoaringBitmap> buckets = new java.util.TreeMap<>();
        for (long r : rows) {
            if (r < 0) {
                // the protocol wants the keys' top bit clear (Java reads them signed)
                throw new IllegalArgumentException("negative row index " + r);
            }
            buckets.computeIfAbsent(r >>> 32, k -> new RoaringBitmap()).add((int) r);
        }
        int size = HEADER;
        for (RoaringBitmap b : buckets.values()) {
            b.runOptimize();
            size += 4 + b.serializedSizeInBytes();
        }
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putLong(buckets.size());
        for (var e : buckets.entrySet()) {
            buf.putInt((int) (long) e.getKey());
            e.getValue().serialize(buf);
        }
        return buf.array();
    }

    static long[] decode(byte[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int magic = buf.getInt();
        if (magic != MAGIC) {
            throw new IOException("bad magic number " + magic);
        }
        long buckets = buf.getLong();
        long[] out = new long[16];
        int n = 0;
        for (long b = 0; b < buckets; b++) {
            long high = Integer.toUnsignedLong(buf.getInt());
            RoaringBitmap bm = new RoaringBitmap();
            ByteBuffer slice = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
            bm.deserialize(slice);
            buf.position(buf.position() + bm.serializedSizeInBytes());
            for (int low : bm.toArray()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = (high << 32) | Integer.toUnsignedLong(low);
            }
        }
        return Arrays.copyOf(out, n);
    }
}
