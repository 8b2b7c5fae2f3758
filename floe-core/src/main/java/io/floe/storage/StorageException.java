package io.floe.storage;

/** A storage request failed. The message names the store and key. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether repeating the same request may succeed (throttling, transient server errors). */
    public boolean retryable() {
        return false;
    }
}
