package io.floe.sql;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class LocalTableSuiteTest extends TableSuite {
    @TempDir
    Path dir;

    @Override
    protected String newWarehouse() {
        return dir.resolve("wh-" + unique()).toString();
    }
}
