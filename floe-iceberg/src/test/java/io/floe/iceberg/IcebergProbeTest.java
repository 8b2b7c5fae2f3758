package io.floe.iceberg;

import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.MeteredObjectStore;
import io.floe.storage.StoreRequests;
import io.floe.table.PartitionSpec;
import io.floe.table.Table;
import io.floe.table.TableDefinition;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a read of a table by location asks the store: whether it exists, then its snapshot. */
class IcebergProbeTest {
    @Test
    void existsCostsNothingOnAHandleThatReadAVersionAndItsProbeIsWhereAColdRefreshStarts() {
        InMemoryObjectStore inner = new InMemoryObjectStore();
        Table w = new IcebergFormat().open("t", inner, "t/", null);
        w.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED, Map.of(), null));
        w.newAppend().addFile(IcebergConcurrencyTest.file(w, "f", "p0", 1)).commit();

        StoreRequests requests = new StoreRequests();
        Table cold = new IcebergFormat().open("t", new MeteredObjectStore(inner, requests), "t/", null);
        assertThat(cold.exists()).isTrue(); // the hint, the version it names, the one after
        StoreRequests.Counts probe = requests.snapshot();
        assertThat(probe.get(StoreRequests.Kind.GET)).isEqualTo(1);
        assertThat(probe.get(StoreRequests.Kind.HEAD)).isEqualTo(2);
        assertThat(cold.snapshot().files()).hasSize(1);
        // the refresh starts where the probe ended: no second GET of the hint
        StoreRequests.Counts read = requests.snapshot().minus(probe);
        assertThat(read.get(StoreRequests.Kind.GET)).isEqualTo(1 + 1 + 1); // metadata, manifest list, manifest
        assertThat(read.get(StoreRequests.Kind.HEAD)).isEqualTo(2); // the version probed (still there?), the one after

        StoreRequests.Counts before = requests.snapshot();
        assertThat(cold.exists()).isTrue();
        assertThat(requests.snapshot().minus(before).total()).isZero();
        // a newer version is still found by the next read
        w.newAppend().addFile(IcebergConcurrencyTest.file(w, "g", "p0", 2)).commit();
        assertThat(cold.snapshot().files()).hasSize(2);
    }

    @Test
    void aHandleManyVersionsBehindJumpsToTheHintInsteadOfProbingEachVersion() {
        InMemoryObjectStore inner = new InMemoryObjectStore();
        Table w = new IcebergFormat().open("t", inner, "t/", null);
        w.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED, Map.of(), null));
        StoreRequests requests = new StoreRequests();
        Table behind = new IcebergFormat().open("t", new MeteredObjectStore(inner, requests), "t/", null);
        assertThat(behind.snapshot().files()).isEmpty();
        for (int i = 0; i < 20; i++) {
            w.newAppend().addFile(IcebergConcurrencyTest.file(w, "f" + i, "p0", i)).commit();
        }
        StoreRequests.Counts before = requests.snapshot();
        assertThat(behind.snapshot().files()).hasSize(20);
        StoreRequests.Counts refresh = requests.snapshot().minus(before);
        // the version after ours (there), the hint, the one after the hint's (not there); not 21 HEADs
        assertThat(refresh.get(StoreRequests.Kind.HEAD)).isEqualTo(2);
        assertThat(refresh.get(StoreRequests.Kind.GET)).isLessThanOrEqualTo(1 + 1 + 1 + 20); // hint, metadata, list, manifests

        // a hint left behind (its writer slow, or failed to write it) is only where probing resumes
        inner.put("t/metadata/version-hint.text", "3".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        w.newAppend().addFile(IcebergConcurrencyTest.file(w, "g", "p0", 99)).commit();
        w.newAppend().addFile(IcebergConcurrencyTest.file(w, "h", "p0", 100)).commit();
        inner.put("t/metadata/version-hint.text", "3".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(behind.snapshot().files()).hasSize(22);
    }
}
