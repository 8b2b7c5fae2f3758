package io.floe.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A decorator that injects failures into another store and records every call, for tests and labs.
 *
 * <p>Rules match an {@link Op} (or any op when {@code op} is null) and a key regex, matched with
 * {@link java.util.regex.Matcher#find()} against the key (the prefix for {@link Op#LIST}; null or ""
 * matches every key). A rule fires every time it matches unless limited with {@link Rule#times(int)},
 * and can be pinned to one call index with {@link Rule#atCall(int)}. Rules are checked in the order
 * they were added; a rule that throws stops the call.
 *
 * <pre>{@code
 * store.failBefore(Op.PUT_IF_ABSENT, "_delta_log/.*\\.json").times(1);   // not applied, StorageException
 * store.crashAfter(Op.PUT, "\\.parquet$");                               // applied, then the "process" dies
 * store.latency(Op.GET, "", 20);
 * store.throttle(Op.LIST, "_delta_log/", 3);                            // 3 ThrottledExceptions, then passes
 * store.crashAfterCall(5);                                               // exhaustive crash-point tests
 * }</pre>
 *
 * <p><b>Crashes.</b> {@link #crashBefore}/{@link #crashAfter} model the death of the writing process, so
 * after one fires the store is <em>down</em>: every later call throws {@link SimulatedCrashException}
 * without reaching the delegate, until {@link #restart()}. That keeps clean-up or "resolve the unknown
 * outcome" code in the caller from touching storage, as it could not after a real crash. Give each
 * simulated process its own decorator over a shared delegate. A lost response without a crash (the
 * caller lives on and must resolve the outcome) is {@link #failAfter}.
 *
 * <p><b>Exception types.</b> {@link SimulatedCrashException} extends {@link OutcomeUnknownException}
 * (hence {@link StorageException}) for every operation, not only putIfAbsent: from the caller's side a
 * crash means it never learns whether the request took effect, which is exactly what that type says,
 * and commit code that handles an unknown putIfAbsent outcome sees the crash through the same path.
 *
 * <p><b>Call log.</b> Every attempted call (including failed ones) is logged in arrival order with a
 * 0-based index counted from creation or the last {@link #clearCalls()}. A batch delete is forwarded as
 * one single-key delete per key, and logged per key, so that a crash can land between two keys (neither
 * S3's multi-object delete nor a filesystem deletes a batch atomically). {@link #localPath} is always
 * empty so that callers read through {@link #getToFile}, where faults apply and calls are logged.
 */
public final class FaultInjectingObjectStore implements ObjectStore {

    /** The storage operations a rule can match and the log records. */
    public enum Op { GET, GET_RANGE, PUT, PUT_IF_ABSENT, PUT_FILE, GET_TO_FILE, LIST, DELETE, STAT }

    /** One logged call: its index in the log, the operation, and the key (the prefix for LIST). */
    public record Call(int index, Op op, String key) {
        @Override
        public String toString() {
            return index + ":" + op + " " + key;
        }
    }

    /** Thrown by a simulated crash, and by every call while the store is down after one. */
    public static final class SimulatedCrashException extends OutcomeUnknownException {
        private final Call call;
        private final boolean applied;

        SimulatedCrashException(Call call, boolean applied, String message) {
            super(call.key(), message, null);
            this.call = call;
            this.applied = applied;
        }

        /** The call that crashed (or was refused because the store was down). */
        public Call call() {
            return call;
        }

        /** Whether the delegate executed the call before the crash — for the test, never for the caller. */
        public boolean applied() {
            return applied;
        }
    }

    private enum Kind {
        FAIL_BEFORE(false), CRASH_BEFORE(false), LATENCY(false), THROTTLE(false), HOOK(false),
        FAIL_AFTER(true), CRASH_AFTER(true), THROTTLED_AFTER(true);

        /** Whether the rule acts once the delegate has run the call. */
        final boolean after;

        Kind(boolean after) {
            this.after = after;
        }
    }

    /** A registered rule; the fluent methods narrow it. */
    public final class Rule {
        private final Kind kind;
        private final Op op;
        private final Pattern key;
        private final long millis;
        private final Consumer<Call> hook;
        private volatile int callIndex = -1;
        private final AtomicInteger remaining = new AtomicInteger(-1); // -1: unlimited
        private final AtomicInteger fired = new AtomicInteger();

        private Rule(Kind kind, Op op, String keyRegex, long millis, Consumer<Call> hook) {
            this.kind = kind;
            this.op = op;
            this.key = keyRegex == null || keyRegex.isEmpty() ? null : Pattern.compile(keyRegex);
            this.millis = millis;
            this.hook = hook;
        }

        /** Fire at most {@code n} more times (across all threads), then let calls pass. */
        public Rule times(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("times must be >= 0: " + n);
            }
            remaining.set(n);
            return this;
        }

        /** Match only the call with this index in the log (see {@link #calls()}). */
        public Rule atCall(int index) {
            callIndex = index;
            return this;
        }

        /** How many times the rule has fired. */
        public int fired() {
            return fired.get();
        }

        /** Unregisters the rule. */
        public void remove() {
            rules.remove(this);
        }

        private boolean matches(Call c) {
            return (op == null || op == c.op())
                    && (callIndex < 0 || callIndex == c.index())
                    && (key == null || (c.key() != null && key.matcher(c.key()).find()));
        }

        // Claims one firing atomically, so that times(n) holds under concurrent calls.
        private boolean tryFire() {
            while (true) {
                int r = remaining.get();
                if (r == 0) {
                    return false;
                }
                if (r < 0 || remaining.compareAndSet(r, r - 1)) {
                    fired.incrementAndGet();
                    return true;
                }
            }
        }

        @Override
        public String toString() {
            return kind + "(" + (op == null ? "any op" : op) + ", " + (key == null ? "any key" : key)
                    + (callIndex < 0 ? "" : ", call " + callIndex) + ")";
        }
    }

    private final ObjectStore delegate;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Call> log = new ArrayList<>(); // guarded by itself
    private volatile boolean down;

    public FaultInjectingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    /** The wrapped store, for inspecting state behind the faults (e.g. while this one is down). */
    public ObjectStore delegate() {
        return delegate;
    }

    // ---- rules

    private Rule add(Kind kind, Op op, String keyRegex, long millis, Consumer<Call> hook) {
        Rule r = new Rule(kind, op, keyRegex, millis, hook);
        rules.add(r);
        return r;
    }

    /** Throws a {@link StorageException} before the call; the call does not take effect. */
    public Rule failBefore(Op op, String keyRegex) {
        return add(Kind.FAIL_BEFORE, op, keyRegex, 0, null);
    }

    /** Runs the call, then throws a plain {@link OutcomeUnknownException} (a lost response); the store stays up. */
    public Rule failAfter(Op op, String keyRegex) {
        return add(Kind.FAIL_AFTER, op, keyRegex, 0, null);
    }

    /**
     * Runs the call, then reports throttling as the S3 store does when it may hide an applied write: an
     * {@link OutcomeUnknownException} caused by a {@link ThrottledException}. An intermediary that timed out answered 503
     * for a request the store applied, and the store's retries of it were throttled too (or met its own object).
     */
    public Rule throttledAfter(Op op, String keyRegex) {
        return add(Kind.THROTTLED_AFTER, op, keyRegex, 0, null);
    }

    /** The process dies just before the call: not applied, {@link SimulatedCrashException}, store down. */
    public Rule crashBefore(Op op, String keyRegex) {
        return add(Kind.CRASH_BEFORE, op, keyRegex, 0, null);
    }

    /** The process dies just after the call: applied (or failed) on the delegate, {@link SimulatedCrashException}, store down. */
    public Rule crashAfter(Op op, String keyRegex) {
        return add(Kind.CRASH_AFTER, op, keyRegex, 0, null);
    }

    /** Sleeps {@code millis} before each matching call. */
    public Rule latency(Op op, String keyRegex, long millis) {
        return add(Kind.LATENCY, op, keyRegex, millis, null);
    }

    /** Throws {@link ThrottledException} (not applied, retryable) for the next {@code times} matching calls, then passes. */
    public Rule throttle(Op op, String keyRegex, int times) {
        return add(Kind.THROTTLE, op, keyRegex, 0, null).times(times);
    }

    /**
     * Runs {@code action} before each matching call. It may throw to fail the call, or act on
     * {@link #delegate()} — e.g. commit the same version first, as a concurrent writer would.
     */
    public Rule hook(Op op, String keyRegex, Consumer<Call> action) {
        return add(Kind.HOOK, op, keyRegex, 0, action);
    }

    /** Crashes just before the call with this log index, whatever it is. */
    public Rule crashBeforeCall(int index) {
        return crashBefore(null, null).atCall(index);
    }

    /** Crashes just after the call with this log index, whatever it is. */
    public Rule crashAfterCall(int index) {
        return crashAfter(null, null).atCall(index);
    }

    public void clearRules() {
        rules.clear();
    }

    // ---- state

    /** True after a simulated crash, until {@link #restart()}. */
    public boolean crashed() {
        return down;
    }

    /** Brings the store back up after a simulated crash (rules stay; one-shot rules are used up). */
    public void restart() {
        down = false;
    }

    /** A snapshot of the call log, in index order. */
    public List<Call> calls() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Empties the call log; indexes start again at 0. */
    public void clearCalls() {
        synchronized (log) {
            log.clear();
        }
    }

    // ---- the interception

    private Call record(Op op, String key) {
        synchronized (log) {
            Call c = new Call(log.size(), op, key);
            log.add(c);
            return c;
        }
    }

    private <T> T call(Op op, String key, Supplier<T> action) {
        Call c = record(op, key);
        if (down) {
            throw new SimulatedCrashException(c, false, "store is down after a simulated crash, refused " + c
                    + " (restart() brings it back)");
        }
        for (Rule r : rules) {
            if (!r.kind.after && r.matches(c) && r.tryFire()) {
                before(r, c);
            }
        }
        T result;
        try {
            result = action.get();
        } catch (RuntimeException e) {
            // A crash or lost response after a failed call still hides that outcome from the caller.
            after(c, e);
            throw e;
        }
        after(c, null);
        return result;
    }

    private void before(Rule r, Call c) {
        switch (r.kind) {
            case FAIL_BEFORE -> throw new StorageException("injected failure before " + c + " by " + r);
            case CRASH_BEFORE -> {
                down = true;
                throw new SimulatedCrashException(c, false, "simulated crash before " + c);
            }
            case LATENCY -> {
                try {
                    Thread.sleep(r.millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted during injected latency of " + c, e);
                }
            }
            case THROTTLE -> throw new ThrottledException("injected throttling of " + c);
            case HOOK -> r.hook.accept(c);
            default -> throw new AssertionError(r.kind);
        }
    }

    private void after(Call c, RuntimeException failure) {
        for (Rule r : rules) {
            if (r.kind.after && r.matches(c) && r.tryFire()) {
                StorageException e;
                if (r.kind == Kind.CRASH_AFTER) {
                    down = true;
                    e = new SimulatedCrashException(c, failure == null, "simulated crash after " + c);
                } else if (r.kind == Kind.THROTTLED_AFTER) {
                    e = new OutcomeUnknownException(c.key(), "throttled until the retries ran out after applying " + c,
                            new ThrottledException("injected 503 after applying " + c));
                } else {
                    e = new OutcomeUnknownException(c.key(), "injected lost response after " + c, null);
                }
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                throw e;
            }
        }
    }

    private void run(Op op, String key, Runnable action) {
        call(op, key, () -> {
            action.run();
            return null;
        });
    }

    // ---- ObjectStore

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public byte[] get(String key) {
        return call(Op.GET, key, () -> delegate.get(key));
    }

    /** A GET that may find nothing: faults of {@link Op#GET} apply. */
    @Override
    public Optional<StoredObject> getIfPresent(String key) {
        return call(Op.GET, key, () -> delegate.getIfPresent(key));
    }

    @Override
    public byte[] get(String key, long offset, int length) {
        return call(Op.GET_RANGE, key, () -> delegate.get(key, offset, length));
    }

    @Override
    public void put(String key, byte[] data) {
        run(Op.PUT, key, () -> delegate.put(key, data));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        return call(Op.PUT_IF_ABSENT, key, () -> delegate.putIfAbsent(key, data));
    }

    @Override
    public void putFile(String key, Path localFile) {
        run(Op.PUT_FILE, key, () -> delegate.putFile(key, localFile));
    }

    @Override
    public void getToFile(String key, Path localFile) {
        run(Op.GET_TO_FILE, key, () -> delegate.getToFile(key, localFile));
    }

    @Override
    public ListPage list(String prefix, String startAfter, int maxKeys) {
        return call(Op.LIST, prefix, () -> delegate.list(prefix, startAfter, maxKeys));
    }

    @Override
    public void delete(Collection<String> keys) {
        for (String key : keys) {
            run(Op.DELETE, key, () -> delegate.delete(Collections.singletonList(key)));
        }
    }

    /** Faults apply per key, as for {@link #delete}; the lexical root check refuses a bad batch before any delete. */
    @Override
    public void deleteWithin(String rootPrefix, Collection<String> keys) {
        ObjectStore.checkWithin(rootPrefix, keys);
        for (String key : keys) {
            run(Op.DELETE, key, () -> delegate.deleteWithin(rootPrefix, Collections.singletonList(key)));
        }
    }

    @Override
    public List<ObjectInfo> listNoFollow(String prefix) {
        return call(Op.LIST, prefix, () -> delegate.listNoFollow(prefix));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return call(Op.STAT, key, () -> delegate.stat(key));
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "FaultInjectingObjectStore(" + delegate.uri() + ", " + rules.size() + " rules)";
    }
}
