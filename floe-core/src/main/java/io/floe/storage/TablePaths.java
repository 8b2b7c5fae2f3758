package io.floe.storage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Paths of files as table metadata records them: URIs relative to the table root (or absolute); resolved safely. */
public final class TablePaths {
    private TablePaths() {
    }

    /** A canonical form for comparing paths written by different engines: decoded, no "./". */
    public static String canonical(String path) {
        String p = decode(path);
        return p.startsWith("./") ? p.substring(2) : p;
    }

    /** URL-decodes a log path ("%20" → space, "%252F" → "%2F"); '+' stays '+', as in URIs. */
    public static String decode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The store key of a file named in the log of the table at {@code tablePrefix} (a key prefix in
     * {@code storeUri}). Absolute URIs must point inside the same store; paths may not climb out of the table.
     * @throws IllegalArgumentException for paths outside the table's store or containing '..'
     */
    public static String resolveKey(String storeUri, String tablePrefix, String logPath) {
        String decoded;
        if (logPath.contains("://") || logPath.startsWith("file:")) {
            String abs = normalizeUri(logPath);
            String root = normalizeUri(storeUri);
            if (!abs.startsWith(root)) {
                throw new IllegalArgumentException("file path outside the table's store: " + logPath);
            }
            decoded = decode(abs.substring(root.length()));
        } else {
            decoded = tablePrefix + canonical(logPath);
        }
        for (String seg : decoded.split("/")) {
            if (seg.equals("..")) {
                throw new IllegalArgumentException("file path climbs out of the table: " + logPath);
            }
        }
        return decoded;
    }

    // file:/x, file:///x and file://host/x name the same local file; s3a:// and s3:// the same object.
    static String normalizeUri(String uri) {
        String u = uri;
        if (u.startsWith("file:///")) {
            u = "file:/" + u.substring("file:///".length());
        } else if (u.startsWith("file://")) {
            u = "file:/" + u.substring("file://".length());
        }
        if (u.startsWith("s3a://")) {
            u = "s3://" + u.substring("s3a://".length());
        }
        try {
            // Compare in decoded form so "%20" and " " match.
            return URI.create(u.replace(" ", "%20")).getPath() == null ? u : decodeScheme(u);
        } catch (IllegalArgumentException e) {
            return u;
        }
    }

    private static String decodeScheme(String u) {
        return decode(u);
    }

    /**
     * Encodes a table-relative path for the log as Spark does (a URI's string form): ASCII characters
     * outside the URI path set are percent-encoded (space → %20, % → %25); other Unicode stays as is.
     */
    public static String encode(String relative) {
        StringBuilder sb = new StringBuilder();
        relative.codePoints().forEach(c -> {
            if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.~/=:@!$&'()*+,;".indexOf(c) >= 0) {
                sb.appendCodePoint(c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        });
        return sb.toString();
    }
}
