package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.DomainMetadata;
import io.floe.delta.actions.Metadata;
import io.floe.delta.actions.Protocol;
import io.floe.delta.actions.RemoveFile;
import io.floe.delta.actions.SetTransaction;
import io.floe.table.CorruptTableException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Applies actions in log order to build a snapshot's state (Delta's action reconciliation). */
final class Replay {
    private final String tableUri;
    Protocol protocol;
    Metadata metadata;
    /** The live add actions and tombstones; null while the files are still in {@link #checkpoint}. */
    final Map<String, AddFile> files;
    final Map<String, RemoveFile> tombstones;
    /** The checkpoint whose files are not read yet (lazy), or null; then add and remove actions go to {@link #tail}. */
    private final CheckpointFiles checkpoint;
    private final List<Action> tail;
    final Map<String, SetTransaction> txns;
    final Map<String, DomainMetadata> domains;

    Replay(String tableUri) {
        this(tableUri, null);
    }

    /**
     * A replay from scratch whose file actions, with {@code checkpoint} non-null, are still in that checkpoint: the
     * caller applies its other actions (protocol, metaData, …) and the later commits; files are read when needed.
     */
    Replay(String tableUri, CheckpointFiles checkpoint) {
        this.tableUri = tableUri;
        this.base = null;
        this.checkpoint = checkpoint;
        tail = checkpoint == null ? null : new ArrayList<>();
        files = checkpoint == null ? new LinkedHashMap<>() : null;
        tombstones = checkpoint == null ? new LinkedHashMap<>() : null;
        txns = new LinkedHashMap<>();
        domains = new LinkedHashMap<>();
    }

    /** The snapshot this replay continues, whose converted files the new one may reuse; null for a replay from scratch. */
    private final DeltaSnapshot base;

    /** Continues from an existing snapshot (incremental update). */
    Replay(DeltaSnapshot base) {
        this.tableUri = base.tableUri();
        this.base = base;
        protocol = base.protocol();
        metadata = base.metadata();
        FileState s = base.fileState();
        if (s.materialized()) {
            // the base's maps are keyed the same way and never written again: layered over, not copied (see LayeredMap)
            checkpoint = null;
            tail = null;
            files = LayeredMap.over(base.fileMap());
            tombstones = LayeredMap.over(base.tombstoneMap());
        } else {
            // still in the checkpoint: the same checkpoint with a longer tail (a blind append reads no file list)
            checkpoint = s.checkpoint();
            tail = new ArrayList<>(s.tail());
            files = null;
            tombstones = null;
        }
        txns = new LinkedHashMap<>(base.transactions());
        domains = new LinkedHashMap<>(base.domains());
    }

    void apply(Action a) {
        if (a instanceof AddFile || a instanceof RemoveFile) {
            if (checkpoint != null) {
                tail.add(a);
            } else {
                FileState.apply(a, files, tombstones);
            }
        } else if (a instanceof Metadata m) {
            metadata = m;
        } else if (a instanceof Protocol p) {
            protocol = p;
        } else if (a instanceof SetTransaction t) {
            txns.put(t.appId(), t);
        } else if (a instanceof DomainMetadata d) {
            if (d.removed()) {
                domains.remove(d.domain());
            } else {
                domains.put(d.domain(), d);
            }
        }
        // commitInfo, cdc, checkpointMetadata and sidecar do not change the table state.
    }

    DeltaSnapshot build(long version, long timestamp, long checkpointVersion) {
        if (protocol == null) {
            throw new CorruptTableException("table " + tableUri + " version " + version + ": the log has no protocol action");
        }
        if (metadata == null) {
            throw new CorruptTableException("table " + tableUri + " version " + version + ": the log has no metaData action");
        }
        FileState state = checkpoint != null ? FileState.lazy(checkpoint, tail) : FileState.known(files, tombstones);
        DeltaSnapshot s = new DeltaSnapshot(tableUri, version, timestamp, protocol, metadata, state, txns, domains,
                checkpointVersion, base != null && base.metadata() == metadata ? base.schema() : null);
        if (base != null) {
            s.reuseConvertedFilesOf(base);
        }
        return s;
    }
}
