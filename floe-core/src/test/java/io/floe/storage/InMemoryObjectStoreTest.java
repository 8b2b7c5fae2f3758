package io.floe.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryObjectStoreTest extends ObjectStoreContractTest {

    @Override
    protected ObjectStore newStore() {
        return new InMemoryObjectStore();
    }

    @Test
    void uriEndsWithSlash() {
        assertThat(new InMemoryObjectStore("memory://wh").uri()).isEqualTo("memory://wh/");
        assertThat(new InMemoryObjectStore().uri()).startsWith("memory://").endsWith("/");
    }

    @Test
    void setLastModifiedAgesAnObject() {
        InMemoryObjectStore s = (InMemoryObjectStore) store;
        s.put("old", bytes("x"));
        s.setLastModified("old", 1_000L);
        assertThat(s.stat("old").orElseThrow().lastModifiedMillis()).isEqualTo(1_000L);
        assertThat(s.listAll("").get(0).lastModifiedMillis()).isEqualTo(1_000L);
        s.setLastModified("absent", 1_000L); // no-op
        assertThat(s.stat("absent")).isEmpty();
    }
}
