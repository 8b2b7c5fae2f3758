package io.floe.iceberg;

import io.floe.storage.InMemoryObjectStore;
import io.floe.table.DataFile;
import io.floe.table.PartitionSpec;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.TableDefinition;
import io.floe.table.expr.Column;
import io.floe.table.expr.Comparison;
import io.floe.table.expr.ComparisonOp;
import io.floe.table.expr.Literal;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Planning with a filter leaves out, while reading the manifests, the files whose column bounds cannot match. */
class IcebergPlanningTest {
    private static Table tableOf(int files) {
        Table t = new IcebergFormat().open("t", new InMemoryObjectStore(), "t/", null);
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED, Map.of(), null));
        List<DataFile> batch = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            batch.add(IcebergConcurrencyTest.file(t, "f" + i, "p", i * 10L));
        }
        t.newAppend().addFiles(batch).commit(); // one manifest holding every file
        return t;
    }

    @Test
    void aSelectiveFilterPlansOnlyTheFilesItsBoundsAllow() {
        Table t = tableOf(200);
        Snapshot s = t.snapshot();
        List<DataFile> planned = s.files(Comparison.of(Column.of("id"), ComparisonOp.EQ, Literal.of(570L)));
        assertThat(planned).extracting(DataFile::path).singleElement().asString().endsWith("f57.parquet");
        assertThat(s.files(Comparison.of(Column.of("id"), ComparisonOp.GE, Literal.of(1900L)))).hasSize(10);
        // a column without bounds keeps every file; the whole list is still there after filtered reads
        assertThat(s.files(Comparison.of(Column.of("v"), ComparisonOp.EQ, Literal.of(1.0)))).hasSize(200);
        assertThat(s.files()).hasSize(200);
    }

    @Test
    void aSnapshotReadWholeBeforeIsFilteredFromWhatItRead() {
        Table t = tableOf(50);
        Snapshot s = t.snapshot();
        assertThat(s.files()).hasSize(50);
        // the manifest is not read again: its decoded files are filtered on their bounds
        assertThat(s.files(Comparison.of(Column.of("id"), ComparisonOp.EQ, Literal.of(70L)))).extracting(DataFile::path)
                .singleElement().asString().endsWith("f7.parquet");
        // a filter that is not a comparison of integer columns: the whole list, for the pruning to narrow
        assertThat(s.files(Comparison.of(Column.of("v"), ComparisonOp.EQ, Literal.of(1.0)))).hasSize(50);
    }

    @Test
    void aRepeatedPlanFiltersTheManifestTheTableKeepsAcrossSnapshots() {
        Table t = tableOf(200);
        ManifestCache kept = ((IcebergTable) t).manifests();
        Snapshot s = t.snapshot();
        var eq = Comparison.of(Column.of("id"), ComparisonOp.EQ, Literal.of(570L));
        assertThat(s.files(eq)).extracting(DataFile::path).singleElement().asString().endsWith("f57.parquet");
        assertThat(kept.files()).isZero(); // read once, filtered: nothing kept
        assertThat(s.files(eq)).extracting(DataFile::path).singleElement().asString().endsWith("f57.parquet");
        assertThat(kept.files()).isEqualTo(200); // read again: decoded whole and kept, filtered on its bounds
        assertThat(s.files(eq)).extracting(DataFile::path).singleElement().asString().endsWith("f57.parquet");
        assertThat(s.files(Comparison.of(Column.of("id"), ComparisonOp.LT, Literal.of(20L)))).hasSize(2);
        // a later snapshot shares the manifest: its plans filter what the table keeps, as a fresh handle plans them
        t.newAppend().addFile(IcebergConcurrencyTest.file(t, "g", "p", 5000L)).commit();
        var ge = Comparison.of(Column.of("id"), ComparisonOp.GE, Literal.of(1900L));
        Snapshot later = t.snapshot();
        Snapshot fresh = new IcebergFormat().open("t", t.store(), "t/", null).snapshot();
        for (int i = 0; i < 3; i++) {
            assertThat(later.files(ge)).extracting(DataFile::path).hasSize(11)
                    .containsExactlyElementsOf(fresh.files(ge).stream().map(DataFile::path).toList());
        }
        assertThat(kept.files()).isEqualTo(201);
    }

    @Test
    void aWholeListLargerThanTheTableKeepsIsNotKept() {
        Table t = tableOf(3);
        t.newAppend().addFile(IcebergConcurrencyTest.file(t, "g", "p", 5000L)).commit(); // a second manifest: 4 files in all
        IcebergTable small = (IcebergTable) new IcebergFormat().open("t", t.store(), "t/", null);
        small.keepManifests(3);
        assertThat(small.snapshot().files()).hasSize(4);
        // each manifest fits the bound, the snapshot does not: kept, they would only push each other out
        assertThat(small.manifests().files()).isZero();
        IcebergTable roomy = (IcebergTable) new IcebergFormat().open("t", t.store(), "t/", null);
        roomy.keepManifests(4);
        assertThat(roomy.snapshot().files()).hasSize(4);
        assertThat(roomy.manifests().files()).isEqualTo(4);
        // the larger snapshot's list is one joined list: the same files, and its plans filter each manifest's part of it
        assertThat(small.snapshot().files()).containsExactlyElementsOf(roomy.snapshot().files());
        var eq = Comparison.of(Column.of("id"), ComparisonOp.EQ, Literal.of(10L));
        assertThat(small.snapshot().files(eq)).extracting(DataFile::path).singleElement().asString().endsWith("f1.parquet");
        var ge = Comparison.of(Column.of("id"), ComparisonOp.GE, Literal.of(10L));
        assertThat(small.snapshot().files(ge)).containsExactlyElementsOf(roomy.snapshot().files(ge));
    }

    @Test
    void theKeptManifestsAreBoundedByTheirFiles() {
        ManifestCache c = new ManifestCache(10);
        DecodedFiles four = files(4);
        c.put("a", 0, four);
        c.put("b", 0, files(4));
        assertThat(c.get("a", 0)).isSameAs(four);
        assertThat(c.get("a", 1)).isNull(); // decoded with another schema
        c.put("c", 0, files(4)); // over the bound: the least recently used (b) goes
        assertThat(c.get("b", 0)).isNull();
        assertThat(c.get("a", 0)).isSameAs(four);
        assertThat(c.files()).isEqualTo(8);
        c.put("big", 0, files(11)); // larger than the bound: not kept
        assertThat(c.get("big", 0)).isNull();
        assertThat(c.seen("x")).isFalse();
        assertThat(c.seen("x")).isTrue();
    }

    private static DecodedFiles files(int n) {
        DecodedFiles.Builder b = new DecodedFiles.Builder(1L, false);
        for (int i = 0; i < n; i++) {
            byte[] p = ("/t/" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            b.add(p, p.length, 1, 1, new io.floe.table.IdValues<>(), new io.floe.table.IdValues<>(), new io.floe.table.IdValues<>(), null);
        }
        return b.build();
    }

    @Test
    void aManifestThatOnlyRecordsDeletedFilesIsNotRead() {
        Table t = tableOf(3);
        t.newOverwrite().addFile(IcebergConcurrencyTest.file(t, "new", "p", 7L)).commit();
        Snapshot s = new IcebergFormat().open("t", t.store(), "t/", null).snapshot();
        s.files(Comparison.of(Column.of("id"), ComparisonOp.EQ, Literal.of(7L)));
        // the overwrite's manifests: the new file's, and the old files' marked deleted (nothing live to read there)
        assertThat(s.planningDetail()).isEqualTo("manifests total=2 read=1");
        assertThat(s.files()).extracting(DataFile::path).singleElement().asString().endsWith("new.parquet");
        assertThat(((IcebergSnapshot) s).entries()).hasSize(1);
    }
}
