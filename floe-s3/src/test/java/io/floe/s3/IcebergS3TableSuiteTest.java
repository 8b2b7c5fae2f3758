package io.floe.s3;

/** The shared table suite on Iceberg tables on S3: metadata by conditional PUT, manifests and data files on the server. */
class IcebergS3TableSuiteTest extends S3TableSuiteTest {
    @Override
    protected String format() {
        return "iceberg";
    }
}
