package io.floe.catalog;

import io.floe.storage.FaultInjectingObjectStore;
import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.MeteredObjectStore;
import io.floe.storage.OutcomeUnknownException;
import io.floe.storage.StoreRequests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The warehouse catalog's reads: what a statement that names a table costs in requests (issue 19), and staying right. */
class CatalogTest {
    @Test
    void anUnchangedCatalogCostsOneHeadAndChangesByOthersAreSeen() {
        InMemoryObjectStore shared = new InMemoryObjectStore();
        StoreRequests requests = new StoreRequests();
        Catalog mine = new Catalog(new MeteredObjectStore(shared, requests));
        Catalog theirs = new Catalog(shared);
        mine.register(new Catalog.Entry("a", "a/", "delta", false, 1));
        assertThat(mine.get("a")).isPresent();

        var before = requests.snapshot();
        assertThat(mine.get("a")).isPresent();
        assertThat(mine.list()).extracting(Catalog.Entry::name).containsExactly("a");
        var cost = requests.snapshot().minus(before);
        assertThat(cost.total()).as(cost.describe()).isEqualTo(2);
        assertThat(cost.get(StoreRequests.Kind.HEAD)).isEqualTo(2);

        theirs.register(new Catalog.Entry("b", "b/", "iceberg", false, 2));
        theirs.unregister("a");
        before = requests.snapshot();
        assertThat(mine.list()).extracting(Catalog.Entry::name).containsExactly("b");
        cost = requests.snapshot().minus(before);
        // the probe finds a newer version, the listing starts after the known one, the newest is read
        assertThat(cost.get(StoreRequests.Kind.LIST)).isEqualTo(1);
        assertThat(cost.get(StoreRequests.Kind.GET)).isEqualTo(1);
        assertThat(mine.get("a")).isEmpty();
        mine.register(new Catalog.Entry("c", "c/", "delta", false, 3));
        assertThat(theirs.list()).extracting(Catalog.Entry::name).containsExactly("b", "c");
    }
    /**
     * Within the cache TTL a name this process resolved costs no request; a name it has not seen is looked up at once
     * (another process's CREATE is found); another process's DROP is seen when the TTL has passed (here: TTL 0 vs a
     * long one). Within one statement the catalog is asked once whatever the TTL.
     */
    @Test
    void resolvedNamesAreTrustedForTheTtlAndUnknownNamesAreLookedUp() {
        InMemoryObjectStore shared = new InMemoryObjectStore();
        StoreRequests requests = new StoreRequests();
        Catalog cached = new Catalog(new MeteredObjectStore(shared, requests), 3_600_000);
        Catalog strict = new Catalog(shared, 0);
        Catalog theirs = new Catalog(shared);
        theirs.register(new Catalog.Entry("a", "a/", "delta", false, 1));
        assertThat(cached.resolve("a")).isPresent();
        assertThat(strict.resolve("a")).isPresent();

        var before = requests.snapshot();
        assertThat(cached.resolve("a")).isPresent();
        assertThat(requests.snapshot().minus(before).total()).as("a resolved name within the TTL").isZero();

        theirs.register(new Catalog.Entry("b", "b/", "iceberg", false, 2));
        assertThat(cached.resolve("b")).as("created by another process: looked up").map(Catalog.Entry::format).contains("iceberg");

        theirs.unregister("a");
        assertThat(strict.resolve("a")).as("TTL 0: the drop is seen at once").isEmpty();
        assertThat(cached.resolve("a")).as("within the TTL the name still resolves to where it was").isPresent();
        assertThat(cached.get("a")).as("get always asks").isEmpty();

        try (io.floe.table.StatementScope scope = io.floe.table.StatementScope.open()) {
            theirs.register(new Catalog.Entry("c", "c/", "delta", false, 3));
            before = requests.snapshot();
            assertThat(cached.get("c")).as("c was registered after this statement's first look").isPresent();
            assertThat(cached.list()).hasSize(2);
            assertThat(cached.get("b")).isPresent();
            assertThat(requests.snapshot().minus(before).get(StoreRequests.Kind.HEAD)).as("one probe per statement").isEqualTo(1);
        }
    }

    /**
     * A catalog change whose conditional PUT has an unknown outcome (a dropped connection on S3) is settled by reading:
     * landed (the response was lost) or never sent (a pooled connection the server had closed), CREATE and DROP TABLE
     * succeed once, and another writer's change that won meanwhile is applied under, not lost.
     */
    @Test
    void changesWithUnknownOutcomesAreSettledNotFailed() {
        InMemoryObjectStore shared = new InMemoryObjectStore();
        FaultInjectingObjectStore faults = new FaultInjectingObjectStore(shared);
        Catalog mine = new Catalog(faults);
        Catalog theirs = new Catalog(shared);

        faults.failAfter(FaultInjectingObjectStore.Op.PUT_IF_ABSENT, ".*_floe_catalog/.*").times(1); // landed, answer lost
        mine.register(new Catalog.Entry("a", "a/", "delta", false, 1));
        faults.hook(FaultInjectingObjectStore.Op.PUT_IF_ABSENT, ".*_floe_catalog/.*", c -> {
            throw new OutcomeUnknownException(c.key(), "connection reset before the request went out", null);
        }).times(1);
        mine.register(new Catalog.Entry("b", "b/", "iceberg", false, 2));
        faults.hook(FaultInjectingObjectStore.Op.PUT_IF_ABSENT, ".*_floe_catalog/.*", c -> {
            theirs.register(new Catalog.Entry("c", "c/", "delta", false, 3)); // wins this version first
            throw new OutcomeUnknownException(c.key(), "connection reset", null);
        }).times(1);
        assertThat(mine.unregister("a").location()).isEqualTo("a/");

        assertThat(theirs.list()).extracting(Catalog.Entry::name).containsExactly("b", "c");
        // v1 a; v2 a,b; v3 a,b,c (theirs); v4 b,c: one version per change, none written twice
        assertThat(shared.list("_floe_catalog/", null, 100).objects()).hasSize(4);
    }

    /** Unknown it stays only when the store cannot answer: the caller gets the first request's exception. */
    @Test
    void anUnsettledChangeReportsTheUnknownOutcome() {
        FaultInjectingObjectStore faults = new FaultInjectingObjectStore(new InMemoryObjectStore());
        faults.hook(FaultInjectingObjectStore.Op.PUT_IF_ABSENT, ".*", c -> {
            throw new OutcomeUnknownException(c.key(), "connection reset", null);
        });
        Catalog mine = new Catalog(faults);
        assertThatThrownBy(() -> mine.register(new Catalog.Entry("a", "a/", "delta", false, 1)))
                .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("connection reset");
        assertThat(faults.calls()).filteredOn(c -> c.op() == FaultInjectingObjectStore.Op.PUT_IF_ABSENT).hasSize(4);
    }
}
