package io.floe.s3;

import io.floe.Floe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19: remote data files are copied once per machine. A second Floe (another process, as far as the cache can
 * tell: its own engine and scratch space) reading a table the first one read downloads no data file again; with the
 * cache turned off ('none') it does, and its copies go with its scratch space.
 */
class SharedCacheTest {
    @TempDir
    Path dir;

    private static long parquetGets(FaultyHttpProxy proxy) {
        return proxy.requests().stream().filter(r -> r.method().equals("GET") && r.path().endsWith(".parquet")).count();
    }

    @Test
    void aSecondReaderOfTheMachineDownloadsNoDataFileAgain() throws Exception {
        try (FaultyHttpProxy proxy = FaultyHttpProxy.start(S3TestServer.endpoint())) {
            Map<String, String> options = new HashMap<>(proxy.options(S3TestServer.options()));
            options.put("cache.dir", dir.resolve("cache").toString());
            String wh = "s3://" + S3TestServer.newBucket() + "/wh/";
            try (Floe writer = Floe.open(wh, options)) {
                writer.sql("CREATE TABLE t USING delta AS SELECT range AS id FROM range(1000)");
                writer.sql("INSERT INTO t SELECT range AS id FROM range(1000, 1500)");
            }
            proxy.clearRequests();
            try (Floe first = Floe.open(wh, options)) {
                assertThat(first.sql("SELECT count(*) FROM t WHERE id >= 0").scalar()).isEqualTo(1500L); // reads the data
            }
            assertThat(parquetGets(proxy)).as("the first reader downloads the two data files").isEqualTo(2);
            try (Stream<Path> cached = Files.list(dir.resolve("cache"))) {
                assertThat(cached.filter(p -> !p.getFileName().toString().startsWith("."))).hasSize(2);
            }
            proxy.clearRequests();
            try (Floe second = Floe.open(wh, options)) {
                assertThat(second.sql("SELECT sum(id) FROM t").scalar()).isEqualTo(1499L * 1500 / 2);
            }
            assertThat(parquetGets(proxy)).as("the second reader finds them in the machine's cache").isZero();

            options.put("cache.dir", "none");
            proxy.clearRequests();
            try (Floe own = Floe.open(wh, options)) {
                assertThat(own.sql("SELECT count(*) FROM t WHERE id >= 0").scalar()).isEqualTo(1500L);
            }
            assertThat(parquetGets(proxy)).as("without the shared cache each process downloads").isEqualTo(2);
        }
    }

    @Test
    void theCacheDirectoryComesFromTheOptionThenTheEnvironment() {
        assertThat(io.floe.storage.LocalFileCache.configured(Map.of("cache.dir", "none"))).isEmpty();
        var c = io.floe.storage.LocalFileCache.configured(Map.of("cache.dir", dir.resolve("c").toString(), "cache.max-bytes", "1234"));
        assertThat(c).isPresent();
        assertThat(c.get().dir()).isEqualTo(dir.resolve("c"));
        assertThat(c.get().maxBytes()).isEqualTo(1234);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.floe.storage.LocalFileCache.configured(
                Map.of("cache.dir", dir.toString(), "cache.max-bytes", "lots"))).hasMessageContaining("cache.max-bytes");
    }
}
