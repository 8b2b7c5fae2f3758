package io.floe.table;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * One statement's view of its tables: the first time a statement asks a table handle for its newest snapshot the
 * format probes the store; later asks within the same statement reuse what that probe found (plus the statement's own
 * commits). A DELETE asked three times — planning its condition, pruning, opening its transaction — and each ask was a
 * request on S3 that could also have seen a different version. Commits are unaffected: they are conditional creates
 * that fail when anyone committed after the version the statement read.
 *
 * <p>Scopes are per thread and opened by whoever runs a statement ({@code try (var s = StatementScope.open()) {…}});
 * without an open scope every ask probes, as before. Nested opens join the outer scope.
 */
public final class StatementScope implements AutoCloseable {
    private static final ThreadLocal<StatementScope> CURRENT = new ThreadLocal<>();
    private static final StatementScope JOINED = new StatementScope();

    private final Set<Object> probed = Collections.newSetFromMap(new IdentityHashMap<>());

    private StatementScope() {
    }

    /** Opens a scope on this thread, or joins the one already open (closing a joined scope does nothing). */
    public static StatementScope open() {
        if (CURRENT.get() != null) {
            return JOINED;
        }
        StatementScope s = new StatementScope();
        CURRENT.set(s);
        return s;
    }

    /**
     * Whether {@code handle} (a format's per-table state object) must probe the store now: true outside a scope and the
     * first time within one, false afterwards.
     */
    public static boolean needsProbe(Object handle) {
        StatementScope s = CURRENT.get();
        return s == null || s.probed.add(handle);
    }

    @Override
    public void close() {
        if (this != JOINED && CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
