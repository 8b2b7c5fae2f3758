package io.floe.operations;

import io.floe.engine.Sql;
import io.floe.delta.DeltaLog;
import io.floe.delta.DeltaTable;
import io.floe.engine.DuckDbDataPlane;
import io.floe.storage.FaultInjectingObjectStore;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.ConcurrentAppendException;
import io.floe.table.ConcurrentModificationException;
import io.floe.table.DataFile;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two MERGEs race: the second is held at its commit while the first commits (a hook on the log write).
 * Disjoint partitions: both commit. The same files: the second fails with a typed conflict naming the
 * winning version, and nothing is lost.
 */
class ConcurrentMergeTest {
    static DuckDbDataPlane engine;
    static final StructType SCHEMA = StructType.of(new StructField("id", PrimitiveType.LONG, true),
            new StructField("part", PrimitiveType.STRING, true), new StructField("v", PrimitiveType.LONG, true));

    @BeforeAll
    static void start() {
        engine = new DuckDbDataPlane();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static Predicate<DataFile> partition(String p) {
        return f -> p.equals(f.partitionValues().get("part"));
    }

    private static Merge.Spec upsert(String part, long v) {
        String src = "(SELECT range AS id, '" + part + "' AS part, " + v + "::BIGINT AS v FROM range(0, 20))";
        return new Merge.Spec(src, "t", "s", "t.part = '" + part + "' AND t.id = s.id", List.of(
                new Merge.Clause(Merge.When.MATCHED, null, Merge.Action.UPDATE_ALL, Map.of()),
                new Merge.Clause(Merge.When.NOT_MATCHED, null, Merge.Action.INSERT_ALL, Map.of())), partition(part));
    }

    private static InMemoryObjectStore seeded() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        Write.createAs(engine, t, "SELECT range AS id, 'p' || (range % 2) AS part, 0::BIGINT AS v FROM range(40)", List.of("part"),
                Map.of(), null);
        return store;
    }

    private static long sum(InMemoryObjectStore store, String part) {
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        var s = t.snapshot();
        return Sql.count(engine.connection(), "SELECT coalesce(sum(v), 0) FROM " + engine.scan(t, s, s.schema(), s.files(), false)
                + " WHERE part = '" + part + "'");
    }

    @Test
    void disjointPartitionsBothCommit() {
        InMemoryObjectStore store = seeded();
        FaultInjectingObjectStore held = new FaultInjectingObjectStore(store);
        held.hook(FaultInjectingObjectStore.Op.PUT_IF_ABSENT, "_delta_log/\\d+\\.json$", call ->
                Merge.run(engine, new DeltaTable("t", new DeltaLog(store, "t/", engine)), upsert("p1", 1))).times(1);
        Merge.Result a = Merge.run(engine, new DeltaTable("t", new DeltaLog(held, "t/", engine)), upsert("p0", 5));
        assertThat(a.commit().version()).isEqualTo(2);
        assertThat(a.commit().attempts()).isEqualTo(2); // rebased over the other MERGE
        assertThat(sum(store, "p0")).isEqualTo(20 * 5);
        assertThat(sum(store, "p1")).isEqualTo(20);
    }

    @Test
    void sameFilesConflictNamingTheWinner() {
        InMemoryObjectStore store = seeded();
        FaultInjectingObjectStore held = new FaultInjectingObjectStore(store);
        held.hook(FaultInjectingObjectStore.Op.PUT_IF_ABSENT, "_delta_log/\\d+\\.json$", call ->
                Merge.run(engine, new DeltaTable("t", new DeltaLog(store, "t/", engine)), upsert("p0", 7))).times(1);
        assertThatThrownBy(() -> Merge.run(engine, new DeltaTable("t", new DeltaLog(held, "t/", engine)), upsert("p0", 5)))
                .isInstanceOf(ConcurrentAppendException.class) // Delta checks concurrent appends first
                .satisfies(e -> assertThat(((ConcurrentModificationException) e).winningVersion()).isEqualTo(1))
                .hasMessageContaining("version 1");
        assertThat(sum(store, "p0")).isEqualTo(20 * 7); // the winner's change is intact
        assertThat(new DeltaLog(store, "t/", engine).update().version()).isEqualTo(1);
    }
}
