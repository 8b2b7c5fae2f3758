package io.floe.storage;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Object-store requests counted by kind, with the bytes they moved: what an operation costs on S3, where every
 * request is money and a round trip. Counted by {@link MeteredObjectStore} around every store a warehouse opens;
 * {@link #snapshot()} before and after a statement gives that statement's requests.
 */
public final class StoreRequests {
    /** Request kinds as S3 bills them. */
    public enum Kind { GET, RANGED_GET, PUT, CONDITIONAL_PUT, LIST, DELETE, HEAD }

    /** Counts at one moment; {@link #minus} gives what happened between two. */
    public record Counts(Map<Kind, Long> requests, long bytesRead, long bytesWritten) {
        public Counts {
            requests = Map.copyOf(requests);
        }

        public long get(Kind kind) {
            return requests.getOrDefault(kind, 0L);
        }

        public long total() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }

        public Counts minus(Counts earlier) {
            Map<Kind, Long> d = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) {
                long v = get(k) - earlier.get(k);
                if (v != 0) {
                    d.put(k, v);
                }
            }
            return new Counts(d, bytesRead - earlier.bytesRead, bytesWritten - earlier.bytesWritten);
        }

        /** e.g. {@code 3 requests (GET 1, LIST 1, CONDITIONAL_PUT 1), 1.2 KiB read, 800 B written}. */
        public String describe() {
            StringBuilder kinds = new StringBuilder();
            for (Kind k : Kind.values()) {
                long v = get(k);
                if (v > 0) {
                    kinds.append(kinds.isEmpty() ? "" : ", ").append(k).append(' ').append(v);
                }
            }
            return total() + " request" + (total() == 1 ? "" : "s") + (kinds.isEmpty() ? "" : " (" + kinds + ")") + ", "
                    + bytes(bytesRead) + " read, " + bytes(bytesWritten) + " written";
        }

        private static String bytes(long b) {
            if (b < 1024) {
                return b + " B";
            }
            if (b < 1024 * 1024) {
                return String.format(java.util.Locale.ROOT, "%.1f KiB", b / 1024.0);
            }
            return String.format(java.util.Locale.ROOT, "%.1f MiB", b / 1048576.0);
        }
    }

    private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);
    private final LongAdder read = new LongAdder();
    private final LongAdder written = new LongAdder();

    public StoreRequests() {
        for (Kind k : Kind.values()) {
            counts.put(k, new LongAdder());
        }
    }

    void count(Kind kind, long n) {
        counts.get(kind).add(n);
    }

    void read(long bytes) {
        read.add(bytes);
    }

    void written(long bytes) {
        written.add(bytes);
    }

    public Counts snapshot() {
        Map<Kind, Long> m = new EnumMap<>(Kind.class);
        counts.forEach((k, v) -> {
            long x = v.sum();
            if (x != 0) {
                m.put(k, x);
            }
        });
        return new Counts(m, read.sum(), written.sum());
    }
}
