package io.floe.catalog;

import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.MeteredObjectStore;
import io.floe.storage.StoreRequests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
