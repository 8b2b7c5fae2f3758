package io.floe.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Key rules shared by the stores: validation and S3's lexicographic (UTF-8 byte) order. */
public final class Keys {
    private Keys() {
    }

    /** Orders keys as S3 lists them: by their UTF-8 bytes, unsigned. */
    public static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** Rejects keys that are empty, absolute, or that climb out of the store with "..". */
    public static String check(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid object key: '" + key + "'");
        }
        for (String part : key.split("/", -1)) {
            if (part.equals("..") || part.equals(".")) {
                throw new IllegalArgumentException("object key may not contain '.' or '..' segments: '" + key + "'");
            }
        }
        return key;
    }
}
