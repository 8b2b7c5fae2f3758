package io.floe.delta;

import io.floe.delta.actions.Action;
import io.floe.delta.actions.AddFile;
import io.floe.delta.actions.DomainMetadata;
import io.floe.delta.actions.Metadata;
import io.floe.delta.actions.Protocol;
import io.floe.delta.actions.RemoveFile;
import io.floe.delta.actions.SetTransaction;
import io.floe.table.CorruptTableException;

import java.util.LinkedHashMap;
import java.util.Map;

/** Applies actions in log order to build a snapshot's state (Delta's action reconciliation). */
final class Replay {
    private final String tableUri;
    Protocol protocol;
    Metadata metadata;
    final Map<String, AddFile> files;
    final Map<String, RemoveFile> tombstones;
    final Map<String, SetTransaction> txns;
    final Map<String, DomainMetadata> domains;

    Replay(String tableUri) {
        this.tableUri = tableUri;
        this.base = null;
        files = new LinkedHashMap<>();
        tombstones = new LinkedHashMap<>();
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
        // the base's maps are keyed the same way: copied as they are, no key is computed again
        files = new LinkedHashMap<>(base.fileMap());
        tombstones = new LinkedHashMap<>(base.tombstoneMap());
        txns = new LinkedHashMap<>(base.transactions());
        domains = new LinkedHashMap<>(base.domains());
    }

    void apply(Action a) {
        if (a instanceof AddFile add) {
            String k = DeltaSnapshot.fileKey(add.path(), add.deletionVector());
            files.put(k, add);
            tombstones.remove(k);
        } else if (a instanceof RemoveFile r) {
            String k = DeltaSnapshot.fileKey(r.path(), r.deletionVector());
            files.remove(k);
            tombstones.put(k, r);
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
        DeltaSnapshot s = new DeltaSnapshot(tableUri, version, timestamp, protocol, metadata, files, tombstones, txns, domains,
                checkpointVersion);
        if (base != null) {
            s.reuseConvertedFilesOf(base);
        }
        return s;
    }
}
