package io.floe.cli.lab;

import io.floe.QueryResult;
import io.floe.catalog.Warehouse;
import io.floe.engine.DuckDbDataPlane;
import io.floe.sql.SqlSession;
import io.floe.storage.FaultInjectingObjectStore;
import io.floe.storage.ObjectStores;
import io.floe.table.Table;

import java.util.List;
import java.util.Map;

/**
 * A warehouse whose every storage call goes through a {@link FaultInjectingObjectStore}: the labs count the
 * requests a snapshot load makes, and inject crashes into commits. {@code Floe.open} cannot take a store, so
 * this assembles the same parts (store → warehouse → SQL session) by hand; each instance is one simulated process.
 */
final class InstrumentedWarehouse implements AutoCloseable {
    private final FaultInjectingObjectStore store;
    private final DuckDbDataPlane engine;
    private final Warehouse warehouse;
    private final SqlSession session;

    InstrumentedWarehouse(String location, Map<String, String> options) {
        this(ObjectStores.open(location, options), options);
    }

    /** Over a store the caller opened (and perhaps wrapped): it is closed with this warehouse. */
    InstrumentedWarehouse(io.floe.storage.ObjectStore raw, Map<String, String> options) {
        this.store = new FaultInjectingObjectStore(raw);
        this.engine = new DuckDbDataPlane();
        this.warehouse = new Warehouse(store, options, engine);
        this.session = new SqlSession(warehouse, engine);
    }

    FaultInjectingObjectStore store() {
        return store;
    }

    Table table(String name) {
        return warehouse.table(name);
    }

    QueryResult sql(String script) {
        List<QueryResult> r = session.execute(script);
        return r.get(r.size() - 1);
    }

    /** Log objects read since the call log was last cleared (GETs of any kind under _delta_log/). */
    long logReads() {
        return store.calls().stream()
                .filter(c -> c.key() != null && c.key().contains("_delta_log/"))
                .filter(c -> c.op() == FaultInjectingObjectStore.Op.GET || c.op() == FaultInjectingObjectStore.Op.GET_RANGE
                        || c.op() == FaultInjectingObjectStore.Op.GET_TO_FILE)
                .count();
    }

    /** Objects read since the call log was last cleared whose key the predicate accepts. */
    long reads(java.util.function.Predicate<String> key) {
        return store.calls().stream()
                .filter(c -> c.key() != null && key.test(c.key()))
                .filter(c -> c.op() == FaultInjectingObjectStore.Op.GET || c.op() == FaultInjectingObjectStore.Op.GET_RANGE
                        || c.op() == FaultInjectingObjectStore.Op.GET_TO_FILE)
                .count();
    }

    @Override
    public void close() {
        try {
            store.restart(); // a crashed store refuses even close-time calls
            warehouse.close();
        } finally {
            engine.close();
        }
    }
}
