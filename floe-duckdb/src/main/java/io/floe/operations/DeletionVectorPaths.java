package io.floe.operations;

import io.floe.table.Table;

import java.nio.ByteBuffer;
import java.util.UUID;

/** Where a deletion vector of storage type 'u' lives: a Z85-encoded UUID with an optional directory prefix. */
final class DeletionVectorPaths {
    private static final String Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    private DeletionVectorPaths() {
    }

    static String key(Table table, String pathOrInlineDv) {
        String prefix = pathOrInlineDv.substring(0, pathOrInlineDv.length() - 20);
        UUID id = decodeUuid(pathOrInlineDv.substring(pathOrInlineDv.length() - 20));
        String rel = (prefix.isEmpty() ? "" : prefix + "/") + "deletion_vector_" + id + ".bin";
        return table.rootKey() + rel;
    }

    static UUID decodeUuid(String z85) {
        ByteBuffer out = ByteBuffer.allocate(16);
        for (int i = 0; i < 20; i += 5) {
            long v = 0;
            for (int j = 0; j < 5; j++) {
                int d = Z85.indexOf(z85.charAt(i + j));
                if (d < 0) {
                    throw new IllegalArgumentException("invalid Z85 character in deletion vector id: " + z85);
                }
                v = v * 85 + d;
            }
            out.putInt((int) v);
        }
        out.flip();
        return new UUID(out.getLong(), out.getLong());
    }
}
