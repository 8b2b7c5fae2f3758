package io.floe.iceberg;

import io.floe.storage.InMemoryObjectStore;
import io.floe.table.PartitionSpec;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.table.Table;
import io.floe.table.TableDefinition;
import io.floe.testing.TableFixtures;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tables using what Floe cannot honour are refused by the feature's name; what it can is read. */
class IcebergFeaturesTest {
    @Test
    void v3ColumnDefaultsAreRefusedByName() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = new IcebergFormat().open("t", store, "t/", null);
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED, Map.of("format-version", "3"), null));
        assertThat(t.snapshot().formatDetails()).containsEntry("formatVersion", 3);
        ((IcebergTable) t).icebergTable().updateSchema().addColumn("d", Types.IntegerType.get(), "with a default", Literal.of(5)).commit();
        assertThatThrownBy(t::snapshot).isInstanceOf(ProtocolNotSupportedException.class).hasMessageContaining("column default values");
    }

    @Test
    void aFutureFormatVersionIsRefusedByName() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = new IcebergFormat().open("t", store, "t/", null);
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED, Map.of(), null));
        String json = new String(store.get("t/metadata/v1.metadata.json"), StandardCharsets.UTF_8);
        store.put("t/metadata/v2.metadata.json", json.replace("\"format-version\":2", "\"format-version\":9").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new IcebergFormat().open("t", store, "t/", null).snapshot()).hasMessageContaining("format-version");
    }

    @Test
    void aCorruptMetadataFileIsNamed() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = new IcebergFormat().open("t", store, "t/", null);
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED, Map.of(), null));
        store.put("t/metadata/v2.metadata.json", "{ not json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new IcebergFormat().open("t", store, "t/", null).snapshot())
                .hasMessageContaining("v2.metadata.json is not valid");
        assertThat(List.of(1)).hasSize(1);
    }

    @Test
    void oldMetadataFilesAreDeletedWhenTheTableAsks() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = new IcebergFormat().open("t", store, "t/", null);
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED,
                Map.of("write.metadata.delete-after-commit.enabled", "true", "write.metadata.previous-versions-max", "2"), null));
        for (int i = 0; i < 5; i++) {
            t.newAppend().addFile(IcebergConcurrencyTest.file(t, "f" + i, "p0", i)).commit();
        }
        long metadataFiles = store.listAll("t/metadata/").stream().filter(o -> o.key().endsWith(".metadata.json")).count();
        assertThat(metadataFiles).isEqualTo(3); // the current one and the two the log keeps
        assertThat(new IcebergFormat().open("t", store, "t/", null).snapshot().files()).hasSize(5);
    }
}
