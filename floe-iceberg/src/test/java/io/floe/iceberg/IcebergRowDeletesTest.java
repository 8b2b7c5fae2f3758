package io.floe.iceberg;

import io.floe.dataplane.DataPlane;
import io.floe.storage.InMemoryObjectStore;
import io.floe.table.ConcurrentDeleteReadException;
import io.floe.table.DataFile;
import io.floe.table.FileStats;
import io.floe.table.FloeException;
import io.floe.table.Operation;
import io.floe.table.PartitionSpec;
import io.floe.table.RowLevelDeletes;
import io.floe.table.Table;
import io.floe.table.TableDefinition;
import io.floe.table.Transaction;
import io.floe.testing.TableFixtures;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Merge-on-read writes of Iceberg row deletes through {@link Transaction#deleteRows}: v2 position delete files (one
 * per data file, earlier ones merged in and replaced), v3 deletion vectors in Puffin files (at most one per data file),
 * the upgrade between them, and the conflicts between writers deleting rows.
 */
class IcebergRowDeletesTest {
    private static final Map<String, String> MOR = Map.of("write.delete.mode", "merge-on-read", "write.update.mode", "merge-on-read");

    /**
     * A data plane whose "Parquet" is the NDJSON it was given: enough for the table format's own files (position
     * delete files here), whose Parquet encoding is the real data plane's business and tested with it.
     */
    static DataPlane jsonDataPlane() {
        return (DataPlane) Proxy.newProxyInstance(DataPlane.class.getClassLoader(), new Class<?>[] {DataPlane.class}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "writeParquetFromJson" -> {
                    Files.copy((Path) args[0], (Path) args[2]);
                    return null;
                }
                case "readParquetAsJson" -> {
                    @SuppressWarnings("unchecked")
                    Consumer<String> rows = (Consumer<String>) args[2];
                    Files.readAllLines((Path) args[0]).forEach(rows);
                    return null;
                }
                case "close" -> {
                    return null;
                }
                default -> throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    private static IcebergTable table(InMemoryObjectStore store, String formatVersion, Map<String, String> props) {
        IcebergTable t = (IcebergTable) new IcebergFormat().open("t", store, "t/", jsonDataPlane());
        Map<String, String> all = new LinkedHashMap<>(props);
        all.put("format-version", formatVersion);
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.identity(List.of("part")), all, null));
        return t;
    }

    /** A data file record of {@code rows} rows (nothing behind it: commits and delete planning do not read it). */
    private static DataFile file(Table t, String name, String part, long rows) {
        return new DataFile(t.relativePath("data/part=" + part + "/" + name + ".parquet"), Map.of("part", part), 1000, 1, true,
                FileStats.fromColumnPaths(TableFixtures.SIMPLE, rows, Map.of("id", 0L), Map.of("id", rows - 1), Map.of("id", 0L), null),
                null, Map.of());
    }

    private static DataFile current(Table t, String name) {
        return t.snapshot().files().stream().filter(f -> f.path().endsWith("/" + name + ".parquet")).findFirst().orElseThrow();
    }

    private static List<DeleteFile> liveDeletes(IcebergTable t) {
        return t.snapshot().entries().stream().flatMap(e -> e.deletes().stream()).toList();
    }

    private static void deleteRows(Table t, String name, long... positions) {
        Transaction tx = t.newTransaction();
        tx.readWholeTable();
        tx.deleteRows(current(t, name), positions);
        tx.commit(Operation.of("DELETE"));
    }

    private static IcebergTable twoFiles(InMemoryObjectStore store, String formatVersion) {
        IcebergTable t = table(store, formatVersion, MOR);
        t.newAppend().addFile(file(t, "a", "p0", 10)).addFile(file(t, "b", "p1", 10)).commit();
        return t;
    }

    @Test
    void theModePropertiesSayWhichCommandsMergeOnRead() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = table(store, "2", Map.of("write.delete.mode", "merge-on-read"));
        RowLevelDeletes rl = t.capability(RowLevelDeletes.class).orElseThrow();
        assertThat(rl.mergeOnRead(t.snapshot(), RowLevelDeletes.Command.DELETE)).isTrue();
        assertThat(rl.mergeOnRead(t.snapshot(), RowLevelDeletes.Command.UPDATE)).isFalse();
        assertThat(rl.mergeOnRead(t.snapshot(), RowLevelDeletes.Command.MERGE)).isFalse();
        assertThatThrownBy(() -> t.newTransaction().updateProperties(Map.of("write.merge.mode", "sometimes"), List.of()))
                .hasMessageContaining("write.merge.mode").hasMessageContaining("merge-on-read");

        IcebergTable v1 = (IcebergTable) new IcebergFormat().open("v1", store, "v1/", jsonDataPlane());
        v1.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED,
                Map.of("format-version", "1", "write.delete.mode", "merge-on-read"), null));
        assertThat(v1.capability(RowLevelDeletes.class).orElseThrow().mergeOnRead(v1.snapshot(), RowLevelDeletes.Command.DELETE))
                .as("v1 has no delete files: copy-on-write").isFalse();
    }

    @Test
    void v2WritesOneFileScopedPositionDeleteFilePerDataFileAndMergesTheEarlierOne() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = twoFiles(store, "2");
        deleteRows(t, "a", 1, 3);

        DataFile a = current(t, "a");
        assertThat(t.deletedRows(a)).containsExactly(1, 3);
        assertThat(t.deletedRows(current(t, "b"))).isEmpty();
        List<DeleteFile> live = liveDeletes(t);
        assertThat(live).hasSize(1);
        DeleteFile d = live.get(0);
        assertThat(d.format()).isEqualTo(FileFormat.PARQUET);
        assertThat(d.referencedDataFile()).isEqualTo(a.path());
        assertThat(d.recordCount()).isEqualTo(2);
        assertThat(d.location()).contains("/data/part=p0/").endsWith("-deletes.parquet");
        assertThat(d.partition().get(0, String.class)).isEqualTo("p0");
        assertThat(d.fileSizeInBytes()).isEqualTo(store.get(t.resolveKey(d.location())).length);
        // the manifest entry as committed (planning hands out delete files with trimmed stats)
        d = t.icebergTable().currentSnapshot().addedDeleteFiles(t.operations().io()).iterator().next();
        int pathId = MetadataColumns.DELETE_FILE_PATH.fieldId();
        int posId = MetadataColumns.DELETE_FILE_POS.fieldId();
        assertThat(Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), d.lowerBounds().get(pathId)).toString()).isEqualTo(a.path());
        assertThat(Conversions.<CharSequence>fromByteBuffer(Types.StringType.get(), d.upperBounds().get(pathId)).toString()).isEqualTo(a.path());
        assertThat((Long) Conversions.fromByteBuffer(Types.LongType.get(), d.lowerBounds().get(posId))).isEqualTo(1L);
        assertThat((Long) Conversions.fromByteBuffer(Types.LongType.get(), d.upperBounds().get(posId))).isEqualTo(3L);
        assertThat(new String(store.get(t.resolveKey(d.location())))).contains("\"file_path\":\"" + a.path() + "\",\"pos\":1");

        deleteRows(t, "a", 0, 3, 7); // 3 is already deleted: the union counts it once
        assertThat(t.deletedRows(current(t, "a"))).containsExactly(0, 1, 3, 7);
        List<DeleteFile> after = liveDeletes(t);
        assertThat(after).as("the earlier delete file is replaced, not added to").hasSize(1);
        assertThat(after.get(0).location()).isNotEqualTo(d.location());
        assertThat(after.get(0).recordCount()).isEqualTo(4);
        assertThat(t.snapshot().icebergSnapshot().summary()).containsEntry("removed-position-delete-files", "1")
                .containsEntry("added-position-delete-files", "1").containsEntry(IcebergTable.SUMMARY_OPERATION, "DELETE");
    }

    @Test
    void planningAgainReadsNoDeleteFileTwice() {
        for (String v : List.of("2", "3")) {
            InMemoryObjectStore store = new InMemoryObjectStore();
            IcebergTable t = twoFiles(store, v);
            deleteRows(t, "a", 1, 2);
            IcebergTable reader = (IcebergTable) new IcebergFormat().open("t", store, "t/", jsonDataPlane());
            assertThat(reader.deletedRows(current(reader, "a"))).containsExactly(1, 2);
            // the delete file is gone from the store: the next planning (every query plans) does not read it again
            liveDeletes(reader).forEach(d -> store.delete(List.of(reader.resolveKey(d.location()))));
            assertThat(reader.deletedRows(current(reader, "a"))).as("v" + v).containsExactly(1, 2);
        }
    }

    @Test
    void v3WritesDeletionVectorsInPuffinAndKeepsOnePerDataFile() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = twoFiles(store, "3");
        Transaction tx = t.newTransaction();
        tx.readWholeTable();
        tx.deleteRows(current(t, "a"), new long[] {2, 4});
        tx.deleteRows(current(t, "b"), new long[] {9});
        tx.commit(Operation.of("DELETE"));
        List<DeleteFile> live = liveDeletes(t);
        assertThat(live).hasSize(2).allSatisfy(d -> {
            assertThat(d.format()).isEqualTo(FileFormat.PUFFIN);
            assertThat(d.location()).endsWith("-deletes.puffin");
            assertThat(d.contentOffset()).isNotNull();
            assertThat(d.contentSizeInBytes()).isNotNull();
        });
        assertThat(live.stream().map(DeleteFile::location).distinct()).as("one Puffin file per commit").hasSize(1);
        assertThat(t.deletedRows(current(t, "a"))).containsExactly(2, 4);
        assertThat(t.deletedRows(current(t, "b"))).containsExactly(9);

        deleteRows(t, "a", 0, 4, 5);
        assertThat(t.deletedRows(current(t, "a"))).containsExactly(0, 2, 4, 5);
        List<DeleteFile> after = liveDeletes(t);
        assertThat(after).hasSize(2);
        assertThat(after.stream().filter(d -> d.referencedDataFile().equals(current(t, "a").path())))
                .singleElement().satisfies(d -> assertThat(d.recordCount()).isEqualTo(4));
        assertThat(t.snapshot().icebergSnapshot().summary()).containsEntry("added-dvs", "1").containsEntry("removed-dvs", "1");

        // a fresh handle (nothing remembered) decodes the vectors from the Puffin file
        IcebergTable fresh = (IcebergTable) new IcebergFormat().open("t", store, "t/", null);
        assertThat(fresh.deletedRows(current(fresh, "a"))).containsExactly(0, 2, 4, 5);
        assertThat(fresh.deletedRows(current(fresh, "b"))).containsExactly(9);
    }

    @Test
    void upgradingToV3MergesPositionDeleteFilesIntoTheFirstVector() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = twoFiles(store, "2");
        deleteRows(t, "a", 1);
        assertThatThrownBy(() -> t.newTransaction().updateProperties(Map.of("format-version", "1"), List.of()))
                .isInstanceOf(FloeException.class).hasMessageContaining("cannot be downgraded");
        Transaction up = t.newTransaction();
        up.updateProperties(Map.of("format-version", "3"), List.of());
        up.commit(Operation.of("SET TBLPROPERTIES"));
        assertThat(t.snapshot().formatDetails()).containsEntry("formatVersion", 3);
        assertThat(t.deletedRows(current(t, "a"))).as("v2 position deletes still apply after the upgrade").containsExactly(1);

        deleteRows(t, "a", 6);
        assertThat(t.deletedRows(current(t, "a"))).containsExactly(1, 6);
        assertThat(liveDeletes(t)).singleElement().satisfies(d -> {
            assertThat(d.format()).isEqualTo(FileFormat.PUFFIN);
            assertThat(d.recordCount()).isEqualTo(2);
        });
    }

    @Test
    void removingADataFileDropsItsFileScopedDeletes() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = twoFiles(store, "2");
        deleteRows(t, "a", 1);
        Transaction tx = t.newTransaction();
        tx.readWholeTable();
        tx.remove(current(t, "a"), true);
        tx.add(file(t, "a2", "p0", 9));
        tx.commit(Operation.of("DELETE"));
        assertThat(liveDeletes(t)).isEmpty();
        assertThat(t.snapshot().icebergSnapshot().summary()).containsEntry("removed-position-delete-files", "1");
    }

    @Test
    void positionsOutsideTheFileAndFilesNotReadAreRefused() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = twoFiles(store, "2");
        Transaction tx = t.newTransaction();
        tx.deleteRows(current(t, "a"), new long[] {10});
        assertThatThrownBy(() -> tx.commit(Operation.of("DELETE"))).hasMessageContaining("within its 10 rows");
        Transaction tx2 = t.newTransaction();
        tx2.deleteRows(file(t, "zz", "p0", 3), new long[] {1});
        assertThatThrownBy(() -> tx2.commit(Operation.of("DELETE"))).hasMessageContaining("not a data file of the snapshot");
        assertThat(liveDeletes(t)).isEmpty();
    }

    /** Every live delete file of the current snapshot, from the delete manifests (dangling ones included). */
    private static List<DeleteFile> allDeletes(IcebergTable t) throws Exception {
        var io = t.operations().io();
        var m = t.operations().refresh();
        List<DeleteFile> out = new java.util.ArrayList<>();
        for (var mf : m.currentSnapshot().deleteManifests(io)) {
            try (var r = org.apache.iceberg.ManifestFiles.readDeleteManifest(mf, io, m.specsById())) {
                r.forEach(d -> out.add(d.copy()));
            }
        }
        return out;
    }

    @Test
    void restatingDeletesConvertsThemToTheTablesFormAndDropsDanglingOnes() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = twoFiles(store, "2");
        deleteRows(t, "a", 1);
        deleteRows(t, "b", 2, 3);
        // another engine removes data file a without its delete file: that one now applies to nothing
        t.icebergTable().newDelete().deleteFile(current(t, "a").path()).commit();
        assertThat(allDeletes(t)).hasSize(2);
        Transaction up = t.newTransaction();
        up.updateProperties(Map.of("format-version", "3"), List.of());
        up.commit(Operation.of("SET TBLPROPERTIES"));

        Transaction rewrite = t.newTransaction();
        for (DataFile f : rewrite.readFiles(f -> f.deletionVector() != null)) {
            rewrite.deleteRows(f, new long[0]);
        }
        rewrite.commit(Operation.of("REWRITE POSITION DELETE FILES"));
        assertThat(t.snapshot().icebergSnapshot().operation()).as("no rows changed").isEqualTo("replace");
        assertThat(allDeletes(t)).singleElement().satisfies(d -> {
            assertThat(d.format()).isEqualTo(FileFormat.PUFFIN);
            assertThat(d.referencedDataFile()).isEqualTo(current(t, "b").path());
        });
        assertThat(t.deletedRows(current(t, "b"))).containsExactly(2, 3);

        // in the table's form already and nothing dangling: a restatement commits nothing
        long before = t.snapshot().version();
        Transaction again = t.newTransaction();
        again.deleteRows(current(t, "b"), new long[0]);
        again.commit(Operation.of("REWRITE POSITION DELETE FILES"));
        assertThat(t.snapshot().version()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ equality deletes (other engines')

    /** Puts a "Parquet" file (NDJSON, as {@link #jsonDataPlane} reads it) at a location of the table; returns its size. */
    private static long put(IcebergTable t, String location, String... jsonRows) {
        byte[] bytes = (String.join("\n", jsonRows) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        t.store().put(t.resolveKey(location), bytes);
        return bytes.length;
    }

    private static void commitEqualityDeletes(IcebergTable t, String name, String column, String... jsonRows) {
        int id = t.icebergTable().schema().findField(column).fieldId();
        String location = t.location() + "data/" + name + "-eq-deletes.parquet";
        long size = put(t, location, jsonRows);
        org.apache.iceberg.DeleteFile d = org.apache.iceberg.FileMetadata.deleteFileBuilder(t.icebergTable().spec()).ofEqualityDeletes(id)
                .withPath(location).withFormat(FileFormat.PARQUET).withFileSizeInBytes(size).withRecordCount(jsonRows.length).build();
        t.icebergTable().newRowDelta().addDeletes(d).commit();
    }

    @Test
    void equalityDeletesOfOtherEnginesApplyToOlderRowsByValue() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = (IcebergTable) new IcebergFormat().open("t", store, "t/", jsonDataPlane());
        t.create(new TableDefinition(TableFixtures.SIMPLE, PartitionSpec.UNPARTITIONED, Map.of(), null));
        DataFile a = new DataFile(t.relativePath("data/a.parquet"), Map.of(), 1, 1, true,
                FileStats.fromColumnPaths(TableFixtures.SIMPLE, 5L, Map.of(), Map.of(), Map.of(), null), null, Map.of());
        put(t, a.path(), "{\"id\":0,\"part\":\"x\"}", "{\"id\":1,\"part\":\"y\"}", "{\"id\":2,\"part\":null}",
                "{\"id\":3,\"part\":\"x\"}", "{\"id\":4,\"part\":\"z\"}");
        t.newAppend().addFile(a).commit();
        commitEqualityDeletes(t, "ids", "id", "{\"id\":1}", "{\"id\":3}", "{\"id\":99}");
        assertThat(t.deletedRows(current(t, "a"))).containsExactly(1, 3);

        // rows added after the delete are not its business (the data sequence number is not older)
        DataFile b = new DataFile(t.relativePath("data/b.parquet"), Map.of(), 1, 1, true,
                FileStats.fromColumnPaths(TableFixtures.SIMPLE, 1L, Map.of(), Map.of(), Map.of(), null), null, Map.of());
        put(t, b.path(), "{\"id\":1,\"part\":\"y\"}");
        t.newAppend().addFile(b).commit();
        assertThat(t.deletedRows(current(t, "b"))).isEmpty();

        // a null in a delete row matches null; a renamed column is still matched under its old name in older files
        Transaction rename = t.newTransaction();
        rename.renameColumn("part", "section");
        rename.commit(Operation.of("RENAME COLUMN"));
        commitEqualityDeletes(t, "nulls", "section", "{\"section\":null}", "{\"section\":\"z\"}");
        assertThat(t.deletedRows(current(t, "a"))).containsExactly(1, 2, 3, 4);
        assertThat(t.deletedRows(current(t, "b"))).isEmpty();

        // a row delete on a file with equality deletes keeps them: the new position delete file holds them all
        deleteRows(t, "a", 0);
        assertThat(t.deletedRows(current(t, "a"))).containsExactly(0, 1, 2, 3, 4);
    }

    // ------------------------------------------------------------------ conflicts

    @Test
    void twoWritersDeletingRowsOfTheSameFileConflictNamingIt() {
        for (String v : List.of("2", "3")) {
            InMemoryObjectStore store = new InMemoryObjectStore();
            IcebergTable t = twoFiles(store, v);
            DataFile a = current(t, "a");
            Transaction first = t.newTransaction();
            Transaction second = t.newTransaction();
            first.readFiles(f -> f.path().equals(a.path()));
            second.readFiles(f -> f.path().equals(a.path()));
            first.deleteRows(a, new long[] {1});
            second.deleteRows(a, new long[] {2});
            first.commit(Operation.of("DELETE"));
            assertThatThrownBy(() -> second.commit(Operation.of("DELETE")))
                    .isInstanceOfSatisfying(ConcurrentRowDeletesException.class, e -> assertThat(e.dataFile()).isEqualTo(a.path()))
                    .hasMessageContaining(a.path());
            assertThat(t.deletedRows(current(t, "a"))).as("v" + v).containsExactly(1);
            // the loser's delete file was cleaned up: only the winner's is in the store under data/
            long deleteObjects = store.listAll("t/data/").stream().filter(o -> o.key().contains("-deletes.")).count();
            assertThat(deleteObjects).as("v" + v).isEqualTo(1);
        }
    }

    @Test
    void deletesOfRowsInAnotherFileRebase() {
        for (String v : List.of("2", "3")) {
            InMemoryObjectStore store = new InMemoryObjectStore();
            IcebergTable t = twoFiles(store, v);
            DataFile a = current(t, "a");
            DataFile b = current(t, "b");
            Transaction first = t.newTransaction();
            Transaction second = t.newTransaction();
            first.readFiles(f -> f.path().equals(a.path()));
            second.readFiles(f -> f.path().equals(b.path()));
            first.deleteRows(a, new long[] {1});
            second.deleteRows(b, new long[] {2});
            long winner = first.commit(Operation.of("DELETE")).version();
            long rebased = second.commit(Operation.of("DELETE")).version();
            assertThat(t.operations().refresh().snapshot(rebased).parentId()).isEqualTo(winner);
            assertThat(t.deletedRows(current(t, "a"))).containsExactly(1);
            assertThat(t.deletedRows(current(t, "b"))).containsExactly(2);
        }
    }

    @Test
    void aConcurrentRewriteOfTheFileFailsTheRowDelete() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = twoFiles(store, "2");
        DataFile a = current(t, "a");
        Transaction deleter = t.newTransaction();
        deleter.readFiles(f -> f.path().equals(a.path()));
        deleter.deleteRows(a, new long[] {1});
        Transaction rewriter = t.newTransaction();
        rewriter.readFiles(f -> f.path().equals(a.path()));
        rewriter.remove(a, false);
        rewriter.add(file(t, "a-compacted", "p0", 10).withDataChange(false));
        rewriter.commit(Operation.of("OPTIMIZE"));
        assertThatThrownBy(() -> deleter.commit(Operation.of("DELETE")))
                .isInstanceOfSatisfying(ConcurrentRowDeletesException.class, e -> assertThat(e.dataFile()).isEqualTo(a.path()));
    }

    @Test
    void aConcurrentRowDeleteFailsACopyOnWriteRewriteAndAReaderOfTheFile() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = twoFiles(store, "3");
        DataFile a = current(t, "a");
        Transaction cow = t.newTransaction();
        cow.readFiles(f -> f.path().equals(a.path()));
        cow.remove(a, true);
        cow.add(file(t, "a-rewritten", "p0", 9));
        Transaction reader = t.newTransaction();
        reader.readFiles(f -> f.path().equals(a.path()));
        reader.add(file(t, "derived", "p1", 1));
        deleteRows(t, "a", 4);
        assertThatThrownBy(() -> cow.commit(Operation.of("UPDATE")))
                .as("the rewrite would bring row 4 back").isInstanceOf(ConcurrentRowDeletesException.class);
        assertThatThrownBy(() -> reader.commit(Operation.of("INSERT"))).isInstanceOf(ConcurrentDeleteReadException.class);
        assertThat(t.deletedRows(current(t, "a"))).containsExactly(4);
    }

    @Test
    void aDeleteFileSharedByDataFilesGoesOnceEveryOneOfThemIsRestated() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = table(store, "2", MOR);
        t.newAppend().addFile(file(t, "a", "p0", 10)).addFile(file(t, "b", "p0", 10)).commit();
        // as older writers wrote them: one position delete file for the partition, no bounds, rows of b only
        String b = current(t, "b").path();
        String location = t.location() + "data/part=p0/shared-deletes.parquet";
        long size = put(t, location, "{\"file_path\":\"" + b + "\",\"pos\":4}", "{\"file_path\":\"" + b + "\",\"pos\":7}");
        t.icebergTable().newRowDelta().addDeletes(org.apache.iceberg.FileMetadata.deleteFileBuilder(t.icebergTable().spec())
                .ofPositionDeletes().withPath(location).withFormat(FileFormat.PARQUET).withFileSizeInBytes(size).withRecordCount(2)
                .withPartition(t.snapshot().icebergFiles(List.of(t.snapshot().entries().get(0))).values().iterator().next().partition())
                .build()).commit();
        assertThat(t.deletedRows(current(t, "b"))).containsExactly(4, 7);

        Transaction onlyA = t.newTransaction();
        onlyA.deleteRows(current(t, "a"), new long[0]);
        onlyA.commit(Operation.of("REWRITE POSITION DELETE FILES"));
        assertThat(allDeletes(t)).as("b still needs it").extracting(DeleteFile::location).containsExactly(location);

        Transaction both = t.newTransaction();
        both.deleteRows(current(t, "a"), new long[0]);
        both.deleteRows(current(t, "b"), new long[0]);
        both.commit(Operation.of("REWRITE POSITION DELETE FILES"));
        assertThat(allDeletes(t)).singleElement().satisfies(d -> {
            assertThat(d.referencedDataFile()).isEqualTo(b);
            assertThat(d.recordCount()).isEqualTo(2);
        });
        assertThat(t.deletedRows(current(t, "b"))).containsExactly(4, 7);
        assertThat(t.deletedRows(current(t, "a"))).isEmpty();
    }

    @Test
    void twoRestatementsDroppingTheSameDanglingDeleteFileConflict() throws Exception {
        InMemoryObjectStore store = new InMemoryObjectStore();
        IcebergTable t = twoFiles(store, "2");
        t.newAppend().addFile(file(t, "c", "p0", 10)).commit();
        deleteRows(t, "a", 1);
        deleteRows(t, "b", 1);
        deleteRows(t, "c", 1);
        t.icebergTable().newDelete().deleteFile(current(t, "c").path()).commit(); // its delete file now dangles
        Transaction first = t.newTransaction();
        Transaction second = t.newTransaction();
        first.deleteRows(current(t, "a"), new long[0]);
        second.deleteRows(current(t, "b"), new long[0]);
        first.commit(Operation.of("REWRITE POSITION DELETE FILES"));
        assertThat(allDeletes(t)).hasSize(2);
        assertThatThrownBy(() -> second.commit(Operation.of("REWRITE POSITION DELETE FILES")))
                .isInstanceOf(io.floe.table.ConcurrentDeleteDeleteException.class).hasMessageContaining("-deletes.parquet");
    }

    @Test
    void unionOfAscendingPositionLists() {
        assertThat(io.floe.table.RowPositions.union(new long[] {1, 3, 5}, new long[] {0, 3, 6})).containsExactly(0, 1, 3, 5, 6);
        assertThat(io.floe.table.RowPositions.union(new long[0], new long[] {2})).containsExactly(2);
    }
}
