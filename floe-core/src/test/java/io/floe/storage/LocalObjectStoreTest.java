package io.floe.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalObjectStoreTest extends ObjectStoreContractTest {

    @TempDir
    Path parent;

    private Path root() {
        return parent.resolve("store");
    }

    @Override
    protected ObjectStore newStore() {
        return new LocalObjectStore(root());
    }

    private List<Path> tempFiles() throws Exception {
        if (!Files.exists(root())) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root())) {
            return s.filter(p -> p.getFileName().toString().endsWith(LocalObjectStore.TEMP_SUFFIX)).toList();
        }
    }

    @Test
    void aTempFileLeftByACrashIsInvisible() throws Exception {
        // what a writer that died between writing and publishing leaves behind
        Path dir = Files.createDirectories(root().resolve("_delta_log"));
        Files.writeString(dir.resolve(".00000000000000000001.json.0f8e-dead" + LocalObjectStore.TEMP_SUFFIX), "{\"half");
        Files.writeString(root().resolve(".top" + LocalObjectStore.TEMP_SUFFIX), "x");
        store.put("_delta_log/00000000000000000000.json", bytes("{}"));

        assertThat(store.listAll("")).extracting(ObjectInfo::key).containsExactly("_delta_log/00000000000000000000.json");
        assertThat(store.listAll("_delta_log/.")).isEmpty();
        assertThat(store.stat("_delta_log/00000000000000000001.json")).isEmpty();
        assertThat(store.putIfAbsent("_delta_log/00000000000000000001.json", bytes("{\"whole\":1}"))).isTrue();
        assertThat(store.get("_delta_log/00000000000000000001.json")).isEqualTo(bytes("{\"whole\":1}"));
    }

    @Test
    void writesLeaveNoTempFiles() throws Exception {
        store.put("a/b", bytes("1"));
        store.put("a/b", bytes("2"));
        store.putIfAbsent("a/c", bytes("3"));
        store.putIfAbsent("a/c", bytes("4")); // the loser's temp file goes too
        Path src = Files.writeString(localDir.resolve("f"), "5");
        store.putFile("a/d", src);
        assertThat(tempFiles()).isEmpty();
        assertThat(store.listAll("a/")).extracting(ObjectInfo::key).containsExactly("a/b", "a/c", "a/d");
    }

    @Test
    void listingsDuringWritesNeverShowTempFiles() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writers = List.of(
                    pool.submit(() -> {
                        for (int i = 0; i < 400; i++) {
                            store.put("w/k" + (i % 7), sequence(100 + i));
                        }
                    }),
                    pool.submit(() -> {
                        for (int i = 0; i < 400; i++) {
                            store.putIfAbsent("w/n" + i, sequence(10));
                        }
                    }));
            while (writers.stream().anyMatch(f -> !f.isDone())) {
                for (ObjectInfo o : store.listAll("w/")) {
                    assertThat(o.key()).doesNotEndWith(LocalObjectStore.TEMP_SUFFIX).doesNotContain("/.");
                    assertThat(store.get(o.key())).isNotEmpty(); // listed means complete and readable
                }
            }
            for (Future<?> f : writers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.listAll("w/")).hasSize(7 + 400);
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void keysWithTheTempSuffixAreRefused() {
        assertThatThrownBy(() -> store.put("a/x" + LocalObjectStore.TEMP_SUFFIX, bytes("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.putIfAbsent("x" + LocalObjectStore.TEMP_SUFFIX, bytes("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listingCannotEscapeTheRoot() throws Exception {
        Files.createDirectories(root());
        Files.createDirectories(parent.resolve("secret"));
        Files.writeString(parent.resolve("secret/password"), "hunter2");
        for (String prefix : List.of("../", "../secret/", "a/../../secret/", "/")) {
            assertThatThrownBy(() -> store.list(prefix, null, 10)).as(prefix)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.get("../secret/password")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void objectsAreFilesUnderTheRoot() throws Exception {
        store.put("t/part=1/f.parquet", bytes("data"));
        Path p = store.localPath("t/part=1/f.parquet").orElseThrow();
        assertThat(p).isEqualTo(root().resolve("t/part=1/f.parquet"));
        assertThat(Files.readString(p)).isEqualTo("data");
        String dirUri = root().toUri().toString(); // ends with '/' only when the directory exists
        assertThat(store.uri()).isEqualTo(dirUri.endsWith("/") ? dirUri : dirUri + "/");
        try (ObjectStore reopened = ObjectStores.open(store.uri(), Map.of())) {
            assertThat(reopened.get("t/part=1/f.parquet")).isEqualTo(bytes("data"));
        }
    }

    @Test
    void filesWrittenByOthersAreListedIncludingLinkedOnes() throws Exception {
        Path dir = Files.createDirectories(root().resolve("ext"));
        Files.writeString(dir.resolve("plain"), "abc");
        Path outside = Files.writeString(parent.resolve("target"), "linked!");
        Files.createSymbolicLink(dir.resolve("link"), outside);
        Files.createSymbolicLink(dir.resolve("dangling"), parent.resolve("nope"));
        assertThat(store.listAll("ext/")).extracting(ObjectInfo::key, ObjectInfo::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ext/link", 7L),
                        org.assertj.core.groups.Tuple.tuple("ext/plain", 3L));
        assertThat(store.get("ext/link")).isEqualTo(bytes("linked!"));
    }

    @Test
    void deleteLeavesDirectoriesAlone() throws Exception {
        store.put("d/sub/x", bytes("x"));
        store.delete(List.of("d/sub", "d"));
        assertThat(store.get("d/sub/x")).isEqualTo(bytes("x"));
    }

    @Test
    void aFileIsNotAStoreRoot(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path file = java.nio.file.Files.writeString(tmp.resolve("warehouse.txt"), "not a directory");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LocalObjectStore(file)).isInstanceOf(StorageException.class)
                .hasMessageContaining("not a directory").hasMessageContaining("warehouse.txt");
    }
}
