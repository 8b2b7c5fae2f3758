package io.floe.storage;

/** Without rules the decorator is a transparent store. */
class FaultInjectingObjectStoreContractTest extends ObjectStoreContractTest {

    @Override
    protected ObjectStore newStore() {
        return new FaultInjectingObjectStore(new InMemoryObjectStore());
    }
}
