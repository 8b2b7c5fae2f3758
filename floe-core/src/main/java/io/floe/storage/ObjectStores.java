package io.floe.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens the store for a location: a local path or file: URI, memory:, or any scheme a provider serves (s3:). */
public final class ObjectStores {
    private ObjectStores() {
    }

    /** True if the location names a URI scheme (s3://…, file:/…) rather than a local path. */
    public static boolean hasScheme(String location) {
        int colon = location.indexOf(':');
        // "C:\\" style drive letters are paths, not schemes.
        return colon > 1 && location.substring(0, colon).matches("[a-zA-Z][a-zA-Z0-9+.-]*");
    }

    public static ObjectStore open(String location, Map<String, String> options) {
        String root = location.endsWith("/") ? location : location + "/";
        if (!hasScheme(location)) {
            return new LocalObjectStore(Path.of(location).toAbsolutePath().normalize());
        }
        String scheme = location.substring(0, location.indexOf(':')).toLowerCase();
        if (scheme.equals("file")) {
            return new LocalObjectStore(Path.of(URI.create(root)));
        }
        if (scheme.equals("memory")) {
            return new InMemoryObjectStore(root);
        }
        for (ObjectStoreProvider p : ServiceLoader.load(ObjectStoreProvider.class)) {
            if (p.schemes().contains(scheme)) {
                return p.open(root, options);
            }
        }
        throw new StorageException("no object store for scheme '" + scheme + "' (location " + location
                + "); is the floe-s3 module on the class path?");
    }
}
