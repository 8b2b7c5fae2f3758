package io.floe.delta;

import io.floe.storage.InMemoryObjectStore;
import io.floe.table.Operation;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.MapType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.floe.types.PrimitiveType.INTEGER;
import static io.floe.types.PrimitiveType.LONG;
import static io.floe.types.PrimitiveType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Column mapping gives nested fields ids and physical names too (else Spark's next schema change renames them and
 * reads their old values as null); nested physical names are the fields' own names (what Floe's writer can write).
 */
class NestedColumnMappingTest {
    private static final StructType NESTED = StructType.of(new StructField("id", LONG, true),
            new StructField("st", StructType.of(new StructField("a", INTEGER, true), new StructField("b", STRING, true)), true),
            new StructField("arr", new ArrayType(StructType.of(new StructField("c", INTEGER, true)), true), true),
            new StructField("m", new MapType(STRING, StructType.of(new StructField("d", INTEGER, true)), true), true));

    private final InMemoryObjectStore store = new InMemoryObjectStore();

    private static List<StructField> allFields(DataType t) {
        List<StructField> out = new ArrayList<>();
        if (t instanceof StructType s) {
            for (StructField f : s.fields()) {
                out.add(f);
                out.addAll(allFields(f.type()));
            }
        } else if (t instanceof ArrayType a) {
            out.addAll(allFields(a.elementType()));
        } else if (t instanceof MapType m) {
            out.addAll(allFields(m.keyType()));
            out.addAll(allFields(m.valueType()));
        }
        return out;
    }

    @Test
    void aNewMappedTableMapsEveryFieldNestedOnesIncluded() {
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", null));
        t.create(NESTED, List.of(), Map.of("delta.columnMapping.mode", "name"), null);
        List<StructField> fields = allFields(t.snapshot().schema());
        assertThat(fields).hasSize(8).allMatch(StructField::hasPhysicalName);
        assertThat(t.snapshot().schema().fields()).allMatch(f -> f.physicalName().startsWith("col-"));
        assertThat(fields.stream().filter(f -> !t.snapshot().schema().fields().contains(f))).allMatch(f -> f.physicalName().equals(f.name()));
        assertThat(fields.stream().map(StructField::id).distinct().count()).isEqualTo(8);
        assertThat(t.snapshot().properties()).containsEntry("delta.columnMapping.maxColumnId", "8");
        // a new nested field later gets its own
        DeltaTransaction txn = t.newTransaction();
        StructType s = txn.schema();
        StructField st = s.field("st").orElseThrow();
        StructType wider = ((StructType) st.type()).add(new StructField("e", STRING, true));
        txn.updateSchema(new StructType(s.fields().stream().map(f -> f.name().equals("st") ? f.withType(wider) : f).toList()));
        txn.commit(new Operation("ADD COLUMNS", Map.of(), Map.of()));
        StructField e = ((StructType) t.snapshot().schema().field("st").orElseThrow().type()).field("e").orElseThrow();
        assertThat(e.id()).isEqualTo(9);
        assertThat(e.physicalName()).isEqualTo("e");
        assertThat(((StructType) t.snapshot().schema().field("st").orElseThrow().type()).field("a").orElseThrow().physicalName())
                .isEqualTo(((StructType) s.field("st").orElseThrow().type()).field("a").orElseThrow().physicalName());
    }

    @Test
    void turningMappingOnKeepsEveryNameTheFilesUse() {
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", null));
        t.create(NESTED, List.of(), Map.of(), null);
        DeltaTransaction txn = t.newTransaction();
        txn.updateProperties(Map.of("delta.columnMapping.mode", "name"), List.of());
        txn.commit(new Operation("SET TBLPROPERTIES", Map.of(), Map.of()));
        List<StructField> fields = allFields(t.snapshot().schema());
        assertThat(fields).hasSize(8).allMatch(f -> f.hasPhysicalName() && f.physicalName().equals(f.name()));
        assertThat(t.snapshot().properties()).containsEntry("delta.columnMapping.maxColumnId", "8");
    }
}
