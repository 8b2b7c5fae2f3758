package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.DomainMetadata;
import io.floe.delta.actions.Protocol;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.Clustering;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.table.PartitionSpec;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.table.TableDefinition;
import io.floe.testing.TableFixtures;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Delta's clustered tables (issue 17): CLUSTER BY adds the clustering and domainMetadata writer features (writer 7) and
 * the delta.clustering domain with physical column paths, as delta-spark writes them; Floe reads the clustering columns
 * of such a table back as logical names, and tells files a clustering run wrote from unclustered ones.
 */
class LiquidClusteringTest {
    InMemoryObjectStore store;

    @BeforeEach
    void setUp() {
        store = new InMemoryObjectStore();
    }

    private DeltaTable table(String name) {
        return new DeltaTable(name, new DeltaLog(store, name + "/", null));
    }

    private DeltaTable createClustered(String name, StructType schema, Map<String, String> props, List<String> columns) {
        DeltaTable t = table(name);
        Map<String, String> p = new java.util.LinkedHashMap<>(props);
        p.put(Clustering.DEFINITION_PROPERTY, Clustering.encodeColumns(columns));
        TableDefinition d = new TableDefinition(schema, PartitionSpec.UNPARTITIONED, p, null);
        t.newCreateTransaction(d).commit(Operation.create(d, false));
        return t;
    }

    private List<Action> actionsOf(DeltaTable t, long version) {
        return t.log().readVersion(version).orElseThrow();
    }

    @Test
    void clusterByWritesTheFeaturesAndTheDomainWithPhysicalPaths() {
        DeltaTable t = createClustered("t", TableFixtures.SIMPLE, Map.of(), List.of("id", "part"));
        DeltaSnapshot s = t.snapshot();
        assertThat(s.protocol().minWriterVersion()).isEqualTo(7);
        assertThat(s.protocol().writerFeatures()).contains("clustering", "domainMetadata");
        assertThat(s.properties()).doesNotContainKey(Clustering.DEFINITION_PROPERTY); // kept as a domain, not a property
        DomainMetadata d = s.domains().get("delta.clustering");
        assertThat(d.configuration()).isEqualTo("{\"clusteringColumns\":[[\"id\"],[\"part\"]],\"domainName\":\"delta.clustering\"}");
        assertThat(actionsOf(t, 0)).anyMatch(a -> a instanceof DomainMetadata dm && dm.domain().equals("delta.clustering"));
        assertThat(t.clustered(s)).isTrue();
        assertThat(t.clusteringColumns(s)).containsExactly("id", "part");
    }

    @Test
    void columnMappingStoresPhysicalNamesAndRenamesKeepTheClustering() {
        DeltaTable t = createClustered("m", TableFixtures.SIMPLE, Map.of("delta.columnMapping.mode", "name"), List.of("part"));
        String physical = t.snapshot().schema().field("part").orElseThrow().physicalName();
        assertThat(physical).startsWith("col-");
        assertThat(t.snapshot().domains().get("delta.clustering").configuration()).contains("[[\"" + physical + "\"]]");
        t.newTransaction().renameColumn("part", "region").commit(Operation.of("RENAME COLUMN"));
        assertThat(t.clusteringColumns(t.snapshot())).containsExactly("region");
    }

    @Test
    void alterClusterByChangesAndClearsTheColumns() {
        DeltaTable t = table("a");
        t.create(TableFixtures.SIMPLE, List.of(), Map.of(), null);
        assertThat(t.clustered(t.snapshot())).isFalse();
        var txn = t.newTransaction();
        t.setClusteringColumns(txn, List.of("v"));
        txn.commit(Operation.of("CLUSTER BY"));
        assertThat(t.snapshot().protocol().writerFeatures()).contains("clustering", "domainMetadata");
        assertThat(t.clusteringColumns(t.snapshot())).containsExactly("v");
        txn = t.newTransaction();
        t.setClusteringColumns(txn, List.of());
        txn.commit(Operation.of("CLUSTER BY"));
        assertThat(t.clustered(t.snapshot())).isTrue(); // CLUSTER BY NONE keeps the table clustered, by nothing
        assertThat(t.clusteringColumns(t.snapshot())).isEmpty();
        assertThat(t.snapshot().domains().get("delta.clustering").configuration()).isEqualTo("{\"clusteringColumns\":[],\"domainName\":\"delta.clustering\"}");
    }

    @Test
    void clusteringColumnsAreCheckedByName() {
        StructType schema = StructType.of(new StructField("id", PrimitiveType.LONG, false),
                new StructField("flag", PrimitiveType.BOOLEAN, true), new StructField("s", PrimitiveType.STRING, true));
        assertThatThrownBy(() -> createClustered("x1", schema, Map.of(), List.of("nope")))
                .isInstanceOf(FloeException.class).hasMessageContaining("column nope does not exist");
        assertThatThrownBy(() -> createClustered("x2", schema, Map.of(), List.of("flag")))
                .hasMessageContaining("flag : boolean does not support data skipping");
        assertThatThrownBy(() -> createClustered("x3", schema, Map.of("delta.dataSkippingNumIndexedCols", "2"), List.of("s")))
                .hasMessageContaining("column s is not among the first 2 columns");
        assertThatThrownBy(() -> createClustered("x4", schema, Map.of(), List.of("id", "s", "id")))
                .hasMessageContaining("duplicate column id");
        DeltaTable p = table("p");
        p.create(TableFixtures.SIMPLE, List.of("part"), Map.of(), null);
        var txn = p.newTransaction();
        assertThatThrownBy(() -> p.setClusteringColumns(txn, List.of("id"))).hasMessageContaining("cannot both be specified");
        for (String n : List.of("x1", "x2", "x3", "x4")) {
            assertThat(table(n).exists()).isFalse();
        }
    }

    @Test
    void theFeatureCannotBeTurnedOnByAProperty() {
        assertThatThrownBy(() -> table("f").create(TableFixtures.SIMPLE, List.of(), Map.of("delta.feature.clustering", "supported"), null))
                .isInstanceOf(ProtocolNotSupportedException.class).hasMessageContaining("CLUSTER BY");
    }

    @Test
    void addingClusteringToALegacyProtocolAddsDomainMetadataToo() {
        Protocol p = TableFeatures.withFeature(new Protocol(1, 2), "clustering");
        assertThat(p.minWriterVersion()).isEqualTo(7);
        assertThat(p.writerFeatures()).containsExactly("appendOnly", "invariants", "domainMetadata", "clustering");
    }

    @Test
    void sparksClusteredTableIsReadAndItsClusteredFilesAreKnown() {
        // delta-spark's log of a clustered table: protocol, metadata with column mapping, the domain by physical name,
        // one file a clustering run wrote (provider + cube tags) and one appended since
        String schema = "{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":true,\"metadata\":"
                + "{\"delta.columnMapping.id\":1,\"delta.columnMapping.physicalName\":\"col-a1\"}},{\"name\":\"s\",\"type\":\"string\","
                + "\"nullable\":true,\"metadata\":{\"delta.columnMapping.id\":2,\"delta.columnMapping.physicalName\":\"col-b2\"}}]}";
        String log = "{\"protocol\":{\"minReaderVersion\":2,\"minWriterVersion\":7,\"writerFeatures\":[\"domainMetadata\","
                + "\"clustering\",\"columnMapping\"]}}\n"
                + "{\"metaData\":{\"id\":\"x\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":"
                + DeltaJson.write(schema) + ",\"partitionColumns\":[],\"configuration\":{\"delta.columnMapping.mode\":\"name\","
                + "\"delta.columnMapping.maxColumnId\":\"2\"}}}\n"
                + "{\"domainMetadata\":{\"domain\":\"delta.clustering\",\"configuration\":\"{\\\"clusteringColumns\\\":[[\\\"col-b2\\\"],"
                + "[\\\"col-a1\\\"]]}\",\"removed\":false}}\n"
                + "{\"add\":{\"path\":\"c.parquet\",\"partitionValues\":{},\"size\":10,\"modificationTime\":1,\"dataChange\":false,"
                + "\"tags\":{\"ZCUBE_ID\":\"cube-1\",\"ZCUBE_ZORDER_BY\":\"[\\\"s\\\",\\\"id\\\"]\"},\"clusteringProvider\":\"liquid\"}}\n"
                + "{\"add\":{\"path\":\"n.parquet\",\"partitionValues\":{},\"size\":10,\"modificationTime\":1,\"dataChange\":true}}\n"
                + "{\"add\":{\"path\":\"o.parquet\",\"partitionValues\":{},\"size\":10,\"modificationTime\":1,\"dataChange\":true,"
                + "\"clusteringProvider\":\"someOtherEngine\"}}\n";
        store.put("s/_delta_log/00000000000000000000.json", log.getBytes(StandardCharsets.UTF_8));
        DeltaTable t = table("s");
        DeltaSnapshot s = t.snapshot();
        assertThat(t.clusteringColumns(s)).containsExactly("s", "id");
        DataFile clustered = s.files().stream().filter(f -> f.path().equals("c.parquet")).findFirst().orElseThrow();
        DataFile fresh = s.files().stream().filter(f -> f.path().equals("n.parquet")).findFirst().orElseThrow();
        DataFile foreign = s.files().stream().filter(f -> f.path().equals("o.parquet")).findFirst().orElseThrow();
        assertThat(t.clusteredFile(s, clustered)).contains(new Clustering.ClusteredFile("cube-1", List.of("s", "id")));
        assertThat(t.clusteredFile(s, fresh)).isEmpty();
        assertThat(t.foreignClustered(s, foreign)).isTrue();
        assertThat(t.foreignClustered(s, clustered)).isFalse();
        // Floe writes to it: the clustering feature is one it keeps
        t.newAppend().addFile(new DataFile("f.parquet", Map.of(), 5, 1, null)).commit();
        assertThat(t.snapshot().version()).isEqualTo(1);
        // a file a Floe run marks carries the same cube tags
        DataFile marked = t.markClustered(fresh, "cube-2", List.of("s", "id"));
        assertThat(marked.tags()).containsEntry("ZCUBE_ID", "cube-2").containsEntry("ZCUBE_ZORDER_BY", "[\"s\",\"id\"]");
        assertThat(LiquidClustering.withProvider(DeltaSnapshot.toAddFile(marked, s.schema(), List.of()), s.protocol())
                .clusteringProvider()).isEqualTo("liquid");
    }

    @Test
    void clusteringWithoutDomainMetadataInTheProtocolIsNotWritten() {
        String line = "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":7,\"writerFeatures\":[\"clustering\"]}}\n"
                + "{\"metaData\":{\"id\":\"x\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":"
                + "\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[]}\",\"partitionColumns\":[],\"configuration\":{}}}\n";
        store.put("b/_delta_log/00000000000000000000.json", line.getBytes(StandardCharsets.UTF_8));
        DeltaTable t = table("b");
        assertThatThrownBy(t::newTransaction).isInstanceOf(ProtocolNotSupportedException.class)
                .hasMessageContaining("without domainMetadata");
    }

    @Test
    void filesAClusteringRunWroteNameTheirProvider() {
        DeltaTable t = createClustered("p", TableFixtures.SIMPLE, Map.of(), List.of("id"));
        DataFile plain = TableFixtures.file(null, 1, 5);
        DataFile clustered = t.markClustered(TableFixtures.file(null, 6, 9), "run-1", List.of("id"));
        t.newTransaction().add(plain).add(clustered).commit(Operation.of("WRITE"));
        Map<String, String> providers = new java.util.HashMap<>();
        for (Action a : actionsOf(t, 1)) {
            if (a instanceof io.floe.delta.actions.AddFile add) {
                providers.put(add.path().equals(clustered.path()) ? "clustered" : "plain", String.valueOf(add.clusteringProvider()));
            }
        }
        assertThat(providers).containsEntry("clustered", "liquid").containsEntry("plain", "null");
    }

    @Test
    void twoConcurrentClusterBysConflictInsteadOfOneSilentlyWinning() {
        DeltaTable t = createClustered("c", TableFixtures.SIMPLE, Map.of(), List.of("id"));
        DeltaTransaction first = t.newTransaction();
        DeltaTransaction second = t.newTransaction();
        t.setClusteringColumns(first, List.of("part"));
        t.setClusteringColumns(second, List.of("id", "part"));
        first.commit(Operation.of("CLUSTER BY"));
        assertThatThrownBy(() -> second.commit(Operation.of("CLUSTER BY")))
                .isInstanceOf(io.floe.table.MetadataChangedException.class).hasMessageContaining("delta.clustering");
        assertThat(t.clusteringColumns(t.snapshot())).containsExactly("part");
    }
}
