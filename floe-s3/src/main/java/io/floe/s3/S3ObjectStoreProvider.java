package io.floe.s3;

import io.floe.storage.ObjectStore;
import io.floe.storage.ObjectStoreProvider;

import java.util.Map;
import java.util.Set;

/** Serves {@code s3://} and {@code s3a://} locations (registered with ServiceLoader). */
public final class S3ObjectStoreProvider implements ObjectStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("s3", "s3a");
    }

    @Override
    public ObjectStore open(String rootUri, Map<String, String> options) {
        return new S3ObjectStore(rootUri, S3Config.from(options));
    }
}
