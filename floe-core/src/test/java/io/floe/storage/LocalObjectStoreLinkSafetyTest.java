package io.floe.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deletes never leave the table root: a symbolic link inside a table directory (to a directory outside it, or to another
 * table) is listed as itself for deletion and never followed, and every delete is checked on the real path.
 */
class LocalObjectStoreLinkSafetyTest {
    @TempDir
    Path dir;
    Path wh;
    Path outside;
    LocalObjectStore store;

    @BeforeEach
    void setUp() throws Exception {
        wh = Files.createDirectories(dir.resolve("wh"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("precious.txt"), "keep me");
        Files.createDirectories(wh.resolve("t/part=1"));
        Files.writeString(wh.resolve("t/part=1/a.parquet"), "a");
        Files.createSymbolicLink(wh.resolve("t/link"), outside);
        Files.createSymbolicLink(wh.resolve("t/filelink"), outside.resolve("precious.txt"));
        store = new LocalObjectStore(wh);
    }

    @Test
    void listingForDeletionListsLinksAsThemselvesAndDoesNotFollowThem() {
        List<ObjectInfo> all = store.listNoFollow("t/");
        assertThat(all).extracting(ObjectInfo::key).containsExactly("t/filelink", "t/link", "t/part=1/a.parquet");
        assertThat(all).filteredOn(ObjectInfo::symbolicLink).extracting(ObjectInfo::key).containsExactly("t/filelink", "t/link");
        // the ordinary listing still follows links, as reads do
        assertThat(store.listAll("t/")).extracting(ObjectInfo::key).contains("t/link/precious.txt");
    }

    @Test
    void deleteThroughALinkToAnOutsideDirectoryIsRefusedAndTouchesNothing() {
        assertThatThrownBy(() -> store.deleteWithin("t/", List.of("t/part=1/a.parquet", "t/link/precious.txt")))
                .isInstanceOf(PathEscapeException.class).hasMessageContaining("t/link/precious.txt");
        assertThat(outside.resolve("precious.txt")).hasContent("keep me");
        assertThat(wh.resolve("t/part=1/a.parquet")).exists(); // the whole batch was refused
        // the plain delete checks the store root on the real path too
        assertThatThrownBy(() -> store.delete(List.of("t/link/precious.txt"))).isInstanceOf(PathEscapeException.class);
        assertThat(outside.resolve("precious.txt")).hasContent("keep me");
    }

    @Test
    void deletingALinkRemovesTheLinkNeverItsTarget() {
        store.deleteWithin("t/", List.of("t/link", "t/filelink"));
        assertThat(wh.resolve("t/link")).doesNotExist();
        assertThat(wh.resolve("t/filelink")).doesNotExist();
        assertThat(outside.resolve("precious.txt")).hasContent("keep me");
    }

    @Test
    void aLinkToAnotherTableOfTheSameStoreIsOutsideTheTableRoot() throws Exception {
        Files.createDirectories(wh.resolve("u"));
        Files.writeString(wh.resolve("u/b.parquet"), "b");
        Files.createSymbolicLink(wh.resolve("t/other"), wh.resolve("u"));
        assertThatThrownBy(() -> store.deleteWithin("t/", List.of("t/other/b.parquet"))).isInstanceOf(PathEscapeException.class);
        assertThat(wh.resolve("u/b.parquet")).exists();
    }

    @Test
    void aTableDirectoryThatIsItselfALinkIsRefused() throws Exception {
        Files.createSymbolicLink(wh.resolve("v"), outside);
        assertThatThrownBy(() -> store.listNoFollow("v/")).isInstanceOf(PathEscapeException.class);
        assertThatThrownBy(() -> store.deleteWithin("v/", List.of("v/precious.txt"))).isInstanceOf(PathEscapeException.class);
        assertThat(outside.resolve("precious.txt")).hasContent("keep me");
    }

    @Test
    void keysOutsideTheRootPrefixAreRefusedByName() {
        assertThatThrownBy(() -> store.deleteWithin("t/", List.of("u/x"))).isInstanceOf(PathEscapeException.class);
        assertThatThrownBy(() -> store.deleteWithin("t/", List.of("t/../u/x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoreWhoseRootIsALinkStillDeletesInsideIt() throws Exception {
        Path linkedRoot = Files.createSymbolicLink(dir.resolve("whlink"), wh);
        LocalObjectStore viaLink = new LocalObjectStore(linkedRoot);
        viaLink.deleteWithin("t/", List.of("t/part=1/a.parquet"));
        assertThat(wh.resolve("t/part=1/a.parquet")).doesNotExist();
        assertThat(wh.resolve("t/part=1")).as("emptied directories below the root are removed").doesNotExist();
        assertThat(wh.resolve("t")).exists();
    }

    @Test
    void storesWithoutLinksCheckTheRootByName() {
        InMemoryObjectStore mem = new InMemoryObjectStore();
        mem.put("t/a", new byte[1]);
        mem.put("u/b", new byte[1]);
        assertThatThrownBy(() -> mem.deleteWithin("t/", List.of("t/a", "u/b"))).isInstanceOf(PathEscapeException.class);
        assertThat(mem.stat("t/a")).isPresent();
        mem.deleteWithin("t/", List.of("t/a"));
        assertThat(mem.stat("t/a")).isEmpty();
        assertThat(mem.listNoFollow("u/")).extracting(ObjectInfo::key).containsExactly("u/b");
    }

    @Test
    void faultInjectingStoresKeepTheRealPathCheck() {
        FaultInjectingObjectStore faulty = new FaultInjectingObjectStore(store);
        assertThatThrownBy(() -> faulty.deleteWithin("t/", List.of("t/link/precious.txt"))).isInstanceOf(PathEscapeException.class);
        assertThat(faulty.listNoFollow("t/")).filteredOn(ObjectInfo::symbolicLink).hasSize(2);
        assertThat(outside.resolve("precious.txt")).hasContent("keep me");
    }
}
