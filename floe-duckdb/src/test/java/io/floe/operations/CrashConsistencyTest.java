package io.floe.operations;

import io.floe.storage.TablePaths;
import io.floe.engine.DuckDbDataPlane;
import io.floe.delta.DeltaLog;
import io.floe.delta.DeltaSnapshot;
import io.floe.delta.DeltaTable;
import io.floe.storage.FaultInjectingObjectStore;
import io.floe.storage.InMemoryObjectStore;
import io.floe.storage.ObjectStore;
import io.floe.table.DataFile;
import io.floe.testing.TableFixtures;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 3: a crash before or after any storage call of a write leaves the table at its previous
 * or its next version, never in between, and the files of a failed commit stay invisible.
 */
class CrashConsistencyTest {
    static DuckDbDataPlane engine;

    @BeforeContainer
    static void start() {
        engine = new DuckDbDataPlane();
    }

    @AfterContainer
    static void stop() {
        engine.close();
    }

    private static Set<String> paths(DeltaSnapshot s) {
        return s.files().stream().map(DataFile::path).collect(Collectors.toSet());
    }

    private enum Kind { LOG_APPEND, SQL_WRITE, DELETE, CHECKPOINTING_APPEND }

    /** Sets up a table at version 3 (interval 4, so the next commit also checkpoints for CHECKPOINTING_APPEND). */
    private static InMemoryObjectStore seeded() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        t.create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.checkpointInterval", "4"), null);
        for (int i = 0; i < 3; i++) {
            Write.run(engine, t, "SELECT " + i + "::BIGINT AS id, 'p" + (i % 2) + "' AS part, 1.0 AS v", Write.Options.append());
        }
        return store;
    }

    private static void operation(Kind kind, ObjectStore store) {
        DeltaTable t = new DeltaTable("t", new DeltaLog(store, "t/", engine));
        switch (kind) {
            case LOG_APPEND, CHECKPOINTING_APPEND -> t.newAppend().addFile(TableFixtures.file("p9", 100, 110)).commit();
            case SQL_WRITE -> Write.run(engine, t, "SELECT 50::BIGINT AS id, 'p5' AS part, 2.0 AS v", Write.Options.append());
            case DELETE -> Delete.run(engine, t, "id = 1", null);
        }
    }

    @Property(tries = 60)
    void crashAtAnyCallLeavesPreviousOrNextVersion(@ForAll Kind kind, @ForAll @IntRange(min = 0, max = 40) int callIndex,
                                                   @ForAll boolean after) {
        // what the operation does without faults
        InMemoryObjectStore clean = seeded();
        FaultInjectingObjectStore counting = new FaultInjectingObjectStore(clean);
        operation(kind, counting);
        int calls = counting.calls().size();
        DeltaSnapshot next = new DeltaLog(clean, "t/", engine).update();

        InMemoryObjectStore store = seeded();
        DeltaSnapshot before = new DeltaLog(store, "t/", engine).update();
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
        DeltaSnapshot s = new DeltaLog(store, "t/", engine).update();
        assertThat(s.version()).as("version after a crash at call %d (%s)", k, after ? "after" : "before")
                .isIn(before.version(), next.version());
        if (s.version() == before.version()) {
            assertThat(paths(s)).isEqualTo(paths(before));
        } else {
            assertThat(s.files()).hasSameSizeAs(next.files());
            // the committed version reads back completely: every file it names exists
            for (DataFile f : s.files()) {
                if (kind != Kind.LOG_APPEND && kind != Kind.CHECKPOINTING_APPEND || !f.path().contains("p9")) {
                    assertThat(store.stat("t/" + TablePaths.decode(f.path()))).as(f.path()).isPresent();
                }
            }
        }
        // whatever happened, a later writer can commit on top
        operation(Kind.LOG_APPEND, store);
        assertThat(new DeltaLog(store, "t/", engine).update().version()).isEqualTo(s.version() + 1);
    }
}
