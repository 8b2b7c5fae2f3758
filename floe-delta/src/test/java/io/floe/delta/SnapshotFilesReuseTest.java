package io.floe.delta;

import io.floe.storage.InMemoryObjectStore;
import io.floe.table.DataFile;
import io.floe.testing.JsonLinesDataPlane;
import io.floe.testing.TableFixtures;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: a commit's new snapshot is the old one plus the commit's actions; its files are the old one's converted files
 * (the same objects, no statistics parsed again) plus the new ones — a commit on a table of many files costs the files
 * it changes, not the table's size in JSON parsing.
 */
class SnapshotFilesReuseTest {
    static JsonLinesDataPlane engine;

    @BeforeAll
    static void start() {
        engine = new JsonLinesDataPlane();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aCommitsSnapshotKeepsTheConvertedFilesItDidNotChange() {
        DeltaTable t = new DeltaTable("t", new DeltaLog(new InMemoryObjectStore(), "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.checkpointInterval", "100"), null);
        t.newAppend().addFile(TableFixtures.file(null, 1, 1)).addFile(TableFixtures.file(null, 2, 2)).addFile(TableFixtures.file(null, 3, 3))
                .commit();
        List<DataFile> before = t.snapshot().files();
        assertThat(before).hasSize(3);

        t.newTransaction().remove(before.get(1), true).add(TableFixtures.file(null, 4, 4)).commit(io.floe.table.Operation.of("WRITE"));
        List<DataFile> after = t.snapshot().files();
        assertThat(after).hasSize(3);
        DeltaSnapshot appended = (DeltaSnapshot) t.snapshot();
        assertThat(after.get(0)).isSameAs(before.get(0));
        assertThat(after.get(1)).isSameAs(before.get(2));
        assertThat(after.get(2).stats().minValues()).isEqualTo(TableFixtures.file(null, 4, 4).stats().minValues());

        // a schema change converts every file again (statistics are read by the schema)
        t.newTransaction().updateSchema(TableFixtures.SIMPLE.add(new StructField("w", PrimitiveType.LONG, true)))
                .commit(io.floe.table.Operation.of("ADD COLUMNS"));
        List<DataFile> widened = t.snapshot().files();
        assertThat(widened).hasSize(3);
        // the schema is parsed again only when the metaData action changed: a commit that keeps it reuses the parsed one
        io.floe.table.Snapshot changed = t.snapshot();
        assertThat(changed.schema()).isNotSameAs(appended.schema());
        t.newAppend().addFile(TableFixtures.file(null, 5, 5)).commit();
        assertThat(t.snapshot().version()).isEqualTo(changed.version() + 1);
        assertThat(t.snapshot().schema()).isSameAs(changed.schema());
        assertThat(widened.get(0)).isNotSameAs(after.get(0)).isEqualTo(after.get(0));
    }
}
