package io.floe.bench;

import io.floe.storage.StoreRequests;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The object-store requests of a workload's measured runs (setup and warm-up excluded), summed over {@code runs} runs:
 * what it costs on S3, where every request is money and a round trip. Counted by Floe's {@code MeteredObjectStore}
 * whatever the store, so a local run shows the requests an S3 warehouse would get (before the data-file cache).
 */
record Requests(StoreRequests.Counts sum, int runs) {
    static final StoreRequests.Counts NONE = new StoreRequests.Counts(Map.of(), 0, 0);

    double perRun() {
        return runs == 0 ? Double.NaN : (double) sum.total() / runs;
    }

    /** e.g. {@code 3 (GET 1, LIST 1, CONDITIONAL_PUT 1)}: per run, fractions where the runs differ. */
    String describe() {
        StringBuilder kinds = new StringBuilder();
        for (StoreRequests.Kind k : StoreRequests.Kind.values()) {
            long v = sum.get(k);
            if (v > 0) {
                kinds.append(kinds.isEmpty() ? "" : ", ").append(k).append(' ').append(num((double) v / runs));
            }
        }
        return num(perRun()) + (kinds.isEmpty() ? "" : " (" + kinds + ")");
    }

    /** The JSON form: per run, by kind, with bytes read and written. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", runs);
        m.put("total_per_run", perRun());
        for (StoreRequests.Kind k : StoreRequests.Kind.values()) {
            if (sum.get(k) > 0) {
                m.put(k.name(), (double) sum.get(k) / runs);
            }
        }
        m.put("bytes_read_per_run", (double) sum.bytesRead() / runs);
        m.put("bytes_written_per_run", (double) sum.bytesWritten() / runs);
        return m;
    }

    private static String num(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.1f", x);
    }

    /** {@code a + b}, kind by kind. */
    static StoreRequests.Counts plus(StoreRequests.Counts a, StoreRequests.Counts b) {
        Map<StoreRequests.Kind, Long> m = new java.util.EnumMap<>(StoreRequests.Kind.class);
        for (StoreRequests.Kind k : StoreRequests.Kind.values()) {
            long v = a.get(k) + b.get(k);
            if (v != 0) {
                m.put(k, v);
            }
        }
        return new StoreRequests.Counts(m, a.bytesRead() + b.bytesRead(), a.bytesWritten() + b.bytesWritten());
    }

    /** Sums the requests of measured runs as they happen; {@link #take} hands the sum over and starts again. */
    static final class Tally {
        private final java.util.function.Supplier<StoreRequests.Counts> source;
        private StoreRequests.Counts sum = NONE;
        private int runs;

        Tally(java.util.function.Supplier<StoreRequests.Counts> source) {
            this.source = source;
        }

        StoreRequests.Counts now() {
            return source.get();
        }

        /** One measured run that began when the source read {@code before}. */
        void run(StoreRequests.Counts before) {
            add(now().minus(before));
            runs++;
        }

        /** One measured run counted on another source (another Floe instance): its counts before and after. */
        void run(StoreRequests.Counts before, StoreRequests.Counts after) {
            add(after.minus(before));
            runs++;
        }

        /** Requests made elsewhere (another Floe instance) during the current measured run, before {@link #run}. */
        void add(StoreRequests.Counts delta) {
            sum = plus(sum, delta);
        }

        /** The runs counted since the last take, or null when none was. */
        Requests take() {
            Requests r = runs == 0 ? null : new Requests(sum, runs);
            sum = NONE;
            runs = 0;
            return r;
        }
    }
}
