package io.floe.sql;

/** The in-memory store: data files are staged to DuckDB through the engine's local cache. */
class MemoryTableSuiteTest extends TableSuite {
    @Override
    protected String newWarehouse() {
        return "memory://wh-" + unique() + "/";
    }

    @Override
    protected boolean readsGoToTheStore() {
        return false;
    }

    @Override
    protected String newWarehouseSibling() {
        // each memory:// store is its own namespace, so a sibling warehouse cannot see the table
        return null;
    }
}
