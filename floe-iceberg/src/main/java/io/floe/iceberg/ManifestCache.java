package io.floe.iceberg;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A table's data manifests as decoded whole ({@link DecodedFiles}), by path and the schema their bounds were typed
 * with, across snapshots: a manifest never changes once written, and a query planned again (on the same snapshot or a
 * later one sharing the manifest) then filters the decoded files instead of decoding the manifest again — every plan
 * decoded the manifests its filter could touch, which was most of a repeated point lookup's planning. Bounded by the
 * number of files held (least recently used dropped first). Thread-safe.
 */
final class ManifestCache {
    /** Files held at most (~75 bytes each in {@link DecodedFiles}: ~18 MB). */
    static final int MAX_FILES = 250_000;
    /** Paths remembered as read once (filtered): the next read of one decodes it whole, to keep. */
    private static final int MAX_SEEN = 100_000;

    private record Key(String path, int schemaId) {
    }

    private final int maxFiles;
    private final LinkedHashMap<Key, DecodedFiles> byPath = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<String> seen = new HashSet<>();
    private long files;

    ManifestCache() {
        this(MAX_FILES);
    }

    ManifestCache(int maxFiles) {
        this.maxFiles = maxFiles;
    }

    /** The files this many may be held at once: a snapshot with more is planned without keeping its manifests. */
    int maxFiles() {
        return maxFiles;
    }

    /** The manifest at {@code path} as decoded with schema {@code schemaId}, or null. */
    synchronized DecodedFiles get(String path, int schemaId) {
        return byPath.get(new Key(path, schemaId));
    }

    /** Keeps a manifest decoded whole, dropping the least recently used ones beyond the bound (a larger one is not kept). */
    synchronized void put(String path, int schemaId, DecodedFiles decoded) {
        if (decoded.size() > maxFiles) {
            return;
        }
        DecodedFiles old = byPath.put(new Key(path, schemaId), decoded);
        files += decoded.size() - (old == null ? 0 : old.size());
        Iterator<Map.Entry<Key, DecodedFiles>> it = byPath.entrySet().iterator();
        while (files > maxFiles && it.hasNext()) {
            files -= it.next().getValue().size();
            it.remove();
        }
    }

    /** Whether {@code path} was {@link #seen} before this call; it is remembered from now on. */
    synchronized boolean seen(String path) {
        if (seen.size() >= MAX_SEEN) {
            seen.clear();
        }
        return !seen.add(path);
    }

    /** Files held now. */
    synchronized long files() {
        return files;
    }
}
