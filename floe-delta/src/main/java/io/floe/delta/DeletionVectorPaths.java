package io.floe.delta;

import io.floe.table.Table;

import java.nio.ByteBuffer;
import java.util.UUID;

/** Where a deletion vector of storage type 'u' lives: a Z85-encoded UUID with an optional directory prefix. */
public final class DeletionVectorPaths {
    private static final String Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    private DeletionVectorPaths() {
    }

    /** The store key of a deletion vector file of storage type 'u'. */
    public static String key(Table table, String pathOrInlineDv) {
        String prefix = pathOrInlineDv.substring(0, pathOrInlineDv.length() - 20);
        UUID id = decodeUuid(pathOrInlineDv.substring(pathOrInlineDv.length() - 20));
        String rel = (prefix.isEmpty() ? "" : prefix + "/") + "deletion_vector_" + id + ".bin";
        return table.rootKey() + rel;
    }

    /** The store key of the deletion vector file {@code id} (no random prefix: Floe writes none). */
    static String key(String rootKey, UUID id) {
        return rootKey + fileName(id);
    }

    static String fileName(UUID id) {
        return "deletion_vector_" + id + ".bin";
    }

    /** The pathOrInlineDv of a 'u' vector in the file named by {@code id}: its 16 bytes in Z85 (20 characters). */
    static String encodeUuid(UUID id) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return z85Encode(b.array());
    }

    /** Encodes as Z85 (ZeroMQ's base-85): every 4 bytes, read big-endian, give 5 characters. */
    public static String z85Encode(byte[] data) {
        if (data.length % 4 != 0) {
            throw new IllegalArgumentException("Z85 needs a multiple of 4 bytes, not " + data.length);
        }
        StringBuilder out = new StringBuilder(data.length / 4 * 5);
        ByteBuffer in = ByteBuffer.wrap(data);
        char[] group = new char[5];
        while (in.hasRemaining()) {
            long v = Integer.toUnsignedLong(in.getInt());
            for (int j = 4; j >= 0; j--) {
                group[j] = Z85.charAt((int) (v % 85));
                v /= 85;
            }
            out.append(group);
        }
        return out.toString();
    }

    static UUID decodeUuid(String z85) {
        ByteBuffer out = ByteBuffer.wrap(z85Decode(z85));
        return new UUID(out.getLong(), out.getLong());
    }

    /** Decodes Z85 (ZeroMQ's base-85): every 5 characters give 4 bytes, big-endian. */
    public static byte[] z85Decode(String z85) {
        if (z85.length() % 5 != 0) {
            throw new IllegalArgumentException("Z85 data length is not a multiple of 5: " + z85.length());
        }
        ByteBuffer out = ByteBuffer.allocate(z85.length() / 5 * 4);
        for (int i = 0; i < z85.length(); i += 5) {
            long v = 0;
            for (int j = 0; j < 5; j++) {
                int d = Z85.indexOf(z85.charAt(i + j));
                if (d < 0) {
                    throw new IllegalArgumentException("invalid Z85 character in deletion vector data: " + z85);
                }
                v = v * 85 + d;
            }
            out.putInt((int) v);
        }
        return out.array();
    }
}
