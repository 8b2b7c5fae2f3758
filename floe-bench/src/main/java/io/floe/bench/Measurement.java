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
        return time(reps, () -> { }, body, tally);
    }

    /** Work done before each run, warm-up runs included, outside its time and request count. */
    interface Setup {
        void run() throws Exception;
    }

    /** The same, with {@code setup} before each run (e.g. dropping what the previous run made, which the peers never time). */
    static List<Double> time(int reps, Setup setup, Run body, Requests.Tally tally) throws Exception {
        warmUp(rep -> {
            setup.run();
            body.run(rep);
        });
        return Timing.measured(reps, body, new Timing.Around() {
            private StoreRequests.Counts before;

            @Override
            public void before() throws Exception {
                setup.run();
                before = tally == null ? null : tally.now();
            }

            @Override
            public void after() {
                if (tally != null) {
                    tally.run(before);
                }
            }
        });
    }

    /** The fact that holds {@link #warmMedian}. */
    static final String WARM = "warm, median ms";
    /**
     * The fact that holds the peak resident memory once the {@link #warmMedian} runs are done too. The measured peak stops
     * before them: the peers run only the warm-up and the measured runs, and seconds more of a workload grow a JVM's heap
     * (G1 sizes its young generation to the allocation rate), which no peer's peak would include.
     */
    static final String WARM_PEAK = "peak with the warm runs, MiB";

    /** How long {@link #warmMedian} keeps running a workload before it takes the median of its last runs. */
    static final long STEADY_MS = 3_000;
    /** How many of the last runs {@link #warmMedian} takes the median of. */
    static final int STEADY_RUNS = 20;

    /**
     * The steady state once the JIT has compiled the path: the workload runs again for {@link #STEADY_MS} after the measured
     * runs (at least {@link #STEADY_RUNS} runs; at least 3 and none started after 15 s for slow ones) and the median of the last {@link #STEADY_RUNS} is
     * taken, rounded to 0.1 ms. The warm-up rule (at most 20 runs) leaves a millisecond query's Java path interpreted or
     * C1-compiled: W2 after ZORDER measured 3.7 ms there and 0.8-1.3 ms after ~1,000 runs in one JVM (issue 16); the floors
     * (DuckDB alone) get the same rule, so both sides are compared in their steady state.
     */
    static double warmMedian(Run body) throws Exception {
        return warmMedian(body, STEADY_MS);
    }

    /** {@link #warmMedian(Run)}, running on for {@code steadyMs} (tests use a short time). */
    static double warmMedian(Run body, long steadyMs) throws Exception {
        java.util.ArrayDeque<Double> last = new java.util.ArrayDeque<>();
        long start = System.nanoTime();
        for (int i = 0; ; i++) {
            long ms = (System.nanoTime() - start) / 1_000_000L;
            if (i >= 3 && (ms >= 15_000 || (ms >= steadyMs && i >= STEADY_RUNS))) {
                break;
            }
            long t0 = System.nanoTime();
            body.run(i);
            last.addLast((System.nanoTime() - t0) / 1e6);
            if (last.size() > STEADY_RUNS) {
                last.removeFirst();
            }
        }
        return Timing.tenths(Timing.median(new ArrayList<>(last)));
    }

    /** One run of a workload; {@code rep} is -1 for the warm-up. */
    @FunctionalInterface
    interface Run extends Timing.Run {
    }
}
