package io.floe.storage;

import java.util.Comparator;

/** Key rules shared by the stores: validation and S3's lexicographic (UTF-8 byte) order. */
public final class Keys {
    private Keys() {
    }

    /**
     * Orders keys as S3 lists them: by their UTF-8 bytes, unsigned. UTF-8 byte order is code point
     * order, so this compares code points instead of encoding both strings on every comparison
     * (sorted maps and listings compare a lot). String.compareTo is not enough: it orders by UTF-16
     * units, which puts supplementary characters (emoji) before U+E000..U+FFFF.
     */
    public static final Comparator<String> BYTE_ORDER = Keys::compareUtf8;

    private static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; ) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(i);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca); // equal code points: same width in both strings
        }
        return Integer.compare(a.length(), b.length());
    }

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

    /**
     * Rejects listing prefixes that could climb out of the store: the complete segments (those
     * before the last '/') follow the key rules; the trailing partial name may be anything, since
     * "_delta_log/." is a fine prefix of "_delta_log/.hidden". The empty prefix lists everything.
     */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.startsWith("/") || prefix.contains("\\")) {
            throw new IllegalArgumentException("invalid listing prefix: '" + prefix + "'");
        }
        int slash = prefix.lastIndexOf('/');
        if (slash >= 0) {
            for (String part : prefix.substring(0, slash).split("/", -1)) {
                if (part.equals("..") || part.equals(".")) {
                    throw new IllegalArgumentException("listing prefix may not contain '.' or '..' segments: '" + prefix + "'");
                }
            }
        }
        return prefix;
    }
}
