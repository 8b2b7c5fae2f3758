package io.floe.storage;

/** The store asked the client to slow down (S3 503 SlowDown and the like); the request did not take effect. */
public class ThrottledException extends StorageException {
    public ThrottledException(String message) {
        super(message);
    }

    public ThrottledException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
