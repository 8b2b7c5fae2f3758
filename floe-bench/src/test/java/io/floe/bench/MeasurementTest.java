package io.floe.bench;

import io.floe.storage.StoreRequests;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floe's side of the warm-up rule (floe-bench-common's TimingTest has the rule itself): the measured runs come after it and
 * alone count requests; and the commit-latency facts.
 */
class MeasurementTest {
    @Test
    void warmsUpByTheSharedRuleAndCountsOnlyTheMeasuredRunsRequests() throws Exception {
        long[] gets = new long[1];
        Requests.Tally tally = new Requests.Tally(() -> new StoreRequests.Counts(Map.of(StoreRequests.Kind.GET, gets[0]), 0, 0));
        List<Integer> reps = new ArrayList<>();
        List<Double> ms = Measurement.time(3, rep -> {
            reps.add(rep);
            gets[0] += rep < 0 ? 100 : 1; // a warm-up run's requests are not the workload's
        }, tally);
        assertThat(reps).hasSize(Measurement.WARM_UP_RUNS + 3).endsWith(0, 1, 2);
        assertThat(ms).hasSize(3);
        Requests r = tally.take();
        assertThat(r.runs()).isEqualTo(3);
        assertThat(r.sum().get(StoreRequests.Kind.GET)).isEqualTo(3);
    }

    /** The warm median is the steady state: the last runs after running on for a while, not the first slow ones. */
    @Test
    void theWarmMedianIsOfTheLastRunsAfterRunningOnForTheSteadyTime() throws Exception {
        int[] runs = new int[1];
        double warm = Measurement.warmMedian(rep -> {
            if (runs[0]++ < 15) {
                Thread.sleep(5); // a path the JIT has not compiled yet: the first runs are slow
            }
        }, 300);
        assertThat(runs[0]).isGreaterThan(Measurement.STEADY_RUNS);
        assertThat(warm).isLessThan(1.0); // the median of 20 runs, 15 of them slow, would be 5 ms
        int[] slow = new int[1];
        Measurement.warmMedian(rep -> {
            slow[0]++;
            Thread.sleep(40);
        }, 10);
        assertThat(slow[0]).isEqualTo(Measurement.STEADY_RUNS); // past the steady time: 20 runs, no more
    }

    @Test
    void commitLatencyComparesVersions100To199WithTheLast100AndIsScored() {
        FloeWorkloads.CommitLatency l = new FloeWorkloads.CommitLatency(1000, v -> v % 10 == 0);
        for (long v = 2; v < 1000; v++) {
            // checkpoint commits cost what the state holds: far more at the end, and kept out of the mean scored
            l.record(v, v % 10 == 0 ? (v < 500 ? 20.0 : 90.0) : v < 500 ? 2.0 : 3.0);
        }
        assertThat(l.facts()).containsEntry(FloeWorkloads.CommitLatency.EARLY, 2.0).containsEntry(FloeWorkloads.CommitLatency.LATE, 3.0)
                .containsEntry(FloeWorkloads.CommitLatency.EARLY_CHECKPOINT, 20.0)
                .containsEntry(FloeWorkloads.CommitLatency.LATE_CHECKPOINT, 90.0);
        assertThat(new FloeWorkloads.CommitLatency(250, v -> false).facts()).isEmpty(); // too short to compare
        Measurement w5 = new Measurement("W5 cold snapshot load + count(*), 1,000 commits", "floe", List.of(1.0), l.facts());
        Report.Target t = Report.targets(List.of(w5), java.util.Map.of()).stream()
                .filter(x -> x.what().startsWith("commit latency")).findFirst().orElseThrow();
        assertThat(t.what()).isEqualTo("commit latency, last 100 of 1,000 commits vs versions 100-199 (commits without a checkpoint)");
        assertThat(t.seen()).contains("the commits that also wrote a checkpoint: 90.00 vs 20.00 ms");
        assertThat(t.score()).isCloseTo(1.2 / 1.5, org.assertj.core.data.Offset.offset(1e-9));
    }
}
