package io.floe.s3;

import io.floe.storage.ListPage;
import io.floe.storage.ObjectInfo;
import io.floe.storage.ObjectNotFoundException;
import io.floe.storage.ObjectStore;
import io.floe.storage.ObjectStores;
import io.floe.storage.StorageException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the contract suite does not cover for S3: provider lookup, secrets, scale of listings and deletes, races. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3StoreBehaviourTest {
    private static String bucket;
    private static S3ObjectStore store;

    @BeforeAll
    static void start() {
        bucket = S3TestServer.newBucket();
        store = new S3ObjectStore("s3://" + bucket + "/b/", S3Config.from(S3TestServer.options()));
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void objectStoresFindsTheProviderForS3AndS3a() {
        try (ObjectStore s3 = ObjectStores.open("s3://" + bucket + "/via-provider", S3TestServer.options());
             ObjectStore s3a = ObjectStores.open("s3a://" + bucket + "/via-provider/", S3TestServer.options())) {
            assertThat(s3).isInstanceOf(S3ObjectStore.class);
            assertThat(s3.uri()).isEqualTo("s3://" + bucket + "/via-provider/");
            assertThat(s3a.uri()).isEqualTo("s3://" + bucket + "/via-provider/");
            s3.put("k", bytes("v"));
            assertThat(s3a.get("k")).isEqualTo(bytes("v"));
            assertThat(store.stat("k")).isEmpty(); // keys are relative to each store's prefix (this one is under b/)
        }
        assertThat(store.listAll("")).extracting(ObjectInfo::key).doesNotContain("k");
    }

    @Test
    void secretsStayOutOfToStringAndErrors() {
        assertThat(store.toString()).contains(bucket).doesNotContain(S3TestServer.SECRET_KEY);
        assertThat(S3Config.from(S3TestServer.options()).toString()).doesNotContain(S3TestServer.SECRET_KEY);

        Map<String, String> wrong = new HashMap<>(S3TestServer.options());
        wrong.put("s3.secret-access-key", "wrong-secret-value-1234");
        wrong.put("s3.max-attempts", "1");
        try (S3ObjectStore bad = new S3ObjectStore("s3://" + bucket + "/b/", S3Config.from(wrong))) {
            assertThat(bad.toString()).doesNotContain("wrong-secret-value-1234");
            assertThatThrownBy(() -> bad.get("some/key"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining(bucket).hasMessageContaining("some/key")
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain("wrong-secret-value-1234")
                                    .doesNotContain(S3TestServer.SECRET_KEY);
                        }
                    });
        }
    }

    @Test
    void putIfAbsentRaceHasExactlyOneWinnerPerKey() throws Exception {
        int threads = 8;
        int keys = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<Integer> won = new ArrayList<>();
                    // each thread walks the keys from a different start, so that the collisions vary
                    for (int n = 0; n < keys; n++) {
                        int k = (n + me * 5) % keys;
                        // settled as commits are: a dropped connection is an unknown outcome the store only reports
                        if (store.putIfAbsentSettled("race/" + k, bytes("writer-" + me + "-key-" + k))) {
                            won.add(k);
                        }
                    }
                    return won;
                }));
            }
            go.countDown();
            Map<Integer, Integer> winner = new HashMap<>();
            for (int t = 0; t < threads; t++) {
                for (int k : results.get(t).get()) {
                    assertThat(winner.put(k, t)).as("second winner for key %d", k).isNull();
                }
            }
            assertThat(winner).hasSize(keys);
            for (int k = 0; k < keys; k++) {
                assertThat(new String(store.get("race/" + k), StandardCharsets.UTF_8)).isEqualTo("writer-" + winner.get(k) + "-key-" + k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listingsPageThroughMoreThanAThousandKeysAndBatchDeleteClearsThem() throws Exception {
        FaultyHttpProxy counter = FaultyHttpProxy.start(S3TestServer.endpoint()); // only counts requests here
        try (S3ObjectStore s = new S3ObjectStore("s3://" + bucket + "/many/", S3Config.from(counter.options(S3TestServer.options())))) {
            int n = 1100;
            List<String> keys = IntStream.range(0, n).mapToObj(i -> String.format("log/%05d.json", i)).toList();
            for (String k : keys) {
                S3TestServer.seed(bucket, "many/" + k, bytes(k)); // straight into the server's store: 1,100 PUTs take seconds
            }
            s.put("other/x", bytes("x"));
            counter.clearRequests();

            ListPage first = s.list("log/", null, 1000);
            assertThat(first.objects()).hasSize(1000);
            assertThat(first.truncated()).isTrue();
            assertThat(first.objects().get(0).key()).isEqualTo("log/00000.json"); // relative to the store's prefix
            ListPage second = s.list("log/", first.objects().get(999).key(), 1000);
            assertThat(second.objects()).extracting(ObjectInfo::key).isEqualTo(keys.subList(1000, n));
            assertThat(second.truncated()).isFalse();
            assertThat(s.list("log/", "log/00500.json", 7).objects()).extracting(ObjectInfo::key)
                    .isEqualTo(keys.subList(501, 508));
            assertThat(s.listAll("log/")).extracting(ObjectInfo::key).isEqualTo(keys);
            assertThat(s.listAll("log/")).allSatisfy(i -> assertThat(i.size()).isEqualTo(14));

            counter.clearRequests();
            List<String> toDelete = new ArrayList<>(keys);
            toDelete.add("log/never-existed.json");
            Collections.shuffle(toDelete, new java.util.Random(1));
            s.delete(toDelete);
            assertThat(counter.requests()).filteredOn(r -> r.method().equals("POST") && r.hasQueryParam("delete"))
                    .as("DeleteObjects in chunks of 1000").hasSize(2);
            assertThat(s.listAll("log/")).isEmpty();
            assertThat(s.listAll("")).extracting(ObjectInfo::key).containsExactly("other/x");
        } finally {
            counter.close();
        }
    }

    @Test
    void statAndGetOfMissingKeys() {
        assertThat(store.stat("nope/x")).isEmpty();
        assertThatThrownBy(() -> store.get("nope/x")).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("nope/x");
        assertThatThrownBy(() -> store.get("nope/x", 0, 10)).isInstanceOf(ObjectNotFoundException.class);
        store.put("st/a", bytes("12345"));
        ObjectInfo i = store.stat("st/a").orElseThrow();
        assertThat(i.key()).isEqualTo("st/a");
        assertThat(i.size()).isEqualTo(5);
        assertThat(i.etag()).isNotBlank();
        assertThat(i.lastModifiedMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    }

    @Test
    void optionsAreValidated() {
        Map<String, String> o = new HashMap<>(S3TestServer.options());
        o.put("s3.max-attempts", "zero");
        assertThatThrownBy(() -> S3Config.from(o)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3.max-attempts");
        assertThatThrownBy(() -> new S3ObjectStore("s3:///no-bucket", S3Config.from(S3TestServer.options())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
