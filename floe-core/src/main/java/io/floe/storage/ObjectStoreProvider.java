package io.floe.storage;

import java.util.Map;

/** Opens stores for a URI scheme; found with {@link java.util.ServiceLoader} (e.g. the S3 module registers "s3"). */
public interface ObjectStoreProvider {
    /** URI schemes served, e.g. {@code s3}, {@code s3a}. */
    java.util.Set<String> schemes();

    /** Opens a store rooted at {@code rootUri} (ends with '/'). Options are store settings such as endpoint or region. */
    ObjectStore open(String rootUri, Map<String, String> options);
}
