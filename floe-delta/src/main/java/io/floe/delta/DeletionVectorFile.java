package io.floe.delta;

import io.floe.delta.actions.DeletionVectorDescriptor;
import io.floe.storage.ObjectStore;
import io.floe.table.FloeException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Writes the deletion vectors of one commit into one {@code deletion_vector_<uuid>.bin} file under the table root
 * (storage type 'u'), in the layout PROTOCOL.md gives ("Deletion Vector File Storage Format", big-endian): a format
 * version byte (1), then per vector its size, its bytes and the CRC-32 of those bytes. A descriptor's offset points at
 * the vector's size field, which is where readers (Spark's and {@link DeletionVectors#read}) start.
 */
final class DeletionVectorFile {
    static final byte FORMAT_VERSION = 1;

    private DeletionVectorFile() {
    }

    /** The file's bytes and, in the order given, each vector's descriptor (pointing into a file named by {@code id}). */
    record Layout(byte[] bytes, List<DeletionVectorDescriptor> descriptors) {
    }

    /** Lays out {@code vectors} (each as its row indexes) in one file named by {@code id}. */
    static Layout layout(UUID id, List<long[]> vectors) {
        String pathOrInlineDv = DeletionVectorPaths.encodeUuid(id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(FORMAT_VERSION);
        List<DeletionVectorDescriptor> descriptors = new ArrayList<>();
        for (long[] rows : vectors) {
            byte[] data = DeletionVectors.encode(rows);
            int offset = out.size();
            CRC32 crc = new CRC32();
            crc.update(data);
            out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
            out.writeBytes(data);
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
            descriptors.add(new DeletionVectorDescriptor("u", pathOrInlineDv, offset, data.length, rows.length));
        }
        return new Layout(out.toByteArray(), descriptors);
    }

    /**
     * Writes {@code vectors} into a new file under {@code rootKey} (put-if-absent: a fresh UUID never exists, and
     * overwriting another writer's vectors would corrupt its table versions) and returns their descriptors.
     */
    static List<DeletionVectorDescriptor> write(ObjectStore store, String rootKey, List<long[]> vectors) {
        UUID id = UUID.randomUUID();
        Layout l = layout(id, vectors);
        String key = DeletionVectorPaths.key(rootKey, id);
        if (!store.putIfAbsentSettled(key, l.bytes())) {
            throw new FloeException("deletion vector file " + key + " already exists");
        }
        return l.descriptors();
    }
}
