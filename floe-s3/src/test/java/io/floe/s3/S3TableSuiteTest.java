package io.floe.s3;

import io.floe.sql.TableSuite;

import java.util.Map;

/** Every table behaviour of the shared suite, on S3 (warehouse s3://bucket/prefix on the embedded server). */
class S3TableSuiteTest extends TableSuite {
    private String bucket;

    @Override
    protected String newWarehouse() {
        if (bucket == null) {
            bucket = S3TestServer.newBucket();
        }
        return "s3://" + bucket + "/wh-" + unique() + "/";
    }

    @Override
    protected Map<String, String> options() {
        return S3TestServer.options();
    }

    @Override
    protected boolean readsGoToTheStore() {
        return false; // data files are read through the local cache
    }
}
