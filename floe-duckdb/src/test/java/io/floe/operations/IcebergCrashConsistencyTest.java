package io.floe.operations;

import io.floe.engine.DuckDbDataPlane;
import io.floe.engine.Sql;
import io.floe.iceberg.IcebergFormat;
import io.floe.storage.FaultInjectingObjectStore;
import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.ObjectStore;
import io.floe.table.Snapshot;
import io.floe.table.Table;
import io.floe.table.TableDefinition;
import io.floe.table.PartitionSpec;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash invariant on Iceberg tables: a crash before or after any storage call of a write (data files, manifests,
 * manifest list, the put-if-absent of the next metadata file, the version hint) leaves the table reading as its
 * previous or its next snapshot, never anything in between, and a later writer commits on top.
 */
class IcebergCrashConsistencyTest {
    static DuckDbDataPlane engine;
    static final StructType SCHEMA = new StructType(List.of(new StructField("id", PrimitiveType.LONG, true),
            new StructField("part", PrimitiveType.STRING, true)));

    @BeforeContainer
    static void start() {
        engine = new DuckDbDataPlane();
    }

    @AfterContainer
    static void stop() {
        engine.close();
    }

    private enum Kind { APPEND, DELETE, OVERWRITE, ADD_COLUMN_AND_APPEND }

    private static Table open(ObjectStore store) {
        return new IcebergFormat().open("t", store, "t/", engine);
    }

    private static InMemoryObjectStore seeded() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = open(store);
        t.create(new TableDefinition(SCHEMA, PartitionSpec.identity(List.of("part")), Map.of(), null));
        for (int i = 0; i < 3; i++) {
            Write.run(engine, t, "SELECT " + i + "::BIGINT AS id, 'p" + (i % 2) + "' AS part", Write.Options.append());
        }
        return store;
    }

    private static void operation(Kind kind, ObjectStore store) {
        Table t = open(store);
        switch (kind) {
            // by column list, so that it also appends after a committed schema change added a column
            case APPEND -> Write.run(engine, t, "SELECT 50::BIGINT AS id, 'p5' AS part",
                    new Write.Options(List.of("id", "part"), false, false, null, null, null));
            case DELETE -> Delete.run(engine, t, "id = 1", null);
            case OVERWRITE -> Write.run(engine, t, "SELECT 7::BIGINT AS id, 'p7' AS part", Write.Options.overwriteAll());
            case ADD_COLUMN_AND_APPEND -> Write.run(engine, t, "SELECT 8::BIGINT AS id, 'p8' AS part, 'x' AS extra",
                    new Write.Options(null, false, true, null, null, null));
        }
    }

    private static List<String> rows(ObjectStore store) {
        Table t = open(store);
        Snapshot s = t.snapshot();
        String sql = "SELECT * FROM " + engine.scan(t, s, s.schema(), s.files(), false) + " ORDER BY id";
        List<String> out = new ArrayList<>();
        try (Statement st = engine.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getObject(i)).append(i < n ? "|" : "");
                }
                out.add(b.toString());
            }
        } catch (java.sql.SQLException e) {
            throw new Sql.DataPlaneException(e.getMessage(), sql, e);
        }
        return out;
    }

    @Property(tries = 40)
    void crashAtAnyCallLeavesPreviousOrNextSnapshot(@ForAll Kind kind, @ForAll @IntRange(min = 0, max = 60) int callIndex,
                                                    @ForAll boolean after) {
        InMemoryObjectStore clean = seeded();
        FaultInjectingObjectStore counting = new FaultInjectingObjectStore(clean);
        operation(kind, counting);
        int calls = counting.calls().size();
        List<String> next = rows(clean);

        InMemoryObjectStore store = seeded();
        List<String> before = rows(store);
        long beforeSnapshot = open(store).snapshot().version();
        FaultInjectingObjectStore faulty = new FaultInjectingObjectStore(store);
        int k = callIndex % calls;
        if (after) {
            faulty.crashAfterCall(k);
        } else {
            faulty.crashBeforeCall(k);
        }
        try {
            operation(kind, faulty);
        } catch (RuntimeException expected) {
            // the "process" died somewhere in the write
        }
        List<String> now = rows(store);
        if (open(store).snapshot().version() == beforeSnapshot) {
            assertThat(now).as("crash at call %d (%s) of %s: nothing committed", k, after ? "after" : "before", kind).isEqualTo(before);
        } else {
            assertThat(now).as("crash at call %d (%s) of %s: committed", k, after ? "after" : "before", kind).isEqualTo(next);
        }
        operation(Kind.APPEND, store);
        assertThat(rows(store)).hasSize(now.size() + 1);
    }
}
