package io.floe.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up rule every side follows: at least one run, more while they are quick, never more than the cap. */
class MeasurementTest {
    @Test
    void quickRunsWarmUpToTheCapThenTheMeasuredRunsFollow() throws Exception {
        List<Integer> reps = new ArrayList<>();
        List<Double> ms = Measurement.time(3, reps::add);
        assertThat(reps.stream().filter(r -> r == -1)).hasSize(Measurement.WARM_UP_RUNS);
        assertThat(reps.subList(Measurement.WARM_UP_RUNS, reps.size())).containsExactly(0, 1, 2);
        assertThat(ms).hasSize(3);
    }

    @Test
    void aSlowRunWarmsUpOnce() throws Exception {
        List<Integer> reps = new ArrayList<>();
        Measurement.warmUp(rep -> {
            reps.add(rep);
            Thread.sleep(Measurement.WARM_UP_MS + 50);
        });
        assertThat(reps).containsExactly(-1);
    }
}
