package io.floe.s3;

import io.floe.storage.ObjectStore;
import io.floe.storage.ObjectStoreContractTest;

/** The whole storage SPI contract, against a real S3 server. */
class S3ObjectStoreTest extends ObjectStoreContractTest {
    @Override
    protected ObjectStore newStore() {
        return new S3ObjectStore("s3://" + S3TestServer.newBucket() + "/wh/", S3Config.from(S3TestServer.options()));
    }

    @Override
    protected long mtimeToleranceMillis() {
        return 5000;
    }

    // Real S3 lists in UTF-8 byte order and matches prefixes literally; the embedded S3Proxy store does not
    // (Java string order; "a/." normalized to "a/"). Floe's log listing relies on neither: its keys are ASCII digits.
    @Override
    protected boolean listsInUtf8ByteOrder() {
        return false;
    }

    @Override
    protected boolean prefixesAreLiteral() {
        return false;
    }

    // each racing put is a signed HTTP request to a server in this JVM: fewer rounds keep the test short
    @Override
    protected int raceThreads() {
        return 8;
    }

    @Override
    protected int raceRounds() {
        return 10;
    }
}
