package io.floe.delta;

import io.floe.storage.InMemoryObjectStore;
import io.floe.table.FileStats;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.types.ArrayType;
import io.floe.types.DecimalType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.floe.types.PrimitiveType.BYTE;
import static io.floe.types.PrimitiveType.DATE;
import static io.floe.types.PrimitiveType.DOUBLE;
import static io.floe.types.PrimitiveType.FLOAT;
import static io.floe.types.PrimitiveType.INTEGER;
import static io.floe.types.PrimitiveType.LONG;
import static io.floe.types.PrimitiveType.SHORT;
import static io.floe.types.PrimitiveType.STRING;
import static io.floe.types.PrimitiveType.TIMESTAMP_NTZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transaction.updateSchema on Delta: type widening (typeWidening feature, delta.typeChanges) and dropped columns. */
class SchemaChangesTest {
    private static final StructType SCHEMA = StructType.of(new StructField("id", INTEGER, true), new StructField("p", STRING, true),
            new StructField("f", FLOAT, true), new StructField("d", new DecimalType(5, 2), true),
            new StructField("arr", new ArrayType(SHORT, true), true));

    private final InMemoryObjectStore store = new InMemoryObjectStore();

    private DeltaTable table(Map<String, String> props) {
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", null));
        t.create(SCHEMA, List.of("p"), props, null);
        return t;
    }

    private static StructType with(StructType s, String column, io.floe.types.DataType type) {
        return new StructType(s.fields().stream().map(f -> f.name().equals(column) ? f.withType(type) : f).toList());
    }

    private static StructType without(StructType s, String column) {
        return new StructType(s.fields().stream().filter(f -> !f.name().equals(column)).toList());
    }

    private static void commit(DeltaTransaction txn) {
        txn.commit(new Operation("CHANGE COLUMN", Map.of(), Map.of()));
    }

    @Test
    void theProtocolsWideningsAndNothingElse() {
        assertThat(SchemaChanges.isWidening(BYTE, SHORT)).isTrue();
        assertThat(SchemaChanges.isWidening(SHORT, LONG)).isTrue();
        assertThat(SchemaChanges.isWidening(INTEGER, LONG)).isTrue();
        assertThat(SchemaChanges.isWidening(FLOAT, DOUBLE)).isTrue();
        assertThat(SchemaChanges.isWidening(INTEGER, DOUBLE)).isTrue();
        assertThat(SchemaChanges.isWidening(LONG, DOUBLE)).isFalse(); // loses precision
        assertThat(SchemaChanges.isWidening(DATE, TIMESTAMP_NTZ)).isTrue();
        assertThat(SchemaChanges.isWidening(LONG, INTEGER)).isFalse();
        assertThat(SchemaChanges.isWidening(DOUBLE, FLOAT)).isFalse();
        assertThat(SchemaChanges.isWidening(INTEGER, STRING)).isFalse();
        assertThat(SchemaChanges.isWidening(new DecimalType(5, 2), new DecimalType(10, 2))).isTrue();
        assertThat(SchemaChanges.isWidening(new DecimalType(5, 2), new DecimalType(7, 4))).isTrue();
        assertThat(SchemaChanges.isWidening(new DecimalType(5, 2), new DecimalType(6, 4))).isFalse(); // integer digits lost
        assertThat(SchemaChanges.isWidening(new DecimalType(10, 2), new DecimalType(9, 2))).isFalse();
        assertThat(SchemaChanges.isWidening(INTEGER, new DecimalType(10, 0))).isTrue();
        assertThat(SchemaChanges.isWidening(INTEGER, new DecimalType(9, 0))).isFalse();
        assertThat(SchemaChanges.isWidening(LONG, new DecimalType(20, 0))).isTrue();
        assertThat(SchemaChanges.isWidening(LONG, new DecimalType(19, 0))).isFalse();
    }

    @Test
    void wideningRecordsTheChangeAndAddsTheReaderWriterFeature() {
        DeltaTable t = table(Map.of("delta.enableTypeWidening", "true"));
        assertThat(t.snapshot().protocol().readerFeatures()).contains("typeWidening");
        DeltaTransaction txn = t.newTransaction();
        txn.updateSchema(with(with(txn.schema(), "id", LONG), "d", new DecimalType(10, 4)));
        commit(txn);
        txn = t.newTransaction();
        txn.updateSchema(with(txn.schema(), "arr", new ArrayType(INTEGER, true)));
        commit(txn);
        StructType s = t.snapshot().schema();
        assertThat(s.field("id").orElseThrow().type()).isEqualTo(LONG);
        assertThat(s.field("id").orElseThrow().metadata().get(SchemaChanges.TYPE_CHANGES))
                .isEqualTo(List.of(Map.of("fromType", "integer", "toType", "long")));
        assertThat(s.field("d").orElseThrow().metadata().get(SchemaChanges.TYPE_CHANGES))
                .isEqualTo(List.of(Map.of("fromType", "decimal(5,2)", "toType", "decimal(10,4)")));
        assertThat(s.field("arr").orElseThrow().metadata().get(SchemaChanges.TYPE_CHANGES))
                .isEqualTo(List.of(Map.of("fromType", "short", "toType", "integer", "fieldPath", "element")));
        // a later schema change (a new column) keeps the history
        txn = t.newTransaction();
        txn.updateSchema(txn.schema().add(new StructField("n", STRING, true)));
        commit(txn);
        assertThat(t.snapshot().schema().field("id").orElseThrow().metadata()).containsKey(SchemaChanges.TYPE_CHANGES);
        String log = new String(store.get("t/_delta_log/" + LogFile.commitName(1)), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).contains("\\\"delta.typeChanges\\\":[{\\\"fromType\\\":\\\"integer\\\",\\\"toType\\\":\\\"long\\\"}]");
    }

    @Test
    void wideningOnATableWithoutItEnabledIsRefusedSayingHowToEnableIt() {
        DeltaTable t = table(Map.of());
        DeltaTransaction txn = t.newTransaction();
        assertThatThrownBy(() -> txn.updateSchema(with(txn.schema(), "id", LONG))).isInstanceOf(FloeException.class)
                .hasMessageContaining("from integer to long").hasMessageContaining("delta.enableTypeWidening");
        // turned on by ALTER TABLE SET TBLPROPERTIES: reader 3 / writer 7 with the feature
        DeltaTransaction on = t.newTransaction();
        on.updateProperties(Map.of("delta.enableTypeWidening", "true"), List.of());
        commit(on);
        assertThat(t.snapshot().protocol().minReaderVersion()).isEqualTo(3);
        assertThat(t.snapshot().protocol().writerFeatures()).contains("typeWidening");
    }

    @Test
    void narrowingAndOtherChangesAreRefusedNamingTheColumnAndTypes() {
        DeltaTable t = table(Map.of("delta.enableTypeWidening", "true"));
        DeltaTransaction txn = t.newTransaction();
        assertThatThrownBy(() -> txn.updateSchema(with(txn.schema(), "id", SHORT)))
                .hasMessageContaining("cannot change column id from integer to short");
        assertThatThrownBy(() -> txn.updateSchema(with(txn.schema(), "f", INTEGER)))
                .hasMessageContaining("from float to integer");
        assertThatThrownBy(() -> txn.updateSchema(with(txn.schema(), "p", PrimitiveType.BINARY)))
                .hasMessageContaining("cannot change column p from string to binary");
        assertThat(t.snapshot().version()).isZero();
    }

    @Test
    void boundsOfAWidenedColumnAreNotUsedForSkipping() {
        DeltaTable t = table(Map.of("delta.enableTypeWidening", "true"));
        DeltaTransaction txn = t.newTransaction();
        txn.updateSchema(with(txn.schema(), "f", DOUBLE));
        commit(txn);
        StructType s = t.snapshot().schema();
        FileStats st = StatsJson.parse("{\"numRecords\":1,\"minValues\":{\"id\":1,\"f\":1.1},\"maxValues\":{\"id\":1,\"f\":1.1},"
                + "\"nullCount\":{\"id\":0,\"f\":0}}", s);
        assertThat(st.min(s, List.of("f"))).isNull();
        assertThat(st.nullCount(s, List.of("f"))).isZero();
        assertThat(st.min(s, List.of("id"))).isEqualTo(1L);
    }

    @Test
    void droppingAColumnNeedsColumnMappingAndThenHidesIt() {
        DeltaTable t = table(Map.of());
        DeltaTransaction txn = t.newTransaction();
        assertThatThrownBy(() -> txn.updateSchema(without(txn.schema(), "f"))).isInstanceOf(FloeException.class)
                .hasMessageContaining("needs column mapping").hasMessageContaining("'delta.columnMapping.mode' = 'name'");
        DeltaTransaction map = t.newTransaction();
        map.updateProperties(Map.of("delta.columnMapping.mode", "name"), List.of());
        commit(map);
        assertThat(t.snapshot().schema().field("f").orElseThrow().physicalName()).isEqualTo("f"); // the files keep their names
        assertThat(TableFeatures.supports(t.snapshot().protocol(), "columnMapping")).isTrue();
        DeltaTransaction drop = t.newTransaction();
        drop.updateSchema(without(drop.schema(), "f"));
        commit(drop);
        assertThat(t.snapshot().schema().fieldNames()).containsExactly("id", "p", "d", "arr");
        // a new column of the same name is a different column: new id, new physical name
        DeltaTransaction again = t.newTransaction();
        again.updateSchema(again.schema().add(new StructField("f", STRING, true)));
        commit(again);
        StructField f = t.snapshot().schema().field("f").orElseThrow();
        assertThat(f.id()).isEqualTo(6);
        assertThat(f.physicalName()).startsWith("col-");
    }

    @Test
    void partitionColumnsAndColumnsAConstraintUsesAreNotDropped() {
        DeltaTable t = table(Map.of("delta.columnMapping.mode", "name"));
        DeltaTransaction c = t.newTransaction();
        c.addCheckConstraint("pos", "id > 0");
        commit(c);
        DeltaTransaction txn = t.newTransaction();
        assertThatThrownBy(() -> txn.updateSchema(without(txn.schema(), "p"))).hasMessageContaining("partition column p");
        assertThatThrownBy(() -> txn.updateSchema(without(txn.schema(), "id"))).hasMessageContaining("pos uses it");
    }
}
