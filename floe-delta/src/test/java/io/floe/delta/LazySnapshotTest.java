package io.floe.delta;

import io.floe.storage.LocalObjectStore;
import io.floe.table.DataFile;
import io.floe.table.DeletionVector;
import io.floe.table.FileStats;
import io.floe.table.Operation;
import io.floe.table.expr.And;
import io.floe.table.expr.Column;
import io.floe.table.expr.Comparison;
import io.floe.table.expr.ComparisonOp;
import io.floe.table.expr.Expression;
import io.floe.table.expr.FileSkipping;
import io.floe.table.expr.In;
import io.floe.table.expr.IsNotNull;
import io.floe.table.expr.IsNull;
import io.floe.table.expr.Literal;
import io.floe.table.expr.Not;
import io.floe.table.expr.Or;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16: a snapshot loaded from a Parquet checkpoint keeps its add and remove actions in the checkpoint until
 * something needs them all, and a filtered file list is one query over the checkpoint. Random small tables
 * (partitioned or not, column mapping or not, deletion vectors, files without statistics) with a checkpoint and a tail
 * of appends, removes and deletion-vector updates, random filters: the lazy snapshot equals the eager one once read, its
 * file count is right before, and its filtered files keep every file Floe's Java pruning keeps.
 */
class LazySnapshotTest {
    /** Real Parquet checkpoints through DuckDB; one for the whole class (jqwik and JUnit tests alike). */
    static final DuckDbCheckpointPlane PLANE = new DuckDbCheckpointPlane();

    static final StructType SCHEMA = StructType.of(
            new StructField("id", PrimitiveType.LONG, true),
            new StructField("d", PrimitiveType.DATE, true),
            new StructField("part", PrimitiveType.STRING, true),
            new StructField("name", PrimitiveType.STRING, true));

    static final LocalDate DAY0 = LocalDate.of(2024, 1, 1);

    /** A table in a fresh directory: its log, the files it holds now. */
    record Built(Path dir, LocalObjectStore store, DeltaLog log, DeltaTable table) {
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("floe-lazy-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Built create(boolean partitioned, boolean mapped, boolean dvs) {
        return create(partitioned, mapped, dvs, PLANE);
    }

    static Built create(boolean partitioned, boolean mapped, boolean dvs, io.floe.dataplane.DataPlane plane) {
        return create(partitioned, mapped, dvs, false, plane);
    }

    /** With {@code v2}, its checkpoints are V2 ones, every add and remove in a sidecar file. */
    static Built create(boolean partitioned, boolean mapped, boolean dvs, boolean v2, io.floe.dataplane.DataPlane plane) {
        Path dir = tempDir();
        LocalObjectStore store = new LocalObjectStore(dir);
        DeltaLog log = new DeltaLog(store, "", plane);
        DeltaTable t = new DeltaTable("t", log);
        Map<String, String> props = new HashMap<>();
        props.put("delta.checkpointInterval", "1000");
        props.put("delta.checkpoint.writeStatsAsStruct", "true"); // the typed copy however few the files (a plane that can write it)
        if (mapped) {
            props.put("delta.columnMapping.mode", "name");
        }
        if (dvs) {
            props.put("delta.enableDeletionVectors", "true");
        }
        if (v2) {
            props.put("delta.checkpointPolicy", "v2");
        }
        t.create(SCHEMA, partitioned ? List.of("part") : List.of(), props, null);
        return new Built(dir, store, log, t);
    }

    /** A file entry (no data behind it) with random statistics keyed by the table's physical names. */
    static DataFile randomFile(Random r, StructType schema, boolean partitioned) {
        String part = partitioned ? (r.nextInt(5) == 0 ? null : "p" + r.nextInt(3)) : null;
        Map<String, Object> pv = new java.util.LinkedHashMap<>();
        if (partitioned) {
            pv.put("part", part);
        }
        FileStats stats = null;
        if (r.nextInt(7) != 0) {
            Map<String, Object> lo = new HashMap<>();
            Map<String, Object> hi = new HashMap<>();
            Map<String, Object> nulls = new HashMap<>();
            String id = schema.field("id").orElseThrow().physicalName();
            String d = schema.field("d").orElseThrow().physicalName();
            long records = 1 + r.nextInt(10);
            if (r.nextInt(8) != 0) {
                long a = 10L * r.nextInt(10); // coarse bounds, so that filters often hit one exactly
                // now and then bounds that are not plain integers (a writer's 10.5, a numeric string): Java reads them too
                lo.put(id, r.nextInt(10) == 0 ? (Object) (a + 0.5) : r.nextInt(10) == 0 ? (Object) Long.toString(a) : (Object) a);
                hi.put(id, a + 10L * r.nextInt(2));
            }
            if (r.nextInt(8) != 0) {
                int a = 5 * r.nextInt(12);
                lo.put(d, DAY0.plusDays(a).toString());
                hi.put(d, DAY0.plusDays(a + 5L * r.nextInt(2)).toString());
            }
            if (r.nextBoolean()) {
                nulls.put(id, (long) r.nextInt(2));
                nulls.put(d, (long) r.nextInt(2));
            }
            stats = FileStats.fromColumnPaths(schema, records, lo, hi, nulls, null);
        }
        String dir = partitioned ? "part=" + part + "/" : "";
        return new DataFile(dir + "part-" + UUID.randomUUID() + ".parquet", pv, 1000, 1, true, stats, null, Map.of());
    }

    /** One random commit: an append, a remove, or (with deletion vectors) a file's vector replaced. */
    static void randomCommit(Random r, Built b, boolean partitioned, boolean dvs) {
        DeltaSnapshot s = b.log().update();
        List<DataFile> live = s.files();
        int kind = live.isEmpty() ? 0 : r.nextInt(dvs ? 6 : 5);
        if (kind >= 3 && !dvs) {
            kind++; // no deletion vectors: the kinds after it
        }
        if (kind <= 1) {
            var append = b.table().newAppend();
            for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                append.addFile(randomFile(r, s.schema(), partitioned));
            }
            append.commit();
        } else if (kind == 2) {
            b.table().newTransaction().remove(live.get(r.nextInt(live.size())), true).commit(Operation.of("DELETE"));
        } else if (kind == 4) {
            // the same file added again without a remove: the replay keeps its place and takes the new action
            DataFile f = live.get(r.nextInt(live.size()));
            b.table().newTransaction().add(f.withDataChange(false)).commit(Operation.of("WRITE"));
        } else if (kind == 5) {
            // removed and added again in one commit: the replay moves it after every other file
            DataFile f = live.get(r.nextInt(live.size()));
            b.table().newTransaction().remove(f, true).add(f).commit(Operation.of("WRITE"));
        } else {
            DataFile f = live.get(r.nextInt(live.size()));
            DeletionVector dv = new DeletionVector("u", "ab^-aqEH.-t@S}K{vb[*k^" + r.nextInt(10), null, 34, 1 + r.nextInt(3));
            b.table().newTransaction().remove(f, true).add(f.withDeletionVector(dv)).commit(Operation.of("DELETE"));
        }
    }

    static Expression randomFilter(Random r, int depth) {
        if (depth > 0 && r.nextInt(3) == 0) {
            Expression a = randomFilter(r, depth - 1);
            return switch (r.nextInt(3)) {
                case 0 -> new And(a, randomFilter(r, depth - 1));
                case 1 -> new Or(a, randomFilter(r, depth - 1));
                default -> new Not(a);
            };
        }
        String col = List.of("id", "d", "part", "name", "ID").get(r.nextInt(5));
        Column c = Column.of(col);
        Literal lit = switch (col.toLowerCase()) {
            case "id" -> r.nextInt(10) == 0 ? Literal.of(r.nextInt(100) + 0.5) : Literal.of(10L * r.nextInt(12) - 10 + r.nextInt(3) - 1);
            case "d" -> Literal.of(DAY0.plusDays(5L * r.nextInt(14) - 5 + r.nextInt(3) - 1));
            case "part" -> Literal.of("p" + r.nextInt(3));
            default -> Literal.of("x");
        };
        ComparisonOp op = ComparisonOp.values()[r.nextInt(ComparisonOp.values().length)];
        return switch (r.nextInt(6)) {
            case 0 -> new In(c, List.of(lit, r.nextBoolean() ? Literal.NULL : lit));
            case 1 -> new IsNull(c);
            case 2 -> new IsNotNull(c);
            case 3 -> Comparison.of(lit, op, c);
            default -> Comparison.of(c, op, lit);
        };
    }

    static Set<String> keys(List<DataFile> files) {
        return files.stream().map(DeltaSnapshot::fileKey).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Property(tries = 40)
    @Tag("property")
    void aLazySnapshotIsTheEagerOneAndItsPushedFilterKeepsWhatJavaPruningKeeps(@ForAll long seed) {
        lazyIsEager(seed, PLANE);
    }

    /** The property above on checkpoints written and read by {@code plane}. */
    static void lazyIsEager(long seed, io.floe.dataplane.DataPlane plane) {
        Random r = new Random(seed);
        boolean partitioned = r.nextBoolean();
        boolean mapped = r.nextBoolean();
        boolean dvs = r.nextBoolean();
        boolean v2 = r.nextInt(3) == 0;
        Built b = create(partitioned, mapped, dvs, v2, plane);
        int selective = CheckpointFiles.selectiveRows;
        // the pushed filter's adds found by row number first (few match), in one pass (beyond the bound), or always in one
        CheckpointFiles.selectiveRows = new int[] {0, 1, 3, 4096}[r.nextInt(4)];
        try {
            for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
                randomCommit(r, b, partitioned, dvs);
            }
            b.log().checkpoint(b.log().update());
            for (int i = 0, n = r.nextInt(5); i < n; i++) {
                randomCommit(r, b, partitioned, dvs);
            }
            DeltaLog eagerLog = new DeltaLog(b.store(), "", plane);
            eagerLog.readCheckpointsEagerly();
            DeltaSnapshot eager = eagerLog.update();
            assertThat(eager.filesMaterialized()).isTrue();

            // on a store without local files (S3), the checkpoint is read from copies the snapshot keeps
            boolean remote = r.nextBoolean();
            io.floe.storage.ObjectStore lazyStore = remote ? new io.floe.storage.FaultInjectingObjectStore(b.store()) : b.store();
            for (int k = 0; k < 10; k++) {
                DeltaSnapshot lazy = new DeltaLog(lazyStore, "", plane).update();
                assertThat(lazy.filesMaterialized()).as("loaded from a checkpoint").isFalse();
                if (k == 0) {
                    // the checkpoint's adds counted from its footers, as a scan counts them
                    CheckpointFiles cp = lazy.checkpointFiles();
                    try {
                        assertThat(cp.addCountFromFooters()).isNotNull().isEqualTo(cp.addCountByScan());
                    } catch (java.sql.SQLException e) {
                        throw new AssertionError(e);
                    }
                }
                assertThat(lazy.fileCount()).isEqualTo(eager.files().size());
                Expression filter = randomFilter(r, 2);
                List<DataFile> pushed = lazy.files(filter);
                FileSkipping skipping = new FileSkipping(eager.schema(), eager.partitionColumns());
                List<DataFile> javaKept = skipping.compile(filter).select(eager.files()).files();
                assertThat(keys(pushed)).as("filter %s", filter).containsAll(keys(javaKept));
                assertThat(keys(skipping.compile(filter).select(pushed).files())).as("filter %s", filter)
                        .isEqualTo(new LinkedHashSet<>(keys(javaKept)));
                if (k == 0) {
                    assertThat(lazy.files()).isEqualTo(eager.files());
                    // the file list streams out of the checkpoint: the keyed maps are built only when asked for
                    assertThat(lazy.filesMaterialized()).isFalse();
                    assertThat(lazy.fileCount()).isEqualTo(eager.files().size()); // counted from the list, not the maps
                    assertThat(lazy.filesMaterialized()).isFalse();
                    assertThat(new ArrayList<>(lazy.tombstones())).isEqualTo(new ArrayList<>(eager.tombstones()));
                    assertThat(new ArrayList<>(lazy.addFiles())).isEqualTo(new ArrayList<>(eager.addFiles()));
                }
            }
        } finally {
            CheckpointFiles.selectiveRows = selective;
            delete(b.dir());
        }
    }

    static DataFile idRange(StructType schema, long lo, long hi) {
        String id = schema.field("id").orElseThrow().physicalName();
        return new DataFile("part-" + UUID.randomUUID() + ".parquet", Map.of(), 1000, 1, true,
                FileStats.fromColumnPaths(schema, hi - lo + 1, Map.of(id, lo), Map.of(id, hi), Map.of(id, 0L), null), null, Map.of());
    }

    static Expression idEquals(long v) {
        return Comparison.of(Column.of("id"), ComparisonOp.EQ, Literal.of(v));
    }

    @org.junit.jupiter.api.Test
    void aBlindAppendToALazySnapshotReadsNoFileListAndALookupReadsOnlyWhatMayMatch() {
        Built b = create(false, true, false);
        try {
            StructType schema = b.log().update().schema();
            var append = b.table().newAppend();
            for (int i = 0; i < 20; i++) {
                append.addFile(idRange(schema, i * 10, i * 10 + 9));
            }
            append.commit();
            b.log().checkpoint(b.log().update());

            DeltaLog log = new DeltaLog(b.store(), "", PLANE);
            DeltaTable t = new DeltaTable("t", log);
            DeltaSnapshot before = log.update();
            assertThat(before.filesMaterialized()).isFalse();
            t.newAppend().addFile(idRange(schema, 500, 509)).commit();
            DeltaSnapshot after = log.update();
            assertThat(after.version()).isEqualTo(before.version() + 1);
            assertThat(before.filesMaterialized()).isFalse();
            assertThat(after.filesMaterialized()).as("the append's snapshot: the same checkpoint, a longer tail").isFalse();
            assertThat(after.fileCount()).isEqualTo(21);

            assertThat(after.files(idEquals(505))).hasSize(1); // the tail's file only
            assertThat(after.planningDetail()).contains("checkpoint_files_kept=0");
            List<DataFile> point = after.files(idEquals(42));
            assertThat(point).hasSize(2); // ids 40..49 from the checkpoint, and the tail's file (pruned later)
            assertThat(after.planningDetail()).contains("id = 42").contains("checkpoint_files_kept=1");
            assertThat(after.filesMaterialized()).isFalse();

            assertThat(after.files()).hasSize(21);
            assertThat(after.filesMaterialized()).isFalse();
            assertThat(after.addFiles()).hasSize(21);
            assertThat(after.filesMaterialized()).isTrue();
        } finally {
            delete(b.dir());
        }
    }

    @org.junit.jupiter.api.Test
    void aCheckpointOnAStoreWithoutLocalFilesIsReadLazilyFromACopyTheSnapshotsShareAndDropWithIt() throws Exception {
        io.floe.storage.InMemoryObjectStore store = new io.floe.storage.InMemoryObjectStore();
        DeltaLog log = new DeltaLog(store, "t/", PLANE);
        DeltaTable t = new DeltaTable("t", log);
        t.create(SCHEMA, List.of(), Map.of(), null);
        for (int i = 0; i < 5; i++) {
            t.newAppend().addFile(idRange(SCHEMA, i * 10, i * 10 + 9)).commit();
        }
        log.checkpoint(log.update());
        t.newAppend().addFile(idRange(SCHEMA, 100, 109)).commit();

        io.floe.storage.FaultInjectingObjectStore counted = new io.floe.storage.FaultInjectingObjectStore(store);
        DeltaLog reader = new DeltaLog(counted, "t/", PLANE);
        DeltaSnapshot s = reader.update();
        assertThat(s.checkpointVersion()).isEqualTo(5);
        assertThat(s.filesMaterialized()).as("read from a local copy of the checkpoint").isFalse();
        java.nio.file.Path copy = s.checkpointFiles().paths().get(0);
        assertThat(copy).exists();
        assertThat(s.files(idEquals(42))).hasSize(2); // ids 40..49 from the checkpoint's copy, and the tail's file
        assertThat(s.planningDetail()).contains("checkpoint_files_kept=1");
        DeltaLog eager = new DeltaLog(store, "t/", PLANE);
        eager.readCheckpointsEagerly();
        assertThat(s.files()).isEqualTo(eager.update().files());

        // another version's snapshot shares the copy: no second download
        t.newAppend().addFile(idRange(SCHEMA, 200, 209)).commit();
        DeltaSnapshot next = reader.snapshotAt(7);
        assertThat(next.checkpointFiles().paths()).containsExactly(copy);
        assertThat(counted.calls().stream().filter(c -> c.op() == io.floe.storage.FaultInjectingObjectStore.Op.GET_TO_FILE)).hasSize(1);
        assertThat(next.files(idEquals(205))).hasSize(2); // the tail's two files (pruned later)
        assertThat(next.planningDetail()).contains("checkpoint_files_kept=0");

        // once no snapshot holds it, the copy goes
        s = null;
        next = null;
        reader = null;
        for (int i = 0; i < 100 && java.nio.file.Files.exists(copy); i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertThat(copy).doesNotExist();
    }

    /** A store without local files holding table t/: created, one file appended (version 1), checkpointed there. */
    private static io.floe.storage.InMemoryObjectStore oneFileCheckpointedAtVersionOne() {
        io.floe.storage.InMemoryObjectStore store = new io.floe.storage.InMemoryObjectStore();
        DeltaLog log = new DeltaLog(store, "t/", PLANE);
        DeltaTable t = new DeltaTable("t", log);
        t.create(SCHEMA, List.of(), Map.of(), null);
        t.newAppend().addFile(idRange(SCHEMA, 1, 2)).commit();
        log.checkpoint(log.update());
        return store;
    }

    @org.junit.jupiter.api.Test
    void aMissingRemoteCheckpointIsReadAroundAsAMissingLocalOneIs() {
        io.floe.storage.InMemoryObjectStore store = oneFileCheckpointedAtVersionOne();
        io.floe.storage.FaultInjectingObjectStore faulty = new io.floe.storage.FaultInjectingObjectStore(store);
        faulty.failBefore(io.floe.storage.FaultInjectingObjectStore.Op.GET_TO_FILE, ".*\\.checkpoint\\.parquet");
        DeltaSnapshot s = new DeltaLog(faulty, "t/", PLANE).update();
        assertThat(s.version()).isEqualTo(1);
        assertThat(s.files()).hasSize(1); // from the commits, which are all still there
    }

    @org.junit.jupiter.api.Test
    void aRemoteCheckpointThatCannotBeReadIsNamedByItsKeyNotItsLocalCopy() throws Exception {
        io.floe.storage.InMemoryObjectStore store = oneFileCheckpointedAtVersionOne();
        DeltaSnapshot s = new DeltaLog(new io.floe.storage.FaultInjectingObjectStore(store), "t/", PLANE).update();
        java.nio.file.Path copy = s.checkpointFiles().paths().get(0);
        java.nio.file.Files.write(copy, new byte[] {1, 2, 3}); // the copy spoilt after the load (a full disk, say)
        assertThatThrownBy(s::files).isInstanceOf(io.floe.table.CorruptTableException.class)
                .hasMessageContaining("unreadable checkpoint file " + store.uri() + "t/_delta_log/00000000000000000001.checkpoint.parquet")
                .hasMessageNotContaining(copy.toString());
    }
}
