package io.floe.iceberg;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.HistoryEntry;
import io.floe.table.PartitionSpec;
import io.floe.table.Table;
import io.floe.table.TableDefinition;
import io.floe.testing.TableFixtures;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A metadata file is read with only the snapshots its refs name parsed, and the rest parsed from the same bytes when
 * anything asks: what the reader gives is Iceberg's parse of the whole file in every respect.
 */
class MetadataJsonTest {
    private static final String ROOT = "t/";

    /** A table of {@code commits} appends, the second snapshot tagged; its store. */
    private static InMemoryObjectStore tableWith(int commits) {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = new IcebergFormat().open("t", store, ROOT, null);
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED, Map.of(), null));
        for (int i = 0; i < commits; i++) {
            t.newAppend().addFile(IcebergConcurrencyTest.file(t, "f" + i, "p0", i)).commit();
        }
        IcebergTable it = (IcebergTable) t;
        TableMetadata m = it.operations().refresh();
        long second = m.snapshots().get(1).snapshotId();
        it.icebergTable().manageSnapshots().createTag("second", second).commit();
        return store;
    }

    /** The latest metadata file of a table of {@code commits} appends, the second snapshot tagged. */
    static byte[] latestOf(int commits) {
        return latest(tableWith(commits));
    }

    private static byte[] latest(InMemoryObjectStore store) {
        IcebergOperations ops = new IcebergOperations(store, ROOT);
        ops.refresh();
        return store.get(ops.metadataKey(ops.currentVersion()));
    }

    @Test
    void theSnapshotListIsCutToTheNamedSnapshotsAndEverythingElseKeptAsWritten() {
        byte[] json = latest(tableWith(6));
        TableMetadata full = TableMetadataParser.fromJson("file:/m.json", new String(json, StandardCharsets.UTF_8));
        MetadataJson.Trimmed t = MetadataJson.trim(json);
        assertThat(t.cut()).isTrue();
        assertThat(t.formatVersion()).isEqualTo(2);
        TableMetadata view = TableMetadataParser.fromJson("file:/m.json", new String(t.json(), StandardCharsets.UTF_8));
        // the current snapshot and the tagged one, nothing else
        assertThat(view.snapshots()).extracting(org.apache.iceberg.Snapshot::snapshotId)
                .containsExactlyInAnyOrder(full.currentSnapshot().snapshotId(), full.snapshots().get(1).snapshotId());
        assertThat(view.snapshotLog()).isEqualTo(full.snapshotLog());
        assertThat(view.previousFiles()).isEqualTo(full.previousFiles());
        assertThat(view.refs()).isEqualTo(full.refs());
        assertThat(view.properties()).isEqualTo(full.properties());
        assertThat(view.schema().sameSchema(full.schema())).isTrue();
    }

    @Test
    void theLazyMetadataIsTheWholeParse() {
        byte[] json = latest(tableWith(6));
        String location = "file:/t/metadata/v9.metadata.json";
        TableMetadata full = TableMetadataParser.fromJson(location, new String(json, StandardCharsets.UTF_8));
        TableMetadata lazy = MetadataJson.parse(location, json, MetadataJson.trim(json));
        assertThat(lazy.metadataFileLocation()).isEqualTo(location);
        assertThat(lazy.lastUpdatedMillis()).isEqualTo(full.lastUpdatedMillis());
        assertThat(lazy.currentSnapshot().snapshotId()).isEqualTo(full.currentSnapshot().snapshotId());
        assertThat(lazy.currentSnapshot().manifestListLocation()).isEqualTo(full.currentSnapshot().manifestListLocation());
        assertThat(lazy.previousFiles()).isEqualTo(full.previousFiles());
        // an older snapshot by id, then the whole list: parsed from the same bytes
        long first = full.snapshots().get(0).snapshotId();
        assertThat(lazy.snapshot(first).timestampMillis()).isEqualTo(full.snapshot(first).timestampMillis());
        assertThat(lazy.snapshots()).hasSize(full.snapshots().size());
        // written back, it is the same file (what a commit building on it writes keeps every snapshot)
        assertThat(TableMetadataParser.toJson(lazy)).isEqualTo(TableMetadataParser.toJson(full));
    }

    /**
     * A later version read with an earlier one at hand takes the snapshots the earlier one has (the same objects) and
     * parses only the others; the result is the whole parse of the later file.
     */
    @Test
    void snapshotsAnEarlierVersionHasAreTakenFromIt() {
        InMemoryObjectStore store = tableWith(4);
        IcebergOperations ops = new IcebergOperations(store, ROOT);
        TableMetadata earlier = ops.refresh(); // whole: every snapshot parsed
        // committed through another store object (as another process would): ops reads what it wrote
        Table t = new IcebergFormat().open("t", new io.floe.storage.FaultInjectingObjectStore(store), ROOT, null);
        for (int i = 0; i < 3; i++) {
            t.newAppend().addFile(IcebergConcurrencyTest.file(t, "g" + i, "p0", i)).commit();
        }
        byte[] json = latest(store);
        String location = "file:/t/metadata/v9.metadata.json";
        TableMetadata full = TableMetadataParser.fromJson(location, new String(json, StandardCharsets.UTF_8));
        TableMetadata lazy = MetadataJson.parse(location, json, MetadataJson.trim(json), earlier);
        assertThat(lazy.snapshots()).hasSize(earlier.snapshots().size() + 3);
        for (org.apache.iceberg.Snapshot s : earlier.snapshots()) {
            assertThat(lazy.snapshot(s.snapshotId())).isSameAs(s);
        }
        assertThat(lazy.snapshots()).extracting(org.apache.iceberg.Snapshot::snapshotId)
                .containsExactlyElementsOf(full.snapshots().stream().map(org.apache.iceberg.Snapshot::snapshotId).toList());
        assertThat(TableMetadataParser.toJson(lazy)).isEqualTo(TableMetadataParser.toJson(full));
        // through a handle: the refresh after others committed reuses what its last whole read parsed
        ops.current();
        TableMetadata after = ops.refresh();
        assertThat(after.snapshot(earlier.snapshots().get(0).snapshotId())).isSameAs(earlier.snapshots().get(0));
        assertThat(TableMetadataParser.toJson(after)).isEqualTo(TableMetadataParser.toJson(full));
    }

    @Test
    void prettyPrintedMetadataIsCutAtTheSameEntries() throws Exception {
        byte[] json = latest(tableWith(4));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        byte[] pretty = mapper.writeValueAsBytes(mapper.readTree(json));
        TableMetadata lazy = MetadataJson.parse("file:/m.json", pretty, MetadataJson.trim(pretty));
        TableMetadata full = TableMetadataParser.fromJson("file:/m.json", new String(json, StandardCharsets.UTF_8));
        assertThat(MetadataJson.trim(pretty).cut()).isTrue();
        assertThat(TableMetadataParser.toJson(lazy)).isEqualTo(TableMetadataParser.toJson(full));
    }

    @Test
    void filesWithNothingToCutOrThatAreNotMetadataAreLeftToTheParser() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Table t = new IcebergFormat().open("t", store, ROOT, null);
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED, Map.of(), null));
        t.newAppend().addFile(IcebergConcurrencyTest.file(t, "f", "p0", 1)).commit();
        assertThat(MetadataJson.trim(latest(store)).cut()).isFalse(); // one snapshot, the current one
        assertThat(MetadataJson.trim("{ not json".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(MetadataJson.trim("[1]".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(MetadataJson.trim("{\"snapshots\":[{\"no-id\":1}]}".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void aColdHandleReadsHistoryTimeTravelsAndCommitsOverTheWholeList() {
        InMemoryObjectStore store = tableWith(8);
        Table cold = new IcebergFormat().open("t", store, ROOT, null);
        assertThat(cold.snapshot().files()).hasSize(8);
        List<HistoryEntry> history = cold.history(0);
        assertThat(history).hasSize(8);
        long first = history.get(history.size() - 1).version();
        assertThat(cold.snapshotAt(first).files()).hasSize(1);
        // a commit on a handle that has read the cut list only writes every snapshot and both logs back
        Table other = new IcebergFormat().open("t", store, ROOT, null);
        other.snapshot();
        other.newAppend().addFile(IcebergConcurrencyTest.file(other, "g", "p0", 99)).commit();
        TableMetadata after = TableMetadataParser.fromJson("file:/x.json", new String(latest(store), StandardCharsets.UTF_8));
        assertThat(after.snapshots()).hasSize(9);
        assertThat(after.snapshotLog()).hasSize(9);
        assertThat(after.refs()).containsKey("second");
        assertThat(new IcebergFormat().open("t", store, ROOT, null).snapshotAt(first).files()).hasSize(1);
    }

    /** A commit writes its metadata through a generator of bytes: exactly Iceberg's JSON, escapes and non-ASCII included. */
    @Test
    void writtenMetadataIsIcebergsOwnJsonAsUtf8() {
        InMemoryObjectStore store = tableWith(3);
        IcebergTable t = (IcebergTable) new IcebergFormat().open("t", store, ROOT, null);
        org.apache.iceberg.Table it = t.icebergTable();
        it.updateProperties().set("note \u00e9\u2603", "a\"b\\c\n\u0001\uD83D\uDE00").commit();
        it.newFastAppend().set("weird", "\u00e9\u2603 {\"snapshot-id\": 1}\t").appendFile(org.apache.iceberg.DataFiles.builder(it.spec())
                .withPath(t.location() + "data/\u00e9 x.parquet").withFileSizeInBytes(10).withRecordCount(1).build()).commit();
        byte[] json = latest(store);
        TableMetadata full = TableMetadataParser.fromJson("file:/m.json", new String(json, StandardCharsets.UTF_8));
        assertThat(MetadataJson.write(full)).isEqualTo(TableMetadataParser.toJson(full).getBytes(StandardCharsets.UTF_8));
        assertThat(json).as("what the commit wrote").isEqualTo(TableMetadataParser.toJson(full).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Two writers of one JVM taking turns: each metadata file is Iceberg's own JSON of itself although the snapshots
     * written before (by either: they share their table's commit gate) are copied from the previous write, not written
     * again.
     */
    @Test
    void snapshotsCopiedFromTheHandlesPreviousWriteGiveIcebergsOwnJson() {
        InMemoryObjectStore store = tableWith(2);
        IcebergTable a = (IcebergTable) new IcebergFormat().open("t", store, ROOT, null);
        IcebergTable b = (IcebergTable) new IcebergFormat().open("t", store, ROOT, null);
        for (int i = 0; i < 6; i++) {
            IcebergTable w = i % 3 == 2 ? b : a;
            w.snapshot();
            w.icebergTable().newFastAppend().set("note", "\u00e9 \"" + i + "\" ,{[").appendFile(org.apache.iceberg.DataFiles.builder(
                    w.icebergTable().spec()).withPath(w.location() + "data/g" + i + ".parquet").withFileSizeInBytes(10).withRecordCount(1)
                    .build()).commit();
            byte[] json = latest(store);
            TableMetadata full = TableMetadataParser.fromJson("file:/m.json", new String(json, StandardCharsets.UTF_8));
            assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(TableMetadataParser.toJson(full));
        }
        // the last write (b's, i = 5) listed 8 snapshots: the 7 of the write before it (a's, i = 4) copied, its new one written
        assertThat(b.operations().writtenSnapshots()).isSameAs(a.operations().writtenSnapshots());
        assertThat(b.operations().writtenSnapshots().lastCopied).isEqualTo(7);
    }

    @Test
    void aWriteTheSplicingDoesNotExpectFailsInsteadOfReachingTheFile() throws Exception {
        InMemoryObjectStore store = tableWith(2);
        IcebergTable t = (IcebergTable) new IcebergFormat().open("t", store, ROOT, null);
        TableMetadata m = t.operations().refresh();
        WrittenSnapshots written = new WrittenSnapshots();
        MetadataJson.write(m, written); // keeps every snapshot
        WrittenSnapshots.Buffer out = new WrittenSnapshots.Buffer(64);
        com.fasterxml.jackson.core.JsonGenerator g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(out);
        WrittenSnapshots.Splicing s = written.generator(g, out, m.snapshots());
        s.writeStartObject();
        s.writeArrayFieldStart("snapshots");
        s.writeStartObject(); // a kept snapshot: copied, Iceberg's writes of it dropped
        s.writeNumberField("snapshot-id", 1L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.writeNumber(1.5)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void stringsWithBracketsQuotesAndEscapesInsideSnapshotsDoNotMisleadTheCut() {
        InMemoryObjectStore store = tableWith(3);
        IcebergTable t = (IcebergTable) new IcebergFormat().open("t", store, ROOT, null);
        org.apache.iceberg.Table it = t.icebergTable();
        for (String weird : List.of("a\"}]{[\\", "\u00e9\u2603 {\"snapshot-id\": 1}", "tab\there\nnewline")) {
            it.newFastAppend().set("weird", weird).appendFile(org.apache.iceberg.DataFiles.builder(it.spec())
                    .withPath(t.location() + "data/w" + weird.hashCode() + ".parquet").withFileSizeInBytes(10).withRecordCount(1).build())
                    .commit();
        }
        byte[] json = latest(store);
        TableMetadata full = TableMetadataParser.fromJson("file:/m.json", new String(json, StandardCharsets.UTF_8));
        MetadataJson.Trimmed cut = MetadataJson.trim(json);
        assertThat(cut.cut()).isTrue();
        TableMetadata view = TableMetadataParser.fromJson("file:/m.json", new String(cut.json(), StandardCharsets.UTF_8));
        assertThat(view.currentSnapshot().summary()).containsEntry("weird", "tab\there\nnewline");
        assertThat(view.snapshots()).hasSize(2); // the current one and the tagged one
        TableMetadata lazy = MetadataJson.parse("file:/m.json", json, cut);
        assertThat(TableMetadataParser.toJson(lazy)).isEqualTo(TableMetadataParser.toJson(full));
    }

    @Test
    void theHeadHasTheNamedSnapshotsAndNoLogsAndAColdReadOfTheNewestSnapshotParsesNothingMore() {
        InMemoryObjectStore store = tableWith(6);
        byte[] json = latest(store);
        TableMetadata full = TableMetadataParser.fromJson("file:/m.json", new String(json, StandardCharsets.UTF_8));
        TableMetadata head = MetadataJson.head("file:/m.json", MetadataJson.trim(json));
        assertThat(head.snapshotLog()).isEmpty();
        assertThat(head.previousFiles()).isEmpty();
        assertThat(head.snapshots()).hasSize(2);
        assertThat(head.currentSnapshot().manifestListLocation()).isEqualTo(full.currentSnapshot().manifestListLocation());
        assertThat(head.schema().sameSchema(full.schema())).isTrue();
        assertThat(head.specsById()).isEqualTo(full.specsById());
        assertThat(head.properties()).isEqualTo(full.properties());
        assertThat(head.refs()).isEqualTo(full.refs());

        IcebergTable cold = (IcebergTable) new IcebergFormat().open("t", store, ROOT, null);
        IcebergSnapshot newest = cold.snapshot();
        assertThat(newest.files()).hasSize(6);
        assertThat(cold.operations().loaded().wholeRead()).isFalse();
        // what needs the history reads the whole file, once
        assertThat(cold.history(0)).hasSize(6);
        assertThat(newest.metadata().snapshotLog()).hasSize(6);
        assertThat(cold.operations().loaded().wholeRead()).isTrue();
        assertThat(cold.snapshot()).isSameAs(newest);
    }
}
