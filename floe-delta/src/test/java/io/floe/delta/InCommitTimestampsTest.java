package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.CommitInfo;
import io.floe.delta.actions.Metadata;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.HistoryEntry;
import io.floe.table.Operation;
import io.floe.testing.TableFixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** delta.enableInCommitTimestamps: commitInfo.inCommitTimestamp on every commit, monotonic, used for time travel. */
class InCommitTimestampsTest {
    private static final long HOUR = 3_600_000L;

    private final InMemoryObjectStore store = new InMemoryObjectStore();

    private DeltaTable table() {
        return new DeltaTable("t", new DeltaLog(store, "t/", null));
    }

    private CommitInfo commitInfo(long version) {
        List<Action> actions = table().log().readVersion(version).orElseThrow();
        assertThat(actions.get(0)).as("commitInfo is the first action of version %d", version).isInstanceOf(CommitInfo.class);
        return (CommitInfo) actions.get(0);
    }

    /** Another writer's commit, as if its clock ran {@code ahead} ms fast (its file written now). */
    private void foreignCommit(long version, long inCommitTimestamp) {
        String line = "{\"commitInfo\":{\"timestamp\":" + inCommitTimestamp + ",\"operation\":\"WRITE\",\"inCommitTimestamp\":"
                + inCommitTimestamp + "}}\n" + DeltaJson.actionLine(DeltaSnapshot.toAddFile(TableFixtures.file("a", 1, 1),
                TableFixtures.SIMPLE, List.of("part"))) + "\n";
        assertThat(store.putIfAbsent("t/_delta_log/" + LogFile.commitName(version), line.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void createdWithThemEveryCommitHasOneAndTheProtocolListsTheFeature() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.enableInCommitTimestamps", "true"), null);
        table().newAppend().addFile(TableFixtures.file("a", 1, 2)).commit();
        DeltaSnapshot s = table().snapshot();
        assertThat(s.protocol().minWriterVersion()).isEqualTo(7);
        assertThat(s.protocol().writerFeatures()).contains("inCommitTimestamp");
        // on since version 0: nothing to record about when it was turned on
        assertThat(s.properties()).doesNotContainKeys(DeltaConfig.ICT_ENABLEMENT_VERSION, DeltaConfig.ICT_ENABLEMENT_TIMESTAMP);
        assertThat(commitInfo(0).inCommitTimestamp()).isNotNull();
        assertThat(commitInfo(1).inCommitTimestamp()).isGreaterThan(commitInfo(0).inCommitTimestamp());
        assertThat(s.timestamp()).isEqualTo(commitInfo(1).inCommitTimestamp());
    }

    @Test
    void aCommitAfterOneFromAFastClockIsOneMillisecondLaterNotEarlier() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.enableInCommitTimestamps", "true"), null);
        long future = System.currentTimeMillis() + HOUR;
        foreignCommit(1, future);
        var r = table().newAppend().addFile(TableFixtures.file("a", 1, 2)).commit();
        assertThat(r.version()).isEqualTo(2);
        assertThat(commitInfo(2).inCommitTimestamp()).isEqualTo(future + 1);
        assertThat(r.timestamp()).isEqualTo(future + 1);
    }

    @Test
    void aRebasedCommitIsLaterThanTheWinnerItRebasedOnto() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of("delta.enableInCommitTimestamps", "true"), null);
        DeltaTransaction txn = table().newTransaction(); // reads version 0
        txn.add(TableFixtures.file("b", 5, 6));
        long future = System.currentTimeMillis() + HOUR;
        foreignCommit(1, future); // the winner
        var r = txn.commit(new Operation("WRITE", Map.of(), Map.of()));
        assertThat(r.version()).isEqualTo(2);
        assertThat(commitInfo(2).inCommitTimestamp()).isEqualTo(future + 1);
    }

    @Test
    void turnedOnLaterRecordsTheEnablementVersionAndTimestampOfTheCommitThatLandedEvenAfterARebase() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of(), null);
        table().newAppend().addFile(TableFixtures.file("a", 1, 2)).commit();
        store.setLastModified("t/_delta_log/" + LogFile.commitName(1), System.currentTimeMillis() + HOUR); // a fast file clock
        DeltaTransaction alter = table().newTransaction();
        alter.updateProperties(Map.of("delta.enableInCommitTimestamps", "true"), List.of());
        table().newAppend().addFile(TableFixtures.file("a", 3, 4)).commit(); // version 2 wins the race
        long version2Time = store.stat("t/_delta_log/" + LogFile.commitName(2)).orElseThrow().lastModifiedMillis();
        var r = alter.commit(new Operation("SET TBLPROPERTIES", Map.of(), Map.of()));
        assertThat(r.version()).isEqualTo(3);
        Map<String, String> props = table().snapshot().properties();
        assertThat(props).containsEntry(DeltaConfig.ICT_ENABLEMENT_VERSION, "3")
                .containsEntry(DeltaConfig.ICT_ENABLEMENT_TIMESTAMP, String.valueOf(commitInfo(3).inCommitTimestamp()));
        assertThat(commitInfo(3).inCommitTimestamp()).isGreaterThan(version2Time);
        assertThat(table().snapshot().protocol().writerFeatures()).contains("inCommitTimestamp");
        assertThat(commitInfo(2).inCommitTimestamp()).isNull();
        table().newAppend().addFile(TableFixtures.file("a", 5, 6)).commit();
        assertThat(commitInfo(4).inCommitTimestamp()).isGreaterThan(commitInfo(3).inCommitTimestamp());
    }

    @Test
    void timeTravelAndHistoryUseInCommitTimestampsFromTheEnablementVersionOn() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of(), null);
        table().newAppend().addFile(TableFixtures.file("a", 1, 2)).commit();
        long now = System.currentTimeMillis();
        // versions 0 and 1 are timed by their files: two hours ago and one hour ago
        store.setLastModified("t/_delta_log/" + LogFile.commitName(0), now - 2 * HOUR);
        store.setLastModified("t/_delta_log/" + LogFile.commitName(1), now - HOUR);
        table().newTransaction().updateProperties(Map.of("delta.enableInCommitTimestamps", "true"), List.of())
                .commit(new Operation("SET TBLPROPERTIES", Map.of(), Map.of()));
        long enabledAt = commitInfo(2).inCommitTimestamp();
        foreignCommit(3, enabledAt + 2 * HOUR); // its file is new, its in-commit timestamp two hours later
        // the file of version 3 is older than its in-commit timestamp: by files it would be the answer for +1h
        assertThat(table().log().versionAsOf(enabledAt + HOUR)).isEqualTo(2);
        assertThat(table().log().versionAsOf(enabledAt + 2 * HOUR)).isEqualTo(3);
        assertThat(table().snapshotAsOf(Instant.ofEpochMilli(enabledAt + 3 * HOUR)).version()).isEqualTo(3);
        // before the enablement time only the older versions count, by their files
        assertThat(table().log().versionAsOf(now - HOUR + 1)).isEqualTo(1);
        assertThat(table().log().versionAsOf(now - 2 * HOUR)).isEqualTo(0);
        assertThatThrownBy(() -> table().log().versionAsOf(now - 3 * HOUR)).hasMessageContaining("before the earliest");

        List<HistoryEntry> h = table().history(0);
        assertThat(h.get(0).version()).isEqualTo(3);
        assertThat(h.get(0).timestamp()).isEqualTo(enabledAt + 2 * HOUR);
        assertThat(h.get(1).timestamp()).isEqualTo(enabledAt);
        assertThat(h.get(3).timestamp()).isEqualTo(now - 2 * HOUR);
        assertThat(table().snapshotAt(3).timestamp()).isEqualTo(enabledAt + 2 * HOUR);
    }

    @Test
    void enablementPropertiesCannotBeSetByHand() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of(), null);
        assertThatThrownBy(() -> table().newTransaction().updateProperties(
                Map.of(DeltaConfig.ICT_ENABLEMENT_VERSION, "0"), List.of())).hasMessageContaining("set by the writer");
    }

    @Test
    void restoringAVersionFromBeforeTheyWereOnKeepsThemOn() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of(), null);
        table().newTransaction().updateProperties(Map.of("delta.enableInCommitTimestamps", "true"), List.of())
                .commit(new Operation("SET TBLPROPERTIES", Map.of(), Map.of()));
        DeltaTransaction restore = table().newTransaction();
        restore.restoreMetadata(table().snapshotAt(0));
        restore.commit(new Operation("RESTORE", Map.of(), Map.of()));
        Metadata m = table().snapshot().metadata();
        assertThat(m.configuration()).containsEntry("delta.enableInCommitTimestamps", "true")
                .containsEntry(DeltaConfig.ICT_ENABLEMENT_VERSION, "1");
        assertThat(commitInfo(2).inCommitTimestamp()).isNotNull();
    }

    @Test
    void historyOfATableWithAnUnreadableProtocolStillLists() {
        table().create(TableFixtures.SIMPLE, List.of("part"), Map.of(), null);
        String line = "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"futureFeature\"],"
                + "\"writerFeatures\":[\"futureFeature\"]}}\n";
        store.put("t/_delta_log/" + LogFile.commitName(1), line.getBytes(StandardCharsets.UTF_8));
        assertThat(table().history(0)).extracting(HistoryEntry::version).containsExactly(1L, 0L);
    }
}
