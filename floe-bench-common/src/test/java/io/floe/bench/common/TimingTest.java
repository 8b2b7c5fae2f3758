package io.floe.bench.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up rule every side of the benchmark follows, and how the measured runs are timed. */
class TimingTest {
    @Test
    void quickRunsWarmUpToTheCapThenTheMeasuredRunsFollow() throws Exception {
        List<Integer> reps = new ArrayList<>();
        List<Double> ms = Timing.time(3, reps::add);
        assertThat(Timing.WARM_UP_RUNS).isEqualTo(20);
        assertThat(reps.stream().filter(r -> r == -1)).hasSize(Timing.WARM_UP_RUNS);
        assertThat(reps.subList(Timing.WARM_UP_RUNS, reps.size())).containsExactly(0, 1, 2);
        assertThat(ms).hasSize(3);
    }

    @Test
    void aSlowRunWarmsUpOnce() throws Exception {
        List<Integer> reps = new ArrayList<>();
        Timing.warmUp(rep -> {
            reps.add(rep);
            Thread.sleep(Timing.WARM_UP_MS + 50);
        });
        assertThat(reps).containsExactly(-1);
    }

    @Test
    void runsWarmUpWhileTheyTakeUnderTwoSecondsInAll() throws Exception {
        // 500 ms a run: the fourth or fifth ends past 2 s (a loaded machine may oversleep), and no more start
        List<Integer> reps = new ArrayList<>();
        Timing.warmUp(rep -> {
            reps.add(rep);
            Thread.sleep(500);
        });
        assertThat(Timing.WARM_UP_MS).isEqualTo(2_000);
        assertThat(reps).hasSizeBetween(2, 5).containsOnly(-1);
    }

    @Test
    void whatHappensAroundARunIsNotTimed() throws Exception {
        List<String> seen = new ArrayList<>();
        List<Double> ms = Timing.measured(2, rep -> seen.add("run " + rep), new Timing.Around() {
            @Override
            public void before() throws Exception {
                seen.add("before");
                Thread.sleep(200);
            }

            @Override
            public void after() throws Exception {
                seen.add("after");
                Thread.sleep(200);
            }
        });
        assertThat(seen).containsExactly("before", "run 0", "after", "before", "run 1", "after");
        assertThat(ms).hasSize(2).allMatch(m -> m < 150, "under the 200 ms spent around each run");
    }

    @Test
    void medianAndTenths() {
        assertThat(Timing.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Timing.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThat(Timing.median(List.of())).isNaN();
        assertThat(Timing.tenths(12.345)).isEqualTo(12.3);
        assertThat(Timing.tenths(12.35)).isEqualTo(12.4);
    }
}
