package io.floe.storage;

/**
 * A write may or may not have taken effect (e.g. a timeout after the request was sent).
 * Callers must not clean up what the write referenced: a later read decides.
 *
 * <p>Caused by a {@link ThrottledException} when throttling outlasted the store's retries of a conditional PUT: a 503
 * may hide an applied write, so only a read can say "not applied" ({@link ObjectStore#putIfAbsentSettled} does).
 */
public class OutcomeUnknownException extends StorageException {
    private final String key;

    public OutcomeUnknownException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
