package io.floe.delta;

import io.floe.delta.actions.Metadata;
import io.floe.delta.actions.Protocol;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.Operation;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.testing.TableFixtures;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Column mapping mode 'id' (a table Spark created): readers find columns by Parquet field id, which Floe's data files
 * do not carry, so Floe refuses to add data files to it by the feature's name; metadata changes still work.
 */
class ColumnMappingIdModeTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();

    private DeltaTable sparkIdMappedTable() {
        List<StructField> fields = new ArrayList<>();
        int id = 0;
        for (StructField f : TableFixtures.SIMPLE.fields()) {
            fields.add(f.withIdentity(++id, "col-" + id));
        }
        Metadata m = new Metadata("id-table", null, null, null, SchemaJson.toJson(new StructType(fields)), List.of("part"),
                Map.of("delta.columnMapping.mode", "id", "delta.columnMapping.maxColumnId", "3"), 0L);
        String commit = DeltaJson.actionLine(new Protocol(2, 5)) + "\n" + DeltaJson.actionLine(m) + "\n";
        store.put("t/_delta_log/00000000000000000000.json", commit.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new DeltaTable("t", new DeltaLog(store, "t/", null));
    }

    @Test
    void filesAreLaidOutToBeReadByFieldId() {
        DeltaTable t = sparkIdMappedTable();
        assertThat(t.dataLayout().columnsByFieldId()).isTrue();
        assertThat(t.dataLayout().partitionSourcesInFiles()).isFalse();
        assertThat(new DeltaTable("plain", new DeltaLog(store, "plain/", null)).dataLayout()).isEqualTo(io.floe.table.DataLayout.DELTA);
    }

    @Test
    void metadataChangesStillCommit() {
        DeltaTable t = sparkIdMappedTable();
        DeltaTransaction txn = t.newTransaction();
        txn.updateProperties(Map.of("delta.logRetentionDuration", "interval 60 days"), List.of());
        txn.commit(new Operation("SET TBLPROPERTIES", Map.of(), Map.of()));
        assertThat(t.snapshot().properties()).containsEntry("delta.logRetentionDuration", "interval 60 days");
    }

    @Test
    void creatingOneGivesEveryColumnAnIdAndAPhysicalName() {
        DeltaTable t = new DeltaTable("n", new DeltaLog(store, "n/", null));
        t.create(TableFixtures.SIMPLE, List.of(), Map.of("delta.columnMapping.mode", "id"), null);
        for (StructField f : t.snapshot().schema().fields()) {
            assertThat(f.id()).isPositive();
            assertThat(f.hasPhysicalName()).isTrue();
        }
        assertThat(t.dataLayout().columnsByFieldId()).isTrue();
    }
}
