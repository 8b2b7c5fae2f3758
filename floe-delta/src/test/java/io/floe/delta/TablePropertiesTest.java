package io.floe.delta;

import io.floe.delta.actions.Protocol;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.table.ProtocolNotSupportedException;
import io.floe.testing.TableFixtures;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Table properties at CREATE TABLE (TBLPROPERTIES) and ALTER TABLE SET TBLPROPERTIES (issue 15): a value is stored
 * only if it means what it says, and a property needing a protocol feature either upgrades the protocol or is
 * refused by the feature's name — never stored as plain configuration under a protocol that does not have it.
 */
class TablePropertiesTest {
    InMemoryObjectStore store;

    @BeforeEach
    void setUp() {
        store = new InMemoryObjectStore();
    }

    private DeltaTable table(String name) {
        return new DeltaTable(name, new DeltaLog(store, name + "/", null));
    }

    private DeltaTable created(String name, Map<String, String> props) {
        DeltaTable t = table(name);
        t.create(TableFixtures.SIMPLE, List.of(), props, null);
        return t;
    }

    private static void alter(DeltaTable t, Map<String, String> set) {
        t.newTransaction().updateProperties(set, List.of()).commit(Operation.of("SET TBLPROPERTIES"));
    }

    /** The property is refused both at CREATE and at ALTER, and neither writes anything. */
    private void refusedEverywhere(Map<String, String> props, Class<? extends FloeException> type, String messagePart) {
        DeltaTable fresh = table("c" + System.nanoTime());
        assertThatThrownBy(() -> fresh.create(TableFixtures.SIMPLE, List.of(), props, null)).isInstanceOf(type)
                .hasMessageContaining(messagePart);
        assertThat(fresh.exists()).as("a refused CREATE writes no log").isFalse();

        DeltaTable existing = created("a" + System.nanoTime(), Map.of());
        DeltaSnapshot before = existing.snapshot();
        assertThatThrownBy(() -> alter(existing, props)).isInstanceOf(type).hasMessageContaining(messagePart);
        DeltaSnapshot after = existing.snapshot();
        assertThat(after.version()).as("a refused ALTER commits nothing").isEqualTo(before.version());
        assertThat(after.properties()).isEqualTo(before.properties());
        assertThat(after.protocol()).isEqualTo(before.protocol());
    }

    private static String featureOf(Runnable r) {
        try {
            r.run();
        } catch (ProtocolNotSupportedException e) {
            return e.feature();
        }
        throw new AssertionError("no ProtocolNotSupportedException");
    }

    // ------------------------------------------------------------------ values

    @Test
    void appendOnlyYesIsRefusedInsteadOfBeingStoredAndReadAsFalse() {
        refusedEverywhere(Map.of("delta.appendOnly", "yes"), FloeException.class, "delta.appendOnly");
        refusedEverywhere(Map.of("delta.appendOnly", " true"), FloeException.class, "must be true or false");
    }

    @Test
    void appendOnlyTrueIsInTheProtocolAndForbidsRowLevelChanges() {
        DeltaTable t = created("t", Map.of("delta.appendOnly", "true"));
        assertThat(TableFeatures.supports(t.snapshot().protocol(), "appendOnly")).isTrue();
        t.newAppend().addFile(TableFixtures.file(null, 1, 1)).commit();
        assertThatThrownBy(() -> t.newOverwrite().addFile(TableFixtures.file(null, 2, 2)).commit())
                .isInstanceOf(FloeException.class).hasMessageContaining("append-only");
    }

    @Test
    void appendOnlyOnATableFeaturesTableListsTheFeature() {
        DeltaTable t = table("ntz");
        t.create(StructType.of(new StructField("ts", PrimitiveType.TIMESTAMP_NTZ, true)), List.of(), Map.of(), null);
        Protocol p = t.snapshot().protocol();
        assertThat(p.minWriterVersion()).isEqualTo(7);
        alter(t, Map.of("delta.appendOnly", "true"));
        assertThat(t.snapshot().protocol().writerFeatures()).contains("appendOnly", "timestampNtz");
    }

    @Test
    void checkpointIntervalMustBeAPositiveInteger() {
        refusedEverywhere(Map.of("delta.checkpointInterval", "-5"), FloeException.class, "positive");
        refusedEverywhere(Map.of("delta.checkpointInterval", "0"), FloeException.class, "positive");
        refusedEverywhere(Map.of("delta.checkpointInterval", "ten"), FloeException.class, "not an integer");
        DeltaTable t = created("t", Map.of("delta.checkpointInterval", "5"));
        alter(t, Map.of("delta.checkpointInterval", "20"));
        assertThat(t.snapshot().properties()).containsEntry("delta.checkpointInterval", "20");
    }

    @Test
    void otherTypedPropertiesAreValidated() {
        refusedEverywhere(Map.of("delta.logRetentionDuration", "forever"), FloeException.class, "delta.logRetentionDuration");
        refusedEverywhere(Map.of("delta.deletedFileRetentionDuration", "-1 days"), FloeException.class, "not an interval");
        refusedEverywhere(Map.of("delta.targetFileSize", "0"), FloeException.class, "positive size");
        refusedEverywhere(Map.of("delta.dataSkippingNumIndexedCols", "-2"), FloeException.class, "at least -1");
        refusedEverywhere(Map.of("delta.enableChangeDataFeed", "on"), FloeException.class, "must be true or false");
        refusedEverywhere(Map.of("delta.isolationLevel", "snapshot"), FloeException.class, "Serializable");
        DeltaTable t = created("t", Map.of("delta.dataSkippingNumIndexedCols", "-1", "delta.targetFileSize", "64mb",
                "delta.logRetentionDuration", "interval 60 days", "delta.isolationLevel", "Serializable"));
        assertThat(t.snapshot().properties()).containsEntry("delta.targetFileSize", "64mb");
    }

    @Test
    void deltaPropertyNamesInAnyCaseAreStoredAsDeltaSpellsThem() {
        DeltaTable t = created("t", Map.of("DELTA.APPENDONLY", "TRUE"));
        assertThat(t.snapshot().properties()).containsEntry("delta.appendOnly", "TRUE").doesNotContainKey("DELTA.APPENDONLY");
        t.newAppend().addFile(TableFixtures.file(null, 1, 1)).commit();
        assertThatThrownBy(() -> t.newOverwrite().addFile(TableFixtures.file(null, 2, 2)).commit())
                .hasMessageContaining("append-only");
    }

    @Test
    void unknownDeltaPropertiesAreRefusedAndTheUsersOwnAreKept() {
        refusedEverywhere(Map.of("delta.appendOnlyy", "true"), FloeException.class, "unknown Delta table property delta.appendOnlyy");
        DeltaTable t = created("t", Map.of("owner", "team-a"));
        alter(t, Map.of("comment.x", "anything"));
        assertThat(t.snapshot().properties()).containsEntry("owner", "team-a").containsEntry("comment.x", "anything");
    }

    // ------------------------------------------------------------------ features Floe does not write

    @Test
    void enableDeletionVectorsUpgradesToReaderThreeWriterSevenAtCreateAndAlter() {
        DeltaTable created = created("x", Map.of("delta.enableDeletionVectors", "true"));
        Protocol p = created.snapshot().protocol();
        assertThat(p.minReaderVersion()).isEqualTo(3);
        assertThat(p.minWriterVersion()).isEqualTo(7);
        assertThat(p.readerFeatures()).containsExactly("deletionVectors");
        assertThat(p.writerFeatures()).contains("deletionVectors");
        assertThat(created.snapshot().properties()).containsEntry("delta.enableDeletionVectors", "true");

        DeltaTable altered = created("y", Map.of());
        alter(altered, Map.of("delta.enableDeletionVectors", "true"));
        p = altered.snapshot().protocol();
        assertThat(p.minReaderVersion()).isEqualTo(3);
        assertThat(p.readerFeatures()).containsExactly("deletionVectors");
        assertThat(p.writerFeatures()).containsExactlyInAnyOrder("appendOnly", "invariants", "deletionVectors");

        DeltaTable off = created("t", Map.of("delta.enableDeletionVectors", "false"));
        assertThat(off.snapshot().protocol()).isEqualTo(new Protocol(1, 2));
    }

    @Test
    void otherUnwritableFeaturePropertiesAreRefusedByName() {
        assertThat(featureOf(() -> created("d", Map.of("delta.enableIcebergCompatV2", "true")))).isEqualTo("icebergCompatV2");
        // column mapping mode 'id' is written now (files carry Parquet field ids): it creates a mapped table
        assertThat(created("e", Map.of("delta.columnMapping.mode", "id")).snapshot().properties())
                .containsEntry("delta.columnMapping.mode", "id");
        assertThat(created("f", Map.of("delta.checkpointPolicy", "classic")).snapshot().properties())
                .containsEntry("delta.checkpointPolicy", "classic");
    }

    // ------------------------------------------------------------------ protocol properties

    @Test
    void featureSupportedUpgradesTheProtocolAndIsNotStored() {
        DeltaTable t = created("t", Map.of("delta.feature.domainMetadata", "supported"));
        Protocol p = t.snapshot().protocol();
        assertThat(p.minReaderVersion()).isEqualTo(1);
        assertThat(p.minWriterVersion()).isEqualTo(7);
        // what the legacy (1, 2) implied stays listed, as Delta does when it moves to table features
        assertThat(p.writerFeatures()).containsExactlyInAnyOrder("appendOnly", "invariants", "domainMetadata");
        assertThat(t.snapshot().properties()).doesNotContainKey("delta.feature.domainMetadata");

        alter(t, Map.of("delta.feature.deletionVectors", "supported"));
        p = t.snapshot().protocol();
        assertThat(p.minReaderVersion()).isEqualTo(3);
        assertThat(p.readerFeatures()).containsExactly("deletionVectors");
        assertThat(p.writerFeatures()).contains("deletionVectors", "domainMetadata");
        // and Floe still writes the table it upgraded
        t.newAppend().addFile(TableFixtures.file(null, 1, 1)).commit();
        assertThat(t.snapshot().files()).hasSize(1);
    }

    @Test
    void featureNamesAreMatchedInAnyCase() {
        DeltaTable t = created("t", Map.of("delta.feature.CHECKCONSTRAINTS", "Supported"));
        assertThat(t.snapshot().protocol().writerFeatures()).contains("checkConstraints");
    }

    @Test
    void unknownOrUnwritableFeaturesAreRefusedByName() {
        refusedEverywhere(Map.of("delta.feature.clustering", "supported"), ProtocolNotSupportedException.class, "clustering");
        refusedEverywhere(Map.of("delta.feature.madeUpFeature", "supported"), ProtocolNotSupportedException.class, "madeUpFeature");
        assertThat(featureOf(() -> created("g", Map.of("delta.feature.generatedColumns", "supported")))).isEqualTo("generatedColumns");
        refusedEverywhere(Map.of("delta.feature.appendOnly", "yes"), FloeException.class, "'supported'");
    }

    @Test
    void minReaderVersion99IsRefusedNotStored() {
        refusedEverywhere(Map.of("delta.minReaderVersion", "99"), ProtocolNotSupportedException.class, "readerVersion 99");
        refusedEverywhere(Map.of("delta.minWriterVersion", "8"), ProtocolNotSupportedException.class, "writerVersion 8");
        refusedEverywhere(Map.of("delta.minWriterVersion", "two"), FloeException.class, "not a protocol version");
    }

    @Test
    void minVersionsRaiseTheProtocolAndAreNotStored() {
        DeltaTable t = created("t", Map.of("delta.minWriterVersion", "4"));
        assertThat(t.snapshot().protocol()).isEqualTo(new Protocol(1, 4));
        assertThat(t.snapshot().properties()).doesNotContainKey("delta.minWriterVersion");
        alter(t, Map.of("delta.minReaderVersion", "3"));
        Protocol p = t.snapshot().protocol();
        assertThat(p.minReaderVersion()).isEqualTo(3);
        assertThat(p.minWriterVersion()).isEqualTo(7); // reader 3 needs writer 7
        assertThat(p.writerFeatures()).containsExactlyInAnyOrder("appendOnly", "invariants", "checkConstraints",
                "changeDataFeed", "generatedColumns");
        assertThat(p.readerFeatures()).isEmpty();
        t.newAppend().addFile(TableFixtures.file(null, 1, 1)).commit(); // Floe still writes it
        assertThatThrownBy(() -> alter(t, Map.of("delta.minWriterVersion", "5")))
                .isInstanceOf(FloeException.class).hasMessageContaining("downgrade");
    }

    @Test
    void aNewTableGetsTheHigherOfTheVersionAskedForAndTheOneItsFeaturesNeed() {
        DeltaTable t = created("t", Map.of("delta.minWriterVersion", "2", "delta.enableChangeDataFeed", "true"));
        assertThat(t.snapshot().protocol()).isEqualTo(new Protocol(1, 4));
    }

    // ------------------------------------------------------------------ features Floe keeps

    @Test
    void changeDataFeedAddsItsFeatureOnLegacyAndTableFeaturesProtocols() {
        DeltaTable legacy = created("l", Map.of());
        alter(legacy, Map.of("delta.enableChangeDataFeed", "true"));
        assertThat(legacy.snapshot().protocol()).isEqualTo(new Protocol(1, 4));

        DeltaTable tf = table("tf");
        tf.create(StructType.of(new StructField("ts", PrimitiveType.TIMESTAMP_NTZ, true)), List.of(), Map.of(), null);
        alter(tf, Map.of("delta.enableChangeDataFeed", "true"));
        assertThat(tf.snapshot().protocol().writerFeatures()).contains("changeDataFeed");
    }

    @Test
    void columnMappingAtCreateGivesEveryColumnAnIdAndPhysicalName() {
        DeltaTable t = created("t", Map.of("delta.columnMapping.mode", "name"));
        DeltaSnapshot s = t.snapshot();
        assertThat(s.protocol()).isEqualTo(new Protocol(2, 5));
        assertThat(s.schema().fields()).allSatisfy(f -> {
            assertThat(f.id()).isPositive();
            assertThat(f.physicalName()).startsWith("col-");
        });
        assertThat(s.properties()).containsEntry("delta.columnMapping.maxColumnId", String.valueOf(s.schema().fields().size()));
        assertThatThrownBy(() -> created("u", Map.of("delta.columnMapping.maxColumnId", "7")))
                .hasMessageContaining("set by Floe");
    }

    @Test
    void aTimestampNtzColumnAddedLaterAddsItsFeature() {
        DeltaTable t = created("t", Map.of());
        t.newTransaction().updateSchema(TableFixtures.SIMPLE.add(new StructField("ts", PrimitiveType.TIMESTAMP_NTZ, true)))
                .commit(Operation.of("ADD COLUMNS"));
        Protocol p = t.snapshot().protocol();
        assertThat(p.readerFeatures()).contains("timestampNtz");
        assertThat(p.writerFeatures()).contains("timestampNtz", "appendOnly", "invariants");
    }
}
