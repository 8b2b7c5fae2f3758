package io.floe.bench.common;

import java.util.ArrayList;
import java.util.List;

/**
 * How every side of the benchmark times a workload: Floe's measured runs and each peer's follow the same warm-up rule and
 * time their runs the same way, so that their numbers compare.
 */
public final class Timing {
    /**
     * Warm-up runs: at least one, more while they take under {@code WARM_UP_MS} in all (at most {@code WARM_UP_RUNS}), so that
     * a millisecond workload is measured once the JIT has compiled its path — in a fresh JVM, as Floe's measured runs and each
     * peer's are, one run leaves it interpreted.
     */
    public static final long WARM_UP_MS = 2_000;
    public static final int WARM_UP_RUNS = 20;

    private Timing() {
    }

    /** One run of a workload; {@code rep} is -1 for a warm-up run, 0, 1, … for the measured ones. */
    @FunctionalInterface
    public interface Run {
        void run(int rep) throws Exception;
    }

    /** What happens just before and just after each measured run, outside its time (counting its requests, say). */
    public interface Around {
        Around NOTHING = new Around() {
        };

        default void before() throws Exception {
        }

        default void after() throws Exception {
        }
    }

    /** The warm-up runs, by the rule ({@link #WARM_UP_MS}, {@link #WARM_UP_RUNS}). */
    public static void warmUp(Run body) throws Exception {
        long start = System.nanoTime();
        int runs = 0;
        do {
            body.run(-1);
            runs++;
        } while (runs < WARM_UP_RUNS && System.nanoTime() - start < WARM_UP_MS * 1_000_000L);
    }

    /** Warms up ({@link #warmUp}), then runs {@code body} {@code reps} times, timing each: milliseconds per run. */
    public static List<Double> time(int reps, Run body) throws Exception {
        warmUp(body);
        return measured(reps, body, Around.NOTHING);
    }

    /** The measured runs alone (no warm-up): {@code reps} runs, each timed. */
    public static List<Double> measured(int reps, Run body) throws Exception {
        return measured(reps, body, Around.NOTHING);
    }

    /** The same, with {@code around} called before and after each run, outside its time. */
    public static List<Double> measured(int reps, Run body, Around around) throws Exception {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            around.before();
            long t0 = System.nanoTime();
            body.run(i);
            out.add((System.nanoTime() - t0) / 1e6);
            around.after();
        }
        return out;
    }

    /** The median of {@code ms} (NaN when empty). */
    public static double median(List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Rounded to 0.1, as the facts beside a measurement show milliseconds. */
    public static double tenths(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
