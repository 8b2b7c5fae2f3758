package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.RemoveFile;
import io.floe.table.ColumnarFiles;
import io.floe.table.DataFile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A snapshot's live add actions and tombstones, keyed by reconciliation key in log order. Either known (a replay from
 * commits, or once read) or still in a checkpoint: then only the checkpoint's files and the add/remove actions of the
 * commits after it (the tail) are held, and the maps are built on first use, exactly as an eager replay builds them
 * (checkpoint actions, then the tail, in order). A million-file checkpoint is not read into objects until something
 * needs every file; planning a point lookup reads only what its filter keeps ({@link CheckpointFiles#addsWhere}).
 */
final class FileState {
    /** The maps of a known state. */
    record Maps(Map<String, AddFile> files, Map<String, RemoveFile> tombstones) {
    }

    private final CheckpointFiles checkpoint; // null for a state known from the start
    private final List<Action> tail; // add and remove actions after the checkpoint, in log order
    private volatile Maps maps;

    private FileState(CheckpointFiles checkpoint, List<Action> tail, Maps maps) {
        this.checkpoint = checkpoint;
        this.tail = tail;
        this.maps = maps;
    }

    static FileState known(Map<String, AddFile> files, Map<String, RemoveFile> tombstones) {
        return new FileState(null, List.of(), new Maps(files, tombstones));
    }

    /** A state still in {@code checkpoint}, followed by {@code tail} (add and remove actions only, in log order). */
    static FileState lazy(CheckpointFiles checkpoint, List<Action> tail) {
        return new FileState(checkpoint, List.copyOf(tail), null);
    }

    /** Whether the maps are built (or were known from the start). */
    boolean materialized() {
        return maps != null;
    }

    /** The checkpoint the files are still in; null for a state known from the start. */
    CheckpointFiles checkpoint() {
        return checkpoint;
    }

    /** The add and remove actions after the checkpoint, in log order. */
    List<Action> tail() {
        return tail;
    }

    /** The maps, built from the checkpoint and the tail on first use (once, whichever thread asks first). */
    Maps maps() {
        Maps m = maps;
        if (m == null) {
            synchronized (this) {
                m = maps;
                if (m == null) {
                    Map<String, AddFile> files = new LinkedHashMap<>();
                    Map<String, RemoveFile> tombstones = new LinkedHashMap<>();
                    checkpoint.readFileActions(a -> apply(a, files, tombstones));
                    tail.forEach(a -> apply(a, files, tombstones));
                    m = new Maps(files, tombstones);
                    maps = m;
                }
            }
        }
        return m;
    }

    /**
     * The live files in the order {@link #maps()} has them, converted one by one, without building the maps when they are
     * not built yet: a checkpoint holds reconciled actions (each live file once), so its adds stream straight through
     * {@code convert} and only the keys the tail touches are looked up. At a million files this keeps neither a keyed map
     * nor the add actions (their statistics JSON) alive while the list is built; G1 copied that growing map at every young
     * collection. The list is then held by column ({@link ColumnarFiles}, a DataFile made per get): the DataFiles
     * themselves (~350 bytes and about ten objects each) were the rest of what the list kept alive and G1 copied. Once
     * the maps are built (they hold every add action anyway), a list of the converted files.
     *
     * <p>The checkpoint's statistics are typed by {@code schema} (the snapshot's; null: the checkpoint's own), see
     * {@link CheckpointFiles#readAdds}. {@code convert} must not keep the add actions it is given: an add whose statistics
     * were typed carries a placeholder for its stats text, which only {@link StatsJson#parse} called while {@code convert}
     * runs reads as the statistics. {@code addTo} does what {@code convert} does, into the list held by column (it
     * may take the parts of a typed row's statistics without making a FileStats: {@link StatsJson#typed}).
     */
    List<DataFile> files(io.floe.types.StructType schema, java.util.function.Function<AddFile, DataFile> convert,
                         java.util.function.BiConsumer<AddFile, ColumnarFiles.Builder> addTo) {
        Maps m = maps;
        if (m != null) {
            return m.files().values().stream().map(convert).toList();
        }
        ColumnarFiles.Builder out = new ColumnarFiles.Builder(expectedFiles());
        stream(schema, a -> addTo.accept(a, out), out::clear);
        return out.build();
    }

    /**
     * About how many files the list has: the checkpoint's adds (counted from its footers) and the tail's; 0 when the
     * checkpoint cannot say (the list then grows as it is read).
     */
    private int expectedFiles() {
        long n;
        try {
            n = checkpoint.addCount();
        } catch (java.sql.SQLException e) {
            return 0;
        }
        for (Action a : tail) {
            if (a instanceof AddFile) {
                n++;
            }
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 8);
    }

    /**
     * Hands the live add actions to {@code out} in the order of the maps, without building them ({@code clear}:
     * forget what was handed on, the read starts again another way).
     */
    private void stream(io.floe.types.StructType schema, Consumer<AddFile> out, Runnable clear) {
        // the tail replayed on its own: its live adds in insertion order, and the keys it removed at some point
        Map<String, AddFile> tailLive = new LinkedHashMap<>();
        java.util.Set<String> removed = new java.util.HashSet<>();
        for (Action a : tail) {
            if (a instanceof AddFile af) {
                tailLive.put(DeltaSnapshot.fileKey(af.path(), af.deletionVector()), af);
            } else if (a instanceof RemoveFile r) {
                String k = DeltaSnapshot.fileKey(r.path(), r.deletionVector());
                tailLive.remove(k);
                removed.add(k);
            }
        }
        java.util.Set<String> keptInPlace = new java.util.HashSet<>();
        boolean touched = !tail.isEmpty();
        Consumer<AddFile> each = af -> {
            if (!touched) {
                out.accept(af);
                return;
            }
            String k = DeltaSnapshot.fileKey(af.path(), af.deletionVector());
            if (removed.contains(k)) {
                return; // removed by the tail; if added again, it comes after the checkpoint's files, as in the maps
            }
            AddFile again = tailLive.get(k);
            if (again != null) {
                keptInPlace.add(k); // added again without a remove: the maps keep its place and take the new action
            }
            out.accept(again != null ? again : af);
        };
        try {
            checkpoint.readAdds(schema, each);
        } catch (java.sql.SQLException e) {
            // a data plane without SQL (or SQL this one cannot run): every action of the checkpoint, as the maps read it
            clear.run();
            keptInPlace.clear();
            checkpoint.readFileActions(a -> {
                if (a instanceof AddFile af) {
                    each.accept(af);
                }
            });
        }
        tailLive.forEach((k, af) -> {
            if (!keptInPlace.contains(k)) {
                out.accept(af);
            }
        });
    }

    /** Delta's reconciliation of one file action, as {@link Replay} applies it. */
    static void apply(Action a, Map<String, AddFile> files, Map<String, RemoveFile> tombstones) {
        if (a instanceof AddFile add) {
            String k = DeltaSnapshot.fileKey(add.path(), add.deletionVector());
            files.put(k, add);
            if (tombstones != null) {
                tombstones.remove(k);
            }
        } else if (a instanceof RemoveFile r) {
            String k = DeltaSnapshot.fileKey(r.path(), r.deletionVector());
            files.remove(k);
            if (tombstones != null) {
                tombstones.put(k, r);
            }
        }
    }
}
