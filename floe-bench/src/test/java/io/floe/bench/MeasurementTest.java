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

    @Test
    void commitLatencyComparesVersions100To199WithTheLast100AndIsScored() {
        FloeWorkloads.CommitLatency l = new FloeWorkloads.CommitLatency(1000);
        for (long v = 2; v < 1000; v++) {
            l.record(v, v < 500 ? 2.0 : 3.0);
        }
        assertThat(l.facts()).containsEntry(FloeWorkloads.CommitLatency.EARLY, 2.0).containsEntry(FloeWorkloads.CommitLatency.LATE, 3.0);
        assertThat(new FloeWorkloads.CommitLatency(250).facts()).isEmpty(); // too short to compare
        Measurement w5 = new Measurement("W5 cold snapshot load + count(*), 1,000 commits", "floe", List.of(1.0), l.facts());
        Report.Target t = Report.targets(List.of(w5), java.util.Map.of()).stream()
                .filter(x -> x.what().startsWith("commit latency")).findFirst().orElseThrow();
        assertThat(t.what()).isEqualTo("commit latency, last 100 of 1,000 commits vs versions 100-199");
        assertThat(t.score()).isCloseTo(1.2 / 1.5, org.assertj.core.data.Offset.offset(1e-9));
    }
}
