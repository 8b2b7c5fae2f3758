package io.floe.sql;

/** The shared table suite on Iceberg tables in a local warehouse. */
class IcebergLocalTableSuiteTest extends LocalTableSuiteTest {
    @Override
    protected String format() {
        return "iceberg";
    }
}
