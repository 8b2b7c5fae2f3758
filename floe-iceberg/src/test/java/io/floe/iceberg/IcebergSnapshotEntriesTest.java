package io.floe.iceberg;

import io.floe.storage.InMemoryObjectStore;
import io.floe.table.DataFile;
import io.floe.table.Operation;
import io.floe.table.PartitionSpec;
import io.floe.table.TableDefinition;
import io.floe.table.Transaction;
import io.floe.testing.TableFixtures;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.io.FileIO;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot keeps Floe's model of each file and the manifest it came from, not Iceberg's copy: a commit reads Iceberg's
 * model again for the files it touches, whole, so what it writes is what the manifests held.
 */
class IcebergSnapshotEntriesTest {
    private static IcebergTable table(InMemoryObjectStore store) {
        IcebergTable t = (IcebergTable) new IcebergFormat().open("t", store, "t/", null);
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.identity(List.of("part")), Map.of(), null));
        return t;
    }

    /** {@code manifests} appends of {@code perManifest} files each: one manifest per append. */
    private static void fill(IcebergTable t, int manifests, int perManifest) {
        for (int m = 0; m < manifests; m++) {
            List<DataFile> batch = new ArrayList<>();
            for (int i = 0; i < perManifest; i++) {
                batch.add(IcebergConcurrencyTest.file(t, "m" + m + "-f" + i, "p" + (i % 2), m * 100L + i));
            }
            t.newAppend().addFiles(batch).commit();
        }
    }

    /** Every live data file of the current snapshot as Iceberg reads it, manifest by manifest, in order. */
    private static List<org.apache.iceberg.DataFile> icebergFiles(IcebergTable t) throws IOException {
        FileIO io = t.operations().io();
        var m = t.operations().refresh();
        List<org.apache.iceberg.DataFile> out = new ArrayList<>();
        for (ManifestFile mf : m.currentSnapshot().dataManifests(io)) {
            try (ManifestReader<org.apache.iceberg.DataFile> r = ManifestFiles.read(mf, io, m.specsById())) {
                r.forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void filesFromManifestsReadInParallelKeepTheManifestListsOrder() throws IOException {
        IcebergTable t = table(new InMemoryObjectStore());
        fill(t, 12, 5);
        List<String> expected = icebergFiles(t).stream().map(org.apache.iceberg.DataFile::location).toList();
        assertThat(expected).hasSize(60);
        for (int run = 0; run < 3; run++) {
            IcebergTable fresh = (IcebergTable) new IcebergFormat().open("t", t.store(), "t/", null);
            assertThat(fresh.snapshot().files()).extracting(DataFile::path).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aSnapshotReadFromManifestsHoldsNoIcebergCopyOfItsFiles() {
        IcebergTable t = table(new InMemoryObjectStore());
        fill(t, 3, 4);
        IcebergSnapshot s = t.snapshot();
        assertThat(s.entries()).hasSize(12).allSatisfy(e -> {
            assertThat(e.planned()).isNull();
            assertThat(e.manifest()).isNotNull();
        });
    }

    @Test
    void aRemoveCommitsTheRemovedFilesAsTheirManifestsHoldThem() throws IOException {
        IcebergTable t = table(new InMemoryObjectStore());
        fill(t, 3, 4);
        Map<String, org.apache.iceberg.DataFile> before = new LinkedHashMap<>();
        icebergFiles(t).forEach(f -> before.put(f.location(), f));
        List<DataFile> files = t.snapshot().files();
        // one file of the first manifest and one of the last
        DataFile a = files.get(1);
        DataFile b = files.get(files.size() - 1);
        Transaction tx = t.newTransaction();
        tx.remove(a, true).remove(b, true).add(IcebergConcurrencyTest.file(t, "new", "p0", 9_999));
        tx.commit(Operation.of("DELETE"));

        var m = t.operations().refresh();
        List<String> removed = new ArrayList<>();
        m.currentSnapshot().removedDataFiles(t.operations().io()).forEach(f -> removed.add(f.location()));
        assertThat(removed).containsExactlyInAnyOrder(a.path(), b.path());
        // the commit's summary counts the removed files' rows from the files it was given
        assertThat(m.currentSnapshot().summary()).containsEntry("deleted-data-files", "2")
                .containsEntry("deleted-records", Long.toString(before.get(a.path()).recordCount() + before.get(b.path()).recordCount()));
        // the files left are the others, as they were, in order, and the new one
        List<String> left = new ArrayList<>(before.keySet());
        left.remove(a.path());
        left.remove(b.path());
        List<org.apache.iceberg.DataFile> after = icebergFiles(t);
        assertThat(after).extracting(org.apache.iceberg.DataFile::location).containsAll(left).hasSize(left.size() + 1);
        for (org.apache.iceberg.DataFile f : after) {
            if (before.containsKey(f.location())) {
                assertThat(f.valueCounts()).isEqualTo(before.get(f.location()).valueCounts());
            }
        }
        assertThat(t.snapshot().files()).extracting(DataFile::path).doesNotContain(a.path(), b.path()).hasSize(11);
    }

    @Test
    void icebergFilesAreReadAgainWholeFromTheirManifests() throws IOException {
        IcebergTable t = table(new InMemoryObjectStore());
        fill(t, 3, 4);
        Map<String, org.apache.iceberg.DataFile> before = new LinkedHashMap<>();
        icebergFiles(t).forEach(f -> before.put(f.location(), f));
        IcebergSnapshot s = t.snapshot();
        Map<String, org.apache.iceberg.DataFile> got = s.icebergFiles(List.of(s.entries().get(0), s.entries().get(11)));
        assertThat(got).hasSize(2);
        got.forEach((path, f) -> {
            org.apache.iceberg.DataFile was = before.get(path);
            // every column of the entry, including those Floe's own read skips (value counts)
            assertThat(was.valueCounts()).isNotEmpty();
            assertThat(f.valueCounts()).isEqualTo(was.valueCounts());
            assertThat(f.nullValueCounts()).isEqualTo(was.nullValueCounts());
            assertThat(f.lowerBounds()).isEqualTo(was.lowerBounds());
            assertThat(f.upperBounds()).isEqualTo(was.upperBounds());
            assertThat(f.recordCount()).isEqualTo(was.recordCount());
            assertThat(f.fileSizeInBytes()).isEqualTo(was.fileSizeInBytes());
            assertThat(f.partition().get(0, String.class)).isEqualTo(was.partition().get(0, String.class));
        });
    }

    @Test
    void icebergFilesFindsAFileInTheManifestItWasReadFrom() {
        IcebergTable t = table(new InMemoryObjectStore());
        fill(t, 4, 3);
        IcebergSnapshot s = t.snapshot();
        IcebergSnapshot.Entry third = s.entries().get(7); // the third manifest's second file
        Map<String, org.apache.iceberg.DataFile> got = s.icebergFiles(List.of(third));
        assertThat(got).containsOnlyKeys(third.floe().path());
        assertThat(got.get(third.floe().path()).recordCount()).isEqualTo(third.floe().stats().numRecords());
    }
}
