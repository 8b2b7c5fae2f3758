package io.floe.iceberg;

import io.floe.storage.ObjectStore;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the handles of one table in one store object share within this JVM: a lock their commit attempts take, from the
 * refresh an attempt builds on to the create of its metadata file, the newest metadata any of them committed, the
 * snapshot JSON of their metadata writes, and a FileIO.
 *
 * <p>Without it, threads of one service writing the same table raced each other as separate processes do: 8 writers
 * lost ~600 of 1,400 attempts per 800 commits, each loss a whole Iceberg commit (manifest, manifest list, metadata) made
 * for nothing, and each winner's metadata was read back from the store by all the others. Queued, no attempt is lost to
 * a writer of this JVM, and the next writer takes the metadata the last one wrote instead of reading and parsing it.
 * Writers elsewhere (other processes, or another store object for the same storage) still race by the conditional
 * create of the metadata file, as before: correctness never rests on the gate.
 *
 * <p>Gates are held by the handles using them and go when no handle does (the map holds stores and gates weakly).
 */
final class CommitGate {
    private static final Map<ObjectStore, Map<String, WeakReference<CommitGate>>> GATES = new WeakHashMap<>();

    /** Queues the commit attempts of this JVM's handles of the table. */
    final ReentrantLock lock = new ReentrantLock();
    /** The snapshots' JSON of the last metadata write, copied into the next (see {@link WrittenSnapshots}); under the lock. */
    final WrittenSnapshots writtenSnapshots = new WrittenSnapshots();
    /**
     * The table's FileIO: its cache of manifests and manifest lists serves every handle, so a commit that merges
     * manifests reads the ones the other writers wrote from memory (on S3, ~90 GETs per merge of 100 manifests).
     */
    final StoreFileIO io;
    private volatile Committed latest;
    /**
     * A version a handle committed without writing the version hint because other writers were queued (the last of
     * them writes it), or 0. Under the lock. A queued writer that then commits nothing (a conflict, no change) writes it
     * on its way out ({@link IcebergOperations#releaseGate}): a reader that trusts the hint alone would see the older
     * version until the table's next commit otherwise.
     */
    int hintBehind;

    /** A metadata file a handle of this JVM created: its version, as read back (it is the bytes it wrote) and its table's uuid. */
    record Committed(int version, IcebergOperations.Loaded loaded, String tableUuid) {
    }

    private CommitGate(StoreFileIO io) {
        this.io = io;
    }

    /** The gate of the table at {@code rootKey} of {@code store} (by identity: another store object is another writer). */
    static CommitGate of(ObjectStore store, String rootKey) {
        synchronized (GATES) {
            Map<String, WeakReference<CommitGate>> tables = GATES.computeIfAbsent(store, s -> new HashMap<>());
            WeakReference<CommitGate> ref = tables.get(rootKey);
            CommitGate gate = ref == null ? null : ref.get();
            if (gate == null) {
                tables.values().removeIf(r -> r.get() == null);
                gate = new CommitGate(new StoreFileIO(store));
                tables.put(rootKey, new WeakReference<>(gate));
            }
            return gate;
        }
    }

    /** Notes that a handle created metadata version {@code version} (under the lock). */
    void committed(int version, IcebergOperations.Loaded loaded, String tableUuid) {
        if (tableUuid == null) {
            return; // an old table without a uuid: nothing to tell a dropped and recreated one from
        }
        Committed c = latest;
        if (c == null || !c.tableUuid().equals(tableUuid) || c.version() < version) {
            latest = new Committed(version, loaded, tableUuid);
        }
    }

    /**
     * The newest metadata a handle of this JVM committed to the table with {@code tableUuid} (a table dropped and
     * created again at the same place has another), or null.
     */
    Committed latest(String tableUuid) {
        Committed c = latest;
        return c != null && tableUuid != null && c.tableUuid().equals(tableUuid) ? c : null;
    }
}
