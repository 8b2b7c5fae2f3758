package io.floe.storage;

/**
 * What a listing or stat knows of an object. {@code etag} is the store's version tag (content hash, or size+mtime locally).
 *
 * @param symbolicLink true only in {@link ObjectStore#listNoFollow} listings of stores that have links: the key names a
 *                     link, whose target is not the store's to touch (deleting the key removes the link alone)
 */
public record ObjectInfo(String key, long size, long lastModifiedMillis, String etag, boolean symbolicLink) {
    public ObjectInfo(String key, long size, long lastModifiedMillis, String etag) {
        this(key, size, lastModifiedMillis, etag, false);
    }
}
