package io.floe.catalog;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A table root as an absolute URI ending in '/' ({@code file:/data/wh/t/}, {@code s3://b/lake/t/}), and for local roots
 * also its real path with every existing symbolic link resolved, so that two spellings of one directory compare equal.
 * Computed from the location string alone: no store is opened.
 *
 * @param local the local directory, for roots on the local filesystem
 */
record TableRoot(String uri, String real, Optional<Path> local) {

    /** A local directory (it need not exist). */
    static TableRoot of(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        return new TableRoot(slash(p.toUri().toString()), slash(realish(p).toUri().toString()), Optional.of(p));
    }

    /** A URI with a scheme other than file: compared by its text (s3a:// and s3:// name the same objects). */
    static TableRoot ofUri(String uri) {
        String u = uri.startsWith("s3a://") ? "s3://" + uri.substring("s3a://".length()) : uri;
        u = slash(u);
        return new TableRoot(u, u, Optional.empty());
    }

    /** A location that is a local path or a URI ({@code file:} included). */
    static TableRoot parse(String location, boolean hasScheme) {
        if (!hasScheme) {
            return of(Path.of(location));
        }
        if (location.regionMatches(true, 0, "file:", 0, 5)) {
            return of(Path.of(URI.create(location)));
        }
        return ofUri(location);
    }

    /** The root {@code relative} (a key prefix) below this one. */
    TableRoot child(String relative) {
        String r = relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
        if (r.isEmpty()) {
            return this;
        }
        return local.map(p -> of(p.resolve(r))).orElseGet(() -> ofUri(uri + r));
    }

    boolean sameAs(TableRoot o) {
        return uri.equals(o.uri) || real.equals(o.real);
    }

    /** Whether this root lies strictly below {@code o}, in either spelling. */
    boolean inside(TableRoot o) {
        return !sameAs(o) && (uri.startsWith(o.uri) || real.startsWith(o.real));
    }

    /** The first path segment of this root below {@code o} (which it is inside). */
    String firstSegmentBelow(TableRoot o) {
        String rest = uri.startsWith(o.uri) ? uri.substring(o.uri.length()) : real.substring(o.real.length());
        int slash = rest.indexOf('/');
        return io.floe.storage.TablePaths.decode(slash < 0 ? rest : rest.substring(0, slash));
    }

    @Override
    public String toString() {
        return uri;
    }

    private static String slash(String s) {
        return s.endsWith("/") ? s : s + "/";
    }

    /** The real path of the deepest existing ancestor (links resolved), with the rest of the path appended. */
    private static Path realish(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p).toString()).normalize();
        } catch (IOException e) {
            return p;
        }
    }
}
