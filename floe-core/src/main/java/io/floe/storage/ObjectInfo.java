package io.floe.storage;

/** What a listing or stat knows of an object. {@code etag} is the store's version tag (content hash, or size+mtime locally). */
public record ObjectInfo(String key, long size, long lastModifiedMillis, String etag) {
}
