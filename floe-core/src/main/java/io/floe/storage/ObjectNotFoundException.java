package io.floe.storage;

/** The key does not exist in the store. */
public class ObjectNotFoundException extends StorageException {
    private final String key;

    public ObjectNotFoundException(String storeUri, String key) {
        super("object not found: " + storeUri + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
