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
        // the manifest is not read again: its whole list is handed on, for the pruning to narrow
        assertThat(s.files(Comparison.of(Column.of("id"), ComparisonOp.EQ, Literal.of(70L)))).hasSize(50);
    }
}
