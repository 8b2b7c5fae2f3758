package io.floe.bench;

import io.floe.bench.common.Timing;
import io.floe.storage.StoreRequests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One workload's timings (milliseconds of each measured run, warm-up excluded) on one engine, with
 * what it read or produced (files read, commits/s, …) and the process's peak resident memory while it ran.
 */
public record Measurement(String workload, String engine, List<Double> millis, Map<String, Object> facts, long peakRssKb,
                          Requests requests) {
    public Measurement(String workload, String engine, List<Double> millis, Map<String, Object> facts) {
        this(workload, engine, millis, facts, -1);
    }

    public Measurement(String workload, String engine, List<Double> millis, Map<String, Object> facts, long peakRssKb) {
        this(workload, engine, millis, facts, peakRssKb, null);
    }

    public Measurement renamed(String name) {
        return new Measurement(name, engine, millis, facts, peakRssKb, requests);
    }

    /** With {@code more} facts after its own (a fact of the same name replaced). */
    public Measurement withFacts(Map<String, Object> more) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(facts);
        all.putAll(more);
        return new Measurement(workload, engine, millis, all, peakRssKb, requests);
    }

    public Measurement withPeak(long kb) {
        return new Measurement(workload, engine, millis, facts, kb, requests);
    }

    /** With the object-store requests of the measured runs (null: not counted). */
    Measurement withRequests(Requests r) {
        return new Measurement(workload, engine, millis, facts, peakRssKb, r);
    }

    public double median() {
        return Timing.median(millis);
    }

    public double min() {
        return millis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** The warm-up rule every side follows (floe-bench-common's {@link Timing}): the peers warm up by the same. */
    static final long WARM_UP_MS = Timing.WARM_UP_MS;
    static final int WARM_UP_RUNS = Timing.WARM_UP_RUNS;

    static void warmUp(Run body) throws Exception {
        Timing.warmUp(body);
    }

    /** Warms up ({@link #warmUp}), then runs {@code body} {@code reps} times, timing each. */
    static List<Double> time(int reps, Run body) throws Exception {
        return Timing.time(reps, body);
    }

    /** The same, counting the measured runs' object-store requests into {@code tally} (when not null), outside their time. */
    static List<Double> time(int reps, Run body, Requests.Tally tally) throws Exception {
        if (tally == null) {
            return time(reps, body);
        }
        warmUp(body);
        return Timing.measured(reps, body, new Timing.Around() {
            private StoreRequests.Counts before;

            @Override
            public void before() {
                before = tally.now();
            }

            @Override
            public void after() {
                tally.run(before);
            }
        });
    }

    /** The fact that holds {@link #warmMedian}. */
    static final String WARM = "warm, median ms";

    /**
     * The median of up to 20 more runs after the measured ones (at least 3, no more started after 10 s), rounded to 0.1 ms:
     * the steady state once the JIT has compiled the path, which the warm-up (capped at 2 s) may not fully reach.
     */
    static double warmMedian(Run body) throws Exception {
        List<Double> ms = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 20 && (i < 3 || System.nanoTime() - start < 10_000_000_000L); i++) {
            long t0 = System.nanoTime();
            body.run(i);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return Timing.tenths(Timing.median(ms));
    }

    /** One run of a workload; {@code rep} is -1 for the warm-up. */
    @FunctionalInterface
    interface Run extends Timing.Run {
    }
}
