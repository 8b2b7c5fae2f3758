package io.floe.sql;

/** The shared table suite on Iceberg tables in the in-memory store. */
class IcebergMemoryTableSuiteTest extends MemoryTableSuiteTest {
    @Override
    protected String format() {
        return "iceberg";
    }
}
