package io.floe.operations;

import io.floe.delta.DeltaLog;
import io.floe.delta.DeltaTable;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.DataFile;
import io.floe.table.FloeException;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** VACUUM keys on the log's remove timestamps; RESTORE brings files back or names the one VACUUM took. */
class VacuumRestoreTest {
    static final long HOUR = 3_600_000L;
    InMemoryObjectStore store;
    DeltaTable table;

    @BeforeEach
    void setUp() {
        store = new InMemoryObjectStore();
        table = new DeltaTable("t", new DeltaLog(store, "t/", null));
        table.create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.checkpointInterval", "1000000"), null);
    }

    private DataFile written(String part, long id) {
        DataFile f = TableFixtures.file(part, id, id);
        store.put(table.resolveKey(f.path()), new byte[]{1, 2, 3});
        return f;
    }

    @Test
    void shortRetentionIsRefusedUnlessTheCheckIsOff() {
        table.newAppend().addFile(written("a", 1)).commit();
        long now = System.currentTimeMillis();
        assertThatThrownBy(() -> Vacuum.run(table, Duration.ZERO, false, true, now))
                .isInstanceOf(FloeException.class).hasMessageContaining(Vacuum.RETENTION_CHECK_CONF);
        assertThat(Vacuum.run(table, Duration.ZERO, true, false, now).deletedKeys()).isEmpty();
    }

    @Test
    void removedFilesStayUntilTheirRemoveIsOlderThanTheRetention() {
        DataFile old = written("a", 1);
        table.newAppend().addFile(old).commit();
        DataFile replacement = written("a", 2);
        table.newOverwrite().addFile(replacement).commit();
        long now = System.currentTimeMillis();
        // The removed file's object is old, but its remove is fresh: the default 7-day window keeps it.
        store.setLastModified(table.resolveKey(old.path()), now - 30 * 24 * HOUR);
        assertThat(Vacuum.run(table, null, false, true, now).deletedKeys()).isEmpty();
        // A week later it goes; the current file stays.
        Vacuum.Result r = Vacuum.run(table, null, true, true, now + 8 * 24 * HOUR);
        assertThat(r.deletedKeys()).containsExactly(table.resolveKey(old.path()));
        assertThat(store.stat(table.resolveKey(old.path()))).isPresent(); // dry run deleted nothing
    }

    @Test
    void orphansOlderThanRetentionGoAndTheLogIsNeverTouched() {
        table.newAppend().addFile(written("a", 1)).commit();
        long now = System.currentTimeMillis();
        store.put("t/part=a/orphan-from-failed-commit.parquet", new byte[10]);
        store.setLastModified("t/part=a/orphan-from-failed-commit.parquet", now - 10 * 24 * HOUR);
        store.put("t/part=a/fresh-orphan.parquet", new byte[10]);
        Vacuum.Result r = Vacuum.run(table, null, false, true, now);
        assertThat(r.deletedKeys()).containsExactly("t/part=a/orphan-from-failed-commit.parquet");
        assertThat(store.stat("t/part=a/fresh-orphan.parquet")).isPresent();
        assertThat(store.listAll("t/_delta_log/")).isNotEmpty();
        assertThat(table.history(2).get(0).operation()).isEqualTo("VACUUM END");
    }

    @Test
    void restoreBringsBackAnOldVersionAndFailsClearlyAfterVacuum() {
        DataFile a = written("a", 1);
        table.newAppend().addFile(a).commit();               // v1
        DataFile b = written("a", 2);
        table.newOverwrite().addFile(b).commit();            // v2
        Restore.Result r = Restore.toVersion(table, 1);      // v3
        assertThat(r.numRestoredFiles()).isEqualTo(1);
        assertThat(r.numRemovedFiles()).isEqualTo(1);
        assertThat(table.snapshot().files()).extracting(DataFile::path).containsExactly(a.path());
        assertThat(table.history(1).get(0).operation()).isEqualTo("RESTORE");

        // vacuum with the check off removes b (removed at v3), then restoring v2 names the missing file
        Vacuum.run(table, Duration.ZERO, false, false, System.currentTimeMillis() + 1000);
        long before = table.snapshot().version();
        assertThatThrownBy(() -> Restore.toVersion(table, 2)).isInstanceOf(FloeException.class)
                .hasMessageContaining(b.path()).hasMessageContaining("no longer exists");
        assertThat(table.snapshot().version()).isEqualTo(before);
    }

}
