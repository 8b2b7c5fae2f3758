package io.floe.storage;

/**
 * A delete was refused because the object lies outside the root it was meant to stay in: by name, or on the real
 * path once symbolic links are resolved (a link inside a table directory pointing elsewhere).
 */
public final class PathEscapeException extends StorageException {
    public PathEscapeException(String message) {
        super(message);
    }
}
